"""HTML pages: one function per page kind, each giving its template a declared context.

Templates never see the config or the whole Site, only what their page shows.
Every link they make is `root` + a path from the site root, so each page
links relatively to files and the site works from disk and any sub-path.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby
from typing import Iterator, Sequence
from urllib.parse import urlsplit

import jinja2
from markupsafe import Markup

from broadsheet.collect import UNDATED
from broadsheet.model import Collection, Entry, OutputFile, Site
from broadsheet.render import reading_minutes
from broadsheet.write.search import search_stamp


@dataclass(frozen=True, slots=True)
class SiteInfo:
    """What every page may show about the site."""

    title: str
    description: str
    language: str
    base_url: str | None


@dataclass(frozen=True, slots=True)
class Pager:
    number: int
    count: int
    newer: str | None  # path of the previous page (newer entries)
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
    parts = urlsplit(url)
    return url if parts.scheme in ("http", "https") and parts.netloc else None


def _page(env: jinja2.Environment, template: str, path: str, info: SiteInfo, **context: object) -> OutputFile:
    canonical = f"{info.base_url}{path}" if info.base_url else None
    html = env.get_template(template).render(site=info, path=path, root=root_of(path), canonical=canonical, **context)
    return OutputFile(path, html.encode("utf-8"))


def article_pages(env: jinja2.Environment, site: Site, info: SiteInfo) -> Iterator[OutputFile]:
    entries = site.entries
    by_slug = {entry.slug: entry for entry in entries}
    for index, entry in enumerate(entries):
        yield article_page(
            env,
            entry,
            newer=entries[index - 1] if index > 0 else None,
            older=entries[index + 1] if index + 1 < len(entries) else None,
            related=[by_slug[slug] for slug in entry.related if slug in by_slug],
            info=info,
        )


def article_page(
    env: jinja2.Environment,
    entry: Entry,
    *,
    newer: Entry | None,
    older: Entry | None,
    related: Sequence[Entry] = (),
    info: SiteInfo,
) -> OutputFile:
    meta = entry.article.meta
    return _page(
        env,
        "article.html",
        entry.path,
        info,
        entry=entry,
        meta=meta,
        body=Markup(entry.article.html),  # sanitised by render.sanitize, never raw input
        minutes=reading_minutes(entry.article.words),
        original=original_url(meta.url),
        copies=[(copy.source, original_url(copy.url)) for copy in entry.copies],
        newer=newer,
        older=older,
        related=related,
    )


def collection_pages(env: jinja2.Environment, collection: Collection, info: SiteInfo, per_page: int) -> Iterator[OutputFile]:
    paths = collection.page_paths
    # "Mark all as read" on the home pages marks every story dated up to the newest (reader.js).
    newest = max(filter(None, (e.article.meta.date for e in collection.entries)), default=None) if collection.kind == "home" else None
    for index, path in enumerate(paths):
        pager = Pager(
            number=index + 1,
            count=len(paths),
            newer=paths[index - 1] if index > 0 else None,
            older=paths[index + 1] if index + 1 < len(paths) else None,
        )
        yield _page(
            env,
            "list.html",
            path,
            info,
            collection=collection,
            entries=collection.entries[index * per_page : (index + 1) * per_page],
            pager=pager,
            newest=newest,
        )


def terms_page(env: jinja2.Environment, path: str, heading: str, collections: Sequence[Collection], info: SiteInfo) -> OutputFile:
    terms = [TermCount(c.ref.name, c.ref.path, len(c.entries)) for c in collections]
    return _page(env, "terms.html", path, info, heading=heading, terms=terms)


def archive_page(env: jinja2.Environment, months: Sequence[Collection], info: SiteInfo) -> OutputFile:
    years = [
        YearMonths(year, tuple(TermCount(c.ref.name, c.ref.path, len(c.entries)) for c in group))
        for year, group in groupby(months, key=lambda c: "Undated" if c.ref.slug == UNDATED else c.ref.slug[:4])
    ]
    return _page(env, "archive.html", "archive/index.html", info, years=years)


def not_found_page(env: jinja2.Environment, info: SiteInfo) -> OutputFile:
    return _page(env, "404.html", "404.html", info)


def search_page(env: jinja2.Environment, site: Site, info: SiteInfo) -> OutputFile:
    """The search form; results come from the index files (`write/search.py`), in the browser."""
    return _page(
        env,
        "search.html",
        "search.html",
        info,
        count=len(site.entries),
        sources=[collection.ref for collection in site.sources],
        tags=[collection.ref for collection in site.tags],
        stamp=search_stamp(site),
    )


def starred_page(env: jinja2.Environment, info: SiteInfo) -> OutputFile:
    """An empty list that reader.js fills with the stories starred in this browser."""
    return _page(env, "starred.html", "starred.html", info)


def html_pages(env: jinja2.Environment, site: Site, info: SiteInfo) -> Iterator[OutputFile]:
    yield from article_pages(env, site, info)
    for collection in (site.home, *site.tags, *site.sources, *site.months):
        yield from collection_pages(env, collection, info, site.per_page)
    yield terms_page(env, "tags/index.html", "Topics", site.tags, info)
    yield terms_page(env, "sources/index.html", "Sources", site.sources, info)
    yield archive_page(env, site.months, info)
    yield not_found_page(env, info)
    yield search_page(env, site, info)
    yield starred_page(env, info)
