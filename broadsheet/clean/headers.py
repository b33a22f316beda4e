"""Metadata stated in the lines around the body's start: headline, byline, dateline.

These lines are metadata, not body: the lines that yield a value are dropped
from the text under `meta.title`, `meta.byline` and `meta.dateline`, and the
lines between the body's start and its byline (standfirst, kicker, caption)
under `meta.header`. They
are looked for just before the body and among its first lines (an
extractor often keeps the headline and the date line with the text).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import AbstractSet, Mapping, Sequence

from broadsheet.clean.dates import find_date
from broadsheet.clean.names import byline_names
from broadsheet.clean.shape import Line

TITLE, BYLINE, DATELINE, HEADER = "meta.title", "meta.byline", "meta.dateline", "meta.header"

_PUBLISHED = re.compile(r"\b(?:published|posted|veröffentlicht|publié|publicado|pubblicato|erschienen)\b", re.IGNORECASE)
_UPDATED = re.compile(r"\b(?:updated|modified|aktualisiert|mis à jour|actualizado|atualizado|aggiornato)\b", re.IGNORECASE)
# Words of a dateline that are not the date: weekdays, "at", time zones.
_DATE_WORD = re.compile(r"[^\W\d_]+\.?")
_DATE_FILLERS = frozenset(
    "on at am pm a.m p.m um le el de às the of "
    "mon tue wed thu fri sat sun monday tuesday wednesday thursday friday saturday sunday "
    "montag dienstag mittwoch donnerstag freitag samstag sonntag lundi mardi mercredi jeudi vendredi samedi dimanche "
    "lunes martes miércoles jueves viernes sábado domingo segunda terça quarta quinta sexta feira "
    "gmt utc bst cet cest est edt pst pdt ist aest".split()
)
_MAX_DATELINE_RESIDUE = 2
_MAX_HEADER_LINES = 3
_MIN_TEXT_AFTER_HEADER = 3  # the text after a header is this many times longer
_MAX_BYLINE_WORDS = 16
_MAX_DATELINE_WORDS = 16
_MIN_TITLE_CHARS = 8
_CONTENT_WORD = re.compile(r"[^\W\d_]{4,}")
# Breadcrumbs (`Home » News`), credits (`Jane Lowell/Getty`), captions in
# brackets: short and unpunctuated like a headline, but not one.
_NOT_A_HEADLINE = re.compile(r"[»›/|]|^\(|\)$")


@dataclass(frozen=True, slots=True)
class Header:
    title: str = ""
    authors: tuple[str, ...] = ()
    date: str | None = None
    drops: dict[int, str] = field(default_factory=dict)  # line index → meta.* verdict


def read_header(
    lines: Sequence[Line],
    drops: Mapping[int, str],
    structural: AbstractSet[str],
    body_start: int,
    months: Mapping[str, int],
    search_lines: int,
    headline_max_words: int,
    known_title: str = "",
) -> Header:
    """Headline, byline and date from the lines around the start of the body.

    Lines dropped by a `structural` rule (a detector: a headline is short and
    unpunctuated like a menu entry, and often repeated) are read; lines a
    pattern rule recognised as junk are not. `known_title` (stated by the
    input's metadata) is not searched for; a line repeating it is still
    dropped as the headline.
    """
    readable = [
        i
        for i in range(max(0, body_start - search_lines), len(lines))
        if lines[i].text and (drops.get(i) is None or drops[i] in structural)
    ]
    before = [i for i in readable if i < body_start]
    inside = [i for i in readable if i >= body_start][:search_lines]
    found: dict[int, str] = {}
    authors: tuple[str, ...] = ()
    date, date_rank = None, 0
    for index in before + inside:
        line = lines[index]
        names = byline_names(line.text, months) if line.shape.words <= _MAX_BYLINE_WORDS else ()
        if names and not authors:
            authors = names
            found[index] = BYLINE
        stated = find_date(line.text, months) if line.shape.words <= _MAX_DATELINE_WORDS else None
        if stated and (found.get(index) == BYLINE or _is_dateline(line.text, months)):
            # A published date beats an unlabelled one, which beats an update.
            rank = 3 if _PUBLISHED.search(line.text) else 1 if _UPDATED.search(line.text) else 2
            if rank > date_rank:
                date, date_rank = stated, rank
            found.setdefault(index, DATELINE)
    # An extractor or a scrape often starts the body at the headline: lines
    # inside the body before its byline or dateline are candidates too.
    first_meta = min((i for i in inside if found.get(i) in (BYLINE, DATELINE)), default=None)
    leading = [i for i in inside if first_meta is not None and i < first_meta]
    text_after = [i for i in inside if first_meta is None or i > first_meta]
    title_index = _title_line(lines, before + leading, text_after, found, known_title, headline_max_words)
    title = known_title
    if title_index is not None:
        found[title_index] = TITLE
        title = title or lines[title_index].text
    found.update(_header_lines(lines, drops, body_start, inside, found))
    return Header(title=title, authors=authors, date=date, drops=found)


def _header_lines(
    lines: Sequence[Line], drops: Mapping[int, str], body_start: int, inside: list[int], found: dict[int, str]
) -> dict[int, str]:
    """Body lines before a byline or dateline near its start: the article's header.

    A standfirst, a kicker or a photo caption sits between the headline and
    the byline; the text proper starts after it, and is longer.
    """
    first_meta = min((i for i in inside if found.get(i) in (BYLINE, DATELINE)), default=None)
    if first_meta is None:
        return {}
    body = [i for i in range(body_start, len(lines)) if drops.get(i) is None and i not in found]
    header = [i for i in body if i < first_meta]
    if not header or len(header) > _MAX_HEADER_LINES:
        return {}
    words_before = sum(lines[i].shape.words for i in header)
    words_after = sum(lines[i].shape.words for i in body if i > first_meta)
    return {i: HEADER for i in header} if words_after > _MIN_TEXT_AFTER_HEADER * words_before else {}


def derive_title(first_paragraph: str, max_words: int) -> str:
    """A short title from the first sentence when the input has no headline."""
    sentence = re.split(r"(?<=[.!?。！？])\s+", first_paragraph, maxsplit=1)[0]
    words = sentence.split()
    if len(words) > max_words:
        return " ".join(words[:max_words]).rstrip(",;:") + "…"
    # Never empty: a "sentence" of dots keeps its dots.
    return sentence.rstrip(".") or sentence


def _title_line(lines, candidates, text, found, known_title, max_words) -> int | None:
    """The line that is the headline: the known title's line, else the best headline candidate.

    A headline is short, unpunctuated and about what the body is about:
    of the headline-shaped candidate lines (before the body, or leading it
    before its byline), the one sharing the most words with the body's
    first lines of `text`, and the nearest of equals.
    """
    if known_title:
        return next((i for i in candidates + text if i not in found and _same_title(lines[i].text, known_title)), None)
    body: set[str] | None = None  # read only when some line is headline-shaped
    best, best_score = None, 0
    for distance, index in enumerate(reversed(candidates)):
        line = lines[index]
        if index in found or not _headline_shaped(line, max_words):
            continue
        if body is None:
            body = set(_CONTENT_WORD.findall(" ".join(lines[i].text for i in text).casefold()))
        shared = len(set(_CONTENT_WORD.findall(line.text.casefold())) & body)
        score = shared + (1 if line.shape.words >= 4 else 0) - distance * 0.01
        if best is None or score > best_score:
            best, best_score = index, score
    return best


def _headline_shaped(line: Line, max_words: int) -> bool:
    text = line.text
    return (
        2 <= line.shape.words <= max_words
        and line.shape.has_letters
        and not text.endswith((".", ",", ";", ":"))
        and not _NOT_A_HEADLINE.search(text)
    )


def _same_title(text: str, title: str) -> bool:
    """`text` is `title`, or one of them is the other plus a site name or kicker."""
    a, b = text.casefold().strip(), title.casefold().strip()
    if a == b:
        return True
    shorter, longer = sorted((a, b), key=len)
    return len(shorter) >= _MIN_TITLE_CHARS and (longer.startswith(shorter) or longer.endswith(shorter))


def _is_dateline(text: str, months: Mapping[str, int]) -> bool:
    """A line is a dateline when it is labelled one, or says little besides the date.

    A tweet's attribution (`— Ann (@ann) May 3, 2024`) or a caption with a
    date says more, and its date is not the article's.
    """
    if _PUBLISHED.search(text) or _UPDATED.search(text):
        return True
    residue = [
        word
        for word in _DATE_WORD.findall(text)
        if word.lower().rstrip(".") not in months and word.lower() not in _DATE_FILLERS
    ]
    return len(residue) <= _MAX_DATELINE_RESIDUE
