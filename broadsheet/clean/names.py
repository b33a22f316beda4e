"""Names: people from a byline (`By Jane Lowell and Tom Reyes`) or an author field, publishers from a disclaimer.

A byline runs on into a date, a role or the publisher (`By Jane Lowell |
Staff Writer`, `By Jane Lowell December 29, 2014`); the names end where
those begin. Credentials after a comma (`Jane Lowell, MS, RDN`) are not
names.
"""

from __future__ import annotations

import re
from typing import Mapping

_BYLINE = re.compile(
    r"^(?:written |words |story |text |reporting )?(?:by|von|par|por|di|door|av|oleh|от|autor(?:a)?:?|author:)\s+(?P<names>\S.*)$",
    re.IGNORECASE,
)
_LEADING_BY = re.compile(r"^(?:by|von|par|por|di|door)\s+", re.IGNORECASE)
_SEPARATOR = re.compile(r"\s*(?:,|;|&|\band\b|\bund\b|\bet\b|\by\b|\be\b|\bi\b|\ben\b|\bog\b)\s*")
# What follows the names in a byline: a date, a role, a place, the publisher.
_AFTER_NAMES = re.compile(
    r"\s*(?:[|•·–—]|\s-\s|\bon\b|\bat\b|\bin\b|\bfor\b|\bpublished\b|\bposted\b|\bupdated\b|\d|\(|\bstaff\b"
    r"|\bspecial to\b|\bcorrespondent\b|\breporter\b|\beditor\b|\bwriter\b|\bcolumnist\b|\bcontributor\b)",
    re.IGNORECASE,
)
_NAME = re.compile(
    r"^[A-ZÀ-ÖØ-ÞА-ЯЁ][\w.'’-]*(?:\s+(?:[A-ZÀ-ÖØ-ÞА-ЯЁ][\w.'’-]*|de|da|van|von|der|den|del|la|le|di|bin|al|ter|du|dos|das))*$"
)
_CREDENTIAL = re.compile(r"^(?:[A-Z]{2,4}|Ph\.?D\.?|M\.?D\.?|Jr\.?|Sr\.?)$")
_MAX_NAME_WORDS = 5
_NOT_A_PUBLISHER = re.compile(r"^(?:all rights reserved|copyright|\d+)$", re.IGNORECASE)


def byline_names(text: str, months: Mapping[str, int]) -> tuple[str, ...]:
    """The names of a byline line (`By A and B`, `By A, B`), or () when it is not one."""
    match = _BYLINE.match(text)
    return _names(match.group("names"), months) if match else ()


def author_names(value: str, months: Mapping[str, int]) -> tuple[str, ...]:
    """The names in an author field a page or a feed states (`By A and B`, `A, B`)."""
    if not value or value.startswith(("http://", "https://")) or len(value) > 200:
        return ()
    return _names(_LEADING_BY.sub("", value.strip()), months)


def _names(text: str, months: Mapping[str, int]) -> tuple[str, ...]:
    cut = _AFTER_NAMES.search(text)
    if cut:
        text = text[: cut.start()]
    words = text.split()
    # A date written after the names starts with its month: "By Ann Lee March 3".
    for position, word in enumerate(words):
        if position and word.lower().rstrip(".,") in months:
            text = " ".join(words[:position])
            break
    names = [name.strip(" .,;") for name in _SEPARATOR.split(text)]
    names = [name for name in names if name and not _CREDENTIAL.match(name)]
    if not names or not all(_NAME.match(name) and len(name.split()) <= _MAX_NAME_WORDS for name in names):
        return ()
    return tuple(dict.fromkeys(names))


def publisher_name(text: str | None) -> str | None:
    """A publisher named in a disclaimer or copyright line: "by Harbour Media" → "Harbour Media"."""
    if not text:
        return None
    name = _LEADING_BY.sub("", text.strip(" .,;:-"))
    return None if len(name) < 2 or _NOT_A_PUBLISHER.match(name) else name
