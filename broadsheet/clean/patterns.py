"""Apply the pattern rules of the rules file to one line."""

from __future__ import annotations

from broadsheet.clean.rules import PatternRule, Rules
from broadsheet.clean.shape import Line


def match_line(line: Line, rules: Rules) -> tuple[PatternRule, str | None] | None:
    """The first pattern rule that applies to `line`, and the `source` it names."""
    anchored_may_match = rules.screen.match(line.text) is not None
    for rule in rules.patterns:
        if line.shape.words > rule.max_words:
            continue
        for pattern in rule.patterns:
            if not anchored_may_match and pattern.pattern.startswith("^"):
                continue
            match = pattern.search(line.text)
            if match:
                source = match.groupdict().get("source")
                return rule, source.strip() if source else None
    return None
