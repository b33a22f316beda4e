"""find_duplicates: same story (exact or lightly edited) found, different stories kept apart."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from broadsheet.dedupe import find_duplicates

_WORDS = (
    "harbour board pier timber labour engineers march walkers storms builders barges fishermen boats berths "
    "spring council budget meeting quay customs timetable ferry island bridge river school market weather "
    "summer winter road report week years mayor residents plan vote money water town village coast"
).split()


def _story(seed: int, sentences: int = 12) -> list[str]:
    """A made-up story of `sentences` sentences, different for each seed."""
    rng = random.Random(seed)
    return [" ".join(rng.choice(_WORDS) for _ in range(rng.randint(10, 18))).capitalize() + "." for _ in range(sentences)]


def _text(sentences: list[str]) -> str:
    return "\n".join(" ".join(sentences[i : i + 3]) for i in range(0, len(sentences), 3))


def test_exact_and_near_duplicates_point_to_the_first_copy():
    original = _story(1)
    items = [
        ("a", _text(original)),
        ("b", _text(_story(2))),
        ("a-again", _text(original)),
        ("a-new-lede", _text(["A rewritten first sentence about the harbour and its long history."] + original[1:])),
        ("a-credit", _text(original) + "\nThis story was first published by the Harbour Gazette."),
        ("a-cut", _text(original[:9] + original[10:])),
    ]
    assert find_duplicates(items) == {"a-again": "a", "a-new-lede": "a", "a-credit": "a", "a-cut": "a"}


def test_different_stories_and_shared_boilerplate_are_kept_apart():
    boilerplate = _text(_story(99, sentences=4))
    items = [(f"s{n}", _text(_story(n, sentences=5)) + "\n" + boilerplate) for n in range(20)]
    assert find_duplicates(items) == {}


def test_short_texts_are_never_merged():
    items = [("a", "Video unavailable."), ("b", "Video unavailable."), ("c", "Photo gallery: the new pier.")]
    assert find_duplicates(items) == {}


def test_duplicate_of_a_duplicate_maps_to_the_kept_item():
    original = _story(5)
    items = [("first", _text(original)), ("second", _text(original[:11])), ("third", _text(original[:10]))]
    assert find_duplicates(items) == {"second": "first", "third": "first"}


def test_priority_order_decides_which_is_kept():
    original = _text(_story(7))
    assert find_duplicates([("x", original), ("y", original)]) == {"y": "x"}
    assert find_duplicates([("y", original), ("x", original)]) == {"x": "y"}


@settings(max_examples=25, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=6), min_size=1, max_size=12))
def test_deterministic_and_order_respecting(seeds):
    items = [(f"k{i}", _text(_story(seed))) for i, seed in enumerate(seeds)]
    result = find_duplicates(items)
    assert result == find_duplicates(list(items))
    position = {key: i for i, (key, _text_) in enumerate(items)}
    for duplicate, kept in result.items():
        assert position[kept] < position[duplicate]
        assert kept not in result
    # Exactly the repeated seeds are duplicates, each of its first occurrence.
    first = {}
    for i, seed in enumerate(seeds):
        first.setdefault(seed, f"k{i}")
    assert result == {f"k{i}": first[seed] for i, seed in enumerate(seeds) if first[seed] != f"k{i}"}
