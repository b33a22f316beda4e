"""Apply the pattern rules of the rules file to one line."""

from __future__ import annotations

from broadsheet.clean.rules import PatternRule, Rules
from broadsheet.clean.screen import screen_for
from broadsheet.clean.shape import Line


def match_line(line: Line, rules: Rules) -> tuple[PatternRule, str | None] | None:
    """The first pattern rule that applies to `line`, and the `source` it names."""
    text = line.text
    screen = screen_for(rules.screens, line.shape.words)
    if screen is None:
        return None
    for position in screen.candidates(text, text.casefold()):
        rule, pattern = rules.pattern_order[position]
        match = pattern.regex.search(text)
        if match:
            source = match.groupdict().get("source")
            return rule, source.strip() if source else None
    return None
