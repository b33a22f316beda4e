"""A rebuild for edits that leave the site's shape alone: only the pages showing the edited entries.

Most saves in `watch` change an article's words, not what places it on the
site (its title, date, source, tags and slug). Such an edit can only change
the pages that show that article's entry: its own page, its neighbours'
pages (newer/older links), the list pages holding it and the feed
(`pages`), then its search document, the search page and the index
(`search`). This replaces those entries in the last `Site` and plans just
those outputs; their keys then decide, as always, which are rendered.

Related stories are found from every article's words, so an edit that
changes what its words bring to that comparison (`_relations_hold`) is
built in full, as is anything that could move an article or that this
cannot vouch for: `patch_site` returns None.

A new kind of output that shows entries must be listed here too.
"""

from __future__ import annotations

from collections import Counter
from itertools import chain
from dataclasses import dataclass, replace
from typing import Callable, Iterable, Mapping, Sequence

from broadsheet.cache import TermsReader
from broadsheet.collect import summarize
from broadsheet.model import ArticleInfo, Collection, Entry, Site
from broadsheet.related import _features, _Rarity
from broadsheet.write import search_document, search_index
from broadsheet.write.feeds import atom_feed
from broadsheet.write.pages import SiteInfo, article_page, collection_pages, search_page
from broadsheet.write.plan import Data, Made, Output
from broadsheet.write.search import document_path

PLACING = ("title", "date", "source", "tags", "slug")  # what collect places an article by


@dataclass(frozen=True, slots=True)
class Patch:
    site: Site
    pages: list[Output]  # the pages showing the edited entries: written first
    search: list[Output]  # then the search page and the edited entries' documents,
    index: Callable[[], Iterable[Data]]  # and the search index, made after them (it takes time)


def patch_site(
    site: Site, changed: Mapping[str, ArticleInfo], terms: TermsReader, *, summary_words: int, info: SiteInfo, feed_entries: int
) -> Patch | None:
    """`site` with the entries of `changed` articles (by origin) replaced, and the outputs that may differ."""
    position = {entry.article.origin: index for index, entry in enumerate(site.entries)}
    swapped: dict[int, Entry] = {}  # id of the old entry → its replacement
    for origin, article in changed.items():
        if origin not in position:
            return None  # not placed on the site (a duplicate): its copy may show elsewhere
        entry = site.entries[position[origin]]
        if any(getattr(entry.article.meta, name) != getattr(article.meta, name) for name in PLACING):
            return None
        if entry.article.profile != article.profile and not _relations_hold(site.entries, entry, article):
            return None
        summary = article.meta.summary or summarize(article.lead, summary_words)
        swapped[id(entry)] = replace(entry, article=article, summary=summary)
    if not swapped:
        return None
    entries = [swapped.get(id(entry), entry) for entry in site.entries]

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
    ids = {id(patched.entries[index]) for index in edited}
    search = [search_page(patched, info), *_documents(patched, edited)]
    return Patch(patched, _pages(patched, edited, ids, info, feed_entries), search, lambda: search_index(patched, terms))


def _relations_hold(entries: Sequence[Entry], entry: Entry, article: ArticleInfo) -> bool:
    """Whether `article`'s new profile leaves every article's related stories as they were.

    It does when it names the same people and places, has the same candidate
    words (so no word's rarity moves) and the same most distinctive ones, in
    order: then every feature, weight and score of the comparison is the same.
    """
    old, new = entry.article.profile, article.profile
    if old.names != new.names or set(old.words) != set(new.words):
        return False
    rarity = _Rarity(len(entries))
    df = Counter(chain.from_iterable(other.article.profile.words for other in entries))
    word_rarity = {word: rarity(df[word]) for word in old.words}
    return _features(entry, old, word_rarity) == _features(entry, new, word_rarity)


def _pages(site: Site, edited: set[int], ids: set[int], info: SiteInfo, feed_entries: int) -> list[Output]:
    """The pages that show any of the entries with these `ids` (at `edited` positions in reading order)."""
    outputs: list[Output] = []
    shown = {index for position in edited for index in (position - 1, position, position + 1) if 0 <= index < len(site.entries)}
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
    return outputs


def _documents(site: Site, edited: set[int]) -> list[Output]:
    """The edited entries' search documents (ids count from the oldest: unchanged here)."""
    last = len(site.entries) - 1
    return [Made(document_path(last - position), search_document, (last - position, site.entries[position])) for position in edited]
