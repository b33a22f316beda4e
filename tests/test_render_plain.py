"""The direct route from cleaned paragraphs to HTML gives what the Markdown route gives."""

from hypothesis import example, given, settings
from hypothesis import strategies as st

from broadsheet.convert import to_markdown
from broadsheet.model import Article, Meta, Rejected
from broadsheet.render import render
from broadsheet.render_plain import render_paragraphs

# Every kind of character, weighted towards what Markdown reads as syntax.
SYNTAX = "\\`*_[]{}()#+-.!|<>&;:~=\"' \t\n\r\x00\x02\x03\x0b\x0c\xa0\u2028\ufeff"
# Surrogates never leave the decoder (read/decode.py), so they are not text here.
TEXT = st.text(alphabet=st.one_of(st.sampled_from(SYNTAX), st.characters(blacklist_categories=("Cs",))), max_size=60)


def _both(paragraphs):
    article = Article("a.txt", Meta(title="T"), tuple(paragraphs))
    via_markdown = render(to_markdown(article))
    direct = render_paragraphs(article)
    return via_markdown, direct


@settings(max_examples=600, deadline=None)
@given(st.lists(TEXT, min_size=1, max_size=4))
@example(["a \x02 b", "x \x03", "\x02 \x03"])
@example(["\x02 \x03", "x"])
@example(["\x03>0", "\x02# not a heading", "&#0 &#x41 &#X4a"])
@example(["1986. A year", "* star", "    indented", "&copy; &#169;", "<http://x>", "# heading", "> quote", "~~~"])
@example(["line one\nline two", "tab\tand\u00a0space", "trailing  "])
def test_direct_html_equals_the_markdown_route(paragraphs):
    via_markdown, direct = _both([p for p in paragraphs if p.strip()])
    if isinstance(via_markdown, Rejected):
        assert isinstance(direct, Rejected) and direct.reason == via_markdown.reason
    else:
        assert direct == via_markdown


def test_a_real_paragraph_stays_text():
    _, direct = _both(["Prices rose 5% in Q1 <2024> & *more* [here](http://x)."])
    assert direct.html == "<p>Prices rose 5% in Q1 &lt;2024&gt; &amp; *more* [here](http://x).</p>"
