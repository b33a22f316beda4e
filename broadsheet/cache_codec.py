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
from array import array
from dataclasses import replace
from typing import Mapping

from broadsheet.model import ArticleInfo, Meta, Profile, Rejected, Sketch

Result = ArticleInfo | Rejected


class CacheDamaged(Exception):
    """The cache gave back something that fails its own checks mid-build."""


def pack_terms(counts: Mapping[str, int]) -> bytes:
    """Terms (letters and digits only) joined by newlines, then their counts as 4-byte numbers."""
    text = "\n".join(counts).encode("utf-8")
    return zlib.compress(len(text).to_bytes(4, "big") + text + array("I", counts.values()).tobytes(), 1)


def unpack_terms(packed: bytes) -> dict[str, int]:
    try:
        data = zlib.decompress(packed)
        size = int.from_bytes(data[:4], "big")
        counts = array("I")
        counts.frombytes(data[4 + size :])
        words = data[4 : 4 + size].decode("utf-8").split("\n") if size else []
    except (zlib.error, ValueError, UnicodeDecodeError) as error:
        raise CacheDamaged(f"search terms damaged: {error}") from error
    if len(words) != len(counts):
        raise CacheDamaged("search terms damaged: terms and counts differ in number")
    return dict(zip(words, counts))


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
    sketch = [_hex(result.sketch.exact), _hex(result.sketch.bands)]
    pairs = [[word, count] for word, count in zip(result.profile.words, result.profile.counts)]
    profile = [list(result.profile.names), pairs]
    return [1, result.origin, meta, result.words, result.lead, result.body, sketch, profile]


def _from_json(item: list) -> Result:
    if item[0] == 0:
        return Rejected(item[1], item[2])
    _, origin, (title, date, source, authors, url, tags, summary, slug, lang, extra), words, lead, body, (exact, bands), (names, counts) = item
    meta = Meta(title, date, source, tuple(authors), url, tuple(tags), summary, slug, lang, extra)
    profile = Profile(tuple(names), tuple(word for word, _ in counts), tuple(count for _, count in counts))
    return shared(ArticleInfo(origin, meta, words, lead, body, Sketch(_bytes(exact), _bytes(bands)), profile))


def shared(result: Result) -> Result:
    """`result` with the strings articles repeat (sources, tags, languages, the words and names
    related stories compare) interned: one object each across a site of 100,000 articles, where
    every decoded or unpickled article would otherwise hold its own copies."""
    if isinstance(result, Rejected):
        return result
    meta, profile = result.meta, result.profile
    meta = replace(
        meta,
        source=_intern(meta.source),
        tags=tuple(map(sys.intern, meta.tags)),
        authors=tuple(map(sys.intern, meta.authors)),
        lang=_intern(meta.lang),
    )
    profile = Profile(tuple(map(sys.intern, profile.names)), tuple(map(sys.intern, profile.words)), profile.counts)
    return replace(result, meta=meta, profile=profile)


def _intern(value: str | None) -> str | None:
    return sys.intern(value) if value is not None else None


def _hex(value: bytes | None) -> str | None:
    return value.hex() if value is not None else None


def _bytes(value: str | None) -> bytes | None:
    return bytes.fromhex(value) if value is not None else None
