"""Cleaned `Article` → `MarkdownDoc`: plain text made Markdown that renders as the same text.

Scraped paragraphs are text, not Markdown: `* 5*3 *`, `# tag`, `1. item`,
`<b>` and `&amp;` must all reach the reader exactly as written. Escaping is
kept to what Python-Markdown would otherwise read as syntax, so the files
`import` writes stay pleasant to review.
"""

from __future__ import annotations

import re

from broadsheet.model import Article, MarkdownDoc
from broadsheet.read.fields import tidy

# Inline syntax anywhere in a line. Python-Markdown honours a backslash before
# each of these (markdown.Markdown.ESCAPED_CHARS).
_INLINE = re.compile(r"([\\`*_\[\]{}!|])")
# `<` starts raw HTML or an autolink, `&` an entity: neither has a backslash
# escape in Python-Markdown, so they become entities themselves.
_ENTITY_LIKE = re.compile(r"&(?=#?[A-Za-z0-9]+;|#[0-9]|#[xX][0-9A-Fa-f])")  # Python-Markdown also reads `&#65` as `&#65;`
# Block syntax at the start of a line: headings, quotes, bullet lists, rules.
_BLOCK_MARK = re.compile(r"^[#>+\-]")
# `1.` / `1)` starts an ordered list; the punctuation takes the backslash.
_ORDERED_MARK = re.compile(r"^(\d+)([.)])")
# `~~~` opens a fenced code block, and `~` has no backslash escape.
_TILDE_FENCE = re.compile(r"^~")
# Python-Markdown deletes its placeholder markers from its input, which would
# unmask syntax escaped around them (`\x03>` would start a quote).
_MARKDOWN_MARKERS = ("\x02", "\x03")


def to_markdown(article: Article) -> MarkdownDoc:
    """The article's paragraphs as escaped Markdown; its metadata as front matter may hold it."""
    body = "\n\n".join(escape_paragraph(paragraph) for paragraph in article.paragraphs)
    return MarkdownDoc(article.origin, tidy(article.meta), body)


def fold(text: str) -> str:
    """A paragraph as one line of single spaces, without what Python-Markdown would delete."""
    for marker in _MARKDOWN_MARKERS:
        text = text.replace(marker, "")  # str.translate would be far slower on long paragraphs
    return " ".join(text.split())


def escape_paragraph(text: str) -> str:
    """One paragraph of plain text (one line) as Markdown showing the same text."""
    text = fold(text)
    text = _INLINE.sub(r"\\\1", text)
    text = _ENTITY_LIKE.sub("&amp;", text)
    text = text.replace("<", "&lt;")
    text = _ORDERED_MARK.sub(r"\1\\\2", text)
    text = _TILDE_FENCE.sub("&#126;", text)
    return _BLOCK_MARK.sub(r"\\\g<0>", text)
