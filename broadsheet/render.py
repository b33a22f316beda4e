"""`MarkdownDoc` → `RenderedArticle`: CommonMark (markdown-it-py), then an allow-list sanitiser.

Markdown from `.md` files may carry raw HTML, and every byte of it is
untrusted: nh3 (Rust's ammonia) keeps only the tags and attributes below and
only http(s)/mailto links, so no input can run script in a reader's browser.
Images are not on the list: every one would be a request leaving the site.

The parser is markdown-it-py because untrusted Markdown must render in time
linear in its length. Python-Markdown, measured on the same inputs, took
215 s for 150 KB of unclosed `<a `, 40 s for 24 KB of unclosed `[`, 17 s
for 48 KB of setext headings and 28 s for 200,000 short paragraphs
(`bench/pathological.py` has the figures for this one).
"""

from __future__ import annotations

import html
import re

import nh3
from markdown_it import MarkdownIt
from markdown_it.token import Token

from broadsheet.model import MarkdownDoc, RenderedArticle, Rejected
from broadsheet.rawhtml import closing_tags, limit_depth, show_unclosed

ALLOWED_TAGS = frozenset(
    {
        "p", "br", "hr", "h2", "h3", "h4", "h5", "h6",
        "a", "em", "strong", "b", "i", "u", "s", "del", "ins", "sub", "sup", "mark", "small",
        "blockquote", "q", "cite", "ul", "ol", "li", "dl", "dt", "dd",
        "pre", "code", "kbd", "samp", "var", "abbr",
        "table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption", "figure", "figcaption",
    }
)  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "ol": {"start"},
    "th": {"colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
}
URL_SCHEMES = frozenset({"http", "https", "mailto"})
LINK_REL = "noopener noreferrer nofollow ugc"
# markdown-it drops whatever lies deeper than its nesting limit, so quote and
# list markers past MAX_NESTING are removed first (the text stays) and the
# block parser's own limit sits well above what that leaves (a list level is
# two of its levels). Inline, each unclosed `[` costs time in proportion to
# the limit, so it stays at CommonMark's 20 (links inside emphasis inside...).
MAX_NESTING = 16
BLOCK_NESTING = 100
INLINE_NESTING = 20
_CONTAINER_MARK = r"(?>[ \t]{0,3}(?:>[ \t]?|(?:[-*+]|\d{1,9}[.)])[ \t]+))"
_DEEP_CONTAINERS = re.compile(r"^(%s{%d})%s+" % (_CONTAINER_MARK, MAX_NESTING, _CONTAINER_MARK), re.M)
# Leading white space, also after quote markers (`>        - item` nests lists inside a quote).
_INDENT = re.compile(r"^((?>[ \t]{0,3}>)*)([ \t]+)", re.M)
_TAB_STOP = 4
_HEADING_TOKENS = ("heading_open", "heading_close")
# HTML blocks that CommonMark ends only at their closing tag (kinds 1 and 2; `<pre>` stays visible).
_OPENS_BLOCK = re.compile(r"<(?:(script|style|textarea)(?=[\s>]|$)|!--)", re.I)
_BLOCK_CLOSER = {"script": "</script>", "style": "</style>", "textarea": "</textarea>", "": "-->"}
MAX_OPEN_BLOCK_REPAIRS = 8
TEXT_NODE_CHARS = 4096
_BLOCK_TAG = re.compile(r"</?(?:p|br|hr|h[1-6]|li|dt|dd|blockquote|pre|tr|table|figure|figcaption|caption)\b[^>]*>", re.I)
_ANY_TAG = re.compile(r"<[^>]*>")
WORDS_PER_MINUTE = 230

PARSER_OPTIONS = {"html": True, "maxNesting": BLOCK_NESTING}


def _new_parser() -> MarkdownIt:
    parser = MarkdownIt("commonmark", PARSER_OPTIONS).enable("table")
    # One nesting limit serves both passes in markdown-it; they need different ones.
    parser.core.ruler.before("block", "block_nesting", lambda state: _limit_nesting(state, BLOCK_NESTING))
    parser.core.ruler.before("inline", "inline_nesting", lambda state: _limit_nesting(state, INLINE_NESTING))
    return parser


def _limit_nesting(state, levels: int) -> None:
    state.md.options["maxNesting"] = levels


# One parser per process: building one costs more than converting an article.
_MARKDOWN = _new_parser()


def render(doc: MarkdownDoc) -> RenderedArticle | Rejected:
    """Markdown to sanitised HTML, with its visible text and word count."""
    try:
        tokens = _parse_without_open_blocks(clamp_nesting(doc.markdown))
        _close_raw_html(tokens)
        _split_long_text(tokens)
        _demote_headings(tokens)
        raw_html = _MARKDOWN.renderer.render(tokens, _MARKDOWN.options, {})
    except RecursionError:
        return Rejected(doc.origin, "Markdown nested too deeply to render")
    safe_html = sanitize(limit_depth(show_unclosed(raw_html)))
    text = visible_text(safe_html)
    if not text:
        return Rejected(doc.origin, "no visible article text after rendering")
    return RenderedArticle(doc.origin, doc.meta, safe_html, text, len(text.split()))


def _parse_without_open_blocks(source: str) -> list:
    """Tokens of `source`, where a raw `<script>`, `<style>`, `<textarea>` or `<!--`
    block that is never closed is text instead of the rest of the document.

    CommonMark runs such a block to the end of the document (or of its
    quote), so everything after it would vanish with the sanitised element.
    Each repair costs a parse; past MAX_OPEN_BLOCK_REPAIRS the rest stays raw
    HTML, which `show_unclosed` still turns into visible text.
    """
    for _ in range(MAX_OPEN_BLOCK_REPAIRS):
        tokens = _MARKDOWN.parse(source)
        line = _first_open_block(tokens)
        if line is None:
            return tokens
        lines = source.split("\n")
        lines[line] = _OPENS_BLOCK.sub(r"\\\g<0>", lines[line], count=1)  # `\<script>`: a literal `<`
        source = "\n".join(lines)
    return _MARKDOWN.parse(source)


def _first_open_block(tokens: list) -> int | None:
    for token in tokens:
        if token.type == "html_block" and token.map:
            opener = _OPENS_BLOCK.match(token.content.lstrip(" "))
            if opener and _BLOCK_CLOSER[(opener.group(1) or "").lower()] not in token.content.lower():
                return token.map[0]
    return None


def clamp_nesting(source: str) -> str:
    """Markdown nested no deeper than MAX_NESTING quote or list levels on any line."""
    return _INDENT.sub(_clamp_indent, _DEEP_CONTAINERS.sub(r"\1", source))


def _clamp_indent(match: re.Match[str]) -> str:
    quotes, space = match.groups()
    limit = MAX_NESTING * _TAB_STOP
    return match.group() if len(space.expandtabs(_TAB_STOP)) <= limit else quotes + " " * limit


def _close_raw_html(tokens: list) -> None:
    """Close what raw HTML leaves open at the end of its block or paragraph (`rawhtml.closing_tags`)."""
    for token in tokens:
        if token.type == "html_block":
            token.content += closing_tags(token.content)
        elif token.type == "inline" and token.children:
            raw = "".join(child.content for child in token.children if child.type == "html_inline")
            if raw and (closing := closing_tags(raw)):
                end = Token("html_inline", "", 0)
                end.content = closing
                token.children.append(end)


def _split_long_text(tokens: list) -> None:
    """Long runs of text become several text nodes, parted by empty comments the sanitiser drops.

    nh3 writes out a text node in time that grows with the square of its
    `&`s (a 1 MB paragraph of them: 15 s); in pieces of TEXT_NODE_CHARS it
    is linear, and what a reader sees is the same.
    """
    for token in tokens:
        if token.type != "inline" or not token.children:
            continue
        children = []
        for child in token.children:
            if child.type != "text" or len(child.content) <= TEXT_NODE_CHARS:
                children.append(child)
                continue
            for start in range(0, len(child.content), TEXT_NODE_CHARS):
                piece = Token("text", "", 0)
                piece.content = child.content[start : start + TEXT_NODE_CHARS]
                separator = Token("html_inline", "", 0)
                separator.content = "<!---->"
                children += [separator, piece] if start else [piece]
        token.children = children


def _demote_headings(tokens: list) -> None:
    """The page's `<h1>` is the headline: a body using `#` moves down one level."""
    if not any(token.type == "heading_open" and token.tag == "h1" for token in tokens):
        return
    for token in tokens:
        if token.type in _HEADING_TOKENS:
            token.tag = f"h{min(int(token.tag[1]) + 1, 6)}"


def sanitize(fragment: str) -> str:
    return nh3.clean(
        fragment,
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel=LINK_REL,
        # A relative link in scraped text points into the original site, not
        # this one (and `//host/x` leaves it): only absolute links stay links.
        url_relative="deny",
        strip_comments=True,
    ).strip()


def visible_text(fragment: str) -> str:
    """The text a reader sees, one line per block."""
    with_breaks = _BLOCK_TAG.sub("\n", fragment)
    lines = (" ".join(html.unescape(line).split()) for line in _ANY_TAG.sub("", with_breaks).split("\n"))
    return "\n".join(line for line in lines if line)


def reading_minutes(words: int) -> int:
    return max(1, round(words / WORDS_PER_MINUTE))
