"""Text → search terms: the one tokenizer shared by the search index and related stories.

A term is a run of letters and digits, lower-cased, with accents removed
(`Marché` → `marche`), at least two characters long and cut at 32. The
browser's search script (`templates/static/search.js`, `terms()`) applies the
same rule to a reader's query, so the two must change together:

    JS:  text.toLowerCase().normalize("NFKD").replace(/\\p{M}/gu, "")
             .match(/[\\p{L}\\p{N}]+/gu)   then the same length rule (in code points)

Known limit: scripts written without spaces (Chinese, Japanese, Thai) become
one long term per run, so they match only whole runs.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

MIN_LENGTH = 2
MAX_LENGTH = 32

# Letters and digits of any script: Python's `\w` without the underscore.
_WORD = re.compile(r"[^\W_]+")


# Combining marks live in planes 0, 1 and 14 only; scanning just those takes
# milliseconds where all of Unicode takes a fifth of a second.
_MARK_PLANES = (range(0x20000), range(0xE0000, 0xE1000))


@cache
def _combining_marks() -> dict[int, None]:
    """Every code point of Unicode category M*, for `str.translate` to delete (in C)."""
    return {code: None for plane in _MARK_PLANES for code in plane if unicodedata.category(chr(code)).startswith("M")}


def fold(text: str) -> str:
    """Lower case, accents removed: the form terms are compared in."""
    text = text.lower()
    if text.isascii():
        return text
    return unicodedata.normalize("NFKD", text).translate(_combining_marks())


def terms(text: str) -> list[str]:
    """The terms of `text`, in order, repeats kept."""
    return [word[:MAX_LENGTH] for word in _WORD.findall(fold(text)) if len(word) >= MIN_LENGTH]
