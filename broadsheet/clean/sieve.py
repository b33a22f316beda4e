"""Sort lines into body and junk: every rule of the rules file, in order.

    pattern rules (one line each) → structural detectors (runs of lines)
    → the body region (densest run of prose) → end-of-body markers
    → short fragments inside the body

The first rule that drops a line is the one its verdict names.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from broadsheet.clean import detectors
from broadsheet.clean.patterns import match_line
from broadsheet.clean.region import Region, find_fragments, find_region, is_prose
from broadsheet.clean.rules import PatternRule, Rules
from broadsheet.clean.shape import Line

BLANK = "blank"


@dataclass(frozen=True, slots=True)
class Sieved:
    drops: dict[int, str]  # line index → id of the rule that dropped it
    region: Region | None  # where the body is; None when there is no prose
    sources: tuple[str, ...]  # publishers named by `source` rules, in rule order


@dataclass(frozen=True, slots=True)
class Selection:
    """An extractor's choice of body lines (from a page's DOM), made before the sieve."""

    body: frozenset[int]
    rule_id: str  # the verdict of the lines it left out


def sieve(lines: Sequence[Line], rules: Rules, selection: Selection | None = None) -> Sieved:
    """Verdicts for every line; with a `selection`, it replaces the body region and fragments."""
    drops: dict[int, str] = {}
    sources: list[tuple[int, str]] = []
    breaks: set[int] = set()
    ends: list[tuple[int, str]] = []
    order = {rule.id: position for position, rule in enumerate(rules.patterns)}
    for index, line in enumerate(lines):
        if not line.text:
            drops[index] = BLANK
            continue
        found = match_line(line, rules)
        if found is None:
            continue
        rule, source = found
        drops[index] = rule.id
        if source:
            sources.append((order[rule.id], source))
        if rule.action == "break":
            breaks.add(index)
        elif rule.action == "end-body":
            ends.append((index, rule.id))

    finders = [
        ("price-list", lambda params: detectors.find_price_lists(lines, params)),
        ("no-letters", lambda params: detectors.find_no_letters(lines)),
    ]
    if selection is None:
        # Repeats and menus are told from a recipe's repeated steps or a list
        # only by their shape when there is no DOM to place them.
        finders.append(("repeated", lambda params: detectors.find_repeated(lines, params)))
        finders.append(("link-list", lambda params: detectors.find_link_lists(lines, params)))
    for name, find in finders:
        rule = rules.detector(name)
        if rule is not None:
            _add(drops, find(rule.params), rule.id)

    if selection is not None:
        _add(drops, set(range(len(lines))) - selection.body, selection.rule_id)
        kept = [index for index in range(len(lines)) if index not in drops]
        region = Region(kept[0], kept[-1]) if kept else None
        return Sieved(drops, region, _in_rule_order(sources))

    region_rule = rules.detector("body-region")
    if region_rule is None:
        # Without the region rule every line not dropped is body.
        region = Region(0, len(lines) - 1) if lines else None
    else:
        params = region_rule.params
        limit = _end_of_body(lines, drops, ends, params)
        if limit < len(lines):
            _add(drops, set(range(limit, len(lines))), drops[limit])
        region = find_region(lines[:limit], drops, breaks, params)
        outside = set(range(0, region.start)) | set(range(region.end + 1, limit)) if region else set(range(limit))
        _add(drops, outside, region_rule.id)
    fragment_rule = rules.detector("fragment")
    if region is not None and fragment_rule is not None and region_rule is not None:
        _add(drops, find_fragments(lines, drops, region, region_rule.params, fragment_rule.params), fragment_rule.id)
    return Sieved(drops, region, _in_rule_order(sources))


def _in_rule_order(sources: list[tuple[int, str]]) -> tuple[str, ...]:
    return tuple(source for _order, source in sorted(sources, key=lambda item: item[0]))


def _end_of_body(lines: Sequence[Line], drops: dict[int, str], ends: list[tuple[int, str]], params) -> int:
    """Index of the first `end-body` line with enough prose before it, else the line count.

    Prose before is what makes it an end: the same words in a menu above
    the article end nothing.
    """
    prose_words = 0
    position = 0
    for marker, _rule_id in ends:
        for index in range(position, marker):
            if index not in drops and is_prose(lines[index].shape, params):
                prose_words += lines[index].shape.words
        position = marker
        if prose_words >= params.end_marker_min_words:
            return marker
    return len(lines)


def _add(drops: dict[int, str], found: set[int], rule_id: str) -> None:
    """Record `found` under `rule_id`; a line keeps the first verdict it got."""
    for index in found:
        drops.setdefault(index, rule_id)
