"""The search index: small `.js` files that a query loads on demand, from disk or over HTTP.

Every file is a script calling one global, `broadsheetSearch(name, data)`, so the
browser loads it with `<script src>`: that works from `file://`, where `fetch`
and WebAssembly do not, and under the pages' `script-src 'self'`.

    search/meta.js          the number of documents and the first term of each shard
    search/t/<n>.js         shard n of the inverted index: {term: postings}, terms in order
    search/d/<id>.js        one document: path, headline, source, date, topics, text
    search/f/<kind>-<slug>.js   the documents of one source or topic, for filters

A query loads meta, the shard holding each of its terms, and the documents of
the results it shows: tens of kilobytes at 10,000 articles (`bench/search_size.py`).

Documents are numbered oldest first, so new articles append and older
documents keep their numbers. Postings are `[id, impact, Δid, impact, …]`: ids
delta-coded, the impact a BM25 term weight (title words count `TITLE_WEIGHT`
times) quantised to 1–9, computed here so the browser needs no document
lengths. Files carry no cache-busting names: `search.html` loads them with
`?v=<stamp>`, and the stamp (`search_stamp`) changes whenever any input does.
"""

from __future__ import annotations

import hashlib
import json
from array import array
from collections import Counter
from dataclasses import dataclass
from typing import Iterator, Sequence

from broadsheet.dates import display
from broadsheet.model import Entry, OutputFile, RenderedArticle, Site
from broadsheet.terms import terms

SEARCH_FOLDER = "search"
FORMAT = "1"  # part of the stamp: a new index layout reloads every file
TITLE_WEIGHT = 3
SHARD_BYTES = 12_000  # a shard closes once past this size (a single huge term may exceed it)
TEXT_LIMIT = 20_000  # characters of body text a document file keeps for snippets
IMPACT_LEVELS = 9
K1, B = 1.2, 0.75  # BM25's usual constants


def search_terms(article: RenderedArticle) -> Counter[str]:
    """One article's weighted term counts: the per-article part, cacheable and parallel."""
    counts = Counter(terms(article.text))
    for term in terms(article.meta.title):
        counts[term] += TITLE_WEIGHT
    return counts


def search_stamp(site: Site) -> str:
    """A short digest of everything the index is made from."""
    digest = hashlib.blake2b(FORMAT.encode(), digest_size=6)
    for entry in site.entries:
        meta = entry.article.meta
        fields = (entry.path, meta.title, meta.date or "", entry.source.name if entry.source else "")
        digest.update("\x1f".join((*fields, *(tag.name for tag in entry.tags), entry.article.text)).encode())
        digest.update(b"\x1e")
    return digest.hexdigest()


def search_files(site: Site) -> Iterator[OutputFile]:
    documents = list(reversed(site.entries))  # oldest first: ids survive new articles
    index = _Index.of(documents)
    shards = list(_shards(index))
    for number, (_, body) in enumerate(shards):
        yield _script(f"t/{number}", body)
    yield _script("meta", _json({"documents": len(documents), "shards": [first for first, _ in shards]}))
    for doc_id, entry in enumerate(documents):
        yield _script(f"d/{doc_id}", _json(_document(entry)))
    ids_of = {entry.slug: doc_id for doc_id, entry in enumerate(documents)}
    for kind, collections in (("source", site.sources), ("tag", site.tags)):
        for collection in collections:
            ids = sorted(ids_of[entry.slug] for entry in collection.entries)
            yield _script(f"f/{kind}-{collection.ref.slug}", _json(_deltas(ids)))


@dataclass
class _Index:
    """Postings in compact arrays: 5 bytes a posting, so 100,000 articles fit in memory."""

    postings: dict[str, tuple[array, array]]  # term → (document ids ascending, counts)
    norms: list[float]  # BM25's length normalisation of each document

    @classmethod
    def of(cls, documents: Sequence[Entry]) -> _Index:
        postings: dict[str, tuple[array, array]] = {}
        lengths = array("I")
        for doc_id, entry in enumerate(documents):
            counts = search_terms(entry.article)
            lengths.append(sum(counts.values()))
            for term, count in counts.items():
                lists = postings.get(term)
                if lists is None:
                    lists = postings[term] = (array("I"), array("B"))
                lists[0].append(doc_id)
                lists[1].append(min(count, 255))
        average = sum(lengths) / len(lengths) if lengths else 1.0
        return cls(postings, [K1 * (1 - B + B * length / (average or 1.0)) for length in lengths])

    def encoded(self, term: str) -> list[int]:
        """`[id, impact, Δid, impact, …]` for one term."""
        ids, counts = self.postings[term]
        norms = self.norms
        out: list[int] = []
        previous = 0
        for doc_id, count in zip(ids, counts):
            saturation = count / (count + norms[doc_id])  # BM25's tf part over (k1 + 1): 0..1
            out += (doc_id - previous, max(1, round(saturation * IMPACT_LEVELS)))
            previous = doc_id
        return out


def _shards(index: _Index) -> Iterator[tuple[str, str]]:
    """(first term, JSON body) of each shard: consecutive terms in the browser's string order."""
    # JavaScript compares strings by UTF-16 code units; sorting the same way lets
    # search.js find a term's shard by binary search over the first terms.
    ordered = sorted(index.postings, key=lambda term: term.encode("utf-16-be"))
    parts: list[str] = []
    size = 0
    first = ""
    for term in ordered:
        part = f"{_json(term)}:{_json(index.encoded(term))}"
        if not parts:
            first = term
        parts.append(part)
        size += len(part) + 1
        if size >= SHARD_BYTES:
            yield first, "{" + ",".join(parts) + "}"
            parts, size = [], 0
    if parts or not ordered:
        yield first, "{" + ",".join(parts) + "}"


def _document(entry: Entry) -> dict[str, object]:
    meta = entry.article.meta
    return {
        "path": entry.path,
        "slug": entry.slug,
        "title": meta.title,
        "source": entry.source.name if entry.source else "",
        "date": meta.date or "",
        "shown": display(meta.date) if meta.date else "Undated",
        "tags": [tag.name for tag in entry.tags],
        "text": entry.article.text[:TEXT_LIMIT],
    }


def _deltas(ids: Sequence[int]) -> list[int]:
    return [current - previous for previous, current in zip((0, *ids), ids)]


def _json(value: object) -> str:
    # ASCII only: the files are read correctly whatever charset a host declares.
    return json.dumps(value, ensure_ascii=True, separators=(",", ":"))


def _script(name: str, body: str) -> OutputFile:
    return OutputFile(f"{SEARCH_FOLDER}/{name}.js", f"broadsheetSearch({_json(name)},{body});\n".encode("ascii"))
