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

# a token that is a URL, an e-mail address, a path or a dotted name keeps its dots
_ADDRESS = re.compile(r"://|^www\.|@|/|\.[A-Za-z]+\.")


def repair_glue(text: str) -> str:
    """`province.In addition` → `province. In addition`; other text unchanged."""
    if not _GLUE.search(text):
        return text
    return _GLUE.sub(lambda match: _space_after(text, match), text)


def _space_after(text: str, match: re.Match[str]) -> str:
    mark = match.group(1)
    if mark.startswith("..") or _in_address(text, match.start(), match.end()):
        return mark
    return mark + " "


def _in_address(text: str, start: int, end: int) -> bool:
    left = text.rfind(" ", 0, start) + 1
    right = text.find(" ", end)
    token = text[left : right if right >= 0 else len(text)]
    return bool(_ADDRESS.search(token))
