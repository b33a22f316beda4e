"""A derived title ends where the first sentence ends, not at an abbreviation."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from broadsheet.clean.headers import derive_title, first_sentence


@pytest.mark.parametrize(
    ("text", "sentence"),
    [
        ("Dockers walked out at 6 a.m. on Wednesday. Talks failed.", "Dockers walked out at 6 a.m. on Wednesday."),
        ("Dr. Ames said the pier is safe. She left.", "Dr. Ames said the pier is safe."),
        ("The U.S. Navy sent a ship. It arrived.", "The U.S. Navy sent a ship."),
        ("J. R. Okafor won the race. Then rain.", "J. R. Okafor won the race."),
        ('The mayor said "never." Then she left.', 'The mayor said "never."'),
        ("Prices rose 4.5 per cent. In March they fell.", "Prices rose 4.5 per cent."),
        ("Is the ferry late? Yes.", "Is the ferry late?"),
        ("Three boats sank. 12 sailors were saved.", "Three boats sank."),
        ("港で会議が開かれた。次の日", "港で会議が開かれた。"),
        ("A sentence with no stop", "A sentence with no stop"),
    ],
)
def test_first_sentence(text, sentence):
    assert first_sentence(text) == sentence


def test_derived_title_passes_over_a_time_of_day():
    title = derive_title("Ferries stopped at 9 p.m. on Sunday. The strike goes on.", max_words=12)
    assert title == "Ferries stopped at 9 p.m. on Sunday"


@given(st.text())
def test_first_sentence_is_a_non_empty_prefix(text):
    sentence = first_sentence(text)
    assert text.startswith(sentence)
    assert sentence.strip() or not text.strip()
