"""Machine-readable files: the Atom feed, the sitemaps, `robots.txt`.

Feeds and sitemaps want absolute URLs; they get them only from `base_url`.
Without one, links stay relative (resolved against the feed's own address)
and entry ids are name-based UUIDs, so the output is still deterministic.

`sitemap.xml` is an index of sitemap files of at most SITEMAP_URLS addresses
each (the protocol allows 50,000): dated articles oldest first, then the
undated, so a new article changes only the last files; then the list pages. Sitemaps sit at the site
root, because a sitemap may only list addresses below its own folder.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Iterator, Sequence

from broadsheet.dates import sort_key
from broadsheet.model import Entry, Site
from broadsheet.write.pages import SiteInfo, original_url
from broadsheet.write.plan import BodyText, Page

EPOCH = "1970-01-01T00:00:00Z"  # "updated" of a feed with no dated entry: fixed, never the clock
SITEMAP_URLS = 10_000


@dataclass(frozen=True, slots=True)
class FeedEntry:
    entry: Entry
    id: str
    link: str
    content: BodyText  # sanitised HTML as text: autoescape escapes it once, as Atom's type="html" wants
    original: str | None


def feed_id(info: SiteInfo, path: str) -> str:
    if info.base_url:
        return info.base_url + path
    return uuid.uuid5(uuid.NAMESPACE_URL, "broadsheet:" + path).urn


def atom_feed(entries: Sequence[Entry], info: SiteInfo, limit: int) -> Page:
    dated = [entry for entry in entries if entry.article.meta.date][:limit]
    updated = max((entry.article.meta.date for entry in dated), key=sort_key, default=None)
    items = [
        FeedEntry(
            entry=entry,
            id=feed_id(info, entry.path),
            link=(info.base_url or "") + entry.path,
            content=BodyText(entry.article.body),
            original=original_url(entry.article.meta.url),
        )
        for entry in dated
    ]
    context = {
        "site": info,
        "feed_id": feed_id(info, "feed.xml"),
        "self_link": f"{info.base_url}feed.xml" if info.base_url else None,
        "home": (info.base_url or "") + "index.html",
        "updated": updated,
        "epoch": EPOCH,
        "items": items,
    }
    return Page("feed.xml", "feed.xml", context)


def sitemaps(site: Site, info: SiteInfo) -> Iterator[Page]:
    prefix = info.base_url or ""
    dated = [entry for entry in reversed(site.entries) if entry.article.meta.date]
    undated = [entry for entry in site.entries if not entry.article.meta.date]
    articles = [(prefix + entry.path, entry.article.meta.date) for entry in (*dated, *undated)]
    pages: list[tuple[str, str | None]] = []
    for collection in (site.home, *site.tags, *site.sources, *site.months):
        pages.extend((prefix + path, None) for path in collection.page_paths)
    for path in ("tags/index.html", "sources/index.html", "archive/index.html"):
        pages.append((prefix + path, None))
    files: list[str] = []
    for kind, urls in (("articles", articles), ("pages", pages)):
        for number, start in enumerate(range(0, len(urls), SITEMAP_URLS), start=1):
            path = f"sitemap-{kind}-{number}.xml"
            files.append(prefix + path)
            yield Page(path, "sitemap.xml", {"pages": urls[start : start + SITEMAP_URLS]})
    yield Page("sitemap.xml", "sitemap-index.xml", {"sitemaps": files})


def robots(info: SiteInfo) -> Page:
    return Page("robots.txt", "robots.txt", {"sitemap": f"{info.base_url}sitemap.xml" if info.base_url else None})


def feed_files(site: Site, info: SiteInfo, limit: int) -> Iterator[Page]:
    yield atom_feed(site.entries, info, limit)
    yield from sitemaps(site, info)
    yield robots(info)
