"""Structural detectors: junk recognised by the shape of several lines.

A pattern rule looks at one line; these look at runs of lines: a price list
is prices next to plan names, a menu is a run of short unpunctuated lines, a
site's chrome repeats. Each returns the indexes of the lines it drops; its
thresholds come from its rule in the rules file.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Sequence

from broadsheet.clean.params import LinkListParams, PriceListParams, RepeatedParams
from broadsheet.clean.shape import Line

_PRICE = re.compile(
    r"(?:[$€£¥₹₽₩]|\b(?:Rs|USD|EUR|GBP|INR|CHF|AUD|CAD)\.?)\s?\d"
    r"|\d(?:[\d.,\s]*\d)?\s?(?:[$€£¥₹₽₩]|kr\b|zł|Kč|(?:USD|EUR|GBP|INR|CHF)\b)"
    r"|/\s?(?:month|mo|year|yr|week|mes|mois|monat|jahr|año|an)\b"
    r"|\bper (?:month|year|week)\b",
    re.IGNORECASE,
)
_TERM = re.compile(
    r"^(?:\d+\s*(?:months?|years?|weeks?|days?|mo|yrs?|monate?|jahre?|mois|ans?|mes(?:es)?|años?|meses|anos?)"
    r"|monthly|yearly|annual(?:ly)?|quarterly|weekly)\.?$",
    re.IGNORECASE,
)


def find_price_lists(lines: Sequence[Line], params: PriceListParams) -> set[int]:
    """Runs of short lines holding at least `min_prices` prices: plan cards.

    The span from the first to the last price, widened by one line on each
    side when that line is a plan name or a billing term.
    """
    dropped: set[int] = set()
    for run in _runs(lines, lambda line: line.shape.words <= params.max_words):
        prices = [i for i in run if _PRICE.search(lines[i].text) or _TERM.match(lines[i].text)]
        if sum(1 for i in prices if _PRICE.search(lines[i].text)) < params.min_prices:
            continue
        first, last = run.index(prices[0]), run.index(prices[-1])
        first = max(0, first - 1)
        if last + 1 < len(run) and _TERM.match(lines[run[last + 1]].text):
            last += 1
        dropped.update(run[first : last + 1])
    return dropped


def find_link_lists(lines: Sequence[Line], params: LinkListParams) -> set[int]:
    """Runs of at least `min_run` short lines without sentence punctuation: menus."""
    dropped: set[int] = set()

    def menu_entry(line: Line) -> bool:
        return line.shape.words <= params.max_words and not line.shape.ends_sentence

    for run in _runs(lines, menu_entry):
        if len(run) >= params.min_run:
            dropped.update(run)
    return dropped


def find_repeated(lines: Sequence[Line], params: RepeatedParams) -> set[int]:
    """Lines that occur more than once: short ones everywhere, long ones after the first.

    Navigation, section labels and teasers repeat across a page; a body
    paragraph does not, except as a pull quote, whose first copy is kept.
    """
    counts = Counter(line.text.casefold() for line in lines if line.text)
    seen: set[str] = set()
    dropped: set[int] = set()
    for index, line in enumerate(lines):
        key = line.text.casefold()
        if not key or counts[key] < 2:
            continue
        if line.shape.words <= params.max_words or key in seen:
            dropped.add(index)
        seen.add(key)
    return dropped


def find_no_letters(lines: Sequence[Line]) -> set[int]:
    """Lines with no letter at all: counters, separators, chart ticks, prices alone."""
    return {index for index, line in enumerate(lines) if line.text and not line.shape.has_letters}


def _runs(lines: Sequence[Line], belongs) -> list[list[int]]:
    """Maximal runs of non-blank lines for which `belongs` holds; blank lines do not break a run."""
    runs: list[list[int]] = []
    current: list[int] = []
    for index, line in enumerate(lines):
        if not line.text:
            continue
        if belongs(line):
            current.append(index)
        elif current:
            runs.append(current)
            current = []
    if current:
        runs.append(current)
    return runs

