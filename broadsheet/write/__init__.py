"""`Site` → the output folder: plan every file, render only what changed, publish.

    plan      every page, feed, sitemap and asset, with its declared context
    keys      each output's key (`plan.Keys`); unchanged key + untouched file: nothing to do
    render    the rest, in forked workers when there are many (bodies read from the cache there)
    publish   only new or changed bytes are written (`publish.Publication`)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterable, Iterator, Mapping, Sequence

from broadsheet.cache import BodyReader, OutputRecord, TermsReader
from broadsheet.config import Config
from broadsheet.model import ArticleInfo, Entry, OutputFile, Site
from broadsheet.process import terms_key
from broadsheet.render import visible_text
from broadsheet.terms import IndexTerms
from broadsheet.parallel import chunks, fork_map
from broadsheet.publish import FileWriter, Publication, Survey, Written
from broadsheet.write.feeds import feed_files
from broadsheet.write.pages import SiteInfo, html_pages
from broadsheet.write.plan import Data, Keys, Made, Output, Page, load_body, reading_bodies, render
from broadsheet.write.search import document_file, document_path, search_documents, search_files
from broadsheet.write.theme import Theme

__all__ = ["Theme", "WrittenSite", "plan_site", "search_document", "search_index", "site_info", "write_site"]

PAGES_PER_TASK = 48
RENDER_INLINE_BELOW = 200  # fewer pages than this render faster than workers start
SWAP_ABOVE = 0.5  # rewrite more than this share of the site: assemble a new tree and swap it in


@dataclass(frozen=True, slots=True)
class WrittenSite:
    """What writing the site did: the record of every file, and how much changed."""

    records: dict[str, OutputRecord]
    pages: int  # HTML pages in the site
    rendered: int
    written: frozenset[str]
    removed: frozenset[str]


@dataclass(frozen=True, slots=True)
class _Rendering:
    """What a worker needs to render pages (handed over by fork)."""

    outputs: Sequence[Output]
    theme: Theme
    writer: FileWriter
    bodies: BodyReader


def site_info(config: Config) -> SiteInfo:
    return SiteInfo(config.title, config.description, config.language, config.base_url)


def plan_site(site: Site, config: Config, theme: Theme) -> list[Output]:
    """Every file of the site but the search index's shards (`search_index`, made after the pages)."""
    info = site_info(config)
    return [
        *html_pages(site, info),
        *feed_files(site, info, config.feed_entries),
        *search_documents_of(site),
        *theme.assets,
        Data(".nojekyll", b""),  # GitHub Pages: serve files as they are, no Jekyll
    ]


def search_documents_of(site: Site) -> list[Output]:
    """One document of the search index per article, made where pages are rendered."""
    return [Made(document_path(doc_id), search_document, (doc_id, entry)) for doc_id, entry in enumerate(search_documents(site))]


def search_index(site: Site, terms: TermsReader) -> Iterator[Data]:
    """The search index's shards, meta and filters, made from every article's cached terms (streamed)."""
    documents = search_documents(site)
    keys = [terms_key(entry.article) for entry in documents]
    pairs = zip(keys, terms.many(keys))

    def terms_of(article: ArticleInfo) -> IndexTerms:
        key, counts = next(pairs)
        if key != terms_key(article):
            raise RuntimeError("the search index asked for the documents' terms out of order")
        return counts

    for file in search_files(site, terms_of):
        yield Data(file.path, file.data)


def search_document(doc_id: int, entry: Entry) -> OutputFile:
    """One document of the search index, with the article's text taken from its body."""
    return document_file(doc_id, entry, visible_text(load_body(entry.article.body)))


def write_site(
    outputs: Sequence[Output],
    keys: Keys,
    previous: Mapping[str, OutputRecord],
    found: Survey,
    config: Config,
    bodies: BodyReader,
    theme: Theme,
    *,
    partial: bool = False,
    after: Callable[[], Iterable[Data]] = tuple,
) -> WrittenSite:
    """Render the outputs whose key changed (or whose file did), and publish the new site.

    `partial`: `outputs` are only the files that may have changed; every
    other file of the previous site stays as it is. `after`: files published
    once the pages are (the search index: large, and needed by no page),
    asked for once the rendering workers are gone, or before they start: the
    index may be in the making in a process of its own (`parallel.Forked`),
    and three large processes at once would hold too much memory.
    """
    output_keys = [keys.key(output) for output in outputs]
    keys.forget()  # the workers need the keys, not what they were hashed from
    todo = [
        index
        for index, (output, key) in enumerate(zip(outputs, output_keys))
        if output.path not in found.untouched or previous[output.path].key != key
    ]
    for template in sorted({outputs[index].template for index in todo if isinstance(outputs[index], Page)}):
        theme.env.get_template(template)  # compile once here: syntax errors surface before any work, workers inherit it
    stale = len(todo) + len(found.others)
    size = len(previous) if partial else len(outputs)
    pub = Publication(config.output_dir, found, swap=stale > SWAP_ABOVE * max(1, size))
    try:
        rendering = _Rendering(outputs, theme, pub.writer, bodies)
        workers = config.workers if len(todo) >= RENDER_INLINE_BELOW else 1
        made_first = list(after()) if workers > 1 else None
        for written_list in fork_map(_render_task, rendering, chunks(todo, PAGES_PER_TASK), workers):
            for written in written_list:
                pub.add(written)
        rendered = set(todo)
        for index, output in enumerate(outputs):
            if index not in rendered:
                pub.keep(output.path)
        made = {}
        for data in made_first if made_first is not None else after():
            key = keys.key(data)
            if data.path in found.untouched and previous[data.path].key == key:
                pub.keep(data.path)
            else:
                pub.write(OutputFile(data.path, data.data))
            made[data.path] = key
        if partial:
            planned = {output.path for output in outputs} | made.keys()
            for path in found.untouched.keys() - planned:
                pub.keep(path)
        published = pub.finish()
    except BaseException:
        pub.abort()
        raise
    keyed = [*((output.path, key) for output, key in zip(outputs, output_keys)), *made.items()]
    records = {path: OutputRecord(key, published.states[path]) for path, key in keyed}
    if partial:
        records = {**previous, **records}
    pages = sum(1 for path in records if path.endswith(".html"))
    return WrittenSite(records, pages, len(todo), published.written, published.removed)


def _render_task(job: _Rendering, indices: Sequence[int]) -> list[Written]:
    with reading_bodies(job.bodies):
        return [job.writer.write(render(job.theme.env, job.outputs[index])) for index in indices]

