"""How the build cache stores its values: results as small JSON arrays, bodies and search terms packed.

Each encoding reads back exactly what was stored, or says it cannot
(`CacheDamaged`, or None from `encode_results` for a value JSON would not
give back unchanged): the cache is then bypassed, never trusted.
"""

from __future__ import annotations

import hashlib
import json
import sys
import zlib
from dataclasses import replace
from typing import Iterable, Mapping

from broadsheet.model import ArticleInfo, Meta, Profile, Rejected, Sketch
from broadsheet.terms import IndexTerms, index_terms

Result = ArticleInfo | Rejected


class CacheDamaged(Exception):
    """The cache gave back something that fails its own checks mid-build."""


def pack_terms(counts: Mapping[str, int]) -> bytes:
    """A checksum, then terms (letters and digits only) joined by newlines, then their counts a byte each
    (`index_terms`). Not compressed: every build's search index reads them all, and inflating them
    took a sixth of its time; the checksum keeps what zlib's did (a damaged value is never trusted)."""
    words, weights = index_terms(counts)
    text = "\n".join(words).encode("utf-8")
    data = len(text).to_bytes(4, "big") + text + weights
    return zlib.crc32(data).to_bytes(4, "big") + data


def unpack_terms(packed: bytes) -> IndexTerms:
    data = packed[4:]
    if len(packed) < 8 or zlib.crc32(data) != int.from_bytes(packed[:4], "big"):
        raise CacheDamaged("search terms damaged: checksum differs")
    size = int.from_bytes(data[:4], "big")
    counts = data[4 + size :]
    try:
        words = data[4 : 4 + size].decode("utf-8").split("\n") if size else []
    except UnicodeDecodeError as error:
        raise CacheDamaged(f"search terms damaged: {error}") from error
    if len(words) != len(counts):
        raise CacheDamaged("search terms damaged: terms and counts differ in number")
    return words, counts


def body_hash(html: str) -> str:
    return hashlib.sha256(html.encode("utf-8")).hexdigest()


def pack_body(html: str) -> bytes:
    return zlib.compress(html.encode("utf-8"), 1)


def encode_results(results: tuple[Result, ...]) -> bytes | None:
    """The cache's form of `results` (small JSON arrays), or None when it would not read back identical."""
    try:
        value = json.dumps([_to_json(result) for result in results], ensure_ascii=False, allow_nan=False).encode()
    except (TypeError, ValueError):
        return None  # e.g. front matter holding a YAML set: fine to build, not to cache
    return value if decode_results(value) == results else None


def decode_results(value: bytes) -> tuple[Result, ...]:
    return tuple(_from_json(item) for item in json.loads(value))


def _to_json(result: Result) -> list[object]:
    if isinstance(result, Rejected):
        return [0, result.origin, result.reason]
    m = result.meta
    meta = [m.title, m.date, m.source, list(m.authors), m.url, list(m.tags), m.summary, m.slug, m.lang, dict(m.extra)]
    sketch = [_hex(result.sketch.exact), _hex(result.sketch.bands), _hex(result.sketch.minima)]
    profile = [list(result.profile.names), list(result.profile.words), list(result.profile.counts)]
    return [1, result.origin, meta, result.words, result.lead, result.body, sketch, profile]


def _from_json(item: list) -> Result:
    if item[0] == 0:
        return Rejected(item[1], item[2])
    _, origin, (title, date, source, authors, url, tags, summary, slug, lang, extra), words, lead, body, (exact, bands, minima), profile = item
    meta = _shared_meta(title, date, source, authors, url, tags, summary, slug, lang, extra)
    names, terms, counts = profile
    return ArticleInfo(origin, meta, words, lead, body, Sketch(_bytes(exact), _bytes(bands), _bytes(minima)), _shared_profile(names, terms, counts))


def shared(result: Result) -> Result:
    """`result` with the strings articles repeat (sources, tags, languages, the words and names
    related stories compare) interned: one object each across a site of 100,000 articles, where
    every decoded or unpickled article would otherwise hold its own copies."""
    if isinstance(result, Rejected):
        return result
    m, profile = result.meta, result.profile
    meta = _shared_meta(m.title, m.date, m.source, m.authors, m.url, m.tags, m.summary, m.slug, m.lang, m.extra)
    return replace(result, meta=meta, profile=_shared_profile(profile.names, profile.words, profile.counts))


def _shared_meta(
    title: str, date: str | None, source: str | None, authors: Iterable[str], url: str | None,
    tags: Iterable[str], summary: str | None, slug: str | None, lang: str | None, extra: Mapping[str, object],
) -> Meta:  # fmt: skip
    return Meta(title, date, _intern(source), tuple(map(sys.intern, authors)), url, tuple(map(sys.intern, tags)), summary, slug, _intern(lang), extra)


def _shared_profile(names: Iterable[str], words: Iterable[str], counts: Iterable[int]) -> Profile:
    return Profile(tuple(map(sys.intern, names)), tuple(map(sys.intern, words)), tuple(counts))


def _intern(value: str | None) -> str | None:
    return sys.intern(value) if value is not None else None


def _hex(value: bytes | None) -> str | None:
    return value.hex() if value is not None else None


def _bytes(value: str | None) -> bytes | None:
    return bytes.fromhex(value) if value is not None else None
