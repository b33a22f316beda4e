"""HTML pages: one function per page kind, each declaring what its template may show.

Templates never see the config or the whole Site, only what their page shows:
that declared context is also what the page's key hashes (`write.plan`), so
it must stay narrow. A list page gets its own entries, not its collection's.
Every link templates make is `root` + a path from the site root, so each
page links relatively to files and the site works from disk and any sub-path.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby
from typing import Iterator, Sequence
from urllib.parse import urlsplit

from broadsheet.collect import UNDATED
from broadsheet.model import Collection, Entry, Site, TermRef
from broadsheet.render import reading_minutes
from broadsheet.write.plan import Body, Page
from broadsheet.write.search import search_stamp


@dataclass(frozen=True, slots=True)
class SiteInfo:
    """What every page may show about the site."""

    title: str
    description: str
    language: str
    base_url: str | None


@dataclass(frozen=True, slots=True)
class ListHeading:
    """What a list page shows of its collection besides its own entries."""

    kind: str  # home | tag | source | month
    ref: TermRef


@dataclass(frozen=True, slots=True)
class Pager:
    number: int | None  # None on the front page; archive pages count from the oldest
    newer: str | None  # path of the page of newer entries
    older: str | None


@dataclass(frozen=True, slots=True)
class TermCount:
    name: str
    path: str
    count: int


@dataclass(frozen=True, slots=True)
class YearMonths:
    year: str
    months: tuple[TermCount, ...]


def root_of(path: str) -> str:
    """The relative prefix from the page at `path` back to the site root."""
    return "../" * path.count("/")


def original_url(url: str | None) -> str | None:
    """The article's original address, only if it is a plain web link."""
    if not url:
        return None
    try:
        parts = urlsplit(url)
    except ValueError:  # `http://[x`: an unclosed IPv6 bracket leads nowhere
        return None
    return url if parts.scheme in ("http", "https") and parts.netloc else None


def _page(template: str, path: str, info: SiteInfo, *, root: str | None = None, **context: object) -> Page:
    canonical = f"{info.base_url}{path}" if info.base_url else None
    root = root_of(path) if root is None else root
    return Page(path, template, {"site": info, "path": path, "root": root, "canonical": canonical, **context})


def article_pages(site: Site, info: SiteInfo) -> Iterator[Page]:
    entries = site.entries
    by_slug = {entry.slug: entry for entry in entries}
    for index, entry in enumerate(entries):
        yield article_page(
            entry,
            newer=entries[index - 1] if index > 0 else None,
            older=entries[index + 1] if index + 1 < len(entries) else None,
            related=[by_slug[slug] for slug in entry.related if slug in by_slug],
            info=info,
        )


def article_page(
    entry: Entry,
    *,
    newer: Entry | None,
    older: Entry | None,
    related: Sequence[Entry] = (),
    info: SiteInfo,
) -> Page:
    meta = entry.article.meta
    return _page(
        "article.html",
        entry.path,
        info,
        entry=entry,
        meta=meta,
        body=Body(entry.article.body),  # sanitised by render.sanitize, never raw input
        minutes=reading_minutes(entry.article.words),
        original=original_url(meta.url),
        copies=[(copy.source, original_url(copy.url)) for copy in entry.copies],
        newer=newer,
        older=older,
        related=related,
    )


def collection_pages(collection: Collection, info: SiteInfo) -> Iterator[Page]:
    pages = collection.pages
    heading = ListHeading(collection.kind, collection.ref)
    for index, page in enumerate(pages):
        entries = collection.entries[page.start : page.stop]
        pager = Pager(
            number=page.number,
            newer=pages[index - 1].path if index > 0 else None,
            older=pages[index + 1].path if index + 1 < len(pages) else None,
        )
        yield _page(
            "list.html",
            page.path,
            info,
            collection=heading,
            entries=entries,
            pager=pager,
            total=len(collection.entries) if page.number is None else None,  # only the front page counts: older pages stay as they are
            # "Mark all as read" on a home page marks every story dated up to its newest (reader.js):
            # this page's and all older ones. The page's own newest, so the page stays as it is.
            newest=max(filter(None, (e.article.meta.date for e in entries)), default=None) if collection.kind == "home" else None,
        )


def terms_page(path: str, heading: str, collections: Sequence[Collection], info: SiteInfo) -> Page:
    terms = [TermCount(c.ref.name, c.ref.path, len(c.entries)) for c in collections]
    return _page("terms.html", path, info, heading=heading, terms=terms)


def archive_page(months: Sequence[Collection], info: SiteInfo) -> Page:
    years = [
        YearMonths(year, tuple(TermCount(c.ref.name, c.ref.path, len(c.entries)) for c in group))
        for year, group in groupby(months, key=lambda c: "Undated" if c.ref.slug == UNDATED else c.ref.slug[:4])
    ]
    return _page("archive.html", "archive/index.html", info, years=years)


def not_found_page(info: SiteInfo) -> Page:
    # A host serves 404.html at whatever address was missing, at any depth, where
    # relative links would lead nowhere: given base_url, its links start from the site's path.
    root = urlsplit(info.base_url).path if info.base_url else None
    return _page("404.html", "404.html", info, root=root)


def search_page(site: Site, info: SiteInfo) -> Page:
    """The search form; results come from the index files (`write/search.py`), in the browser."""
    return _page(
        "search.html",
        "search.html",
        info,
        count=len(site.entries),
        sources=[collection.ref for collection in site.sources],
        tags=[collection.ref for collection in site.tags],
        stamp=search_stamp(site),
    )


def starred_page(info: SiteInfo) -> Page:
    """An empty list that reader.js fills with the stories starred in this browser."""
    return _page("starred.html", "starred.html", info)


def html_pages(site: Site, info: SiteInfo) -> Iterator[Page]:
    yield from article_pages(site, info)
    for collection in (site.home, *site.tags, *site.sources, *site.months):
        yield from collection_pages(collection, info)
    yield terms_page("tags/index.html", "Topics", site.tags, info)
    yield terms_page("sources/index.html", "Sources", site.sources, info)
    yield archive_page(site.months, info)
    yield not_found_page(info)
    yield search_page(site, info)
    yield starred_page(info)
