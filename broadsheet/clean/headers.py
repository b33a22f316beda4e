"""Metadata stated in the lines around the body's start: headline, byline, dateline.

These lines are metadata, not body: the lines that yield a value are dropped
from the text under `meta.title`, `meta.byline` and `meta.dateline`. They
are looked for just before the body and among its first lines (an
extractor often keeps the headline and the date line with the text).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Mapping, Sequence

from broadsheet.clean.dates import find_date
from broadsheet.clean.shape import Line

TITLE, BYLINE, DATELINE = "meta.title", "meta.byline", "meta.dateline"

# Verdicts a header line may carry and still be read: a headline is short and
# unpunctuated like a menu entry, and often repeated (page title and h1).
_READABLE = {None, "body.outside", "body.fragment", "boilerplate.link-list", "boilerplate.repeated", "html.not-extracted"}

_BYLINE = re.compile(
    r"^(?:written |words |story |text |reporting )?(?:by|von|par|por|di|door|av|oleh|от|autor(?:a)?:?|author:)\s+(?P<names>\S.*)$",
    re.IGNORECASE,
)
_NAME_SEPARATOR = re.compile(r"\s*(?:,|&|\band\b|\bund\b|\bet\b|\by\b|\be\b|\bi\b|\ben\b|\bog\b)\s*")
# What follows the names in a byline: a date, a role, a place, the publisher.
_AFTER_NAMES = re.compile(
    r"\s*(?:[|•·–—]|\s-\s|\bon\b|\bat\b|\bin\b|\bfor\b|\bpublished\b|\bposted\b|\bupdated\b|\d|\(|\bstaff\b"
    r"|\bspecial to\b|\bcorrespondent\b|\breporter\b|\beditor\b|\bwriter\b|\bcolumnist\b|\bcontributor\b)",
    re.IGNORECASE,
)
_NAME = re.compile(
    r"^[A-ZÀ-ÖØ-ÞА-ЯЁ][\w.'’-]*(?:\s+(?:[A-ZÀ-ÖØ-ÞА-ЯЁ][\w.'’-]*|de|da|van|von|der|den|del|la|le|di|bin|al|ter|du|dos|das))*$"
)
_PUBLISHED = re.compile(r"\b(?:published|posted|veröffentlicht|publié|publicado|pubblicato|erschienen)\b", re.IGNORECASE)
_UPDATED = re.compile(r"\b(?:updated|modified|aktualisiert|mis à jour|actualizado|atualizado|aggiornato)\b", re.IGNORECASE)
_MAX_BYLINE_WORDS = 16
_MAX_DATELINE_WORDS = 16
_MIN_TITLE_CHARS = 8


@dataclass(frozen=True, slots=True)
class Header:
    title: str = ""
    authors: tuple[str, ...] = ()
    date: str | None = None
    drops: dict[int, str] = field(default_factory=dict)  # line index → meta.* verdict


def read_header(
    lines: Sequence[Line],
    drops: Mapping[int, str],
    body_start: int,
    months: Mapping[str, int],
    search_lines: int,
    headline_max_words: int,
    known_title: str = "",
) -> Header:
    """Headline, byline and date from the lines around the start of the body.

    `known_title` (stated by the input's metadata) is not searched for; a
    line repeating it is still dropped as the headline.
    """
    before = [i for i in range(max(0, body_start - search_lines), body_start) if lines[i].text and drops.get(i) in _READABLE]
    inside = [i for i in range(body_start, len(lines)) if i not in drops][:search_lines]
    found: dict[int, str] = {}
    authors: tuple[str, ...] = ()
    date, date_rank = None, 0
    for index in before + inside:
        line = lines[index]
        names = _byline_names(line.text) if line.shape.words <= _MAX_BYLINE_WORDS else ()
        if names and not authors:
            authors = names
            found[index] = BYLINE
        stated = find_date(line.text, months) if line.shape.words <= _MAX_DATELINE_WORDS else None
        if stated and (index in found or index in before or _is_dateline(line.text, stated)):
            # A published date beats an unlabelled one, which beats an update.
            rank = 3 if _PUBLISHED.search(line.text) else 1 if _UPDATED.search(line.text) else 2
            if rank > date_rank:
                date, date_rank = stated, rank
            found.setdefault(index, DATELINE)
    title_index = _title_line(lines, before, inside, found, known_title, headline_max_words)
    title = known_title
    if title_index is not None:
        found[title_index] = TITLE
        title = title or lines[title_index].text
    return Header(title=title, authors=authors, date=date, drops=found)


def derive_title(first_paragraph: str, max_words: int) -> str:
    """A short title from the first sentence when the input has no headline."""
    sentence = re.split(r"(?<=[.!?。！？])\s+", first_paragraph, maxsplit=1)[0]
    words = sentence.split()
    if len(words) <= max_words:
        return sentence.rstrip(".")
    return " ".join(words[:max_words]).rstrip(",;:") + "…"


def _title_line(lines, before, inside, found, known_title, max_words) -> int | None:
    """The line that is the headline: the known title's line, else the nearest headline-shaped line before the body."""
    if known_title:
        return next((i for i in before + inside if i not in found and _same_title(lines[i].text, known_title)), None)
    candidates = [
        i
        for i in reversed(before)
        if i not in found
        and 2 <= lines[i].shape.words <= max_words
        and lines[i].shape.has_letters
        and not lines[i].text.endswith((".", ",", ";", ":"))
    ]
    return next((i for i in candidates if lines[i].shape.words >= 4), candidates[0] if candidates else None)


def _same_title(text: str, title: str) -> bool:
    """`text` is `title`, or one of them is the other plus a site name or kicker."""
    a, b = text.casefold().strip(), title.casefold().strip()
    if a == b:
        return True
    shorter, longer = sorted((a, b), key=len)
    return len(shorter) >= _MIN_TITLE_CHARS and (longer.startswith(shorter) or longer.endswith(shorter))


def _byline_names(text: str) -> tuple[str, ...]:
    match = _BYLINE.match(text)
    if not match:
        return ()
    names_text = match.group("names")
    cut = _AFTER_NAMES.search(names_text)
    if cut:
        names_text = names_text[: cut.start()]
    names = [name.strip(" .,;") for name in _NAME_SEPARATOR.split(names_text)]
    names = [name for name in names if name]
    if not names or not all(_NAME.match(name) and len(name.split()) <= 5 for name in names):
        return ()
    return tuple(names)


def _is_dateline(text: str, date: str) -> bool:
    """A line inside the body is a dateline only if it says little besides the date."""
    return bool(_PUBLISHED.search(text) or _UPDATED.search(text)) or len(text.split()) <= 8
