"""Which blocks of a page are the article: trafilatura's vote, checked by the DOM.

Trafilatura is good at finding a page's main text, so its extraction
(what two of its three settings agree on, `vote.py`) is the first vote.
It also keeps some of what sits near the text, and now and then leaves a
first paragraph out; the DOM corrects both:

- picture captions (`<figcaption>`) go: they describe a photo, not the story;
- teaser cards (boxes headed by a link to another story) and gallery
  slides (list items headed by a counter such as `3/50`) go, unless the
  page is made of them, and so do promotions set between the paragraphs
  (`teasers.py`);
- only blocks inside the article's container count: the deepest element
  holding most of the extracted words;
- of several `<article>` elements, only the one with the most text stays
  (related posts and comments are marked up as articles too);
- opening paragraphs just before the kept text come back, and so does the
  summary between the headline and the text when the page names it so
  (`class="dek"`, `standfirst`, ...); so do
  paragraphs of prose skipped between kept blocks beside one of them (or
  loose in their parent), and plain (not linked) lists set among the kept
  paragraphs;
- a second copy of the text (responsive pages print it twice) goes.
"""

from __future__ import annotations

import re
from typing import AbstractSet, Sequence

import lxml.etree

from broadsheet.clean.blocks import Block
from broadsheet.clean.normalize import normalize_line
from broadsheet.clean.params import ExtractorParams
from broadsheet.clean.teasers import find_cards, in_card, is_promotion

_WHITESPACE = re.compile(r"\s+")
def select_blocks(
    blocks: Sequence[Block],
    texts: Sequence[str],
    paragraphs: Sequence[str],
    params: ExtractorParams,
    prose: AbstractSet[int] = frozenset(),
    site: str | None = None,
) -> set[int] | None:
    """Indexes of the blocks that are the article, or None when the vote is too thin.

    `texts` are the blocks' normalised texts (what the cleaner reads),
    `paragraphs` the extractor's vote, `prose` the blocks that read as
    running text, `site` the host of the page's own URL (`site_of`).
    """
    aligned = _aligned(texts, [normalize_line(paragraph) for paragraph in paragraphs], params.short_block_chars)
    extracted = {index for index in aligned if not _in_caption(blocks[index].element)}
    words = {index: len(texts[index].split()) for index in extracted}
    # Cards (gallery items, teaser grids) go when the page has text of its
    # own besides them; on a page made of cards, they are the text.
    cards = find_cards(blocks, params.card_max_words, params.card_min_link_density)
    in_cards = {index for index in extracted if in_card(blocks[index].element, cards)}
    outside_cards = sum(count for index, count in words.items() if index not in in_cards)
    if outside_cards >= max(params.min_words, params.card_text_share * sum(words.values())):
        words = {index: count for index, count in words.items() if index not in in_cards}
    extracted = set(words)
    total = sum(words.values())
    if total < params.min_words:
        return None
    container = _container(blocks, words, total * params.container_share)
    kept = {index for index in extracted if container is None or _inside(blocks[index].element, container)}
    kept = _main_article(blocks, kept, words)
    kept = (
        kept
        | _lede(blocks, texts, kept, params)
        | _standfirst(blocks, texts, kept, prose, params)
        | _skipped_siblings(blocks, kept, prose, container, cards, params)
        | _skipped_lists(blocks, kept, container, cards, params)
    )
    promotions = {index for index in kept if is_promotion(blocks[index], texts[index], site, params)}
    return kept - promotions - _second_copies(blocks, texts, kept, params.copy_min_blocks)


def _second_copies(blocks: Sequence[Block], texts: Sequence[str], kept: set[int], min_blocks: int) -> set[int]:
    """A run of `min_blocks` or more blocks repeating, in order, blocks kept earlier under another parent.

    Responsive pages print the text twice (one copy hidden by a stylesheet
    the saved page no longer applies), each copy in a container of its own.
    Repeats under the same parent are the text's own: a meal plan lists the
    same dishes for each day, a story quotes a tweet twice.
    """
    order = sorted(kept)
    keys = [texts[index].casefold() for index in order]
    first: dict[str, int] = {}
    copies: set[int] = set()
    position = 0
    while position < len(order):
        start = first.setdefault(keys[position], position)
        length = 0
        # Follow the earlier copy for as long as the blocks match it.
        while start + length < position and position + length < len(order) and keys[start + length] == keys[position + length]:
            length += 1
        if length < max(min_blocks, 1):
            position += 1
            continue
        if blocks[order[start]].element.getparent() is not blocks[order[position]].element.getparent():
            copies.update(order[position : position + length])
        position += length  # a repeat in place is passed over whole: no quadratic rescans
    return copies


def _lede(blocks: Sequence[Block], texts: Sequence[str], kept: set[int], params: ExtractorParams) -> set[int]:
    """Opening paragraphs trafilatura skipped right before the first one it kept.

    A first paragraph styled as a summary is easy to mistake for a teaser;
    a `<p>` of prose just before the kept text, under the same parent and
    neither in a figure nor holding a picture (then it is the picture's
    caption), is the article's start.
    """
    if not kept:
        return set()
    first = min(kept)
    parent = blocks[first].element.getparent()
    added = set()
    for index in range(first - 1, max(-1, first - 1 - params.lede_max_blocks), -1):
        block = blocks[index]
        if (
            block.element.tag != "p"
            or block.element.getparent() is not parent
            or _in_figure(block.element)
            or next(block.element.iter("img"), None) is not None
        ):
            break
        if len(texts[index].split()) < params.lede_min_words or block.link_density > params.lede_max_link_density:
            break
        added.add(index)
    return added


def _standfirst(
    blocks: Sequence[Block], texts: Sequence[str], kept: set[int], prose: AbstractSet[int], params: ExtractorParams
) -> set[int]:
    """The summary set between the headline and the text, when the page names it so.

    A standfirst is prose in a box of its own, so the extractor takes it for
    a teaser. It is the article's when it is the last prose before the kept
    text (with only bylines, dates, share buttons and pictures between),
    the headline (`<h1>`) is the first thing before it that is not prose
    either, and its element or one of its two nearest ancestors is named
    for it (`class="dek"`, `standfirst`, `perex`, `bajada`, ...).
    """
    if not kept:
        return set()
    before = range(min(kept) - 1, max(-1, min(kept) - 1 - params.standfirst_max_gap), -1)
    candidate = next((index for index in before if index in prose and not _in_figure(blocks[index].element)), None)
    if candidate is None:
        return set()
    block = blocks[candidate]
    if (
        len(texts[candidate].split()) < params.lede_min_words
        or block.link_density > params.lede_max_link_density
        or not any(_named_standfirst(node) for node in [block.element, *list(block.element.iterancestors())[:2]])
    ):
        return set()
    for index in range(candidate - 1, max(-1, candidate - 1 - params.standfirst_max_gap), -1):
        if blocks[index].element.tag == "h1":
            return {candidate}
        if index in prose:
            break
    return set()


# Class and id words pages give the summary between a story's headline and
# its text, in the languages of the rules file.
_STANDFIRST_WORDS = frozenset(
    "dek deck standfirst summary perex bajada lede lead intro subtitle subheadline subhead excerpt abstract "
    "chapo chapeau sapo entradilla sottotitolo".split()
)
_NAME_WORD = re.compile(r"[a-z]+")


def _named_standfirst(element: lxml.etree._Element) -> bool:
    names = f"{element.get('class') or ''} {element.get('id') or ''}".lower()
    return not _STANDFIRST_WORDS.isdisjoint(_NAME_WORD.findall(names))


def _skipped_siblings(
    blocks: Sequence[Block], kept: set[int], prose: AbstractSet[int], container, cards, params: ExtractorParams
) -> set[int]:
    """Paragraphs of prose the extractor skipped between two kept blocks, beside one of them.

    A paragraph set apart by its markup (a quotation in a list or a table,
    a paragraph after an embed) is still the article's when it reads as
    running text, has few links and shares its parent with a kept neighbour,
    or is text set loose in that parent itself (after a picture, say).
    """
    return {
        index
        for index, neighbours in _between_kept(blocks, kept)
        if index in prose
        and (blocks[index].element.getparent() in neighbours or blocks[index].element in neighbours)
        and _plain_in_container(blocks[index], container, cards, params)
        and not _in_figure(blocks[index].element)
    }


def _skipped_lists(blocks: Sequence[Block], kept: set[int], container, cards, params: ExtractorParams) -> set[int]:
    """Items of a plain list the extractor skipped, set among the article's kept paragraphs.

    A list (`<ul>`, `<ol>`) whose parent also holds a kept paragraph right
    before or after it is part of the running text: the steps of a recipe,
    the quotes a writer collects, the grants a report names. Its items come
    back when they are mostly plain text (link lists are menus and related
    stories, which is why the extractor's vote stays the rule elsewhere).
    """
    added = set()
    for index, neighbours in _between_kept(blocks, kept):
        item = _nearest(blocks[index].element, "li")
        owner = item.getparent() if item is not None else None
        if (
            owner is not None
            and owner.tag in ("ul", "ol")
            and owner.getparent() in neighbours
            and _plain_in_container(blocks[index], container, cards, params)
        ):
            added.add(index)
    return added


def _between_kept(blocks: Sequence[Block], kept: set[int]):
    """(index, parents of the kept blocks on either side) for each block between two kept ones."""
    order = sorted(kept)
    for before, after in zip(order, order[1:]):
        # lxml elements compare by identity, so `in` asks "the same element".
        neighbours = (blocks[before].element.getparent(), blocks[after].element.getparent())
        for index in range(before + 1, after):
            yield index, neighbours


def _plain_in_container(block: Block, container, cards, params: ExtractorParams) -> bool:
    """Few links, inside the article's container, not in a teaser card."""
    return (
        block.link_density <= params.sibling_max_link_density
        and (container is None or _inside(block.element, container))
        and not in_card(block.element, cards)
    )


def _main_article(blocks: Sequence[Block], kept: set[int], words: dict[int, int]) -> set[int]:
    """Only the `<article>` with the most text, when the kept blocks span several.

    A page that marks its story as an `<article>` marks the related posts
    and comments around it the same way; each of those is shorter.
    """
    owner = {index: _nearest(blocks[index].element, "article") for index in kept}
    held: dict[lxml.etree._Element, int] = {}
    for index, article in owner.items():
        if article is not None:
            held[article] = held.get(article, 0) + words[index]
    if len(held) < 2:
        return kept
    main = max(held, key=held.__getitem__)
    return {index for index in kept if owner[index] is None or owner[index] is main}


def _nearest(element: lxml.etree._Element, tag: str) -> lxml.etree._Element | None:
    return next((node for node in (element, *element.iterancestors()) if node.tag == tag), None)


def _in_caption(element: lxml.etree._Element) -> bool:
    """A picture's caption describes the photo, not the story."""
    return _nearest(element, "figcaption") is not None


def _in_figure(element: lxml.etree._Element) -> bool:
    return _nearest(element, "figure") is not None or _in_caption(element)


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
