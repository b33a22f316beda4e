"""A saved page's visible text as blocks, each with what the DOM says about it.

A block is the text of one block-level element (a paragraph, a heading, a
list item, a table row, a `<div>` holding text directly), as a browser lays
it out: inline elements run together, `<br>` starts a new block. Scripts,
styles, forms and hidden elements are not visible text and are skipped.
Each block keeps its element, so the extractor can ask which container it
sits in, how much of it is link text, and what its ancestors are called.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import lxml.etree
import lxml.html

# Elements whose content is never visible article text.
_INVISIBLE_TAGS = frozenset(
    "script style noscript template svg math iframe object embed canvas audio video source track "
    "select option textarea input button head title meta link base map area dialog".split()
)
# Elements that start a new block of text.
_BLOCK_TAGS = frozenset(
    "address article aside blockquote body caption center dd details dialog dir div dl dt fieldset "
    "figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr html legend li main menu nav ol p pre "
    "section summary table tbody thead tfoot tr ul".split()
)
# Table cells stay on their row's line, separated by a space.
_CELL_TAGS = frozenset(("td", "th"))
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
# The class names CSS frameworks use for "not displayed" (Bootstrap,
# Foundation, WordPress, Tailwind): without the stylesheet, the class is all
# that says so.
_HIDDEN_CLASSES = frozenset(("hidden", "d-none", "hide", "is-hidden", "sr-only", "visually-hidden", "screen-reader-text"))
_SPACE = re.compile(r"\s+")
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
MAX_HTML_CHARS = 20_000_000  # beyond this a "page" is not a page; the tail is not read


@dataclass(frozen=True, slots=True, eq=False)
class Block:
    text: str  # visible text, runs of whitespace as single spaces
    element: lxml.etree._Element  # the block-level element holding the text
    link_chars: int  # characters of the text inside links

    @property
    def link_density(self) -> float:
        return self.link_chars / len(self.text) if self.text else 0.0


def parse_html(html: str) -> lxml.etree._Element | None:
    """The page's root element, or None when nothing can be parsed."""
    html = _XML_DECLARATION.sub("", html[:MAX_HTML_CHARS], count=1)
    if not html.strip():
        return None
    parser = lxml.html.HTMLParser(remove_comments=True, remove_pis=True, huge_tree=False)
    try:
        root = lxml.html.document_fromstring(html, parser=parser)
    except (lxml.etree.ParserError, ValueError, lxml.etree.XMLSyntaxError):
        return None
    return root


def visible_blocks(root: lxml.etree._Element) -> list[Block]:
    """Every block of visible text in document order."""
    blocks: list[Block] = []
    parts: list[str] = []
    link_chars = 0
    open_blocks: list[lxml.etree._Element] = [root]
    link_depth = 0

    def add(text: str | None) -> None:
        nonlocal link_chars
        if text:
            parts.append(text)
            if link_depth:
                link_chars += len(_SPACE.sub(" ", text).strip())

    def flush() -> None:
        nonlocal link_chars
        text = _SPACE.sub(" ", "".join(parts)).strip()
        if text:
            blocks.append(Block(text, open_blocks[-1], min(link_chars, len(text))))
        parts.clear()
        link_chars = 0

    walker = lxml.etree.iterwalk(root, events=("start", "end"))
    skipped: set[lxml.etree._Element] = set()
    for event, element in walker:
        tag = element.tag if isinstance(element.tag, str) else ""
        tag = tag.lower()
        if event == "start":
            if not tag or tag in _INVISIBLE_TAGS or _hidden(element):
                skipped.add(element)
                walker.skip_subtree()
                continue
            if tag in _BLOCK_TAGS or tag == "br":
                flush()
                if tag != "br":
                    open_blocks.append(element)
            elif tag in _CELL_TAGS:
                parts.append(" ")
            elif tag == "a":
                link_depth += 1
            add(element.text)
        else:
            if element in skipped:
                skipped.discard(element)
                add(element.tail)
                continue
            if tag in _BLOCK_TAGS:
                flush()
                if open_blocks and open_blocks[-1] is element:
                    open_blocks.pop()
            elif tag in _CELL_TAGS:
                parts.append(" ")
            elif tag == "a":
                link_depth -= 1
            add(element.tail)
    flush()
    return blocks


def _hidden(element: lxml.etree._Element) -> bool:
    attributes = element.attrib
    if "hidden" in attributes or attributes.get("aria-hidden") == "true":
        return True
    style = attributes.get("style")
    if style and _HIDDEN_STYLE.search(style):
        return True
    classes = attributes.get("class")
    return bool(classes and _HIDDEN_CLASSES.intersection(classes.split()))
