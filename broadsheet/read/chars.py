"""Characters no article needs: controls, lone surrogates, noncharacters.

Scraped text carries stray control bytes (terminal escapes, NULs from a
broken export), half an emoji (a lone surrogate from a JSON `\\ud83d`
escape) and the like. None of them is visible, XML cannot hold them (one of
them in `feed.xml` makes the whole feed unreadable), a lone surrogate cannot
even be written as UTF-8, and Markdown parsers use some of them as private
placeholder markers. They are dropped as text enters Broadsheet, so no later stage has to
think about them.
"""

from __future__ import annotations

import re
import unicodedata

# What XML 1.0 forbids (every C0 control but tab, newline and carriage
# return; surrogates; U+FFFE and U+FFFF), plus DEL and the C1 controls, which
# no text means and HTML reports as parse errors; plus the other
# noncharacters, which Unicode reserves for a program's internal use.
_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]")
# The noncharacters of the other planes (U+1FFFE, U+1FFFF, ... U+10FFFF) in a
# class of their own: listed in `_INVALID`, they made it ten times slower on
# every text (the regex engine checks such members one by one). One range
# finds the rare text with any character that high (emoji lie below it).
_HIGH = re.compile("[\U0001fffe-\U0010ffff]")
_HIGH_NONCHARACTER = re.compile(
    "[" + "".join(f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(1, 17)) + "]"
)
# Form feed and vertical tab separate pages and lines in old exports: they
# become line breaks, not nothing, so the words on either side stay apart.
_LINE_LIKE = re.compile("[\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
_INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Cs"})
_EMOJI_JOINER = "\u200d"


def text_only(text: str) -> str:
    """`text` without characters that are not text; line structure kept."""
    text = _INVALID.sub("", _LINE_LIKE.sub("\n", text))
    return _HIGH_NONCHARACTER.sub("", text) if _HIGH.search(text) else text


def one_line(text: str) -> str:
    """A one-line field (title, name, tag) as a reader should see it.

    NFC-normalised, every run of whitespace one space, and without control
    and format characters: bidi overrides and zero-width spaces can make a
    headline read differently from what it says. The zero-width joiner that
    emoji sequences need is kept.
    """
    normal = unicodedata.normalize("NFC", text_only(text))
    # Each distinct character is judged once (a body has a few dozen), and the
    # invisible ones go in one `translate`: long fields cost C time, not a
    # Python step per character.
    invisible = {
        ord(ch): None
        for ch in set(normal)
        if ch != _EMOJI_JOINER and ch not in "\t\n\r" and unicodedata.category(ch) in _INVISIBLE_CATEGORIES
    }
    return " ".join((normal.translate(invisible) if invisible else normal).split())
