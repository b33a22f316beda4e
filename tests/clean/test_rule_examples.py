"""Every rule in the built-in rules file drops its own example, and keeps its keep_example."""

from __future__ import annotations

import pytest

from broadsheet.clean import clean, load_rules
from broadsheet.clean.rules import DetectorRule, PatternRule
from broadsheet.model import Article, Meta, RawDoc

RULES = load_rules()
PATTERN_RULES = [rule for rule in RULES.patterns]
DETECTOR_RULES = list(RULES.detectors.values())


def _trace(doc_text: str, rules, fmt: str = "text") -> dict[str, str | None]:
    result = clean(RawDoc("example", fmt, doc_text, Meta()), rules)
    assert isinstance(result, Article), result
    return {verdict.text.strip(): verdict.rule for verdict in result.trace}


@pytest.mark.parametrize("rule", PATTERN_RULES, ids=lambda rule: rule.id)
def test_pattern_rule_drops_its_example(rule: PatternRule, rules, prose):
    example = rule.example.strip()
    trace = _trace("\n".join([*prose, example]), rules)
    assert trace[example] == rule.id


@pytest.mark.parametrize("rule", [r for r in PATTERN_RULES if r.keep_example], ids=lambda rule: rule.id)
def test_pattern_rule_keeps_its_keep_example(rule: PatternRule, rules, prose):
    keep = rule.keep_example.strip()
    trace = _trace("\n".join([prose[0], keep, prose[1], prose[2]]), rules)
    # Kept as text, or read as metadata (a dateline, say): never dropped as junk.
    assert trace[keep] is None or trace[keep].startswith("meta."), trace[keep]


@pytest.mark.parametrize("rule", [r for r in DETECTOR_RULES if r.detector != "html-extractor"], ids=lambda rule: rule.id)
def test_detector_rule_drops_its_example(rule: DetectorRule, rules, prose):
    example_lines = [line.strip() for line in rule.example.strip().splitlines()]
    if rule.detector == "body-region":
        # The body region's example is the page around an article: it goes first.
        lines = [*example_lines, *prose]
    elif rule.detector == "repeated":
        # Inside the body a repeated short line is judged by its place: a
        # repeat is junk around the article.
        lines = [*prose, *example_lines]
    else:
        lines = [prose[0], *example_lines, *prose[1:]]
    trace = _trace("\n".join(lines), rules)
    assert rule.id in {trace[line] for line in example_lines}


def test_html_extractor_rule_drops_its_example(rules):
    rule = RULES.detectors["html-extractor"]
    trace = _trace(rule.example, rules, fmt="html")
    dropped = {text for text, verdict in trace.items() if verdict == rule.id}
    assert any("Contact the newsroom" in text for text in dropped)
    assert not any("harbour board" in text for text in dropped)


def test_every_rule_has_a_reason_and_an_example():
    for rule in [*PATTERN_RULES, *DETECTOR_RULES]:
        assert rule.why.strip() and rule.example.strip(), rule.id


# Exponential backtracking shows within a few dozen characters; a few
# hundred make a bad pattern take seconds.
_ADVERSARIAL = (
    "A " * 300,
    "AB CD " * 200 + "x",
    "a" * 2000,
    "{{" * 500,
    "Share " * 300,
    ("word." * 300) + "X",
    "© " * 300,
    "1a etapa: " * 200,
)


@pytest.mark.parametrize("rule", PATTERN_RULES, ids=lambda rule: rule.id)
def test_pattern_rule_is_fast_on_hostile_lines(rule: PatternRule):
    """No pattern may backtrack catastrophically: a hostile line costs milliseconds."""
    import time

    for text in _ADVERSARIAL:
        started = time.perf_counter()
        for pattern in rule.patterns:
            pattern.regex.search(text)
        assert time.perf_counter() - started < 0.2, (rule.id, text[:20])
