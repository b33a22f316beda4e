"""Find articles whose bodies are the same story: exact or near duplicates.

The same story is often scraped twice, or syndicated with small edits: a
changed first sentence, a credit line added, a paragraph dropped. Each body
becomes a set of overlapping five-word shingles (its words are its search
terms, `terms.terms`: the text is tokenized once for both); a MinHash
sketch of that set (one-permutation hashing: one hash per shingle, the
minimum per bucket) is cut into bands, and only bodies sharing a band are
candidates. A candidate is compared with the real overlap of its shingle
sets only when enough of the two sketches' minima agree (their low bytes
are kept: b-bit MinHash), so two unrelated bodies that share a band by
chance never cost a reading of their text. Work grows with the number of
articles, not with the number of pairs.

Deterministic: a word's hash is BLAKE2b of its text (never Python's `hash()`
of a string, which changes between runs); a shingle's is Python's `hash()` of
its five word hashes, a tuple of ints, which depends on no seed (the cache
is keyed by the Python version, see `process.code_digest`). Ties go to the
earlier item.

The work per body (words, shingles, sketch) is `sketch`, done once per
article where it is rendered and cached with it; `find_sketched_duplicates`
then needs only the sketches, and a body's text only to confirm a candidate.
"""

from __future__ import annotations

import hashlib
import struct
from bisect import bisect_left
from functools import lru_cache
from operator import eq
from typing import Callable, Sequence

from broadsheet.model import Sketch
from broadsheet.terms import terms

SHINGLE_WORDS = 5
BUCKETS = 64  # sketch size: one minimum per bucket of the hash space
ROWS_PER_BAND = 4  # 16 bands of 4: a pair with Jaccard 0.7 shares a band 99% of the time
MIN_WORDS = 40  # shorter bodies are never near duplicates: too little to tell a story from a stub
MIN_EXACT_WORDS = 12  # shorter identical bodies are stubs ("Video unavailable"), not one story
NEAR_JACCARD = 0.7  # share of all shingles in common
NEAR_CONTAINMENT = 0.9  # share of the smaller body's shingles found in the larger ...
MIN_SIZE_RATIO = 0.5  # ... when the smaller is at least this share of the larger
MAX_BUCKET_CHECKS = 32  # earlier items checked per shared band: bounds work on near-identical templates
# A candidate shares a band, so 4 of its 64 one-byte minima agree already. Two
# bodies the overlap test can call one story have Jaccard similarity 0.43 or more
# (containment 0.9 of a body at least half the other's size): about 26 of the
# other 60 agree (0.43 + 0.57/256 each; sd 3.8). Unrelated bodies agree on
# 60 × (J + 1/256): 1 to 5 for J up to 0.08. Below this in all (3.6 sd under the
# least similar true pair; short bodies, whose sketches borrow minima, vary more),
# the texts are not worth reading.
MIN_AGREEING_MINIMA = 16

_BAND_SLOTS = tuple((band * 8, bytes((band,))) for band in range(BUCKETS // ROWS_PER_BAND))
# A shingle hash is a signed 64-bit `hash()`: its top six bits (an arithmetic
# shift, -32 to 31) pick one of the 64 buckets.
_BUCKET_SHIFT = 64 - 6
_LOWEST_BUCKET = -(BUCKETS // 2)


def find_duplicates(items: Sequence[tuple[str, str]]) -> dict[str, str]:
    """`{duplicate_key: kept_key}` for each item repeating an earlier item's story.

    `items` are `(key, body_text)` in priority order: the first of a group is
    kept. A duplicate of a duplicate maps to the item that was kept.
    """
    texts = dict(items)
    return find_sketched_duplicates([(key, sketch(text)) for key, text in items], texts.__getitem__)


def sketch(text: str) -> Sketch:
    """What finding duplicates needs of one body: its exact digest and its MinHash bands."""
    return sketch_terms(terms(text))


def sketch_terms(words: Sequence[str]) -> Sketch:
    """`sketch` of a body whose `terms` are `words` (the search index tokenizes it too)."""
    exact = hashlib.blake2b(" ".join(words).encode("utf-8"), digest_size=16).digest() if len(words) >= MIN_EXACT_WORDS else None
    if len(words) < MIN_WORDS:
        return Sketch(exact, None)
    values = _minhash(_shingles(words))
    return Sketch(exact, _band_digests(values), bytes(value & 0xFF for value in values))


def find_sketched_duplicates(items: Sequence[tuple[str, Sketch]], text_of: Callable[[str], str]) -> dict[str, str]:
    """`find_duplicates` from sketches; `text_of(key)` gives a body when a candidate needs checking."""
    duplicates: dict[str, str] = {}
    first_with_text: dict[bytes, int] = {}
    bands: dict[bytes, list[int]] = {}  # a band's 8 bytes and its number → the items that have it

    # Shingle sets are rebuilt from the text when a candidate needs checking:
    # keeping one per article would cost far more memory than the texts.
    @lru_cache(maxsize=256)
    def shingles_of(position: int) -> frozenset[int]:
        return _shingles(terms(text_of(items[position][0])))

    for position, (key, sketched) in enumerate(items):
        match = None
        if sketched.exact is not None:
            match = first_with_text.setdefault(sketched.exact, position)
            match = None if match == position else match
        if match is None and sketched.bands is not None:
            raw = sketched.bands
            band_keys = [raw[start : start + 8] + number for start, number in _BAND_SLOTS]
            shared = [found for found in map(bands.get, band_keys) if found]
            if shared:
                candidates = sorted({c for found in shared for c in found[:MAX_BUCKET_CHECKS]})
                match = next(
                    (c for c in candidates if _may_be_one_story(sketched, items[c][1]) and _same_story(shingles_of(position), shingles_of(c))),
                    None,
                )
            for band_key in band_keys:
                found = bands.get(band_key)
                if found is None:
                    bands[band_key] = [position]
                else:
                    found.append(position)
        if match is not None:
            kept = items[match][0]
            kept = duplicates.get(kept, kept)
            if kept != key:
                duplicates[key] = kept
    return duplicates


def _may_be_one_story(a: Sketch, b: Sketch) -> bool:
    """Whether enough of the two sketches' minima agree for their texts to be worth comparing."""
    if a.minima is None or b.minima is None:
        return True
    return sum(map(eq, a.minima, b.minima)) >= MIN_AGREEING_MINIMA


def _same_story(a: frozenset[int], b: frozenset[int]) -> bool:
    common = len(a & b)
    smaller, larger = sorted((len(a), len(b)))
    if common >= NEAR_JACCARD * (len(a) + len(b) - common):
        return True
    return smaller >= MIN_SIZE_RATIO * larger and common >= NEAR_CONTAINMENT * smaller


def _shingles(words: Sequence[str]) -> frozenset[int]:
    """The hashes of every run of five words (of all the words, if fewer): zip, hash and map run in C."""
    hashes = list(map(_word_hash, words))
    width = min(SHINGLE_WORDS, len(hashes))
    return frozenset(map(hash, zip(*(hashes[offset:] for offset in range(width)))))


def _minhash(shingles: frozenset[int]) -> list[int]:
    """A one-permutation MinHash sketch: the low 58 bits of each bucket's minimum."""
    # Each bucket's minimum is the first sorted value at or above the bucket's start.
    ordered = sorted(shingles)
    minima: list[int | None] = [None] * BUCKETS
    for bucket in range(BUCKETS):
        top = bucket + _LOWEST_BUCKET
        index = bisect_left(ordered, top << _BUCKET_SHIFT)
        if index < len(ordered) and ordered[index] >> _BUCKET_SHIFT == top:
            minima[bucket] = ordered[index]
    # An empty bucket borrows the next filled one's minimum (rotation
    # densification), so short bodies still get a full sketch.
    filled = [index for index, value in enumerate(minima) if value is not None]
    sketch = []
    for index, value in enumerate(minima):
        if value is None:
            donor = next((j for j in filled if j > index), filled[0])
            value = minima[donor] ^ ((donor - index) % BUCKETS)
        sketch.append(value & ((1 << _BUCKET_SHIFT) - 1))
    return sketch


def _band_digests(sketch: list[int]) -> bytes:
    """Each band of `ROWS_PER_BAND` values as 8 bytes: equal bands give equal digests (unequal ones, almost surely not)."""
    packed = struct.pack(f"<{BUCKETS}Q", *sketch)
    width = 8 * ROWS_PER_BAND
    bands = (packed[start : start + width] for start in range(0, len(packed), width))
    return b"".join(hashlib.blake2b(band, digest_size=8).digest() for band in bands)


@lru_cache(maxsize=65536)
def _word_hash(word: str) -> int:
    return int.from_bytes(hashlib.blake2b(word.encode("utf-8"), digest_size=8).digest(), "little")
