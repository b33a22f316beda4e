"""A rebuild for edits that leave the site's shape alone: only the pages showing the edited entries.

Most saves in `watch` change an article's words, not what places it on the
site (its title, date, source, tags and slug). Such an edit can only change
the pages that show that article's entry: its own page, its neighbours'
pages (newer/older links), the list pages holding it, and the feed. This
replaces those entries in the last `Site` and plans just those pages; their
keys then decide, as always, which are rendered. Anything that could move an
article, or that this cannot vouch for, returns None and the caller builds
in full.

A new kind of output that shows entries must be listed in `_pages` too.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Mapping

from broadsheet.collect import summarize
from broadsheet.model import ArticleInfo, Collection, Entry, Site
from broadsheet.write.feeds import atom_feed
from broadsheet.write.pages import SiteInfo, article_page, collection_pages
from broadsheet.write.plan import Output

PLACING = ("title", "date", "source", "tags", "slug")  # what collect places an article by


def patch_site(
    site: Site, changed: Mapping[str, ArticleInfo], *, summary_words: int, info: SiteInfo, feed_entries: int
) -> tuple[Site, list[Output]] | None:
    """`site` with the entries of `changed` articles (by origin) replaced, and the outputs that may differ."""
    position = {entry.article.origin: index for index, entry in enumerate(site.entries)}
    swapped: dict[int, Entry] = {}  # id of the old entry → its replacement
    for origin, article in changed.items():
        if origin not in position:
            return None  # not placed on the site (a duplicate): its copy may show elsewhere
        entry = site.entries[position[origin]]
        if any(getattr(entry.article.meta, name) != getattr(article.meta, name) for name in PLACING):
            return None
        summary = article.meta.summary or summarize(article.lead, summary_words)
        swapped[id(entry)] = replace(entry, article=article, summary=summary)
    if not swapped:
        return None

    def new(collection: Collection) -> Collection:
        if not any(id(entry) in swapped for entry in collection.entries):
            return collection
        return replace(collection, entries=tuple(swapped.get(id(entry), entry) for entry in collection.entries))

    patched = Site(
        entries=tuple(swapped.get(id(entry), entry) for entry in site.entries),
        home=new(site.home),
        tags=tuple(map(new, site.tags)),
        sources=tuple(map(new, site.sources)),
        months=tuple(map(new, site.months)),
    )
    ids = {id(entry) for entry in swapped.values()}
    return patched, _pages(patched, {position[origin] for origin in changed}, ids, info, feed_entries)


def _pages(site: Site, positions: set[int], ids: set[int], info: SiteInfo, feed_entries: int) -> list[Output]:
    """The outputs that show any of the entries with these `ids` (at `positions` in reading order)."""
    outputs: list[Output] = []
    shown = {index for position in positions for index in (position - 1, position, position + 1) if 0 <= index < len(site.entries)}
    for index in sorted(shown):
        newer = site.entries[index - 1] if index > 0 else None
        older = site.entries[index + 1] if index + 1 < len(site.entries) else None
        outputs.append(article_page(site.entries[index], newer=newer, older=older, info=info))
    for collection in (site.home, *site.tags, *site.sources, *site.months):
        holding = {page.path for page in collection.pages if any(id(e) in ids for e in collection.entries[page.start : page.stop])}
        outputs.extend(page for page in collection_pages(collection, info) if page.path in holding)
    outputs.append(atom_feed(site.entries, info, feed_entries))
    return outputs
