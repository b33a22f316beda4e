"""Repair sentences glued together where a line break was lost.

Scrapers that drop `<br>` or paragraph breaks leave `province.In addition`.
A space goes back after sentence punctuation when a lower-case word (or a
closing quote/bracket, or a number of two digits or more) ends one sentence
and a capitalised word begins the next. What looks like glue but is not stays
untouched: abbreviations and initials (`U.S.`, `e.g.`, `J.R.R.`), decimals,
domains and paths (`calder.gov/plan`, `www.Example.com`), file names
(`Report.PDF`), identifiers (`Node.js`, `System.Console.WriteLine`) and
ellipses.
"""

from __future__ import annotations

import re

_LOWER = "a-zß-öø-ÿа-яёα-ωą-žα-ω"
_UPPER = "A-ZÀ-ÖØ-ÞА-ЯЁΑ-ΩĄ-Ž"

# end of sentence: 2+ lower-case letters, or 2+ digits, or a closing quote or
# bracket right after the mark; then the mark(s); then an optional closing
# quote; then a capital followed by a lower-case letter (a word, not an
# acronym or extension) or a quote opening the next sentence.
_GLUE = re.compile(
    rf"(?:(?<=[{_LOWER}]{{2}})|(?<=[0-9]{{2}})|(?<=[)\]\"”’]))"
    rf"([.!?]+[\"”’)]*)"
    rf"(?=[{_UPPER}][{_LOWER}]|[“\"‘][{_UPPER}]|(?:I|A)\s)"
)

_TOKEN_WINDOW = 200

_MAYBE_GLUE = re.compile(rf"[.!?][\"”’)]*[{_UPPER}“\"‘]")

# a token that is a URL, an e-mail address, a path or a dotted name keeps its dots
_ADDRESS = re.compile(r"://|^www\.|@|/|\.[A-Za-z]+\.")


def repair_glue(text: str) -> str:
    """`province.In addition` → `province. In addition`; other text unchanged."""
    # The full pattern's look-behinds are slow to try at every position;
    # most lines have no mark followed straight by a capital at all.
    if not _MAYBE_GLUE.search(text):
        return text
    return _GLUE.sub(lambda match: _space_after(text, match), text)


def _space_after(text: str, match: re.Match[str]) -> str:
    mark = match.group(1)
    if mark.startswith("..") or _in_address(text, match.start(), match.end()):
        return mark
    return mark + " "


def _in_address(text: str, start: int, end: int) -> bool:
    # The token is looked for within a window: a hostile line of glued
    # tokens without spaces must not make every match scan the whole line.
    window_start, window_end = max(0, start - _TOKEN_WINDOW), min(len(text), end + _TOKEN_WINDOW)
    left = text.rfind(" ", window_start, start) + 1 or window_start
    right = text.find(" ", end, window_end)
    token = text[left : right if right >= 0 else window_end]
    return bool(_ADDRESS.search(token))
