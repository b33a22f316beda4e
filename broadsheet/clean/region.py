"""Find the article body among the lines: the densest run of prose.

A scraped page is menus, then the article, then related links and footers;
a scraped article is the body, then a paywall tail. Prose lines score their
length, every other line a penalty; the body is the run of lines with the
highest total (the maximum-sum segment), so a few captions or an ad label
inside the article do not split it, while a menu of fifty links does.
Inside that run, short lines stay only where they read as part of the text.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import AbstractSet, Mapping, Sequence

from broadsheet.clean.rules import BodyRegionParams, FragmentParams
from broadsheet.clean.shape import Line, LineShape


@dataclass(frozen=True, slots=True)
class Region:
    start: int  # index of the first line of the body
    end: int  # index of the last line of the body (inclusive)


def is_prose(shape: LineShape, params: BodyRegionParams) -> bool:
    """A line that reads as running text."""
    if shape.stop_ratio < params.prose_min_stop_ratio:
        return False
    return shape.words >= params.prose_min_words or (
        shape.ends_sentence and shape.words >= params.sentence_min_words
    )


def find_region(
    lines: Sequence[Line], dropped: Mapping[int, str], breaks: AbstractSet[int], params: BodyRegionParams
) -> Region | None:
    """The maximum-sum run of lines, or None when there is no prose at all.

    `breaks` are lines after which the body rarely goes on (a comments label,
    a subscription prompt): the run crosses one only for much more prose.
    """
    best_total, best = 0.0, None
    total, start = 0.0, 0
    for index, score in _scores(lines, dropped, breaks, params):
        if total <= 0:
            total, start = 0.0, index
        total += score
        if total > best_total:
            best_total, best = total, Region(start, index)
    return best


def _scores(lines, dropped, breaks, params) -> list[tuple[int, float]]:
    """(index, score) of every non-blank line."""
    present = [index for index, line in enumerate(lines) if line.text]
    prose = {index for index in present if index not in dropped and is_prose(lines[index].shape, params)}
    scores = []
    for position, index in enumerate(present):
        shape = lines[index].shape
        if index in breaks:
            score = -params.break_penalty
        elif not shape.has_letters:
            # Numbers alone are a table's or a chart's cells, as common inside
            # an article as around it: they neither join nor split the body.
            score = -params.no_letters_penalty
        elif index in prose:
            # A paragraph between two non-prose lines is how teaser lists look
            # (headline, author, blurb, date); body paragraphs come in runs.
            before = present[position - 1] if position > 0 else None
            after = present[position + 1] if position + 1 < len(present) else None
            alone = before not in prose and after not in prose
            score = shape.words * (params.isolated_weight if alone else 1.0)
        elif index in dropped:
            score = -params.junk_penalty
        else:
            score = -params.fragment_penalty
        scores.append((index, score))
    return scores


def find_fragments(
    lines: Sequence[Line],
    dropped: Mapping[int, str],
    region: Region,
    region_params: BodyRegionParams,
    params: FragmentParams,
) -> set[int]:
    """Non-prose lines inside the body that are not part of the text.

    Kept: a heading right before prose, and a short line between two prose
    lines (a one-line quote, a question). Dropped: the rest, e.g. a caption
    run or a chart's labels.
    """
    kept = [i for i in range(region.start, region.end + 1) if lines[i].text and i not in dropped]
    prose = {i for i in kept if is_prose(lines[i].shape, region_params)}
    fragments: set[int] = set()
    for position, index in enumerate(kept):
        if index in prose:
            continue
        before = kept[position - 1] if position > 0 else None
        after = kept[position + 1] if position + 1 < len(kept) else None
        shape = lines[index].shape
        heading = shape.words <= params.heading_max_words and after in prose and before not in fragments
        inline = before in prose and after in prose
        if not (shape.has_letters and (heading or inline)):
            fragments.add(index)
    return fragments
