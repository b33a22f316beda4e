"""`build()`: every stage of a build, one call per line.

    discover → process (read, clean, Markdown, render; cached, in parallel)
    → deduplicate → collect → account → write → publish
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Collection, Iterator, Mapping, Sequence

from broadsheet.audit import audit_files
from broadsheet.cache import Cache
from broadsheet.clean import load_rules
from broadsheet.collect import collect
from broadsheet.config import Config
from broadsheet.dates import sort_key
from broadsheet.dedupe import find_duplicates
from broadsheet.model import Entry, Meta, OutputFile, Rejected, RenderedArticle, Site
from broadsheet.parallel import Result, process_sources
from broadsheet.publish import publish
from broadsheet.read import Discovery, discover, sidecar_rel
from broadsheet.report import Outcome, Report, SkippedFile, printable, sorted_outcomes
from broadsheet.write import make_environment, write_site


@dataclass(frozen=True, slots=True)
class Log:
    """Where a build says things: problems with inputs, and warnings."""

    rejected: Callable[[Rejected], None]
    warn: Callable[[str], None]


class StrictFailure(Exception):
    """`--strict` and some input was rejected: nothing was published."""


def build(config: Config, log: Log) -> Report:
    started = time.perf_counter()
    rules = load_rules(config.rules)
    env = make_environment(config.templates_dir)
    discovery = discover(config.content_dir, outputs=(config.output_dir,))
    cache = Cache(config.cache_dir, log.warn)
    try:
        results = process_sources(discovery.sources, rules, cache, config)
    finally:
        cache.close()
    articles = [result for items in results.values() for result in items if isinstance(result, RenderedArticle)]
    unique, duplicate_of = deduplicate(articles)
    site = collect(unique, copies_of(articles, duplicate_of), per_page=config.per_page, summary_words=config.summary_words)
    outcomes = account(discovery, results, site, duplicate_of)
    for outcome in outcomes:
        if outcome.status == "rejected":
            log.rejected(Rejected(printable(outcome.input), printable(outcome.reason or "")))  # one line each, whatever the name
    if config.strict and any(outcome.status == "rejected" for outcome in outcomes):
        raise StrictFailure("inputs were rejected and --strict is on: the previous site is left as it was")
    files = _counted(write_site(site, config, env))
    publish(files, config.output_dir)
    return Report(
        outcomes=outcomes,
        skipped=tuple(SkippedFile(item.rel, item.reason) for item in discovery.skipped),
        articles=len(site.entries),
        pages=files.pages,
        seconds=time.perf_counter() - started,
    )


def write_audit(config: Config, report: Report, audit_dir: Path) -> None:
    """The cleaning audit of this build's inputs, published to `audit_dir` (see broadsheet.audit)."""
    outcomes = {outcome.input: outcome for outcome in report.outcomes}
    files = audit_files(
        discover(config.content_dir), load_rules(config.rules), outcomes,
        max_bytes=config.max_input_mb * 1_000_000, audit_dir=audit_dir.absolute(), output_dir=config.output_dir.absolute(),
    )  # fmt: skip
    publish(files, audit_dir)


class _counted:
    """Pass files through, counting the HTML pages among them."""

    def __init__(self, files: Iterator[OutputFile]) -> None:
        self._files = files
        self.pages = 0

    def __iter__(self) -> Iterator[OutputFile]:
        for file in self._files:
            if file.path.endswith(".html"):
                self.pages += 1
            yield file


def deduplicate(articles: Sequence[RenderedArticle]) -> tuple[list[RenderedArticle], dict[str, str]]:
    """The articles to publish, and `{duplicate origin: kept origin}` for the rest.

    Of several copies of one story the earliest dated is kept (the original,
    usually), then the longest, then the first by name.
    """
    priority = sorted(articles, key=lambda a: (0 if a.meta.date else 1, sort_key(a.meta.date), -a.words, a.origin))
    duplicate_of = find_duplicates([(article.origin, article.text) for article in priority])
    return [article for article in articles if article.origin not in duplicate_of], duplicate_of


def copies_of(articles: Sequence[RenderedArticle], duplicate_of: Mapping[str, str]) -> dict[str, list[Meta]]:
    """Kept origin → the metadata of its duplicates (their sources and URLs)."""
    copies: dict[str, list[Meta]] = {}
    for article in sorted(articles, key=lambda a: a.origin):
        if article.origin in duplicate_of:
            copies.setdefault(duplicate_of[article.origin], []).append(article.meta)
    return copies


def account(
    discovery: Discovery, results: Mapping[str, Sequence[Result]], site: Site, duplicate_of: Mapping[str, str]
) -> tuple[Outcome, ...]:
    """One outcome per input, article of a list file, and sidecar."""
    placed: dict[str, Entry] = {entry.article.origin: entry for entry in site.entries}
    outcomes = [Outcome(item.origin, "rejected", reason=item.reason) for item in discovery.rejected]
    for source in discovery.sources:
        items = results[source.rel]
        for item in items:
            if isinstance(item, Rejected):
                outcomes.append(Outcome(item.origin, "rejected", reason=item.reason))
            elif item.origin in duplicate_of:
                kept = placed[duplicate_of[item.origin]]
                reason = f"same story as {kept.article.origin}"
                outcomes.append(Outcome(item.origin, "duplicate", kept.slug, kept.path, reason))
            else:
                entry = placed[item.origin]
                outcomes.append(Outcome(item.origin, "built", entry.slug, entry.path))
        sidecar = sidecar_rel(source)
        if sidecar and not any(item.origin == sidecar for item in items):
            outcomes.append(_sidecar_outcome(sidecar, source.rel, items, placed, duplicate_of))
    return sorted_outcomes(outcomes)


def _sidecar_outcome(
    sidecar: str, partner: str, items: Sequence[Result], placed: Mapping[str, Entry], duplicate_of: Mapping[str, str]
) -> Outcome:
    """A sidecar shares its partner's fate."""
    article = next((item for item in items if isinstance(item, RenderedArticle)), None)
    if article is None:
        return Outcome(sidecar, "rejected", reason=f"metadata for {partner}, which was rejected")
    if article.origin in duplicate_of:
        kept = placed[duplicate_of[article.origin]]
        return Outcome(sidecar, "duplicate", kept.slug, kept.path, reason=f"metadata for {partner}, same story as {kept.article.origin}")
    entry = placed[article.origin]
    return Outcome(sidecar, "built", entry.slug, entry.path, reason=f"metadata merged into {partner}")


class Builder:
    """A build that stays alive between changes: `watch` keeps one and calls `rebuild`.

    `rebuild` takes the absolute paths of files that were added, changed or
    removed (content, templates or rules files). A changed settings file
    means a new Builder. For now a rebuild is a full build on a warm cache.
    """

    def __init__(self, config: Config, log: Log) -> None:
        self.config = config
        self.log = log

    def build(self) -> Report:
        return build(self.config, self.log)

    def rebuild(self, changed: Collection[Path]) -> Report:
        return build(self.config, self.log)
