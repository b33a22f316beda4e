"""The Markdown guard: ordinary Markdown passes untouched, hostile Markdown keeps its text."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import broadsheet.render
from broadsheet.clean import load_rules
from broadsheet.markdown_guard import LIMITS, clamp_nesting, guard
from broadsheet.model import MarkdownDoc, Meta, Rejected, RenderedArticle
from broadsheet.process import process
from broadsheet.read import discover
from broadsheet.render import render
from tests.conftest import SAMPLE_CONTENT
from tests.hostile.pathological import MARKDOWN


def _rendered(source: str) -> RenderedArticle:
    result = render(MarkdownDoc("a.md", Meta(title="t"), source))
    assert isinstance(result, RenderedArticle), result
    return result


def _words(source: str) -> str:
    return " ".join(_rendered(source).text.split())


def _characters(source: str) -> str:
    """What a reader sees, but for white space (the guard may part a paragraph)."""
    return "".join(_rendered(source).text.split())


@pytest.fixture
def unguarded(monkeypatch):
    """Render as plain Python-Markdown would, without the guard."""
    monkeypatch.setattr(broadsheet.render, "guard", lambda source: source)


def test_sample_content_reaches_python_markdown_unchanged(monkeypatch):
    seen: list[str] = []

    def recording_guard(source: str) -> str:
        seen.append(source)
        return guard(source)

    monkeypatch.setattr(broadsheet.render, "guard", recording_guard)
    rules = load_rules()
    built = 0
    sources = discover(SAMPLE_CONTENT).sources
    for source in sources:
        sidecar = Path(source.sidecar).read_bytes() if source.sidecar else None
        built += sum(not isinstance(result, Rejected) for result in process(source, Path(source.path).read_bytes(), sidecar, rules).results)
    # Cleaned text is rendered without Markdown (render_plain.py); written Markdown goes through the guard.
    markdown_sources = [source for source in sources if source.rel.endswith(".md")]
    assert built >= 15 and len(seen) >= len(markdown_sources) > 0
    assert [guard(source) for source in seen] == seen


def test_sample_content_renders_byte_for_byte_as_unguarded(monkeypatch):
    rules = load_rules()
    sources = discover(SAMPLE_CONTENT).sources

    def build_all():
        return [process(source, Path(source.path).read_bytes(), Path(source.sidecar).read_bytes() if source.sidecar else None, rules) for source in sources]

    guarded = build_all()
    monkeypatch.setattr(broadsheet.render, "guard", lambda source: source)
    assert build_all() == guarded


# Ordinary Markdown, as people write articles: prose with a little of every syntax.
_TOKENS = st.sampled_from(
    [
        "council", "voted", "9-4", "U.S.", "e.g.", "said:", "(aside)", "x < y", "a<b", "<5%", "a > b", "AT&T", "&amp;", "&copy;",
        "*emphasis*", "**strong**", "_under_", "snake_case", "5*3", "`code`", "``a ` b``", "[sic]", "[1]", "[",
        "]", "[a link](https://example.org/a)", '[titled](https://example.org/b "Title")', "![photo](https://example.org/p.jpg)",
        "[ref][r]", "<https://example.org>", "<b>bold</b>", "<i>it</i>", "<br>", "back\\\\slash", "\\*", "!", "#tag",
    ]
)  # fmt: skip
_LINE = st.lists(_TOKENS, min_size=1, max_size=10).map(" ".join)
_PARAGRAPH = st.lists(_LINE, min_size=1, max_size=3).map("\n".join)
_BLOCK = st.one_of(
    _PARAGRAPH,
    _LINE.map(lambda line: "## " + line),
    _LINE.map(lambda line: line + "\n---"),
    st.lists(_LINE, min_size=1, max_size=3).map(lambda lines: "\n".join("- " + line for line in lines)),
    st.lists(_LINE, min_size=1, max_size=3).map(lambda lines: "\n".join(f"{n}. {line}" for n, line in enumerate(lines, 1))),
    st.lists(_LINE, min_size=1, max_size=3).map(lambda lines: "\n".join("> " + line for line in lines)),
    _LINE.map(lambda line: "```\n" + line + "\n[[[ <div\n```"),
    _LINE.map(lambda line: "    " + line),
    _LINE.map(lambda line: "<div>" + line + "</div>"),
    st.just("| a | b |\n| - | - |\n| 1 | 2 |"),
    st.just("[r]: https://example.org/r"),
)
_DOCUMENT = st.lists(_BLOCK, min_size=1, max_size=8).map("\n\n".join)


@settings(max_examples=300, deadline=None)
@given(_DOCUMENT)
def test_ordinary_markdown_renders_byte_for_byte_as_unguarded(source):
    python_markdown = broadsheet.render._MARKDOWN
    assert python_markdown.reset().convert(guard(source)) == python_markdown.reset().convert(source)


# Hostile inputs whose characters the guard must keep exactly as plain
# Python-Markdown shows them, each at a size where the guard acts and
# Python-Markdown alone still renders in time.
_SAME_WORDS = {
    "unclosed `[`": 3_000, "unclosed `[a `": 3_000, "unclosed image `![`": 3_000, "unclosed link `[a](`": 3_000,
    "unclosed link `[a](<`": 3_000, "nested brackets `[[[x]]]`": 3_000, "setext headings": 3_000,
    "rules and headings": 3_000, "ATX headings": 3_000, "tilde fences": 3_000, "backtick runs growing": 6_000,
    "links `[a](b)`": 20_000, "emphasis `*a`": 20_000, "strong `**a`": 20_000, "entities `&#`": 20_000,
    "ampersands `& `": 20_000,
}  # fmt: skip


@pytest.mark.parametrize("name", list(_SAME_WORDS))
def test_hostile_markdown_shows_what_python_markdown_shows(name, monkeypatch):
    source = MARKDOWN[name](_SAME_WORDS[name])
    assert guard(source) != source, "the case is big enough for the guard to act"
    guarded = _characters(source)
    monkeypatch.setattr(broadsheet.render, "guard", lambda text: text)
    assert guarded == _characters(source)


def test_stray_brackets_show_as_themselves_and_links_still_work():
    source = "[" * 100 + " text [a link](https://example.org/) [sic] ![" * 3
    html = _rendered(source).html
    assert '<a href="https://example.org/" rel="noopener noreferrer nofollow ugc">a link</a>' in html
    assert _rendered(source).text.startswith("[" * 100 + " text a link [sic] ![")


def test_a_few_stray_brackets_are_left_as_written():
    source = "[" * LIMITS.stray_brackets + " and [a](https://example.org/)"
    assert guard(source) == source


def test_stray_angles_show_as_themselves_and_tags_still_work():
    source = "<a " * 100 + "then <b>bold</b> and <https://example.org/x>"
    result = _rendered(source)
    assert result.text == "<a " * 99 + "<a then bold and https://example.org/x"
    assert "<b>bold</b>" in result.html and 'href="https://example.org/x"' in result.html


def test_fenced_code_is_never_rewritten():
    code = "```\n" + "[" * 200 + "\n" + "<a " * 200 + "\n" + "# h\n" * 200 + "```"
    source = "Before.\n\n" + code + "\n\nAfter."
    assert guard(source) == source
    assert "[" * 200 in _rendered(source).text


def test_unclosed_fences_show_as_written():
    source = "```a\n" * 40 + "~~~b\n" * 40 + "\n````\ncode\n````"
    assert guard(source) != source
    result = _rendered(source)
    assert _characters(source) == "```a" * 40 + "~~~b" * 40 + "code"
    assert "<pre><code>code\n</code></pre>" in result.html


def test_many_fenced_blocks_show_as_python_markdown_shows_them(monkeypatch):
    source = "".join(f"```py\nx = {i} < 3 & y\n\n  z\n```\n\ntext {i}\n\n" for i in range(LIMITS.fenced_blocks + 1))
    assert guard(source) != source
    guarded = _rendered(source).html.replace("</pre>\n\n", "</pre>\n")  # only the space between blocks differs
    monkeypatch.setattr(broadsheet.render, "guard", lambda text: text)
    assert guarded == _rendered(source).html
    assert "<pre><code>x = 0 &lt; 3 &amp; y\n\n  z\n</code></pre>" in guarded


def test_a_few_unclosed_fences_are_left_as_written():
    source = "```a\n" * LIMITS.open_fences
    assert guard(source) == source


def test_busy_paragraphs_are_cut_between_words():
    source = " ".join(f"*w{i}*" for i in range(3_000))
    guarded = guard(source)
    assert guarded != source and all(len(part) <= LIMITS.paragraph_chars for part in guarded.split("\n\n"))
    assert _words(source) == " ".join(f"w{i}" for i in range(3_000))


def test_a_run_of_backslashes_is_cut_between_pairs():
    source = "\\" * 40_000
    assert guard(source) != source
    assert _characters(source) == "\\" * 20_000


def test_nesting_is_clamped_and_the_text_kept():
    assert clamp_nesting("> " * 40 + "deep") == "> " * LIMITS.nesting + "deep"
    assert clamp_nesting(" " * 200 + "- deep") == " " * (LIMITS.nesting * LIMITS.tab_stop) + "- deep"
    shallow = "> > - one\n    - two"
    assert clamp_nesting(shallow) == shallow


@pytest.mark.parametrize("tag", ["div", "p", "table", "math", "details"])
def test_a_block_tag_never_closed_does_not_swallow_the_article(tag):
    result = _rendered(f"Intro.\n\n<{tag}>\n\nThe rest of the *article*.")
    assert "The rest of the <em>article</em>." in result.html


def test_closed_block_tags_are_raw_html_as_before(unguarded):
    source = "Intro.\n\n<div><div>inner</div>\n<p>para</p>\n</div>\n\nAfter *this*."
    assert guard(source) == source
    assert "After <em>this</em>." in _rendered(source).html
