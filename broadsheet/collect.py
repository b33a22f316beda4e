"""Articles → `Site`: slugs, reading order, and the collections.

Pure and deterministic: the same articles in any order give the same Site.
An article's slug depends only on itself (and on older claimants of the same
slug), so its URL survives other articles being added or removed. List pages
are numbered from the oldest, so a new article changes the front page of
each list it is on, not every page after it (see `ListPage`).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import replace
from typing import Callable, Iterable, Mapping, Sequence

from broadsheet.dates import display, month_of, sort_key
from broadsheet.model import ArticleInfo, Collection, Entry, ListPage, Meta, Site, TermRef
from broadsheet.related import related
from broadsheet.slug import slugify, unique_slugs

UNDATED = "undated"
ELLIPSIS = "…"


def collect(
    articles: Sequence[ArticleInfo],
    copies: Mapping[str, Sequence[Meta]],
    *,
    per_page: int,
    summary_words: int,
    relate: Callable[[Sequence[Entry]], Mapping[str, tuple[str, ...]]] | None = None,
) -> Site:
    """Place `articles` on the site. `copies` maps an origin to its duplicates' metadata; `relate`
    gives each entry's related stories (default: `related.related` over the articles' profiles)."""
    slugs = _assign_slugs(articles)
    tag_refs = _term_refs((tag for a in articles for tag in a.meta.tags), "tag")
    source_refs = _term_refs((a.meta.source for a in articles if a.meta.source), "source")
    month_refs: dict[str | None, TermRef] = {}
    entries = in_reading_order(
        [
            Entry(
                slug=slugs[article.origin],
                path=f"articles/{slugs[article.origin]}.html",
                article=article,
                summary=article.meta.summary or summarize(article.lead, summary_words),
                source=source_refs[article.meta.source] if article.meta.source else None,
                tags=_entry_tags(article.meta.tags, tag_refs),
                month=_month_ref(article.meta.date, month_refs),
                copies=tuple(copies.get(article.origin, ())),
            )
            for article in articles
        ]
    )
    links = (relate or relate_all)(entries)
    entries = [replace(entry, related=links[entry.slug]) for entry in entries]
    home = TermRef("Latest", "", "index.html")
    return Site(
        entries=tuple(entries),
        home=_collection("home", home, entries, per_page),
        tags=_grouped("tag", entries, lambda e: e.tags, per_page),
        sources=_grouped("source", entries, lambda e: (e.source,) if e.source else (), per_page),
        months=_months(entries, per_page),
    )


def relate_all(entries: Sequence[Entry]) -> dict[str, tuple[str, ...]]:
    """Related stories for every entry, from the profiles made with the articles."""
    return related(entries, profiles={entry.slug: entry.article.profile for entry in entries})


def in_reading_order(entries: list[Entry]) -> list[Entry]:
    """Newest first, undated last; ties by headline, then slug."""
    entries.sort(key=lambda e: (e.article.meta.title.casefold(), e.slug))
    entries.sort(key=lambda e: sort_key(e.article.meta.date), reverse=True)  # stable: ties keep title order
    dated = [e for e in entries if e.article.meta.date]
    return dated + [e for e in entries if not e.article.meta.date]


def summarize(lead: str, words: int) -> str:
    """An article's lead (`process.lead_of`, its first real paragraph) cut at a word."""
    tokens = lead.split()
    if len(tokens) <= words:
        return lead
    return " ".join(tokens[:words]).rstrip(",;:") + ELLIPSIS


def page_path(kind: str, slug: str, number: int | None) -> str:
    """The file of a collection's page `number` (1 is the oldest), or of its front page (None)."""
    folder = {"home": "page", "tag": f"tags/{slug}", "source": f"sources/{slug}", "month": f"archive/{slug}"}[kind]
    if number is None:
        return "index.html" if kind == "home" else f"{folder}/index.html"
    return f"{folder}/{number}.html"


def list_pages(kind: str, slug: str, count: int, per_page: int) -> tuple[ListPage, ...]:
    """The pages of `count` entries (newest first): the front page, then numbered pages newer to older.

    Every numbered page holds exactly `per_page` entries counted from the
    oldest; the front page holds the rest. Adding entries at the newest end
    changes only the front page until it can hand a full page down.
    """
    numbered = max(0, count // per_page - 1)
    front_size = count - numbered * per_page
    pages = [ListPage(page_path(kind, slug, None), None, 0, front_size)]
    for number in range(numbered, 0, -1):
        stop = count - (number - 1) * per_page
        pages.append(ListPage(page_path(kind, slug, number), number, stop - per_page, stop))
    return tuple(pages)


def _assign_slugs(articles: Sequence[ArticleInfo]) -> dict[str, str]:
    # The oldest article keeps a contested slug: adding newer ones never moves it.
    by_age = sorted(articles, key=lambda a: (sort_key(a.meta.date) or "~", a.origin))
    return unique_slugs([(a.origin, slugify(a.meta.slug or a.meta.title)) for a in by_age])


def _term_refs(names: Iterable[str], kind: str) -> dict[str, TermRef]:
    """Each spelling → the ref of its slug, named by the spelling used most (ties: the first in sort order)."""
    counts = Counter(names)
    spellings: dict[str, list[str]] = defaultdict(list)
    for name in counts:
        spellings[slugify(name, kind=kind)].append(name)
    refs: dict[str, TermRef] = {}
    for slug, names_of_slug in spellings.items():
        best = min(names_of_slug, key=lambda spelling: (-counts[spelling], spelling))
        ref = TermRef(best, slug, page_path(kind, slug, None))
        refs.update((name, ref) for name in names_of_slug)
    return refs


def _entry_tags(tags: Sequence[str], refs: Mapping[str, TermRef]) -> tuple[TermRef, ...]:
    unique: dict[str, TermRef] = {}
    for tag in tags:
        ref = refs[tag]
        unique.setdefault(ref.slug, ref)
    return tuple(unique.values())


def _month_ref(date: str | None, known: dict[str | None, TermRef]) -> TermRef:
    month = month_of(date) if date is not None else None
    if month not in known:
        if month is None:
            known[month] = TermRef("Undated", UNDATED, page_path("month", UNDATED, None))
        else:
            name = display(month + "-01").split(" ", 1)[1]  # "March 2026"
            known[month] = TermRef(name, month, page_path("month", month, None))
    return known[month]


def _collection(kind: str, ref: TermRef, entries: Sequence[Entry], per_page: int) -> Collection:
    return Collection(kind, ref, tuple(entries), list_pages(kind, ref.slug, len(entries), per_page))  # type: ignore[arg-type]


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
