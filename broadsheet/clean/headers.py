"""Metadata stated in the lines around the body: headline, byline, dateline.

These lines are metadata, not body: the lines that yield a value are dropped
from the text under `meta.title`, `meta.byline` and `meta.dateline`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Mapping, Sequence

from broadsheet.clean.dates import find_date
from broadsheet.clean.shape import Line

TITLE, BYLINE, DATELINE = "meta.title", "meta.byline", "meta.dateline"

# Verdicts a headline may carry and still be the headline: it is short and
# unpunctuated like a menu entry, and often repeated (page title and h1).
_HEADLINE_MAY_BE = {None, "body.outside", "body.fragment", "boilerplate.link-list", "boilerplate.repeated"}

_BYLINE = re.compile(
    r"^(?:written |words |story |text |reporting )?(?:by|von|par|por|di|door|av|oleh|от|autor(?:a)?:?|author:)\s+(?P<names>\S.*)$",
    re.IGNORECASE,
)
_NAME_SEPARATOR = re.compile(r"\s*(?:,|&|\band\b|\bund\b|\bet\b|\by\b|\be\b|\bi\b|\ben\b|\bog\b)\s*")
# What follows the names in a byline: a date, a role, a place, the publisher.
_AFTER_NAMES = re.compile(
    r"\s*(?:[|•·–—]|\s-\s|\bon\b|\bat\b|\bin\b|\bfor\b|\bpublished\b|\bposted\b|\bupdated\b|\d|\(|\bstaff\b|\bspecial to\b|\bcorrespondent\b|\breporter\b|\beditor\b|\bwriter\b|\bcolumnist\b|\bcontributor\b)",
    re.IGNORECASE,
)
_NAME = re.compile(r"^[A-ZÀ-ÖØ-ÞА-ЯЁ][\w.'’-]*(?:\s+(?:[A-ZÀ-ÖØ-ÞА-ЯЁ][\w.'’-]*|de|da|van|von|der|den|del|la|le|di|bin|al|ter|du|dos|das))*$")
_DATE_LABEL = re.compile(r"\b(?:published|posted|updated|last updated|modified|veröffentlicht|aktualisiert|publié|mis à jour|publicado|actualizado|atualizado|pubblicato|aggiornato)\b", re.IGNORECASE)
_UPDATED = re.compile(r"\b(?:updated|last updated|modified|aktualisiert|mis à jour|actualizado|atualizado|aggiornato)\b", re.IGNORECASE)
_MAX_BYLINE_WORDS = 16
_MAX_DATELINE_WORDS = 16


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
    """Headline, byline and date from the lines just before the body.

    `known_title` (stated by the input's metadata) is not searched for; a line
    repeating it is still dropped as the headline.
    """
    zone = [i for i in range(max(0, body_start - search_lines), body_start) if lines[i].text]
    found: dict[int, str] = {}
    authors: tuple[str, ...] = ()
    date, date_is_update = None, True
    for index in zone:
        line = lines[index]
        if drops.get(index) not in _HEADLINE_MAY_BE:
            continue
        names = _byline_names(line.text) if line.shape.words <= _MAX_BYLINE_WORDS else ()
        if names and not authors:
            authors = names
            found[index] = BYLINE
        if line.shape.words <= _MAX_DATELINE_WORDS:
            stated = find_date(line.text, months)
            is_update = bool(_UPDATED.search(line.text)) and not re.search(r"\b(?:published|posted)\b", line.text, re.I)
            if stated and (date is None or (date_is_update and not is_update)):
                date, date_is_update = stated, is_update
                found.setdefault(index, DATELINE)
            elif stated and _dateline_only(line.text):
                found.setdefault(index, DATELINE)
    title = known_title
    title_index = _headline(lines, drops, zone, found, known_title, headline_max_words)
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


def _headline(lines, drops, zone, found, known_title, max_words) -> int | None:
    if known_title:
        wanted = known_title.casefold()
        return next((i for i in reversed(zone) if lines[i].text.casefold() == wanted), None)
    candidates = [
        i
        for i in reversed(zone)
        if i not in found
        and drops.get(i) in _HEADLINE_MAY_BE
        and 2 <= lines[i].shape.words <= max_words
        and lines[i].shape.has_letters
        and not lines[i].text.endswith((".", ",", ";", ":"))
    ]
    return next((i for i in candidates if lines[i].shape.words >= 4), candidates[0] if candidates else None)


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


def _dateline_only(text: str) -> bool:
    return bool(_DATE_LABEL.search(text)) or len(text.split()) <= 8
