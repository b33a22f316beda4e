"""Which blocks of a page are the article: trafilatura's vote, checked by the DOM.

Trafilatura is good at finding a page's main text, so its extraction is the
first vote. It also sweeps in what sits near the text (the headline in the
page header, a gallery or a teaser list after the article), so only the
extracted blocks inside the article's container count: the deepest element
holding most of the extracted words.
"""

from __future__ import annotations

import re
from typing import Sequence

import lxml.etree
import trafilatura

from broadsheet.clean.blocks import Block
from broadsheet.clean.normalize import normalize_line
from broadsheet.clean.rules import ExtractorParams

_WHITESPACE = re.compile(r"\s+")
# Trafilatura's XML elements that hold one paragraph-like unit of text.
_UNITS = ("p", "head", "item", "row", "quote", "code", "cell")


def extract_paragraphs(html: str) -> list[str]:
    """The main text trafilatura finds in `html`, one entry per unit it keeps.

    Returns [] when trafilatura finds nothing or fails on a hostile page: the
    caller then falls back on its own judgement.
    """
    try:
        xml = trafilatura.extract(
            html, include_comments=False, favor_recall=True, include_tables=True, output_format="xml"
        )
        if not xml:
            return []
        tree = lxml.etree.fromstring(xml.encode("utf-8"))
    except Exception:  # a third-party parser on hostile input: any failure means "no vote"
        return []
    units = [" ".join(" ".join(element.itertext()).split()) for element in tree.iter(*_UNITS)]
    # Text directly inside <main> (a date line, say) belongs to no unit.
    units += [" ".join(text.split()) for text in tree.xpath("//main/text()")]
    return [unit for unit in units if unit]


def select_blocks(blocks: Sequence[Block], texts: Sequence[str], paragraphs: Sequence[str], params: ExtractorParams) -> set[int] | None:
    """Indexes of the blocks that are the article, or None when the vote is too thin.

    `texts` are the blocks' normalised texts (what the cleaner reads).
    """
    extracted = _aligned(texts, [normalize_line(paragraph) for paragraph in paragraphs], params.short_block_chars)
    words = {index: len(texts[index].split()) for index in extracted}
    total = sum(words.values())
    if total < params.min_words:
        return None
    container = _container(blocks, words, total * params.container_share)
    return {index for index in extracted if container is None or _inside(blocks[index].element, container)}


def _aligned(texts: Sequence[str], paragraphs: Sequence[str], short_chars: int) -> set[int]:
    """Blocks whose text trafilatura extracted.

    Spaces are ignored (trafilatura keeps the source's line breaks and spaces
    around inline elements differently from a browser). A long block is found
    anywhere in the extraction (trafilatura may join or split paragraphs); a
    short one must be a whole unit, or "Share" in a menu would match every
    article that uses the word.
    """
    whole = {_key(paragraph) for paragraph in paragraphs}
    joined = "\n".join(_key(paragraph) for paragraph in paragraphs)
    extracted = set()
    for index, text in enumerate(texts):
        key = _key(text)
        if key and (key in whole or (len(key) >= short_chars and key in joined)):
            extracted.add(index)
    return extracted


def _key(text: str) -> str:
    return _WHITESPACE.sub("", text)


def _container(blocks: Sequence[Block], words: dict[int, int], needed: float) -> lxml.etree._Element | None:
    """The deepest element holding at least `needed` of the extracted words."""
    held: dict[lxml.etree._Element, int] = {}
    depth: dict[lxml.etree._Element, int] = {}
    for index, count in words.items():
        element = blocks[index].element
        chain = [element, *element.iterancestors()]
        for level, ancestor in enumerate(reversed(chain)):
            held[ancestor] = held.get(ancestor, 0) + count
            depth[ancestor] = level
    candidates = [element for element, count in held.items() if count >= needed]
    return max(candidates, key=lambda element: depth[element]) if candidates else None


def _inside(element: lxml.etree._Element, container: lxml.etree._Element) -> bool:
    return element is container or any(ancestor is container for ancestor in element.iterancestors())
