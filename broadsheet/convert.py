"""Cleaned `Article` → `MarkdownDoc`: plain text made Markdown that renders as the same text.

Scraped paragraphs are text, not Markdown: `* 5*3 *`, `# tag`, `1. item`,
`<b>` and `&amp;` must all reach the reader exactly as written. CommonMark
lets a backslash escape any ASCII punctuation, so each character that would
start syntax gets one; escaping is kept to those, so the files `import`
writes stay pleasant to review.
"""

from __future__ import annotations

import re

from broadsheet.model import Article, MarkdownDoc
from broadsheet.read.fields import tidy

# Inline syntax anywhere in a paragraph: code, emphasis, links and images,
# backslash escapes themselves.
_INLINE = re.compile(r"([\\`*_\[\]!])")
# `<` starts raw HTML or an autolink only before a letter, `/`, `!` or `?`;
# `&` starts an entity only when one follows.
_HTML_START = re.compile(r"<(?=[A-Za-z/!?])")
_ENTITY_LIKE = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
# Block syntax at the start of a paragraph: headings, quotes, bullet lists,
# rules, fenced code with tildes (backticks are escaped above).
_BLOCK_MARK = re.compile(r"^[#>+\-~=]")
# `1.` / `1)` starts an ordered list; the punctuation takes the backslash.
_ORDERED_MARK = re.compile(r"^(\d+)([.)])")


def to_markdown(article: Article) -> MarkdownDoc:
    """The article's paragraphs as escaped Markdown; its metadata as front matter may hold it."""
    body = "\n\n".join(escape_paragraph(paragraph) for paragraph in article.paragraphs)
    return MarkdownDoc(article.origin, tidy(article.meta), body)


def escape_paragraph(text: str) -> str:
    """One paragraph of plain text (one line) as Markdown showing the same text."""
    text = " ".join(text.split())
    text = _INLINE.sub(r"\\\1", text)
    text = _HTML_START.sub(r"\\<", text)
    text = _ENTITY_LIKE.sub(r"\\&", text)
    text = _ORDERED_MARK.sub(r"\1\\\2", text)
    return _BLOCK_MARK.sub(r"\\\g<0>", text)
