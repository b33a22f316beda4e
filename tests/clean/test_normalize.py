"""normalize_line: mojibake repaired, invisible characters and odd spaces gone, correct text kept."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from broadsheet.clean.normalize import normalize_line


@pytest.mark.parametrize(
    "broken, repaired",
    [
        ("Itâ€™s a cafÃ© â€” naÃ¯ve", "It’s a café — naïve"),
        ("â€œQuotedâ€\x9d text", "“Quoted” text"),
        ("SÃ£o Paulo", "São Paulo"),
        ("Â£50 and â‚¬10", "£50 and €10"),
        ("GrÃ¼ÃŸe aus MÃ¼nchen", "Grüße aus München"),
    ],
)
def test_mojibake_is_repaired(broken, repaired):
    assert normalize_line(broken) == repaired


@pytest.mark.parametrize(
    "correct",
    [
        "It’s “fine” — isn’t it?",
        "SÃO PAULO is how the sign spelled it",  # a capital Ã followed by O is Portuguese, not mojibake
        "Ã la carte, said the menu",
        "naïve café, façade, Œuvre, Straße",
        "ﬁne ligatures and ＦＵＬＬ width stay as written",
        "Москва, 東京, مرحبا, שלום",
        "Prices: £5, €7, ¥300, ₹900",
    ],
)
def test_correct_text_is_not_damaged(correct):
    assert normalize_line(correct) == unicodedata.normalize("NFC", correct)


def test_invisible_characters_and_spaces():
    assert normalize_line("  a\u00a0b\u200bc\u00add\x07e\tf\u2009g\u3000h\ufeff ") == "a bcde f g h"


def test_decomposed_text_is_composed():
    assert normalize_line("cafe\u0301") == "café"


def test_lone_surrogates_and_private_use_are_removed():
    assert normalize_line("ok\ud800 \ue001done") == "ok done"


@settings(max_examples=300)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Co", "Cn", "Cc", "Cf", "Zs", "Zl", "Zp")), max_size=80))
def test_clean_text_passes_unchanged(text):
    """Text without control, format or odd space characters and without mojibake pairs is only NFC-composed."""
    expected = unicodedata.normalize("NFC", text).strip()
    result = normalize_line(text)
    if result != expected:
        # ftfy may only touch a line that looks like mojibake: a Latin-1 lead byte then a continuation.
        assert any("\u00c2" <= ch <= "\u00f4" for ch in text)


@given(st.text(max_size=200))
def test_any_text_normalises_without_error(text):
    result = normalize_line(text)
    assert result == result.strip()
    assert "  " not in result
    result.encode("utf-8")  # no lone surrogates left
