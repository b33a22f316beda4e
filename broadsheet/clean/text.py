"""The text route: raw scraped text, one block per line → Article.

    split → normalise and measure each line → sieve (rules, detectors, body
    region) → headline, byline, date, publisher → glue repair → Article
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from itertools import chain
from typing import Sequence

from broadsheet.clean.glue import repair_glue
from broadsheet.clean.headers import Header, derive_title, read_header
from broadsheet.clean.lang import detect_language, stopwords_for
from broadsheet.clean.normalize import normalize_line
from broadsheet.clean.rules import Rules
from broadsheet.clean.shape import Line, shape_of, words_of
from broadsheet.clean.sieve import Selection, sieve
from broadsheet.model import Article, LineVerdict, Meta, RawDoc, Rejected


def clean_text(doc: RawDoc, rules: Rules) -> Article | Rejected:
    lines, lang = measure_lines(doc.text.splitlines(), rules, doc.meta.lang)
    return clean_lines(doc, lines, rules, lang)


def measure_lines(raw_lines: Sequence[str], rules: Rules, lang: str | None) -> tuple[list[Line], str | None]:
    """Normalise and measure each line; `lang` is detected when not given."""
    texts = [normalize_line(raw) for raw in raw_lines]
    words = [words_of(text) for text in texts]
    if not lang:
        counts = Counter(chain.from_iterable(words))
        lang = detect_language("\n".join(texts), counts, rules.languages, rules.thresholds)
    stopwords = stopwords_for(lang, rules.languages)
    return [
        Line(raw, text, shape_of(text, line_words, stopwords)) for raw, text, line_words in zip(raw_lines, texts, words)
    ], lang


def clean_lines(
    doc: RawDoc,
    lines: Sequence[Line],
    rules: Rules,
    lang: str | None,
    stated: Meta | None = None,
    selection: Selection | None = None,
) -> Article | Rejected:
    """Clean measured `lines` (text lines or a page's blocks) into an article.

    `stated` is metadata found outside the lines (an HTML page's head), and
    `selection` the body an extractor chose from a page's DOM. The document's
    own `doc.meta` wins over what the page and the lines say.
    """
    stated = stated or Meta()
    sieved = sieve(lines, rules, selection)
    drops = dict(sieved.drops)
    thresholds = rules.thresholds
    header = Header()
    if sieved.region is not None:
        header = read_header(
            lines,
            drops,
            {rule.id for rule in rules.detectors.values()},
            sieved.region.start,
            rules.months,
            thresholds.headline_search_lines,
            thresholds.headline_max_words,
            known_title=doc.meta.title or stated.title,
        )
        drops.update(header.drops)
    paragraphs = tuple(repair_glue(line.text) for index, line in enumerate(lines) if index not in drops)
    trace = tuple(LineVerdict(line.raw, drops.get(index)) for index, line in enumerate(lines))
    if not paragraphs:
        return Rejected(doc.origin, _empty_reason(trace, found_body=sieved.region is not None))
    title = doc.meta.title or stated.title or header.title or derive_title(paragraphs[0], thresholds.title_max_words)
    meta = dataclasses.replace(
        doc.meta,
        title=title,
        date=doc.meta.date or stated.date or header.date,
        source=doc.meta.source or stated.source or next(iter(sieved.sources), None),
        authors=doc.meta.authors or stated.authors or header.authors,
        url=doc.meta.url or stated.url,
        lang=lang,
    )
    return Article(doc.origin, meta, paragraphs, trace)


def _empty_reason(trace: tuple[LineVerdict, ...], found_body: bool) -> str:
    counts: dict[str, int] = {}
    for verdict in trace:
        if verdict.rule and verdict.rule != "blank":
            counts[verdict.rule] = counts.get(verdict.rule, 0) + 1
    if not counts:
        return "no article text: the input is empty"
    top = ", ".join(f"{rule} ×{count}" for rule, count in sorted(counts.items(), key=lambda kv: -kv[1])[:3])
    what = "no article text left after cleaning" if found_body else "no article text: no line reads as running text"
    return f"{what} ({len(trace)} lines; dropped by {top})"
