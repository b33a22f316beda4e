"""A rebuild for edits that leave the site's shape alone: only the pages showing the edited entries.

Most saves in `watch` change an article's words, not what places it on the
site (its title, date, source, tags and slug). Such an edit can only change
the pages that show that article's entry: its own page, its neighbours'
pages (newer/older links), the list pages holding it, the feed, its search
document, and the search index; and, through its words, the related stories
of any article (found again over the whole site). This replaces those
entries in the last `Site` and plans just those outputs; their keys then
decide, as always, which are rendered. Anything that could move an article,
or that this cannot vouch for, returns None and the caller builds in full.

A new kind of output that shows entries must be listed in `_outputs` too.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Mapping

from broadsheet.cache import TermsReader
from broadsheet.collect import summarize
from broadsheet.model import ArticleInfo, Collection, Entry, Site
from broadsheet.related import related
from broadsheet.write import search_document, search_outputs
from broadsheet.write.feeds import atom_feed
from broadsheet.write.pages import SiteInfo, article_page, collection_pages, search_page
from broadsheet.write.plan import Data, Made, Output
from broadsheet.write.search import document_path

PLACING = ("title", "date", "source", "tags", "slug")  # what collect places an article by


def patch_site(
    site: Site, changed: Mapping[str, ArticleInfo], terms: TermsReader, *, summary_words: int, info: SiteInfo, feed_entries: int
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
    entries = [swapped.get(id(entry), entry) for entry in site.entries]
    links = related(entries, profiles={entry.slug: entry.article.profile for entry in entries})
    for index, entry in enumerate(entries):
        if links[entry.slug] != entry.related:
            entries[index] = swapped[id(site.entries[index])] = replace(entry, related=links[entry.slug])

    def new(collection: Collection) -> Collection:
        if not any(id(entry) in swapped for entry in collection.entries):
            return collection
        return replace(collection, entries=tuple(swapped.get(id(entry), entry) for entry in collection.entries))

    patched = Site(
        entries=tuple(entries),
        home=new(site.home),
        tags=tuple(map(new, site.tags)),
        sources=tuple(map(new, site.sources)),
        months=tuple(map(new, site.months)),
    )
    edited = {position[origin] for origin in changed}
    relinked = {index for index, entry in enumerate(site.entries) if id(entry) in swapped} - edited
    ids = {id(patched.entries[index]) for index in edited}
    return patched, _outputs(patched, edited, relinked, ids, terms, info, feed_entries)


def _outputs(
    site: Site, edited: set[int], relinked: set[int], ids: set[int], terms: TermsReader, info: SiteInfo, feed_entries: int
) -> list[Output]:
    """The outputs that show any of the entries with these `ids` (at `edited` positions in reading
    order), and the pages of the entries whose related stories changed (at `relinked`)."""
    outputs: list[Output] = []
    around = {index for position in edited for index in (position - 1, position, position + 1)}
    shown = {index for index in around | relinked if 0 <= index < len(site.entries)}
    by_slug = {entry.slug: entry for entry in site.entries}
    for index in sorted(shown):
        newer = site.entries[index - 1] if index > 0 else None
        older = site.entries[index + 1] if index + 1 < len(site.entries) else None
        entry = site.entries[index]
        others = [by_slug[slug] for slug in entry.related if slug in by_slug]
        outputs.append(article_page(entry, newer=newer, older=older, related=others, info=info))
    for collection in (site.home, *site.tags, *site.sources, *site.months):
        holding = {page.path for page in collection.pages if any(id(e) in ids for e in collection.entries[page.start : page.stop])}
        outputs.extend(page for page in collection_pages(collection, info) if page.path in holding)
    outputs.append(atom_feed(site.entries, info, feed_entries))
    outputs.append(search_page(site, info))
    documents = len(site.entries)
    index = [output for output in search_outputs(site, terms) if isinstance(output, Data)]
    outputs.extend(index)  # a document's id is its place counted from the oldest: unchanged here
    outputs.extend(Made(document_path(documents - 1 - position), search_document, (documents - 1 - position, site.entries[position])) for position in edited)
    return outputs
