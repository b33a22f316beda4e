"""The HTML route: a saved page → Article.

    parse → metadata the page states (head, JSON-LD) → visible blocks
    → trafilatura's main text (what two of its three settings take),
      kept where it lies in the article container
    → the same sieve as text (junk patterns, price lists, ...) → Article

When trafilatura finds too little, the blocks go through the text route's
own body finder instead.
"""

from __future__ import annotations

from broadsheet.clean.blocks import MAX_HTML_CHARS, parse_html, visible_blocks
from broadsheet.clean.extract import select_blocks
from broadsheet.clean.vote import extract_paragraphs
from broadsheet.clean.pagemeta import read_page_meta
from broadsheet.clean.region import is_prose
from broadsheet.clean.rules import Rules
from broadsheet.clean.sieve import Selection
from broadsheet.clean.teasers import site_of
from broadsheet.clean.text import clean_lines, measure_lines
from broadsheet.model import Article, RawDoc, Rejected


def clean_html(doc: RawDoc, rules: Rules) -> Article | Rejected:
    root = parse_html(doc.text)
    if root is None:
        return Rejected(doc.origin, "not an HTML page: nothing could be parsed")
    stated = read_page_meta(root, rules.months)
    blocks = visible_blocks(root)
    if not blocks:
        return Rejected(doc.origin, "no visible text in the page")
    lines, lang = measure_lines([block.text for block in blocks], rules, doc.meta.lang or stated.lang)
    selection = None
    extractor = rules.detector("html-extractor")
    if extractor is not None:
        texts = [line.text for line in lines]
        region = rules.detector("body-region")
        prose = {index for index, line in enumerate(lines) if region and is_prose(line.shape, region.params)}
        paragraphs = extract_paragraphs(doc.text[:MAX_HTML_CHARS])
        site = site_of(doc.meta.url or stated.url)
        chosen = select_blocks(blocks, texts, paragraphs, extractor.params, prose, site)
        if chosen is not None:
            selection = Selection(frozenset(chosen), extractor.id)
    return clean_lines(doc, lines, rules, lang, stated, selection)
