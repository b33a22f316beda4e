"""Rendered articles → `Site`: slugs, reading order, and the collections.

Pure and deterministic: the same articles in any order give the same Site.
An article's slug depends only on itself (and on older claimants of the same
slug), so its URL survives other articles being added or removed.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import replace
from typing import Iterable, Mapping, Sequence

from broadsheet.dates import display, month_of, sort_key
from broadsheet.model import Collection, Entry, Meta, RenderedArticle, Site, TermRef
from broadsheet.related import related
from broadsheet.slug import slugify, unique_slugs

UNDATED = "undated"
ELLIPSIS = "…"


def collect(
    articles: Sequence[RenderedArticle],
    copies: Mapping[str, Sequence[Meta]],
    *,
    per_page: int,
    summary_words: int,
) -> Site:
    """Place `articles` on the site. `copies` maps an origin to its duplicates' metadata."""
    slugs = _assign_slugs(articles)
    tag_refs = _term_refs((tag for a in articles for tag in a.meta.tags), "tags", "tag")
    source_refs = _term_refs((a.meta.source for a in articles if a.meta.source), "sources", "source")
    entries = in_reading_order(
        [
            Entry(
                slug=slugs[article.origin],
                path=f"articles/{slugs[article.origin]}.html",
                article=article,
                summary=article.meta.summary or summarize(article.text, summary_words),
                source=source_refs[slugify(article.meta.source, kind="source")] if article.meta.source else None,
                tags=_entry_tags(article.meta.tags, tag_refs),
                month=_month_ref(article.meta.date),
                copies=tuple(copies.get(article.origin, ())),
            )
            for article in articles
        ]
    )
    links = related(entries)
    entries = [replace(entry, related=links[entry.slug]) for entry in entries]
    home = TermRef("Latest", "", "index.html")
    return Site(
        entries=tuple(entries),
        home=_collection("home", home, entries, per_page),
        tags=_grouped("tag", entries, lambda e: e.tags, per_page),
        sources=_grouped("source", entries, lambda e: (e.source,) if e.source else (), per_page),
        months=_months(entries, per_page),
        per_page=per_page,
    )


def in_reading_order(entries: list[Entry]) -> list[Entry]:
    """Newest first, undated last; ties by headline, then slug."""
    entries.sort(key=lambda e: (e.article.meta.title.casefold(), e.slug))
    entries.sort(key=lambda e: sort_key(e.article.meta.date), reverse=True)  # stable: ties keep title order
    dated = [e for e in entries if e.article.meta.date]
    return dated + [e for e in entries if not e.article.meta.date]


def summarize(text: str, words: int) -> str:
    """The opening of the article: its first real paragraph, cut at a word."""
    lines = text.split("\n")
    first = next((line for line in lines if len(line.split()) >= 8), lines[0] if lines else "")
    tokens = first.split()
    if len(tokens) <= words:
        return first
    return " ".join(tokens[:words]).rstrip(",;:") + ELLIPSIS


def page_path(kind: str, slug: str, number: int) -> str:
    """The file of page `number` (1-based) of a collection."""
    folder = {"home": "page", "tag": f"tags/{slug}", "source": f"sources/{slug}", "month": f"archive/{slug}"}[kind]
    if number == 1:
        return "index.html" if kind == "home" else f"{folder}/index.html"
    return f"{folder}/{number}.html"


def _assign_slugs(articles: Sequence[RenderedArticle]) -> dict[str, str]:
    # The oldest article keeps a contested slug: adding newer ones never moves it.
    by_age = sorted(articles, key=lambda a: (sort_key(a.meta.date) or "~", a.origin))
    return unique_slugs([(a.origin, slugify(a.meta.slug or a.meta.title)) for a in by_age])


def _term_refs(names: Iterable[str], folder: str, kind: str) -> dict[str, TermRef]:
    """One ref per slug; its name is the spelling used most (ties: the first in sort order)."""
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    for name in names:
        spellings[slugify(name, kind=kind)][name] += 1
    refs: dict[str, TermRef] = {}
    for slug, counts in spellings.items():
        name = min(counts, key=lambda spelling: (-counts[spelling], spelling))
        refs[slug] = TermRef(name, slug, page_path(kind, slug, 1))
    return refs


def _entry_tags(tags: Sequence[str], refs: Mapping[str, TermRef]) -> tuple[TermRef, ...]:
    unique: dict[str, TermRef] = {}
    for tag in tags:
        ref = refs[slugify(tag, kind="tag")]
        unique.setdefault(ref.slug, ref)
    return tuple(unique.values())


def _month_ref(date: str | None) -> TermRef:
    if date is None:
        return TermRef("Undated", UNDATED, page_path("month", UNDATED, 1))
    month = month_of(date)
    name = display(month + "-01").split(" ", 1)[1]  # "March 2026"
    return TermRef(name, month, page_path("month", month, 1))


def _collection(kind: str, ref: TermRef, entries: Sequence[Entry], per_page: int) -> Collection:
    pages = max(1, -(-len(entries) // per_page))
    paths = tuple(page_path(kind, ref.slug, number) for number in range(1, pages + 1))
    return Collection(kind, ref, tuple(entries), paths)  # type: ignore[arg-type]


def _grouped(kind: str, entries: Sequence[Entry], refs_of, per_page: int) -> tuple[Collection, ...]:
    members: dict[str, list[Entry]] = defaultdict(list)
    refs: dict[str, TermRef] = {}
    for entry in entries:  # already in reading order, so each group is too
        for ref in refs_of(entry):
            members[ref.slug].append(entry)
            refs[ref.slug] = ref
    ordered = sorted(refs.values(), key=lambda ref: (ref.name.casefold(), ref.slug))
    return tuple(_collection(kind, ref, members[ref.slug], per_page) for ref in ordered)


def _months(entries: Sequence[Entry], per_page: int) -> tuple[Collection, ...]:
    members: dict[str, list[Entry]] = defaultdict(list)
    refs: dict[str, TermRef] = {}
    for entry in entries:
        members[entry.month.slug].append(entry)
        refs[entry.month.slug] = entry.month
    dated = sorted((slug for slug in refs if slug != UNDATED), reverse=True)
    order = dated + ([UNDATED] if UNDATED in refs else [])
    return tuple(_collection("month", refs[slug], members[slug], per_page) for slug in order)
