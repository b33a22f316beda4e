"""The numbers of the rules file: each detector's parameters and the thresholds.

One frozen dataclass per structural detector, named in a detector rule's
`detector` key; its fields are exactly the keys of that rule's `params`
table, checked and typed when the rules are loaded. The thresholds are the
`[thresholds]` table.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class PriceListParams:
    min_prices: int  # price lines needed before a run of short lines is a price list
    max_words: int  # longer lines end the run


@dataclass(frozen=True, slots=True)
class LinkListParams:
    min_run: int  # consecutive menu-like lines needed
    max_words: int  # a menu entry is at most this many words


@dataclass(frozen=True, slots=True)
class RepeatedParams:
    max_words: int  # repeated lines up to this long are dropped everywhere


@dataclass(frozen=True, slots=True)
class NoLettersParams:
    pass


@dataclass(frozen=True, slots=True)
class BodyRegionParams:
    prose_min_words: int  # a line this long with enough stop words is prose
    prose_min_stop_ratio: float
    sentence_min_words: int  # a shorter line still counts as prose if it ends a sentence
    fragment_penalty: float  # score of a non-prose line between prose lines
    junk_penalty: float  # score of a line another rule dropped
    no_letters_penalty: float  # score of a line without letters (table cells, chart ticks)
    break_penalty: float  # score of a `break` line: only much more prose crosses it
    end_marker_min_words: int  # prose words needed before an `end-body` line ends the body
    list_item_max_words: int  # a longer line ends a list the body introduced with a colon
    list_max_items: int  # ... and so does this many items
    data_list_min_items: int  # a run of this many data lines right after the body belongs to it


@dataclass(frozen=True, slots=True)
class ExtractorParams:
    min_words: int  # fewer extracted words than this: the page's extraction is not trusted
    container_share: float  # the article container holds at least this share of the extracted words
    short_block_chars: int  # a shorter block counts as extracted only as a whole extracted line
    card_text_share: float  # cards are left out when the text outside them is at least this share
    card_max_words: int  # a box around one linked headline is a teaser card up to this many words
    card_min_link_density: float  # ... the headline being at least this share link text
    lede_max_blocks: int  # skipped paragraphs right before the kept text taken back, at most
    lede_min_words: int  # ... each this long
    lede_max_link_density: float  # ... and with at most this share of link text
    standfirst_max_gap: int  # a named summary comes back with at most this many blocks between it and the text (and the h1)
    sibling_max_link_density: float  # a skipped prose block beside kept ones comes back with at most this share of link text
    promo_min_words: int  # a paragraph that is one link in capitals to the same site, this long, is a promotion
    promo_min_link_density: float  # ... "one link": at least this share of its text
    promo_min_caps_share: float  # ... "in capitals": at least this share of its letters
    copy_min_blocks: int  # a run of this many blocks repeating earlier ones from another container is a second copy


@dataclass(frozen=True, slots=True)
class FragmentParams:
    heading_max_words: int  # a heading kept inside the body is at most this long
    keep_min_words: int  # a sentence this long inside the body is text
    keep_min_words_unpunctuated: int  # ... and so is any line this long


DETECTORS: dict[str, type] = {
    "price-list": PriceListParams,
    "link-list": LinkListParams,
    "repeated": RepeatedParams,
    "no-letters": NoLettersParams,
    "body-region": BodyRegionParams,
    "fragment": FragmentParams,
    "html-extractor": ExtractorParams,
}


@dataclass(frozen=True, slots=True)
class Thresholds:
    title_max_words: int  # a derived title is cut to this many words
    headline_max_words: int  # a longer line is not a headline
    headline_search_lines: int  # how far before the body a headline is looked for
    lang_min_stopwords: int  # stop words needed before a language is named
    lang_min_ratio: float  # share of words that must be that language's stop words
