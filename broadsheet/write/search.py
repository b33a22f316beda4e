"""The search index: small `.js` files that a query loads on demand, from disk or over HTTP.

Every file is a script calling one global, `broadsheetSearch(name, data)`, so the
browser loads it with `<script src>`: that works from `file://`, where `fetch`
and WebAssembly do not, and under the pages' `script-src 'self'`.

    search/meta.js          the number of documents and the first term of each shard
    search/t/<n>.js         shard n of the inverted index: {term: postings}, terms in order
    search/d/<id>.js        one document: path, headline, source, date, text for snippets
    search/f/<kind>-<slug>.js   the documents of one source or topic, for filters

A query loads meta, the shard holding each of its terms, and the documents of
the results it shows: tens of kilobytes at 10,000 articles (`bench/search_size.py`).

Documents are numbered oldest first, so new articles append and older
documents keep their numbers. A posting packs `id << 4 | impact`, the impact
being a BM25 term weight (title words count `terms.TITLE_WEIGHT` times) quantised to
1–15 here, so the browser needs no document lengths; a term's postings are
listed as differences from the previous one, which keeps the numbers short.

Files carry no cache-busting names: `search.html` loads them with
`?v=<stamp>`, and the stamp (`search_stamp`) changes whenever any input does.
"""

from __future__ import annotations

import hashlib
import json
from array import array
from collections import defaultdict, deque
from itertools import chain
from operator import sub
from typing import Callable, Iterator, Sequence

from broadsheet.dates import display
from broadsheet.model import ArticleInfo, Entry, OutputFile, Site
from broadsheet.terms import IndexTerms

SEARCH_FOLDER = "search"
FORMAT = "1"  # part of the stamp: a new index layout reloads every file
SHARD_BYTES = 12_000  # a shard closes once past this size (a single huge term may exceed it)
TEXT_LIMIT = 20_000  # characters of body text a document file keeps for snippets
IMPACT_BITS = 4
IMPACT_LEVELS = 15  # the most IMPACT_BITS hold
K1, B = 1.2, 0.75  # BM25's usual constants


def search_stamp(site: Site) -> str:
    """A short digest of everything the index is made from (a body by the hash of its HTML, whence its text)."""
    digest = hashlib.blake2b(FORMAT.encode(), digest_size=6)
    for entry in site.entries:
        meta = entry.article.meta
        fields = (entry.path, meta.title, meta.date or "", entry.source.name if entry.source else "")
        digest.update("\x1f".join((*fields, *(tag.name for tag in entry.tags), entry.article.body)).encode())
        digest.update(b"\x1e")
    return digest.hexdigest()


def search_documents(site: Site) -> list[Entry]:
    """The documents in id order: oldest first, so ids survive new articles."""
    return list(reversed(site.entries))


def search_files(site: Site, terms_of: Callable[[ArticleInfo], IndexTerms]) -> Iterator[OutputFile]:
    """The index's shards, meta and filters (its documents: `document_file`). `terms_of` gives an
    article's `index_terms`: from `search_terms`, made once per article in workers, and cached."""
    documents = search_documents(site)
    shards = list(_Index(documents, terms_of).shards())
    for number, (_, body) in enumerate(shards):
        yield _script(f"t/{number}", body)
    yield _script("meta", _json({"documents": len(documents), "shards": [first for first, _ in shards]}))
    ids_of = {entry.slug: doc_id for doc_id, entry in enumerate(documents)}
    for kind, collections in (("source", site.sources), ("tag", site.tags)):
        for collection in collections:
            ids = sorted(ids_of[entry.slug] for entry in collection.entries)
            yield _script(f"f/{kind}-{collection.ref.slug}", _json(_deltas(ids)))


def document_path(doc_id: int) -> str:
    return f"{SEARCH_FOLDER}/d/{doc_id}.js"


def document_file(doc_id: int, entry: Entry, text: str) -> OutputFile:
    """One document of the index: `text` is the article's visible text (from its body)."""
    return _script(f"d/{doc_id}", _json(_document(entry, text)))


class _Index:
    """Postings packed as `id << 4 | impact` in arrays: 4 bytes each, so 100,000 articles fit in memory.

    Built with C-level loops (`map`, `bytes.translate`): per posting, Python runs no code of its own.
    """

    def __init__(self, documents: Sequence[Entry], terms_of: Callable[[ArticleInfo], IndexTerms]) -> None:
        self.postings: defaultdict[str, array] = defaultdict(lambda: array("I"))
        average = sum(entry.article.words for entry in documents) / len(documents) if documents else 1.0
        tables: dict[int, bytes] = {}
        append = array.append
        for doc_id, entry in enumerate(documents):
            words, counts = terms_of(entry.article)
            # BM25's length normalisation, rounded so that few count → impact tables are needed.
            key = round(20 * K1 * (1 - B + B * entry.article.words / (average or 1.0)))
            table = tables.get(key) or tables.setdefault(key, _impact_table(key / 20))
            impacts = counts.translate(table)
            deque(map(append, map(self.postings.__getitem__, words), map((doc_id << IMPACT_BITS).__or__, impacts)), maxlen=0)

    def shards(self) -> Iterator[tuple[str, str]]:
        """(first term, JSON body) of each shard: consecutive terms in the browser's string order."""
        # JavaScript compares strings by UTF-16 code units; sorting the same way lets
        # search-index.js find a term's shard by binary search over the first terms.
        ordered = sorted(self.postings, key=lambda term: term.encode("utf-16-be"))
        shard: dict[str, list[int]] = {}
        size = 0
        for term in ordered:
            packed = self.postings[term]
            shard[term] = list(map(sub, packed, chain((0,), packed)))  # deltas: small numbers
            size += len(term) + 4 * len(packed)  # about the JSON's length
            if size >= SHARD_BYTES:
                yield next(iter(shard)), _json(shard)
                shard, size = {}, 0
        if shard or not ordered:
            yield next(iter(shard), ""), _json(shard)


def _impact_table(norm: float) -> bytes:
    """count → impact (1..IMPACT_LEVELS) for documents of one length: BM25's tf part over (k1 + 1)."""
    return bytes([0] + [max(1, round(count / (count + norm) * IMPACT_LEVELS)) for count in range(1, 256)])


def _document(entry: Entry, text: str) -> dict[str, object]:
    meta = entry.article.meta
    return {
        "path": entry.path,
        "slug": entry.slug,
        "title": meta.title,
        "source": entry.source.name if entry.source else "",
        "date": meta.date or "",
        "shown": display(meta.date) if meta.date else "Undated",
        "text": text[:TEXT_LIMIT],
    }


def _deltas(ids: Sequence[int]) -> list[int]:
    return [current - previous for previous, current in zip((0, *ids), ids)]


def _json(value: object) -> str:
    # ASCII only: the files are read correctly whatever charset a host declares.
    return json.dumps(value, ensure_ascii=True, separators=(",", ":"))


def _script(name: str, body: str) -> OutputFile:
    return OutputFile(f"{SEARCH_FOLDER}/{name}.js", f"broadsheetSearch({_json(name)},{body});\n".encode("ascii"))
