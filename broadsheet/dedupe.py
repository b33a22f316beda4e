"""Find articles whose bodies are the same story: exact or near duplicates.

The same story is often scraped twice, or syndicated with small edits: a
changed first sentence, a credit line added, a paragraph dropped. Each body
becomes a set of overlapping five-word shingles; a MinHash sketch of that set
(one-permutation hashing: one hash per shingle, the minimum per bucket) is cut
into bands, and only bodies sharing a band are compared, with the real
overlap of their shingle sets. Work grows with the number of articles, not
with the number of pairs.

Deterministic: every hash is BLAKE2b of the text (never Python's `hash()`,
which changes between runs), and ties go to the earlier item.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache
from typing import Sequence

SHINGLE_WORDS = 5
BUCKETS = 64  # sketch size: one minimum per bucket of the hash space
ROWS_PER_BAND = 4  # 16 bands of 4: a pair with Jaccard 0.7 shares a band 99% of the time
MIN_WORDS = 40  # shorter bodies are never near duplicates: too little to tell a story from a stub
MIN_EXACT_WORDS = 12  # shorter identical bodies are stubs ("Video unavailable"), not one story
NEAR_JACCARD = 0.7  # share of all shingles in common
NEAR_CONTAINMENT = 0.9  # share of the smaller body's shingles found in the larger ...
MIN_SIZE_RATIO = 0.5  # ... when the smaller is at least this share of the larger
MAX_BUCKET_CHECKS = 32  # earlier items checked per shared band: bounds work on near-identical templates

_MASK = (1 << 64) - 1
_BUCKET_SHIFT = 64 - 6  # top six bits pick one of the 64 buckets
_WORD = re.compile(r"\w+")
# Multipliers that mix five word hashes into one shingle hash (odd 64-bit constants).
_MIX = (0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0xD6E8FEB86659FD93, 0xFF51AFD7ED558CCD)


def find_duplicates(items: Sequence[tuple[str, str]]) -> dict[str, str]:
    """`{duplicate_key: kept_key}` for each item repeating an earlier item's story.

    `items` are `(key, body_text)` in priority order: the first of a group is
    kept. A duplicate of a duplicate maps to the item that was kept.
    """
    duplicates: dict[str, str] = {}
    first_with_text: dict[bytes, int] = {}
    bands: dict[tuple[int, tuple[int, ...]], list[int]] = {}

    # Shingle sets are rebuilt from the text when a candidate needs checking:
    # keeping one per article would cost far more memory than the texts.
    @lru_cache(maxsize=256)
    def shingles_of(position: int) -> frozenset[int]:
        return _shingles(_words(items[position][1]))

    for position, (key, text) in enumerate(items):
        words = _words(text)
        match = None
        if len(words) >= MIN_EXACT_WORDS:
            digest = hashlib.blake2b(" ".join(words).encode("utf-8"), digest_size=16).digest()
            match = first_with_text.setdefault(digest, position)
            match = None if match == position else match
        if match is None and len(words) >= MIN_WORDS:
            shingles = shingles_of(position)
            band_keys = list(_bands(shingles))
            candidates = sorted({c for band_key in band_keys for c in bands.get(band_key, ())[:MAX_BUCKET_CHECKS]})
            match = next((c for c in candidates if _same_story(shingles, shingles_of(c))), None)
            for band_key in band_keys:
                bands.setdefault(band_key, []).append(position)
        if match is not None:
            kept = items[match][0]
            kept = duplicates.get(kept, kept)
            if kept != key:
                duplicates[key] = kept
    return duplicates


def _same_story(a: frozenset[int], b: frozenset[int]) -> bool:
    common = len(a & b)
    smaller, larger = sorted((len(a), len(b)))
    if common >= NEAR_JACCARD * (len(a) + len(b) - common):
        return True
    return smaller >= MIN_SIZE_RATIO * larger and common >= NEAR_CONTAINMENT * smaller


def _words(text: str) -> tuple[str, ...]:
    return tuple(_WORD.findall(unicodedata.normalize("NFKC", text).casefold()))


def _shingles(words: tuple[str, ...]) -> frozenset[int]:
    hashes = [_word_hash(word) for word in words]
    width = min(SHINGLE_WORDS, len(hashes))
    shingles = set()
    for start in range(len(hashes) - width + 1):
        value = 0
        for offset in range(width):
            value = (value + hashes[start + offset] * _MIX[offset]) & _MASK
        shingles.add(value)
    return frozenset(shingles)


def _bands(shingles: frozenset[int]):
    """(band number, band values) keys of a one-permutation MinHash sketch."""
    minima: list[int | None] = [None] * BUCKETS
    for value in shingles:
        bucket = value >> _BUCKET_SHIFT
        current = minima[bucket]
        if current is None or value < current:
            minima[bucket] = value
    # An empty bucket borrows the next filled one's minimum (rotation
    # densification), so short bodies still get a full sketch.
    filled = [index for index, value in enumerate(minima) if value is not None]
    sketch = []
    for index, value in enumerate(minima):
        if value is None:
            donor = next((j for j in filled if j > index), filled[0])
            value = minima[donor] ^ ((donor - index) % BUCKETS)
        sketch.append(value & ((1 << _BUCKET_SHIFT) - 1))
    for band in range(BUCKETS // ROWS_PER_BAND):
        yield band, tuple(sketch[band * ROWS_PER_BAND : (band + 1) * ROWS_PER_BAND])


@lru_cache(maxsize=65536)
def _word_hash(word: str) -> int:
    return int.from_bytes(hashlib.blake2b(word.encode("utf-8"), digest_size=8).digest(), "little")
