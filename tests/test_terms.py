"""The tokenizer shared by search and related stories (search.js mirrors it)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from broadsheet.terms import fold, terms


def test_letters_and_digits_folded_and_at_least_two_long():
    assert terms("Le Marché COUVERT, 1,200 jobs; a I x2 don't snake_case") == [
        "le", "marche", "couvert", "200", "jobs", "x2", "don", "snake", "case",
    ]  # fmt: skip


def test_other_scripts_are_words_too():
    assert terms("Ελληνικά слова İstanbul Straße") == ["ελληνικα", "слова", "istanbul", "straße"]


def test_a_very_long_run_is_read_in_pieces_of_32():
    assert terms("y" * 66) == ["y" * 32, "y" * 32, "yy"]
    assert terms("z" * 65) == ["z" * 32, "z" * 32]  # one letter left over is too short to be a term


def test_fold_removes_accents_and_case():
    assert fold("ÉCOLE Crème brûlée") == "ecole creme brulee"


@given(st.text())
def test_every_term_is_2_to_32_folded_letters_or_digits(text):
    for term in terms(text):
        assert 2 <= len(term) <= 32
        assert all(character.isalnum() for character in term)
        assert fold(term) == term


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=80))
def test_folding_twice_changes_nothing(text):
    assert terms(fold(text)) == terms(text)
