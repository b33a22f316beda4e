"""Apply the pattern rules of the rules file to one line."""

from __future__ import annotations

from broadsheet.clean.rules import PatternRule, Rules
from broadsheet.clean.shape import Line


def match_line(line: Line, rules: Rules) -> tuple[PatternRule, str | None] | None:
    """The first pattern rule that applies to `line`, and the `source` it names."""
    text = line.text
    anchored_may_match = rules.screen.match(text) is not None
    lowered = text.lower()
    for rule in rules.patterns:
        if line.shape.words > rule.max_words:
            continue
        for pattern in rule.patterns:
            if pattern.anchored and not anchored_may_match:
                continue
            if pattern.on_lower is not None and not pattern.on_lower.search(lowered):
                continue
            # Search the line as written: the lower-cased search only says
            # whether to, and a `source` group keeps its capitals.
            match = pattern.regex.search(text)
            if match:
                source = match.groupdict().get("source")
                return rule, source.strip() if source else None
    return None
