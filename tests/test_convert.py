"""Plain text through Markdown comes out as exactly the same visible text."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from broadsheet.convert import escape_paragraph, to_markdown
from broadsheet.model import Article, MarkdownDoc, Meta
from broadsheet.render import render


def _shown(paragraphs):
    doc = to_markdown(Article("a.txt", Meta(title="t"), tuple(paragraphs)))
    return render(doc).text.split("\n")


@pytest.mark.parametrize(
    "paragraph",
    [
        "* not a list", "# not a heading", "#ClimateStrike trended", "1. not a list", "2) nor this",
        "> not a quote", "- nor a bullet", "+ nor this", "---", "***", "=== banner ===", "~~~",
        "the tag <b> was visible", "<script>alert(1)</script>", "AT&T and &amp; and &copy; stay literal",
        "snake_case_names and 5*3 = 15", "`code` [link](http://x) ![img](y)", "back\\slash \\* here",
        "| a | b |", "{{ 7*7 }} and {% include 'x' %}", "Dr. J. R. Morrow said: e.g. 3.5 per cent",
    ],
)  # fmt: skip
def test_markdown_syntax_in_text_stays_literal(paragraph):
    assert _shown([paragraph]) == [paragraph]


def test_escaping_is_light_for_ordinary_prose():
    assert escape_paragraph("The council voted 9-4 late on Tuesday.") == "The council voted 9-4 late on Tuesday."


def test_fences_across_paragraphs_do_not_form_code_blocks():
    assert _shown(["~~~", "middle", "~~~"]) == ["~~~", "middle", "~~~"]
    assert _shown(["```", "middle", "```"]) == ["```", "middle", "```"]


printable = st.text(st.characters(blacklist_categories=("Cc", "Cs", "Co", "Cn", "Zl", "Zp")), min_size=1, max_size=80)


@settings(max_examples=400, deadline=None)
@given(st.lists(printable.map(lambda s: " ".join(s.split())).filter(bool), min_size=1, max_size=4))
def test_any_text_renders_as_itself(paragraphs):
    assert _shown(paragraphs) == paragraphs


def test_markdown_doc_keeps_meta():
    doc = to_markdown(Article("a.txt", Meta(title="t"), ("One.", "Two.")))
    assert doc == MarkdownDoc("a.txt", Meta(title="t"), "One.\n\nTwo.")
