"""Machine-readable files: the Atom feed, `sitemap.xml`, `robots.txt`.

Feeds and sitemaps want absolute URLs; they get them only from `base_url`.
Without one, links stay relative (resolved against the feed's own address)
and entry ids are name-based UUIDs, so the output is still deterministic.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Iterator, Sequence

import jinja2

from broadsheet.dates import sort_key
from broadsheet.model import Entry, OutputFile, Site
from broadsheet.write.pages import SiteInfo, original_url

EPOCH = "1970-01-01T00:00:00Z"  # "updated" of a feed with no dated entry: fixed, never the clock


@dataclass(frozen=True, slots=True)
class FeedEntry:
    entry: Entry
    id: str
    link: str
    content: str  # sanitised HTML as text: autoescape escapes it once, as Atom's type="html" wants
    original: str | None


def feed_id(info: SiteInfo, path: str) -> str:
    if info.base_url:
        return info.base_url + path
    return uuid.uuid5(uuid.NAMESPACE_URL, "broadsheet:" + path).urn


def atom_feed(env: jinja2.Environment, entries: Sequence[Entry], info: SiteInfo, limit: int) -> OutputFile:
    dated = [entry for entry in entries if entry.article.meta.date][:limit]
    updated = max((entry.article.meta.date for entry in dated), key=sort_key, default=None)
    items = [
        FeedEntry(
            entry=entry,
            id=feed_id(info, entry.path),
            link=(info.base_url or "") + entry.path,
            content=entry.article.html,
            original=original_url(entry.article.meta.url),
        )
        for entry in dated
    ]
    xml = env.get_template("feed.xml").render(
        site=info,
        feed_id=feed_id(info, "feed.xml"),
        self_link=f"{info.base_url}feed.xml" if info.base_url else None,
        home=(info.base_url or "") + "index.html",
        updated=updated,
        epoch=EPOCH,
        items=items,
    )
    return OutputFile("feed.xml", xml.encode("utf-8"))


def sitemap(env: jinja2.Environment, site: Site, info: SiteInfo) -> OutputFile:
    prefix = info.base_url or ""
    pages = [(prefix + entry.path, entry.article.meta.date) for entry in site.entries]
    for collection in (site.home, *site.tags, *site.sources, *site.months):
        pages.extend((prefix + path, None) for path in collection.page_paths)
    for path in ("tags/index.html", "sources/index.html", "archive/index.html"):
        pages.append((prefix + path, None))
    xml = env.get_template("sitemap.xml").render(pages=pages)
    return OutputFile("sitemap.xml", xml.encode("utf-8"))


def robots(env: jinja2.Environment, info: SiteInfo) -> OutputFile:
    text = env.get_template("robots.txt").render(sitemap=f"{info.base_url}sitemap.xml" if info.base_url else None)
    return OutputFile("robots.txt", text.encode("utf-8"))


def feed_files(env: jinja2.Environment, site: Site, info: SiteInfo, limit: int) -> Iterator[OutputFile]:
    yield atom_feed(env, site.entries, info, limit)
    yield sitemap(env, site, info)
    yield robots(env, info)
