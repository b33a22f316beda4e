"""Text → search terms: the one tokenizer shared by the search index and related stories.

A term is a run of 2 to 32 letters and digits, lower-cased, with accents
removed (`Marché` → `marche`); a longer run is read in pieces of 32. The
browser's search script (`templates/static/search-index.js`, `terms()`) applies the
same rule to a reader's query, so the two must change together:

    JS:  text.normalize("NFKD").replace(/\\p{M}/gu, "").toLowerCase()
             .match(/[\\p{L}\\p{N}]{2,32}/gu)

Known limit: scripts written without spaces (Chinese, Japanese, Thai) become
one long term per run, so they match only whole runs.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import cache
from typing import Mapping

from broadsheet.model import RenderedArticle

TITLE_WEIGHT = 3  # a headline's words count this many times in the search index
IndexTerms = tuple[list[str], bytes]  # an article's terms, and the count of each (at most 255)

# Letters and digits of any script (Python's `\w` without the underscore), 2 to 32
# at a time: a single pattern, so tokenizing stays in C. Folded ASCII text has
# only a-z and 0-9 for letters and digits, and that simpler pattern is faster.
_TERM = re.compile(r"[^\W_]{2,32}")
_ASCII_TERM = re.compile(r"[a-z0-9]{2,32}")


# Combining marks live in planes 0, 1 and 14 only; scanning just those takes
# milliseconds where all of Unicode takes a fifth of a second.
_MARK_PLANES = (range(0x20000), range(0xE0000, 0xE1000))


@cache
def _combining_marks() -> frozenset[str]:
    """Every character of Unicode category M*."""
    return frozenset(chr(code) for plane in _MARK_PLANES for code in plane if unicodedata.category(chr(code)).startswith("M"))


def fold(text: str) -> str:
    """Accents removed, lower case: the form terms are compared in.

    Decomposing first means `İ` and `ℌ` fold as `I` and `H` do; lower-casing last
    means no capital survives.
    """
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    # The few marks present, each deleted by one C-level replace: `str.translate` with a
    # table looks up every character in a dict, three times slower on typical text.
    for mark in _combining_marks().intersection(decomposed):
        decomposed = decomposed.replace(mark, "")
    return decomposed.lower()


def terms(text: str) -> list[str]:
    """The terms of `text`, in order, repeats kept."""
    folded = fold(text)
    return (_ASCII_TERM if folded.isascii() else _TERM).findall(folded)


def index_terms(counts: Mapping[str, int]) -> IndexTerms:
    """An article's weighted term counts as the index takes them: the terms, and each count in a byte.

    A count over 255 counts as 255: that moves a term's quantised impact only
    in an article many times longer than the average.
    """
    try:
        return list(counts), bytes(counts.values())
    except ValueError:  # rare: only then clamp one by one
        return list(counts), bytes(min(count, 255) for count in counts.values())


def search_terms(article: RenderedArticle) -> Counter[str]:
    """One article's weighted term counts for the search index: the per-article part, made in workers."""
    return article_terms(article)[1]


def article_terms(article: RenderedArticle, in_text: list[str] | None = None) -> tuple[Counter[str], Counter[str]]:
    """An article's term counts as related stories count them (`terms(title + "\n" + text)`, the
    headline's first) and as the search index weighs them (`search_terms`), from one pass over the text
    (`in_text`, if the caller has its `terms` already)."""
    in_title = terms(article.meta.title)
    in_text = terms(article.text) if in_text is None else in_text
    plain = Counter(in_title)
    plain.update(in_text)
    weighted = Counter(in_text)
    for term in in_title:
        weighted[term] += TITLE_WEIGHT
    return plain, weighted
