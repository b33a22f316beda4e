"""Rendering: Markdown becomes HTML, and nothing in it can run or load."""

import pytest

from broadsheet.model import MarkdownDoc, Meta, Rejected
from broadsheet.render import ALLOWED_TAGS, reading_minutes, render
from tests.hostile.safety import markup_problems


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
        # Scheme tricks: entities, tabs and newlines, case, leading space.
        '<a href="jav&#x09;ascript:alert(1)">x</a>',
        '<a href="&#106;avascript:alert(1)">x</a>',
        '<a href=" JaVaScRiPt:alert(1)">x</a>',
        '<a href="vbscript:msgbox(1)">x</a>',
        '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
        "[x](<javascript:alert(1)>)",
        "[x](java\nscript:alert(1))",
        "[x][r]\n\n[r]: javascript:alert(1)",
        "<javascript:alert(1)>",
        "![x](javascript:alert(1))",
        '<a href="//evil.example/x">protocol-relative</a>',
        '<a href="../../../../etc/passwd">out of the site</a>',
        # Parser differentials (mutation XSS) and elements that run without <script>.
        "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
        '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
        "<!--><img src=x onerror=alert(1)>-->",
        "<svg><script>alert(1)</script></svg>",
        "<details open ontoggle=alert(1)>x</details>",
        "<input autofocus onfocus=alert(1)>",
        "<video><source onerror=alert(1)></video>",
        '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
        "<template><script>alert(1)</script></template>",
        "<xss onpointerover=alert(1)>hover</xss>",
        "<form><button formaction=javascript:alert(1)>x</button></form>",
        # CSS: expressions, imports, url() loads.
        '<div style="width: expression(alert(1))">x</div>',
        "<style>@import 'https://evil.example/x.css'; body{background:url(https://evil.example/p.gif)}</style>",
        '<a href="https://ok.example" style="position:fixed;inset:0">overlay</a>',
    ],
)
def test_nothing_runs_or_loads(attack):
    html = _html(f"Text before.\n\n{attack}\n\nText after.")
    assert markup_problems(html, allowed_tags=ALLOWED_TAGS) == []
    assert "Text before." in html and "Text after." in html, "an attack never takes the article's text with it"


@pytest.mark.parametrize("tag", ["script", "style", "title", "textarea", "xmp", "iframe", "noembed", "noframes", "noscript", "template", "plaintext", "!--"])
def test_a_tag_left_open_does_not_swallow_the_rest_of_the_article(tag):
    opener = "<!--" if tag == "!--" else f"<{tag}>"  # `<!-->` is a whole (empty) comment
    html = _html(f"A {opener} mentioned in passing.\n\n{opener}\n\n> {opener}\n> quoted\n\nThe rest of the *article*.")
    shown = opener.replace("<", "&lt;").replace(">", "&gt;")
    assert f"{shown} mentioned in passing." in html and "quoted" in html and "The rest of the <em>article</em>." in html


def test_closed_script_and_style_disappear_with_their_content():
    html = _html("Before <script>alert(1)</script> <style>p{}</style> after.")
    assert markup_problems(html, allowed_tags=ALLOWED_TAGS) == [] and "alert" not in html and "Before" in html and "after." in html


def test_the_checker_finds_what_it_looks_for():
    """The safety check above is only worth something if it fails on unsafe markup."""
    for unsafe in (
        "<script>alert(1)</script>", '<img src="x" onerror="alert(1)">', '<a href="javascript:alert(1)">x</a>',
        '<a href=" jav\tascript:x">x</a>', '<p style="color:red">x</p>', '<a href="//evil.example">x</a>', "<iframe></iframe>",
        '<svg onload="x"></svg>', '<a href="data:text/html,x">x</a>',
    ):  # fmt: skip
        assert markup_problems(unsafe, allowed_tags=ALLOWED_TAGS), unsafe
    assert markup_problems("<p>&lt;script&gt;alert(1) and javascript:alert(1)</p>", allowed_tags=ALLOWED_TAGS) == []


def test_jinja_syntax_in_markdown_is_text():
    html = _html("{{ 7*7 }} {% include 'base.html' %} {# c #}")
    assert "{{ 7*7 }} {% include 'base.html' %} {# c #}" in html and "49" not in html


def test_relative_links_stop_being_links_but_keep_their_text():
    html = _html("[ours](../feed.xml) and [theirs](https://example.org/a)")
    assert '<a rel="noopener noreferrer nofollow ugc">ours</a>' in html
    assert 'href="https://example.org/a"' in html


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
