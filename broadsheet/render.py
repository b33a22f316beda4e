"""`MarkdownDoc` → `RenderedArticle`: Python-Markdown, then an allow-list sanitiser.

Markdown from `.md` files may carry raw HTML, and every byte of it is
untrusted: nh3 (Rust's ammonia) keeps only the tags and attributes below and
only http(s)/mailto links, so no input can run script in a reader's browser.
Images are not on the list: every one would be a request leaving the site.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as etree

import markdown
import nh3
from markdown.treeprocessors import Treeprocessor

from broadsheet.model import MarkdownDoc, RenderedArticle, Rejected

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
EXTENSIONS = ("tables", "fenced_code", "sane_lists")
# Python-Markdown recurses per nesting level; deeper than this is not an
# article but an attack on the parser, so the extra markers are dropped.
MAX_NESTING = 16
_DEEP_QUOTE = re.compile(r"^((?:[ \t]{0,3}>[ \t]?){%d})(?:[ \t]{0,3}>[ \t]?)+" % MAX_NESTING, re.M)
_DEEP_INDENT = re.compile(r"^[ \t]{%d,}" % (MAX_NESTING * 4), re.M)
_BLOCK_TAG = re.compile(r"</?(?:p|br|hr|h[1-6]|li|dt|dd|blockquote|pre|tr|table|figure|figcaption|caption)\b[^>]*>", re.I)
_ANY_TAG = re.compile(r"<[^>]*>")
WORDS_PER_MINUTE = 230


class _DemoteHeadings(Treeprocessor):
    """The page's `<h1>` is the headline: a body starting at `#` moves down one level."""

    def run(self, root: etree.Element) -> None:
        headings = [element for element in root.iter() if element.tag in ("h1", "h2", "h3", "h4", "h5", "h6")]
        if not any(element.tag == "h1" for element in headings):
            return
        for element in headings:
            element.tag = f"h{min(int(element.tag[1]) + 1, 6)}"


def _new_markdown() -> markdown.Markdown:
    md = markdown.Markdown(extensions=list(EXTENSIONS), output_format="html")
    md.treeprocessors.register(_DemoteHeadings(md), "demote_headings", 0)
    return md


# One converter per process: building one costs more than converting an article.
_MARKDOWN = _new_markdown()


def render(doc: MarkdownDoc) -> RenderedArticle | Rejected:
    """Markdown to sanitised HTML, with its visible text and word count."""
    source = _DEEP_INDENT.sub(" " * (MAX_NESTING * 4), _DEEP_QUOTE.sub(r"\1", doc.markdown))
    try:
        raw_html = _MARKDOWN.reset().convert(source)
    except RecursionError:
        return Rejected(doc.origin, "Markdown nested too deeply to render")
    safe_html = sanitize(raw_html)
    text = visible_text(safe_html)
    if not text:
        return Rejected(doc.origin, "no visible article text after rendering")
    return RenderedArticle(doc.origin, doc.meta, safe_html, text, len(text.split()))


def sanitize(fragment: str) -> str:
    return nh3.clean(
        fragment,
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel=LINK_REL,
        strip_comments=True,
    ).strip()


def visible_text(fragment: str) -> str:
    """The text a reader sees, one line per block."""
    with_breaks = _BLOCK_TAG.sub("\n", fragment)
    lines = (" ".join(html.unescape(line).split()) for line in _ANY_TAG.sub("", with_breaks).split("\n"))
    return "\n".join(line for line in lines if line)


def reading_minutes(words: int) -> int:
    return max(1, round(words / WORDS_PER_MINUTE))
