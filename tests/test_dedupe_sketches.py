"""Duplicates found from cached sketches are those found from the texts, and texts are read only to confirm."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from broadsheet.dedupe import (
    MAX_BUCKET_CHECKS, MIN_AGREEING_MINIMA, MIN_EXACT_WORDS, MIN_WORDS, SHINGLE_WORDS,
    _band_digests, _minhash, _same_story, _word_hash, find_duplicates, find_sketched_duplicates, sketch,
)  # fmt: skip
from broadsheet.terms import terms

WORDS = "port council ferry budget vote bridge strike harbour crews rota school meals study river flood".split()


def _story(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) + str(rng.randrange(50)) for _ in range(words))


def _corpus(seed: int, count: int) -> list[tuple[str, str]]:
    """Stories, some short, some copied whole or with an edit, in priority order."""
    rng = random.Random(seed)
    items: list[tuple[str, str]] = []
    for number in range(count):
        if items and rng.random() < 0.4:
            _, text = rng.choice(items)
            words = text.split()
            change = rng.choice(("same", "edit", "credit", "cut"))
            if change == "edit":
                words[rng.randrange(len(words))] = "changed"
            elif change == "credit":
                words += ["Photo", "by", "the", "agency"]
            elif change == "cut":
                words = words[: len(words) * 3 // 4]
            text = " ".join(words)
        else:
            text = _story(rng, rng.choice((8, 20, 60, 200)))
        items.append((f"item{number}", text))
    return items


def _reference_shingles(words: tuple[str, ...]) -> frozenset[int]:
    hashes = [_word_hash(word) for word in words]
    width = min(SHINGLE_WORDS, len(hashes))
    return frozenset(hash(tuple(hashes[start : start + width])) for start in range(len(hashes) - width + 1))


def _reference(items: list[tuple[str, str]]) -> dict[str, str]:
    """find_duplicates as it was before sketches were split out: everything from the texts, in one pass."""
    import hashlib

    duplicates: dict[str, str] = {}
    first_with_text: dict[bytes, int] = {}
    bands: dict[tuple[int, tuple[int, ...]], list[int]] = {}
    for position, (key, text) in enumerate(items):
        words = terms(text)
        match = None
        if len(words) >= MIN_EXACT_WORDS:
            digest = hashlib.blake2b(" ".join(words).encode("utf-8"), digest_size=16).digest()
            match = first_with_text.setdefault(digest, position)
            match = None if match == position else match
        if match is None and len(words) >= MIN_WORDS:
            shingles = _reference_shingles(words)
            digests = _band_digests(_minhash(shingles))
            band_keys = [(start, digests[start : start + 8]) for start in range(0, len(digests), 8)]
            candidates = sorted({c for band_key in band_keys for c in bands.get(band_key, ())[:MAX_BUCKET_CHECKS]})
            match = next((c for c in candidates if _same_story(shingles, _reference_shingles(terms(items[c][1])))), None)
            for band_key in band_keys:
                bands.setdefault(band_key, []).append(position)
        if match is not None:
            kept = items[match][0]
            kept = duplicates.get(kept, kept)
            if kept != key:
                duplicates[key] = kept
    return duplicates


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 10_000), st.integers(1, 40))
def test_sketches_find_what_the_texts_found(seed, count):
    items = _corpus(seed, count)
    texts = dict(items)
    found = find_sketched_duplicates([(key, sketch(text)) for key, text in items], texts.__getitem__)
    assert found == _reference(items) == find_duplicates(items)


def test_distinct_stories_never_need_their_text():
    rng = random.Random(7)
    items = [(f"item{n}", _story(rng, 300)) for n in range(200)]
    asked: list[str] = []
    found = find_sketched_duplicates([(key, sketch(text)) for key, text in items], lambda key: asked.append(key) or "")
    assert found == {} and asked == []


def test_an_edited_copy_is_found_and_kept_once():
    rng = random.Random(3)
    original = _story(rng, 300)
    copy = original.replace(original.split()[5], "edited", 1) + " Photo by the agency"
    assert find_sketched_duplicates([("a", sketch(original)), ("b", sketch(copy))], {"a": original, "b": copy}.__getitem__) == {"b": "a"}


def test_a_kept_answer_is_reused_only_while_the_changed_articles_share_no_band_with_others():
    from broadsheet.incremental import Duplicates

    rng = random.Random(5)
    stories = {f"a{n}": _story(rng, 100) for n in range(6)}
    stories["copy"] = stories["a0"]
    kept, computed = Duplicates(), []

    def find(texts: dict[str, str]) -> dict[str, str]:
        def find_all() -> dict[str, str]:
            computed.append(texts)
            return find_duplicates(list(texts.items()))

        return kept.find({key: sketch(text) for key, text in texts.items()}, find_all)

    assert find(stories) == {"copy": "a0"} and len(computed) == 1
    rewritten = dict(stories, a3=_story(rng, 100))  # a story no other shares anything with
    assert find(rewritten) == {"copy": "a0"} and len(computed) == 1
    copied = dict(rewritten, a4=rewritten["a1"])  # now one repeats another
    assert find(copied) == find_duplicates(list(copied.items())) == {"copy": "a0", "a4": "a1"} and len(computed) == 2


def test_unrelated_stories_that_share_a_band_by_chance_never_need_their_text():
    # Five words make few distinct five-word runs, so unrelated stories overlap a
    # little (as a generated corpus does) and share MinHash bands now and then.
    rng = random.Random(11)
    few = WORDS[:5]
    items = [(f"item{n}", " ".join(rng.choice(few) for _ in range(300))) for n in range(500)]
    sketches = [(key, sketch(text)) for key, text in items]
    bands_of = [{s.bands[start : start + 8] + bytes((start,)) for start in range(0, len(s.bands), 8)} for _, s in sketches]
    sharing = sum(1 for i in range(len(bands_of)) for j in range(i) if bands_of[i] & bands_of[j])
    asked: list[str] = []
    found = find_sketched_duplicates(sketches, lambda key: asked.append(key) or dict(items)[key])
    assert sharing >= 5  # the situation is real: candidate pairs that are not one story
    assert found == _reference(items) == {} and asked == []


def test_the_minima_let_through_every_copy_the_overlap_test_accepts():
    rng = random.Random(4)
    original = _story(rng, 400)
    words = original.split()
    copies = {
        "lightly edited": original.replace(words[9], "edited", 1) + " Photo by the agency",
        "first 55 percent": " ".join(words[: len(words) * 55 // 100]),  # containment 1, half the size: Jaccard about 0.55
        "two thirds and a new ending": " ".join(words[: len(words) * 2 // 3]) + " " + _story(rng, 20),
    }
    for name, copy in copies.items():
        a, b = sketch(original), sketch(copy)
        assert _same_story(_reference_shingles(tuple(terms(original))), _reference_shingles(tuple(terms(copy)))), name
        assert sum(x == y for x, y in zip(a.minima, b.minima)) >= MIN_AGREEING_MINIMA, name
