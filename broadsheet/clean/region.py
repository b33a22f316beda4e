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

from broadsheet.clean.params import BodyRegionParams, FragmentParams
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
    for index in present:
        shape = lines[index].shape
        if index in breaks:
            score = -params.break_penalty
        elif not shape.has_letters:
            # Numbers alone are a table's or a chart's cells, as common inside
            # an article as around it: they neither join nor split the body.
            score = -params.no_letters_penalty
        elif index in prose:
            score = float(shape.words)
        elif index in dropped:
            score = -params.junk_penalty
        else:
            score = -params.fragment_penalty
        scores.append((index, score))
    return scores


def find_lists(
    lines: Sequence[Line], dropped: Mapping[int, str], region: Region, soft: AbstractSet[str], params: BodyRegionParams
) -> set[int]:
    """Lists the body introduces with a colon (`Tour dates:`, `You will need:`), with their introductions.

    List items are short and unpunctuated like a menu, but a line of the body
    ending in a colon says that what follows belongs to it. The items run
    until a line some rule dropped (other than a `soft` shape rule that items
    look like), a blank-free line too long to be an item, or the item limit.
    """
    items: set[int] = set()
    index = region.start
    while index <= region.end + 1 and index < len(lines):
        text = lines[index].text
        if text.endswith(":") and dropped.get(index) is None and lines[index].shape.words > 1:
            introduced: set[int] = set()
            next_index = _collect_items(lines, dropped, index + 1, soft, params, introduced)
            if introduced:
                items |= introduced | {index}
            index = next_index
        else:
            index += 1
    return items | _data_list_after(lines, dropped, region, soft, params)


_SEPARATORS = "–—@|•·:;,/"


def _data_list_after(lines, dropped, region: Region, soft, params: BodyRegionParams) -> set[int]:
    """A run of data lines right after the body: dates and venues, results, a schedule.

    Such lines are not prose, but they are not a menu either: each has a few
    words and they share a separator (`June 9 – Tampa @ Arena`). A heading
    line may stand between the body and the run.
    """
    following = [i for i in range(region.end + 1, len(lines)) if lines[i].text][: params.list_max_items + 1]
    for skip in (0, 1):
        run: list[int] = []
        common = set(_SEPARATORS)
        for index in following[skip:]:
            shape = lines[index].shape
            verdict = dropped.get(index)
            if (verdict is not None and verdict not in soft) or not 3 <= shape.words <= params.list_item_max_words:
                break
            common &= set(lines[index].text)
            if not common:
                break
            run.append(index)
        if len(run) >= params.data_list_min_items:
            return set(following[:skip]) | set(run)
    return set()


def _collect_items(lines, dropped, start: int, soft, params: BodyRegionParams, items: set[int]) -> int:
    count, index = 0, start
    while index < len(lines) and count < params.list_max_items:
        line = lines[index]
        if line.text:
            verdict = dropped.get(index)
            if (verdict is not None and verdict not in soft) or line.shape.words > params.list_item_max_words:
                break
            if not line.shape.has_letters:
                break
            items.add(index)
            count += 1
        index += 1
    return index


def find_fragments(
    lines: Sequence[Line],
    dropped: Mapping[int, str],
    region: Region,
    region_params: BodyRegionParams,
    params: FragmentParams,
    items: AbstractSet[int] = frozenset(),
) -> set[int]:
    """Short non-prose lines inside the body that are not part of the text.

    Kept: a line of some length (a list item, a line of data), a heading
    right before prose, and a short line between two prose lines (a one-line
    quote, a question). Dropped: the rest, e.g. a caption run or a chart's
    labels.
    """
    kept = [i for i in range(region.start, region.end + 1) if lines[i].text and i not in dropped]
    prose = {i for i in kept if is_prose(lines[i].shape, region_params)}
    fragments: set[int] = set()
    for position, index in enumerate(kept):
        shape = lines[index].shape
        # A sentence of some length is text; an unpunctuated line of the same
        # length may be a headline of a teaser, and needs a place to stay.
        sentence = shape.ends_sentence and shape.words >= params.keep_min_words
        if index in prose or index in items or sentence or shape.words >= params.keep_min_words_unpunctuated:
            continue
        before = kept[position - 1] if position > 0 else None
        after = kept[position + 1] if position + 1 < len(kept) else None
        heading = shape.words <= params.heading_max_words and after in prose and before not in fragments
        inline = before in prose and after in prose
        if not (shape.has_letters and (heading or inline)):
            fragments.add(index)
    return fragments
