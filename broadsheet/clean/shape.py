"""What a line of text looks like: the measurements the detectors read.

Body text is made of sentences: long lines, many stop words, a final full
stop. Menus, buttons, captions and teasers are short and unpunctuated.
Every heuristic downstream reads these few numbers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_SENTENCE_MARKS = ".!?…。！？;:"
_CLOSERS = "\"'”’»)]"  # may follow the mark: `"Stop."`, `(see above.)`
_WIDE_CHAR = re.compile("[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
_LETTER = re.compile(r"[^\W\d_]")
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
# The same words in ASCII text, where a letter is a-z once lower-cased and ’ cannot occur:
# an ASCII class is matched without looking up Unicode categories (half the time).
_ASCII_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")
_LONG_WORD_CHARS = 20


@dataclass(frozen=True, slots=True)
class LineShape:
    words: int  # whitespace-separated words; CJK text counts two characters as a word
    stop_ratio: float  # share of the words that are stop words of the text's language
    ends_sentence: bool  # last character is sentence punctuation (before closing quotes)
    has_letters: bool


BLANK = LineShape(0, 0.0, False, False)


@dataclass(frozen=True, slots=True)
class Line:
    """One input line: as written, normalised, and measured."""

    raw: str
    text: str
    shape: LineShape


def words_of(text: str) -> list[str]:
    """Lower-cased words of `text` (letters only; `don't` is one word)."""
    lowered = text.lower()
    return (_ASCII_WORD if lowered.isascii() else _WORD).findall(lowered)


def shape_of(text: str, words: list[str], stopwords: frozenset[str]) -> LineShape:
    """Measure one normalised line; `words` are its `words_of`."""
    if not text:
        return BLANK
    count = len(text.split())
    if count < len(text) // _LONG_WORD_CHARS:
        # Few spaces for the length: CJK text (two characters make a word),
        # or huge tokens, which count as many words so that no rule meant
        # for a short line scans them.
        count = max(count, len(_WIDE_CHAR.findall(text)) // 2, len(text) // _LONG_WORD_CHARS)
    stop_ratio = sum(map(stopwords.__contains__, words)) / len(words) if words else 0.0
    unclosed = text.rstrip(_CLOSERS)
    return LineShape(
        words=count,
        stop_ratio=stop_ratio,
        ends_sentence=bool(unclosed) and unclosed[-1] in _SENTENCE_MARKS,
        has_letters=bool(words) or bool(_LETTER.search(text)),
    )
