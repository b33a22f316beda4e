"""What in a page's DOM points the reader at other pages: teaser cards and promotion links.

An extractor keeps them because they look like text: a card of a teaser
grid is a headline and a summary sentence, and a promotion inside the story
is a paragraph of its own. What gives them away is the markup:

- a card is headed by a link (or, in a gallery, by a slide counter such as
  `3/50`): a list item, or the smallest box around one linked headline that
  holds no other heading and only a few words;
- a promotion is a paragraph that is one link, in capitals, to another page
  of the same site or one of its subdomains (`READ MORE: ...`, `GET THE APP`).
"""

from __future__ import annotations

import re
from typing import AbstractSet, Sequence
from urllib.parse import SplitResult, urlsplit

import lxml.etree

from broadsheet.clean.blocks import Block
from broadsheet.clean.params import ExtractorParams

HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
_SLIDE_COUNTER = re.compile(r"\d{1,3}\s*(?:/|of)\s*\d{1,3}\b", re.IGNORECASE)


def find_cards(blocks: Sequence[Block], max_words: int, min_link_density: float) -> frozenset[lxml.etree._Element]:
    """Boxes that are one teaser card: around a linked headline, no other heading, at most `max_words`.

    Each such headline's card is the largest ancestor that still holds only
    that heading and few words: the teaser's headline, kicker and summary,
    not the grid around the cards. A heading alone is not a card (a story
    may link a subheading), nor is a box of more text than a teaser has.
    """
    words: dict[lxml.etree._Element, int] = {}
    headings: dict[lxml.etree._Element, int] = {}
    linked = []
    for block in blocks:
        count = len(block.text.split())
        heading = block.element.tag in HEADINGS
        if heading and block.link_density >= min_link_density:
            linked.append(block.element)
        for node in (block.element, *block.element.iterancestors()):
            words[node] = words.get(node, 0) + count
            if heading:
                headings[node] = headings.get(node, 0) + 1
    cards = set()
    for heading in linked:
        card = None
        for node in heading.iterancestors():
            if words[node] > max_words or headings[node] > 1:
                break
            card = node
        if card is not None:
            cards.add(card)
    return frozenset(cards)


def in_card(element: lxml.etree._Element, cards: AbstractSet[lxml.etree._Element]) -> bool:
    """Inside one of `cards`, or a list item headed by a link or a slide counter.

    Article text lists plain items, and a page of features gives each item a
    plain heading; related-story lists and teaser grids head every item with
    a link to another story, galleries with the slide's number.
    """
    item = None
    for node in (element, *element.iterancestors()):
        if node in cards:
            return True
        if item is None and node.tag == "li":
            item = node
    if item is None:
        return False
    heading = next(item.iter(*HEADINGS), None)
    if heading is None:
        return False
    linked = next(heading.iter("a"), None) is not None or any(node.tag == "a" for node in heading.iterancestors())
    return linked or bool(_SLIDE_COUNTER.match(" ".join(" ".join(heading.itertext()).split())))


def is_promotion(block: Block, text: str, site: str | None, params: ExtractorParams) -> bool:
    """A paragraph that is one shouted link to the same site: a related story or the site's app.

    Newsrooms set such links between a story's paragraphs in capitals. A
    link in capitals to another site is a source the story cites (the full
    results, the report), so it stays; so does a sentence with a link in it.
    """
    if block.element.tag != "p" or block.link_density < params.promo_min_link_density:
        return False
    if len(text.split()) < params.promo_min_words:
        return False
    letters = [char for char in text if char.isalpha()]
    if not letters or sum(char.isupper() for char in letters) < params.promo_min_caps_share * len(letters):
        return False
    hrefs = [anchor.get("href") or "" for anchor in block.element.iter("a")]
    return bool(hrefs) and all(_same_site(href, site) for href in hrefs)


def site_of(url: str | None) -> str | None:
    """The host a page's own URL names, without `www.`; None when there is none (or it is malformed)."""
    parts = _split(url or "")
    host = parts.hostname if parts is not None else None
    return host.removeprefix("www.") if host else None


def _same_site(href: str, site: str | None) -> bool:
    parts = _split(href.strip())
    if parts is None:
        return False  # a malformed address leads to no page of the site
    if not parts.scheme and not parts.netloc:
        return bool(parts.path)  # a relative link stays on the site
    host = parts.hostname
    # A newsroom's video and live pages sit on subdomains of the site.
    return site is not None and host is not None and (host == site or host.endswith("." + site))


def _split(url: str) -> SplitResult | None:
    """`urlsplit(url)`, or None for an address it refuses (`http://[x`, an unclosed IPv6 bracket)."""
    try:
        parts = urlsplit(url)
        parts.hostname  # noqa: B018 (parsed lazily, and may refuse too)
    except ValueError:
        return None
    return parts
