"""repair_glue: a space back where a line break was lost, nothing else touched."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from broadsheet.clean.glue import repair_glue


@pytest.mark.parametrize(
    "glued, repaired",
    [
        ("the province.In addition to", "the province. In addition to"),
        ("the two sides.The U.S. and", "the two sides. The U.S. and"),
        ("a chemical attack.But U.S. officials", "a chemical attack. But U.S. officials"),
        ("Is it over?Yes, said the mayor.", "Is it over? Yes, said the mayor."),
        ("he said.”The next day", "he said.” The next day"),
        ("(see above).Next, the board", "(see above). Next, the board"),
        ("in 2015.The year after", "in 2015. The year after"),
        ("we left.I stayed", "we left. I stayed"),
        ("городе.Потом", "городе. Потом"),
    ],
)
def test_glued_sentences_are_split(glued, repaired):
    assert repair_glue(glued) == repaired


@pytest.mark.parametrize(
    "text",
    [
        "the U.S.-led coalition and the U.K. team",
        "e.g. this and i.e. that",
        "J. R. Morrow met J.R.R. Tolkien's editor",
        "it cost 3.5 million at 9 a.m. Then it rained",
        "see calder.gov/plan and www.Example.com today",
        "written in Node.js and ASP.NET",
        "open Report.PDF or notes.Final.docx",
        "call System.Console.WriteLine",
        "wait...What happened",
        "Dr. Smith and Mr.Jones",
        "mail jane.Doe@example.org",
        "version 2.0.1 shipped",
    ],
)
def test_things_that_only_look_glued_are_left_alone(text):
    assert repair_glue(text) == text


_WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=8)
_SENTENCE = st.tuples(st.lists(_WORD, min_size=1, max_size=7), st.sampled_from(".!?")).map(
    lambda parts: " ".join(parts[0]).capitalize() + parts[1]
)


@given(st.lists(_SENTENCE, max_size=6))
def test_text_without_glue_is_unchanged(sentences):
    text = " ".join(sentences)
    assert repair_glue(text) == text


@given(st.text(max_size=300))
def test_repair_only_adds_spaces(text):
    repaired = repair_glue(text)
    assert repaired.replace(" ", "") == text.replace(" ", "")
    assert re.sub(r"\s", "", repaired) == re.sub(r"\s", "", text)
