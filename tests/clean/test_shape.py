"""Line measurements: the words of a line, whatever its script."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from broadsheet.clean.shape import words_of

# The definition, for any text: letter runs, with one inner apostrophe, lower-cased.
WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


def test_words_are_letter_runs_with_an_inner_apostrophe():
    assert words_of("Don't stop: 42 O’Neill, ÉTÉ_2024!") == ["don't", "stop", "o’neill", "été"]


@given(st.text(st.sampled_from("aZ'’ _9.\u212a\u0130é-\t")) | st.text())
def test_the_ascii_shortcut_finds_exactly_the_words_of_the_definition(text):
    # The Kelvin sign lower-cases to an ASCII "k", and İ to "i" with a combining dot.
    assert words_of(text) == WORD.findall(text.lower())
