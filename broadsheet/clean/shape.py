"""What a line of text looks like: the measurements the detectors read.

Body text is made of sentences: long lines, many stop words, a final full
stop. Menus, buttons, captions and teasers are short, capitalised and
unpunctuated. Every heuristic downstream reads these few numbers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from broadsheet.clean.lang import words

_SENTENCE_END = re.compile(r"[.!?…。！？;:][\"'”’»)\]]*$")
_SENTENCE_BREAK = re.compile(r"[.!?…。！？](?:[\"'”’»)\]]*)(?:\s|$)")
_WIDE_CHAR = re.compile("[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
_LETTER = re.compile(r"[^\W\d_]")


@dataclass(frozen=True, slots=True)
class LineShape:
    words: int  # whitespace-separated words; CJK text counts two characters as a word
    stop_ratio: float  # share of the words that are stop words of the text's language
    ends_sentence: bool  # last character is sentence punctuation (before closing quotes)
    sentences: int  # sentence breaks inside the line, at least 1 for a non-empty line
    has_letters: bool
    capitalised_ratio: float  # share of words starting with a capital: Title Case is high

    @property
    def is_blank(self) -> bool:
        return self.words == 0


BLANK = LineShape(0, 0.0, False, 0, False, 0.0)


def shape_of(text: str, stopwords: frozenset[str]) -> LineShape:
    """Measure one normalised line."""
    if not text:
        return BLANK
    tokens = text.split()
    count = len(tokens)
    if count < len(text) // 12:
        # Few spaces for the length: CJK text, or a single huge token.
        count = max(count, len(_WIDE_CHAR.findall(text)) // 2)
    lowered = words(text)
    stop_ratio = sum(1 for word in lowered if word in stopwords) / len(lowered) if lowered else 0.0
    capitalised = sum(1 for token in tokens if token[:1].isupper())
    return LineShape(
        words=count,
        stop_ratio=stop_ratio,
        ends_sentence=bool(_SENTENCE_END.search(text)),
        sentences=max(1, len(_SENTENCE_BREAK.findall(text))),
        has_letters=bool(_LETTER.search(text)),
        capitalised_ratio=capitalised / len(tokens) if tokens else 0.0,
    )


@dataclass(frozen=True, slots=True)
class Line:
    """One input line: as written, normalised, and measured."""

    raw: str
    text: str
    shape: LineShape
