"""The cleaning audit: what the cleaner kept and dropped, line by line, and which rule dropped it.

`build.py --audit DIR` writes one page per cleaned article (every input line
in order, kept lines on the left, dropped lines on the right with their rule)
and an index page with the rules that fired across the corpus. This is how a
person checks the cleaner and tunes it: a site rule added to the site's own
rules file shows up here on the next build. The audit is a separate folder,
never part of the published site.
"""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Mapping

import jinja2

from broadsheet.clean import Rules, clean
from broadsheet.clean.headers import BYLINE, DATELINE, HEADER, TITLE
from broadsheet.clean.sieve import BLANK
from broadsheet.model import Article, LineVerdict, OutputFile, Rejected
from broadsheet.read import Discovery, load_source, read
from broadsheet.report import Outcome, printable
from broadsheet.slug import short_hash, slugify

_TEMPLATES = Path(__file__).resolve().parent / "audit_templates"


@dataclass(frozen=True, slots=True)
class AuditedArticle:
    input: str
    page: str  # file name inside the audit folder
    article: Article
    outcome: Outcome | None
    site_page: str | None  # relative link from the audit folder to the built article
    dropped: int
    fired: tuple[tuple[str, int], ...]  # rule id → lines it dropped, most first


@dataclass(frozen=True, slots=True)
class NotCleaned:
    input: str
    reason: str


def audit_files(
    discovery: Discovery,
    rules: Rules,
    outcomes: Mapping[str, Outcome],
    *,
    max_bytes: int,
    audit_dir: Path,
    output_dir: Path,
) -> Iterator[OutputFile]:
    """The audit folder's files: one page per cleaned article and the index."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(_TEMPLATES), autoescape=True, undefined=jinja2.StrictUndefined,
        trim_blocks=True, lstrip_blocks=True,
    )  # fmt: skip
    why = rule_reasons(rules)
    audited: list[AuditedArticle] = []
    not_cleaned: list[NotCleaned] = []
    for source in discovery.sources:
        loaded = load_source(source, max_bytes)
        if isinstance(loaded, Rejected):
            not_cleaned.append(NotCleaned(printable(loaded.origin), loaded.reason))
            continue
        for doc in read(source, *loaded):
            if isinstance(doc, Rejected):
                not_cleaned.append(NotCleaned(printable(doc.origin), doc.reason))
            elif doc.format == "markdown":
                not_cleaned.append(NotCleaned(printable(doc.origin), "Markdown is not cleaned"))
            else:
                result = clean(doc, rules)
                if isinstance(result, Rejected):
                    not_cleaned.append(NotCleaned(printable(result.origin), result.reason))
                else:
                    audited.append(_audited(result, outcomes.get(result.origin), audit_dir, output_dir))
    totals: Counter[str] = Counter()
    for item in audited:
        totals.update(dict(item.fired))
    for item in audited:
        html = env.get_template("article.html").render(item=item, why=why, rows=_rows(item.article.trace))
        yield OutputFile(item.page, html.encode("utf-8"))
    index = env.get_template("index.html").render(
        audited=audited, not_cleaned=not_cleaned, totals=sorted(totals.items(), key=lambda kv: (-kv[1], kv[0])), why=why
    )
    yield OutputFile("index.html", index.encode("utf-8"))


# Trace ids the cleaner uses for lines it takes as metadata, not as junk.
_METADATA_LINES = {
    TITLE: "taken as the headline",
    BYLINE: "taken as the byline (authors)",
    DATELINE: "taken as the date line",
    HEADER: "part of the article's header (e.g. a standfirst) before the byline",
    BLANK: "an empty line",
}


def rule_reasons(rules: Rules) -> dict[str, str]:
    """Rule id → why it drops lines, for every rule a trace can name."""
    reasons = dict(_METADATA_LINES)
    reasons.update((rule.id, rule.why) for rule in rules.patterns)
    reasons.update((rule.id, rule.why) for rule in rules.detectors.values())
    return reasons


def _audited(article: Article, outcome: Outcome | None, audit_dir: Path, output_dir: Path) -> AuditedArticle:
    fired = Counter(verdict.rule for verdict in article.trace if verdict.rule)
    site_page = None
    if outcome is not None and outcome.output:
        site_page = Path(os.path.relpath(output_dir / outcome.output, audit_dir)).as_posix()
    page = f"{slugify(article.origin, kind='input')}-{short_hash(article.origin, 6)}.html"
    return AuditedArticle(
        input=printable(article.origin),  # a file name may hold bytes that are not UTF-8, or a newline
        page=page,
        article=article,
        outcome=outcome,
        site_page=site_page,
        dropped=sum(fired.values()),
        fired=tuple(sorted(fired.items(), key=lambda kv: (-kv[1], kv[0]))),
    )


def _rows(trace: tuple[LineVerdict, ...]) -> list[tuple[int, LineVerdict]]:
    """Numbered lines, blank ones left out: they carry no decision."""
    return [(number, verdict) for number, verdict in enumerate(trace, start=1) if verdict.text.strip()]
