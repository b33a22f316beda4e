"""Cleaned plain-text paragraphs → the same `RenderedArticle` as their Markdown would give.

A cleaned article reaches Markdown only through `convert.to_markdown`,
which escapes every character Python-Markdown would read as syntax, so its
rendering is always one `<p>` of escaped text per paragraph. Building that
HTML directly skips a parse that costs more than all other stages of the
article together, and gives the same bytes: the sanitiser runs on both, and
`tests/test_render_plain.py` checks the two routes agree on any text.
`import` still writes the Markdown, so the files people review are unchanged.
"""

from __future__ import annotations

from broadsheet.convert import fold
from broadsheet.model import Article, Rejected, RenderedArticle
from broadsheet.read.fields import tidy
from broadsheet.render import sanitize, visible_text


def render_paragraphs(article: Article) -> RenderedArticle | Rejected:
    """The rendered article whose Markdown is `convert.to_markdown(article)`."""
    blocks = []
    for paragraph in article.paragraphs:
        text = fold(paragraph)
        if text:
            blocks.append(f"<p>{text.replace('&', '&amp;').replace('<', '&lt;').replace('>', '&gt;')}</p>")
    safe_html = sanitize("\n".join(blocks))
    text = visible_text(safe_html)
    if not text:
        return Rejected(article.origin, "no visible article text after rendering")
    return RenderedArticle(article.origin, tidy(article.meta), safe_html, text, len(text.split()))
