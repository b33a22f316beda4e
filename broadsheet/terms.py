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
from functools import cache

# Letters and digits of any script (Python's `\w` without the underscore), 2 to 32
# at a time: a single pattern, so tokenizing stays in C. Folded ASCII text has
# only a-z and 0-9 for letters and digits, and that simpler pattern is faster.
_TERM = re.compile(r"[^\W_]{2,32}")
_ASCII_TERM = re.compile(r"[a-z0-9]{2,32}")


# Combining marks live in planes 0, 1 and 14 only; scanning just those takes
# milliseconds where all of Unicode takes a fifth of a second.
_MARK_PLANES = (range(0x20000), range(0xE0000, 0xE1000))


@cache
def _combining_marks() -> dict[int, None]:
    """Every code point of Unicode category M*, for `str.translate` to delete (in C)."""
    return {code: None for plane in _MARK_PLANES for code in plane if unicodedata.category(chr(code)).startswith("M")}


def fold(text: str) -> str:
    """Accents removed, lower case: the form terms are compared in.

    Decomposing first means `İ` and `ℌ` fold as `I` and `H` do; lower-casing last
    means no capital survives.
    """
    if text.isascii():
        return text.lower()
    return unicodedata.normalize("NFKD", text).translate(_combining_marks()).lower()


def terms(text: str) -> list[str]:
    """The terms of `text`, in order, repeats kept."""
    folded = fold(text)
    return (_ASCII_TERM if folded.isascii() else _TERM).findall(folded)
