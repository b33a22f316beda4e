"""`MarkdownDoc` → `RenderedArticle`: Python-Markdown, then an allow-list sanitiser.

Markdown from `.md` files may carry raw HTML, and every byte of it is
untrusted: nh3 (Rust's ammonia) keeps only the tags and attributes below and
only http(s)/mailto links, so no input can run script in a reader's browser.
Images are not on the list: every one would be a request leaving the site.

Python-Markdown has slow paths that hostile Markdown reaches with a few
kilobytes (deep nesting, unclosed brackets and tags); `markdown_guard`
rewrites the source first so they cannot be reached, leaving ordinary
Markdown exactly as it was.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as etree

import markdown
import nh3
from markdown.treeprocessors import Treeprocessor
from markdown.util import HTML_PLACEHOLDER_RE

from broadsheet.markdown_guard import guard
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
EXTENSIONS = ("tables", "fenced_code", "sane_lists")
TEXT_NODE_CHARS = 4096
# An empty comment parts one text node from the next; the sanitiser drops it.
_TEXT_NODE_BREAK = "<!---->"
_LONG_TEXT = re.compile(r"[^\x02\x03]{%d}" % TEXT_NODE_CHARS)
_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
_BLOCK_TAG = re.compile(r"</?(?:p|br|hr|h[1-6]|li|dt|dd|blockquote|pre|tr|table|figure|figcaption|caption)\b[^>]*>", re.I)
_ANY_TAG = re.compile(r"<[^>]*>")
WORDS_PER_MINUTE = 230


class _CloseRawHtml(Treeprocessor):
    """Close what raw HTML leaves open where its block ends (`rawhtml.closing_tags`).

    Markup left open in one paragraph or block of raw HTML (`<math><mtext>
    <table>`, a parser-confusion trick) would otherwise pull the rest of the
    article into itself, where the sanitiser drops it. Raw HTML sits in the
    tree as stash placeholders; descendants come before their ancestors, so
    an element closed inside is balanced by the time its parent is looked at.
    """

    def run(self, root: etree.Element) -> None:
        stash = self.md.htmlStash
        for element in reversed(list(root.iter())):
            text = element.text or ""
            if len(element) == 0 and not HTML_PLACEHOLDER_RE.search(text):
                continue
            keys = [int(key) for key in HTML_PLACEHOLDER_RE.findall("".join(element.itertext()))]
            if not keys or not (closing := closing_tags("".join(str(stash.rawHtmlBlocks[key]) for key in keys))):
                continue
            if HTML_PLACEHOLDER_RE.fullmatch(text) and len(element) == 0:
                stash.rawHtmlBlocks[keys[0]] = str(stash.rawHtmlBlocks[keys[0]]) + closing  # a block of raw HTML
            elif len(element):
                element[-1].tail = (element[-1].tail or "") + stash.store(closing)
            else:
                element.text = text + stash.store(closing)


class _SplitLongText(Treeprocessor):
    """Long runs of text become several text nodes, parted by empty comments the sanitiser drops.

    nh3 writes out a text node in time that grows with the square of its
    `&`s (a 1 MB paragraph of them: 15 s); in pieces of TEXT_NODE_CHARS it
    is linear, and what a reader sees is the same. Placeholders (`\\x02...\\x03`)
    are never cut.
    """

    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            if element.text and len(element.text) > TEXT_NODE_CHARS:
                element.text = self._split(element.text)
            if element.tail and len(element.tail) > TEXT_NODE_CHARS:
                element.tail = self._split(element.tail)

    def _split(self, text: str) -> str:
        separator = self.md.htmlStash.store(_TEXT_NODE_BREAK)
        return _LONG_TEXT.sub(lambda match: match.group() + separator, text)


class _DemoteHeadings(Treeprocessor):
    """The page's `<h1>` is the headline: a body using `#` moves down one level."""

    def run(self, root: etree.Element) -> None:
        headings = [element for element in root.iter() if element.tag in _HEADINGS]
        if not any(element.tag == "h1" for element in headings):
            return
        for element in headings:
            element.tag = f"h{min(int(element.tag[1]) + 1, 6)}"


class _BlockQueue:
    """The blocks of a chunk of Markdown, cheap to take from and put back at the front.

    Python-Markdown's block parser keeps them in a list and calls `pop(0)`
    and `insert(0, ...)` once per block, so 333,000 one-line paragraphs
    (1 MB) took 55 s. Its block processors use only what is defined here;
    anything else fails loudly instead of reading the blocks out of order.
    """

    def __init__(self, blocks: list[str]) -> None:
        self._reversed = blocks[::-1]

    def __len__(self) -> int:
        return len(self._reversed)

    def __getitem__(self, index: int) -> str:
        if index != 0:
            raise IndexError("only the first block can be read")
        return self._reversed[-1]

    def pop(self, index: int) -> str:
        if index != 0:
            raise IndexError("only the first block can be taken")
        return self._reversed.pop()

    def insert(self, index: int, block: str) -> None:
        if index != 0:
            raise IndexError("a block can only be put back first")
        self._reversed.append(block)


def _new_markdown() -> markdown.Markdown:
    md = markdown.Markdown(extensions=list(EXTENSIONS), output_format="html")
    parser = md.parser
    parser.parseChunk = lambda parent, text: parser.parseBlocks(parent, _BlockQueue(text.split("\n\n")))
    # After inline parsing (20), which stashes raw HTML; before unescaping (0).
    md.treeprocessors.register(_CloseRawHtml(md), "close_raw_html", 16)
    md.treeprocessors.register(_SplitLongText(md), "split_long_text", 15)
    md.treeprocessors.register(_DemoteHeadings(md), "demote_headings", 0)
    return md


# One converter per process, reset between documents: building one costs
# more than converting an article.
_MARKDOWN = _new_markdown()


def render(doc: MarkdownDoc) -> RenderedArticle | Rejected:
    """Markdown to sanitised HTML, with its visible text and word count."""
    try:
        raw_html = _MARKDOWN.reset().convert(guard(doc.markdown))
    except RecursionError:
        return Rejected(doc.origin, "Markdown nested too deeply to render")
    safe_html = sanitize(limit_depth(show_unclosed(raw_html)))
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
