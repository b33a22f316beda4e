"""Rendering: Markdown becomes HTML, and nothing in it can run or load."""

import pytest

from broadsheet.model import MarkdownDoc, Meta, Rejected
from broadsheet.render import reading_minutes, render


def _html(markdown):
    result = render(MarkdownDoc("a.md", Meta(title="t"), markdown))
    assert not isinstance(result, Rejected), result
    return result.html


@pytest.mark.parametrize(
    "attack",
    [
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(1)">',
        '<a href="javascript:alert(1)">x</a>',
        "[x](javascript:alert(1))",
        '<svg onload="alert(1)"></svg>',
        '<iframe src="https://evil.example"></iframe>',
        '<p style="background:url(javascript:alert(1))">x</p>',
        '<a href="data:text/html,<script>alert(1)</script>">x</a>',
        "![x](https://tracker.example/pixel.gif)",
        '<object data="x.swf"></object><embed src="x">',
        '<form action="https://evil.example"><input></form>',
        '<base href="https://evil.example/">',
        '<meta http-equiv="refresh" content="0;url=https://evil.example">',
        '<link rel="stylesheet" href="https://evil.example/x.css">',
    ],
)
def test_nothing_runs_or_loads(attack):
    html = _html(f"Text before.\n\n{attack}\n\nText after.").lower()
    for needle in ("<script", "onerror", "onload", "javascript:", "<iframe", "style=", "data:", "<img", "<object", "<embed", "<form", "<base", "<meta", "<link"):
        assert needle not in html


def test_markdown_features_and_link_hardening():
    html = _html("# Heading\n\nSome *em* and [a link](https://example.org).\n\n> quote\n\n- one\n- two")
    assert "<h2>Heading</h2>" in html  # the page's own h1 is the headline
    assert '<a href="https://example.org" rel="noopener noreferrer nofollow ugc">a link</a>' in html
    assert "<blockquote>" in html and "<li>two</li>" in html


def test_pathological_nesting_renders_without_recursion_error():
    result = render(MarkdownDoc("a.md", Meta(title="t"), ">" * 5000 + " deep\n\n" + "\n".join("    " * i + "- x" for i in range(400))))
    assert not isinstance(result, Rejected)
    assert "deep" in result.text


def test_reading_time():
    assert reading_minutes(0) == 1
    assert reading_minutes(1150) == 5
