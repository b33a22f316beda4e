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
    assert trace[keep] is None


@pytest.mark.parametrize("rule", [r for r in DETECTOR_RULES if r.detector != "html-extractor"], ids=lambda rule: rule.id)
def test_detector_rule_drops_its_example(rule: DetectorRule, rules, prose):
    example_lines = [line.strip() for line in rule.example.strip().splitlines()]
    if rule.detector == "body-region":
        # The body region's example is the page around an article: it goes first.
        lines = [*example_lines, *prose]
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
