"""`read.chars`: what text keeps of the characters it arrives with."""

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from broadsheet.read.chars import one_line, text_only


def _one_line_by_definition(text: str) -> str:
    """`one_line` as its docstring states it, one character at a time."""
    normal = unicodedata.normalize("NFC", text_only(text))
    visible = "".join(ch for ch in normal if ch == "\u200d" or ch in "\t\n\r" or unicodedata.category(ch) not in {"Cc", "Cf", "Cs"})
    return " ".join(visible.split())


def test_a_headline_loses_bidi_overrides_and_zero_width_spaces_but_keeps_emoji_joiners():
    assert one_line("Mayor\u202e resigns\u200b  today\n") == "Mayor resigns today"
    assert one_line("Family \U0001f468\u200d\U0001f469\u200d\U0001f467 day") == "Family \U0001f468\u200d\U0001f469\u200d\U0001f467 day"
    assert one_line("\u00adSoft\u00ad hyphens\ufeff") == "Soft hyphens"


@given(st.text(alphabet=st.characters(codec=None), max_size=200))
def test_one_line_is_its_definition_for_any_text(text):
    assert one_line(text) == _one_line_by_definition(text)


def test_noncharacters_of_every_plane_and_controls_are_dropped_and_emoji_kept():
    nonchars = "".join(chr(plane * 0x10000 + low) for plane in range(17) for low in (0xFFFE, 0xFFFF))
    assert text_only(f"a\x00b\x7fc\ud800d{nonchars}e \U0001f600 \U0010fffd") == "abcde \U0001f600 \U0010fffd"
    assert text_only("page\x0cbreak\u2028line") == "page\nbreak\nline"


_LINE_LIKE = "\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"


def _forbidden(ch: str) -> bool:
    code = ord(ch)
    xml_forbidden = code < 0x20 and ch not in "\t\n\r"
    return xml_forbidden or 0x7F <= code <= 0x9F or 0xD800 <= code <= 0xDFFF or 0xFDD0 <= code <= 0xFDEF or code & 0xFFFE == 0xFFFE


def _text_only_by_definition(text: str) -> str:
    return "".join("\n" if ch in _LINE_LIKE else ch for ch in text if ch in _LINE_LIKE or not _forbidden(ch))


@given(st.text(alphabet=st.characters(codec=None), max_size=200))
def test_text_only_keeps_exactly_the_characters_xml_and_unicode_allow(text):
    assert text_only(text) == _text_only_by_definition(text)
