"""The search index files: what search.js reads, decoded here and checked against the articles."""

from __future__ import annotations

import json
import re
from collections import defaultdict

from hypothesis import given, settings
from hypothesis import strategies as st

from broadsheet import collect as collect_module
from broadsheet.model import Meta, RenderedArticle
from broadsheet.process import file_article
from broadsheet.terms import index_terms, search_terms, terms
from broadsheet.write import search as search_module
from broadsheet.write.search import document_file, search_documents, search_files, search_stamp

_CALL = re.compile(r'\AbroadsheetSearch\(("[^"]*"),(.*)\);\n\Z', re.S)


def article(title, text, *, date="2026-03-01", tags=(), source=None, origin=None):
    return RenderedArticle(origin or title, Meta(title=title, date=date, tags=tuple(tags), source=source), f"<p>{text}</p>", text, len(text.split()))


RENDERED: dict[str, RenderedArticle] = {}  # what the build keeps in its cache: each article's text and terms


def collect(articles, copies, **settings):
    """The site of these rendered articles, as the build collects them (their text stays in the cache)."""
    RENDERED.update((item.origin, item) for item in articles)
    return collect_module.collect([file_article(item) for item in articles], copies, **settings)


def text_of(entry):
    return RENDERED[entry.article.origin].text


def index_files(site):
    """Every file of the index: shards, meta and filters, then one document per article."""
    yield from search_files(site, lambda info: index_terms(search_terms(RENDERED[info.origin])))
    for doc_id, entry in enumerate(search_documents(site)):
        yield document_file(doc_id, entry, text_of(entry))


def decoded(site):
    """path → data, checking each file is one call naming itself, as search.js's loader expects."""
    files = {}
    for file in index_files(site):
        assert file.path.startswith("search/") and file.path.endswith(".js")
        match = _CALL.match(file.data.decode("ascii"))
        assert match, file.path
        assert json.loads(match.group(1)) == file.path[len("search/") : -len(".js")]
        files[file.path] = json.loads(match.group(2))
    return files


def postings(files):
    """term → {document id: impact}, decoded as search.js decodes them."""
    found = {}
    for path, shard in files.items():
        if not path.startswith("search/t/"):
            continue
        for term, deltas in shard.items():
            packed, ids = 0, {}
            for delta in deltas:
                packed += delta
                ids[packed >> 4] = packed & 15
            found[term] = ids
    return found


SAMPLE = [
    article("Bridge vote delayed", "The council delayed the bridge vote again.", date="2026-01-02", tags=["politics"], source="Courier"),
    article("Marché couvert", "Le marché couvert rouvre ses portes.", date="2026-01-03", tags=["culture"], source="Courrier"),
    article("Comet found", "An astronomer found a comet. The comet is faint.", date="2026-01-01", tags=["science"]),
]


def test_every_term_of_every_article_points_back_to_it():
    site = collect(SAMPLE, {}, per_page=20, summary_words=40)
    files = decoded(site)
    index = postings(files)
    documents = {int(path[len("search/d/") : -3]): data for path, data in files.items() if path.startswith("search/d/")}
    assert len(documents) == 3
    expected = defaultdict(set)
    for doc_id, document in documents.items():
        entry = next(entry for entry in site.entries if entry.slug == document["slug"])
        assert document["path"] == entry.path and document["title"] == entry.article.meta.title
        for term in terms(entry.article.meta.title + " " + text_of(entry)):
            expected[term].add(doc_id)
    assert {term: set(ids) for term, ids in index.items()} == dict(expected)
    assert all(1 <= impact <= 15 for ids in index.values() for impact in ids.values())
    assert "marche" in index and "couvert" in index  # folded: a reader may type it without accents


def test_documents_are_numbered_oldest_first():
    site = collect(SAMPLE, {}, per_page=20, summary_words=40)
    files = decoded(site)
    titles = [files[f"search/d/{n}.js"]["title"] for n in range(3)]
    assert titles == ["Comet found", "Bridge vote delayed", "Marché couvert"]
    assert files["search/d/2.js"]["shown"] == "3 January 2026"


def test_title_words_and_repeated_words_weigh_more():
    site = collect(SAMPLE, {}, per_page=20, summary_words=40)
    index = postings(decoded(site))
    comet = index["comet"]  # twice in the text and once in the title of "Comet found" (id 0)
    astronomer = index["astronomer"]  # once in the same text
    assert comet[0] > astronomer[0]


def test_shards_are_in_the_browsers_string_order_and_meta_names_their_first_terms(monkeypatch):
    monkeypatch.setattr(search_module, "SHARD_BYTES", 40)  # many small shards
    many = SAMPLE + [article(f"Story {n}", f"Ωmega zebra ábaco {n} ёлка 𝔸lpha", origin=f"o{n}") for n in range(5)]
    site = collect(many, {}, per_page=20, summary_words=40)
    files = decoded(site)
    meta = files["search/meta.js"]
    assert meta["documents"] == len(many)
    shards = [files[f"search/t/{n}.js"] for n in range(len(meta["shards"]))]
    assert len(shards) > 3
    utf16 = [term.encode("utf-16-be") for shard in shards for term in shard]
    assert utf16 == sorted(utf16) and len(set(utf16)) == len(utf16)
    assert meta["shards"] == [next(iter(shard)) for shard in shards]


def test_filters_list_the_documents_of_each_source_and_topic():
    site = collect(SAMPLE, {}, per_page=20, summary_words=40)
    files = decoded(site)
    assert files["search/f/tag-science.js"] == [0]
    assert files["search/f/source-courier.js"] == [1]
    assert files["search/f/tag-culture.js"] == [2]


def test_same_site_same_bytes_and_the_stamp_follows_the_content():
    site = collect(SAMPLE, {}, per_page=20, summary_words=40)
    assert [f.data for f in index_files(site)] == [f.data for f in index_files(site)]
    changed = collect(SAMPLE[:2] + [article("Comet found", "A different text.", date="2026-01-01")], {}, per_page=20, summary_words=40)
    assert search_stamp(site) == search_stamp(collect(SAMPLE, {}, per_page=20, summary_words=40))
    assert search_stamp(site) != search_stamp(changed)


def test_files_are_ascii_whatever_the_text():
    site = collect([article("Ünïcödé — “quotes” 日本", "Text with \u2028 line separator and </script> inside.")], {}, per_page=20, summary_words=40)
    for file in index_files(site):
        file.data.decode("ascii")  # read right whatever charset a host declares
        assert "\u2028" not in file.data.decode("ascii")


def test_an_empty_site_has_an_empty_index():
    site = collect([], {}, per_page=20, summary_words=40)
    files = decoded(site)
    assert files["search/meta.js"] == {"documents": 0, "shards": [""]}
    assert files["search/t/0.js"] == {}


@settings(max_examples=30, deadline=None)
@given(st.lists(st.text(min_size=1, max_size=60), min_size=1, max_size=8))
def test_any_text_is_indexed_completely(texts):
    articles = [article(f"T{n}", text, origin=f"o{n}") for n, text in enumerate(texts)]
    site = collect(articles, {}, per_page=20, summary_words=40)
    files = decoded(site)
    index = postings(files)
    by_slug = {entry.slug: entry for entry in site.entries}
    for path, document in files.items():
        if path.startswith("search/d/"):
            doc_id = int(path[len("search/d/") : -3])
            entry = by_slug[document["slug"]]
            for term in terms(entry.article.meta.title + "\n" + text_of(entry)):
                assert doc_id in index[term]
