"""The pattern screen picks candidates only: it never hides a pattern that matches."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from broadsheet.clean.patterns import match_line
from broadsheet.clean.rules import _build
from broadsheet.clean.screen import literals_of
from broadsheet.clean.shape import Line, shape_of, words_of


def _line(text: str, rules) -> Line:
    return Line(text, text, shape_of(text, words_of(text), rules.languages[0].stopwords))


def _every_pattern(line: Line, rules):
    """What match_line must find: the first rule, in order, whose pattern matches (no screen)."""
    for rule in rules.patterns:
        if line.shape.words > rule.max_words:
            continue
        for pattern in rule.patterns:
            match = pattern.regex.search(line.text)
            if match:
                source = match.groupdict().get("source")
                return rule.id, source.strip() if source else None
    return None


def _found(line: Line, rules):
    found = match_line(line, rules)
    return (found[0].id, found[1]) if found else None


def test_anchored_prefixes_multiply_out_optional_parts_and_alternatives():
    literals = literals_of(re.compile(r"^(?:please )?(?:subscribe|sign up) (?:now|today)", re.IGNORECASE))
    assert set(literals.prefixes) == {
        "please subscribe now", "please subscribe today", "please sign up now", "please sign up today",
        "subscribe now", "subscribe today", "sign up now", "sign up today",
    }
    assert not literals.needles and not literals.bare


def test_each_top_level_branch_is_read_on_its_own():
    # The second branch is not anchored: its literal may sit anywhere in the line.
    literals = literals_of(re.compile(r"^renews? automatically|cancel (?:any ?time|online)", re.IGNORECASE))
    assert set(literals.prefixes) == {"renew automatically", "renews automatically"}
    assert set(literals.needles) == {"cancel anytime", "cancel any time", "cancel online"}


def test_a_branch_with_no_literal_is_always_tried():
    assert literals_of(re.compile(r"\d+\s*\w+")).bare
    assert literals_of(re.compile(r"^\d+:\d{2}$")).anchored_bare


def test_an_unanchored_branch_of_a_pattern_matches_mid_line(rules):
    site = """
[[rule]]
id = "site.offer"
pattern = '^best offer\\b|cancel (?:any ?time|online)'
max_words = 20
why = "A plan's renewal terms."
example = "You can cancel anytime online."
"""
    with_site = _build([("builtin", _builtin()), ("site.toml", site)])
    line = _line("Our plan is simple and you can cancel anytime", with_site)
    assert _found(line, with_site) == ("site.offer", None)


def _builtin() -> str:
    from broadsheet.clean.rules import _builtin_text

    return _builtin_text()


def _examples(rules) -> list[str]:
    texts = []
    for rule in rules.patterns:
        texts += rule.example.splitlines() + (rule.keep_example or "").splitlines()
    return [text for text in texts if text.strip()]


@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_the_screen_finds_what_trying_every_pattern_finds(rules, data):
    example = data.draw(st.sampled_from(_examples(rules)))
    before = data.draw(st.sampled_from(["", "Our ", "(", "The story: ", "12 ", "© "]))
    after = data.draw(st.sampled_from(["", ".", " today", " »", " and more words follow here"]))
    case = data.draw(st.sampled_from([str, str.upper, str.lower, str.title]))
    noise = data.draw(st.text(alphabet="abcdeé ©:{}[]()0123456789", max_size=12))
    text = " ".join(case(before + example + after).split() + [noise]).strip()
    line = _line(text, rules)
    assert _found(line, rules) == _every_pattern(line, rules)


def test_the_screen_finds_what_trying_every_pattern_finds_on_prose(rules, prose):
    for text in [*prose, *(sentence + "." for paragraph in prose for sentence in paragraph.split(". "))]:
        line = _line(text, rules)
        assert _found(line, rules) == _every_pattern(line, rules)


def test_reading_long_or_deep_patterns_is_quick_and_safe():
    import time

    from broadsheet.clean.screen import build_screens

    for source in ["a" * 5000, "(?:" * 90 + "a" + ")" * 90, "|".join(f"w{n}x" for n in range(3000)), r"(?:ab)+" * 2000]:
        regex = re.compile(source)
        started = time.perf_counter()
        literals = literals_of(regex)
        build_screens([(10, regex, literals)])
        assert time.perf_counter() - started < 1.0, source[:20]
        assert literals.prefixes or literals.needles or literals.bare or literals.anchored_bare
