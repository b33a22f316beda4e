"""The extractor's vote: which texts of a page trafilatura takes for its main text.

Trafilatura has three settings: balanced (its default), favouring
precision, and favouring recall. Each alone errs on some pages: the
balanced one, when its fallback extractors win, sweeps in a grid of teasers
and leaves the story's first paragraph out; the precision one drops
paragraphs set after a picture; the recall one takes captions and lists of
links. A text is in the vote when at least two of the three take it.

Most pages do not need the third opinion. When the recall setting takes
exactly what the balanced one took, two of three already agree on every
text, and the precision setting is not run.
"""

from __future__ import annotations

from typing import Sequence

import lxml.etree
import trafilatura

# Trafilatura's XML elements that hold one paragraph-like unit of text.
_UNITS = ("p", "head", "item", "row", "quote", "code", "cell")
_SETTINGS = {
    "balanced": {},
    "precision": {"favor_precision": True},
    "recall": {"favor_recall": True},
}


def extract_paragraphs(html: str) -> list[str]:
    """The texts at least two of trafilatura's settings keep, in the balanced setting's order.

    Returns [] when trafilatura finds nothing or fails on a hostile page: the
    caller then falls back on its own judgement.
    """
    try:
        tree = trafilatura.load_html(html)
    except Exception:  # a third-party parser on hostile input: any failure means "no vote"
        return []
    if tree is None:
        return []
    balanced = _units(tree, "balanced")
    recall = _units(tree, "recall")
    if set(recall) == set(balanced):
        return balanced
    return agreed(balanced, _units(tree, "precision"), recall)


def agreed(balanced: Sequence[str], precision: Sequence[str], recall: Sequence[str]) -> list[str]:
    """The texts at least two of the three settings took: the balanced setting's, then the others' in order."""
    seconded = set(precision) | set(recall)
    taken = [unit for unit in balanced if unit in seconded]
    known = set(balanced)
    both_others = set(precision) & set(recall)
    return taken + [unit for unit in dict.fromkeys(precision) if unit in both_others and unit not in known]


def _units(tree: lxml.etree._Element, setting: str) -> list[str]:
    """The texts trafilatura keeps from `tree` in one setting, one entry per unit (a line of it)."""
    try:
        xml = trafilatura.extract(
            tree, include_comments=False, include_tables=True, output_format="xml", **_SETTINGS[setting]
        )
        if not xml:
            return []
        root = lxml.etree.fromstring(xml.encode("utf-8"))
    except Exception:  # a third-party parser on hostile input: any failure means "no vote"
        return []
    units = [line for element in root.iter(*_UNITS) for line in _lines_of(element)]
    # Text directly inside <main> (a date line, say) belongs to no unit.
    units += [" ".join(text.split()) for text in root.xpath("//main/text()")]
    return [unit for unit in units if unit]


def _lines_of(unit: lxml.etree._Element) -> list[str]:
    """The unit's text, one entry per line: trafilatura keeps a `<br>` as `<lb/>` inside a paragraph."""
    lines: list[list[str]] = [[]]
    for event, element in lxml.etree.iterwalk(unit, events=("start", "end")):
        if event == "start":
            if element.tag == "lb":
                lines.append([])
            elif element.text:
                lines[-1].append(element.text)
        elif element is not unit and element.tail:
            lines[-1].append(element.tail)
    return [" ".join(" ".join(parts).split()) for parts in lines]
