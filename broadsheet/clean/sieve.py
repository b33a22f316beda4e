"""Sort lines into body and junk: every rule of the rules file, in order.

    pattern rules (one line each) → structural detectors (runs of lines)
    → the body: an extractor's selection from a page's DOM, less what
      follows a `break` line with no prose of its own; or else the densest
      run of prose before any `end-body` line, with the lists it
      introduces, less its short fragments

The first rule that drops a line is the one its verdict names.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Sequence

from broadsheet.clean import detectors
from broadsheet.clean.names import publisher_name
from broadsheet.clean.params import BodyRegionParams
from broadsheet.clean.patterns import match_line
from broadsheet.clean.region import Region, find_fragments, find_lists, find_region, is_prose
from broadsheet.clean.rules import Rules
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


@dataclass(slots=True)
class _Marks:
    """What the pattern rules found, besides the lines they drop."""

    sources: list[tuple[int, str]] = field(default_factory=list)  # (rule order, publisher)
    breaks: set[int] = field(default_factory=set)
    ends: list[tuple[int, str]] = field(default_factory=list)  # (line, rule id)


def sieve(lines: Sequence[Line], rules: Rules, selection: Selection | None = None) -> Sieved:
    """Verdicts for every line; a `selection` replaces the body region and fragments."""
    drops: dict[int, str] = {}
    marks = _apply_patterns(lines, rules, drops)
    _apply_detectors(lines, rules, drops, shape_only=selection is None)
    region_rule = rules.detector("body-region")
    limit = len(lines)
    if selection is not None:
        # The extractor has judged where the body ends (and left comments out).
        _add(drops, set(range(limit)) - selection.body, selection.rule_id)
        if region_rule is not None:
            _add(drops, _after_breaks(lines, drops, marks.breaks, region_rule.params), region_rule.id)
        kept = [index for index in range(limit) if index not in drops]
        region = Region(kept[0], kept[-1]) if kept else None
        return Sieved(drops, region, _sources_in_rule_order(marks))
    if region_rule is not None:
        limit = _end_of_body(lines, drops, marks.ends, region_rule.params)
        if limit < len(lines):
            _add(drops, set(range(limit, len(lines))), drops[limit])
    if region_rule is None:
        # Without the region rule every line not dropped is body.
        region = Region(0, limit - 1) if limit else None
    else:
        region = _find_body(lines[:limit], rules, drops, marks.breaks, region_rule.params)
        outside = set(range(limit)) if region is None else set(range(region.start)) | set(range(region.end + 1, limit))
        _add(drops, outside, region_rule.id)
    return Sieved(drops, region, _sources_in_rule_order(marks))


def _sources_in_rule_order(marks: _Marks) -> tuple[str, ...]:
    return tuple(source for _order, source in sorted(marks.sources, key=lambda item: item[0]))


def _apply_patterns(lines: Sequence[Line], rules: Rules, drops: dict[int, str]) -> _Marks:
    marks = _Marks()
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
        name = publisher_name(source)
        if name:
            marks.sources.append((order[rule.id], name))
        if rule.action == "break":
            marks.breaks.add(index)
        elif rule.action == "end-body":
            marks.ends.append((index, rule.id))
    return marks


def _apply_detectors(lines: Sequence[Line], rules: Rules, drops: dict[int, str], shape_only: bool) -> None:
    finders = [
        ("price-list", lambda params: detectors.find_price_lists(lines, params)),
        ("no-letters", lambda params: detectors.find_no_letters(lines)),
    ]
    if shape_only:
        # Repeats and menus are told from a recipe's repeated steps or a list
        # only by their shape when there is no DOM to place them.
        finders.append(("repeated", lambda params: detectors.find_repeated(lines, params)))
        finders.append(("link-list", lambda params: detectors.find_link_lists(lines, params)))
    for name, find in finders:
        rule = rules.detector(name)
        if rule is not None:
            _add(drops, find(rule.params), rule.id)


def _find_body(
    lines: Sequence[Line], rules: Rules, drops: dict[int, str], breaks: set[int], params: BodyRegionParams
) -> Region | None:
    """The densest run of prose, widened to the lists it introduces, its fragments dropped."""
    region = find_region(lines, drops, breaks, params)
    if region is None:
        return None
    # Shape rules mistake a list's items for a menu, and a recurring step for
    # chrome; inside the body such lines are judged by their place.
    soft = {rule.id: rule for name, rule in rules.detectors.items() if name in ("link-list", "repeated")}
    items = find_lists(lines, drops, region, set(soft), params)
    for index in items:
        drops.pop(index, None)
    region = Region(region.start, max(region.end, *items)) if items else region
    repeated = rules.detector("repeated")
    if repeated is not None:
        for index in range(region.start, region.end + 1):
            if drops.get(index) == repeated.id and lines[index].shape.words <= repeated.params.max_words:
                drops.pop(index)
    fragment_rule = rules.detector("fragment")
    if fragment_rule is not None:
        _add(drops, find_fragments(lines, drops, region, params, fragment_rule.params, items), fragment_rule.id)
    return region


def _after_breaks(lines: Sequence[Line], drops: dict[int, str], breaks: set[int], params: BodyRegionParams) -> set[int]:
    """Kept lines between a `break` line (a related-stories or comments label) and the next, when none is prose.

    An extractor keeps a box of teaser headlines after the article when the
    box's label is all it left out. A related box set inside the article is
    followed by more of the article's prose, which keeps its segment.
    """
    kept = [index for index in range(len(lines)) if index not in drops]
    if not kept:
        return set()
    first_prose = next((index for index in kept if is_prose(lines[index].shape, params)), None)
    if first_prose is None:
        return set()
    cuts = sorted(index for index in breaks if index > first_prose)
    segments: dict[int, list[int]] = {}  # the break before them → kept lines
    for index in kept:
        before = bisect.bisect_left(cuts, index)
        if before:
            segments.setdefault(before, []).append(index)
    dropped: set[int] = set()
    for segment in segments.values():
        if not any(is_prose(lines[index].shape, params) for index in segment):
            dropped.update(segment)
    return dropped


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
