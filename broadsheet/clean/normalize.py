"""Unicode and whitespace normalisation of one line of text.

Scraped text arrives with mojibake (UTF-8 read as cp1252: `â€™`), spaces of
every width, invisible characters and stray control codes. `normalize_line`
returns the line as a reader should see it; correct text passes unchanged
apart from NFC composition and whitespace.
"""

from __future__ import annotations

import re
import unicodedata

import ftfy

# Mojibake of UTF-8 read as cp1252 or Latin-1 leaves a lead byte (Â..ô) followed
# by a continuation byte shown as a Latin-1 symbol or a cp1252 punctuation
# mark. Only lines with such a pair go to ftfy: it is slow, and most lines are
# clean.
_MOJIBAKE_HINT = re.compile("[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013-\u203a\u20ac\u2122]")

# ftfy repairs encodings only: curly quotes, ligatures and full-width forms
# are the author's and stay as written.
_FTFY_CONFIG = ftfy.TextFixerConfig(
    unescape_html=False,
    remove_terminal_escapes=True,
    fix_encoding=True,
    restore_byte_a0=True,
    replace_lossy_sequences=True,
    decode_inconsistent_utf8=True,
    fix_c1_controls=True,
    fix_latin_ligatures=False,
    fix_character_width=False,
    uncurl_quotes=False,
    fix_line_breaks=False,
    fix_surrogates=True,
    remove_control_chars=False,
    normalization=None,
    explain=False,
)

# Removed outright: C0/C1 controls (not the ones that are whitespace: tab,
# line breaks, separators, NEL), zero-width space, word joiner, BOM, soft hyphen, Mongolian
# vowel separator, bidi embedding controls, lone surrogates, non-characters
# and private-use code points (icon-font glyphs in scraped pages). ZWJ/ZWNJ
# stay: they shape emoji and scripts such as Persian and Devanagari.
_INVISIBLE = re.compile(
    "[\u0000-\u0008\u000e-\u001b\u007f-\u0084\u0086-\u009f\u00ad\u180e\u200b\u200e\u200f"
    "\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\ud800-\udfff"
    "\ue000-\uf8ff\ufdd0-\ufdef\ufffe\uffff]"
)
# Controls an ASCII line may hold (tab, line breaks and the separators
# 0x1C-0x1F are whitespace, not invisible).
_ASCII_INVISIBLE = re.compile("[\u0000-\u0008\u000e-\u001b\u007f]")


def normalize_line(text: str) -> str:
    """Repair mojibake, compose (NFC), drop invisible characters, single spaces."""
    if text.isascii():
        # Most lines: no mojibake, nothing to compose, few controls.
        if not text.isprintable():  # a tab or a control character
            text = _ASCII_INVISIBLE.sub("", text)
        return " ".join(text.split())
    if _MOJIBAKE_HINT.search(text):
        text = ftfy.fix_text(text, _FTFY_CONFIG)
    # Invisible characters first, then spaces: removing one between two
    # spaces must not leave a double space. (Tabs, line and record
    # separators are whitespace, not invisible: they become a space; str.split
    # splits at exactly the characters a regular expression's \s matches.)
    text = _INVISIBLE.sub("", text)
    text = " ".join(text.split())
    return unicodedata.normalize("NFC", text) if not text.isascii() else text
