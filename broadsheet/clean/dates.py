"""Dates stated in text, as ISO 8601: `March 3, 2026` → `2026-03-03`.

Only what is written is read: a date needs a year, a month and a day that
exist on the calendar; a time is kept only when one is stated. Ambiguous
numeric dates (`03/04/2026`) are not dates: guessing would invent one.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from typing import Mapping

EARLIEST_YEAR, LATEST_YEAR = 1800, 2199

_TIME = (
    r"(?:[,\s]+(?:at\s+|à\s+|um\s+|a\s+las\s+|-\s+)?"
    r"(?P<hour>\d{1,2})[:h.](?P<minute>\d{2})(?::(?P<second>\d{2}))?(?:\.\d+)?"
    r"\s*(?P<ampm>[ap]\.?\s?m\.?)?"
    r"\s*(?P<zone>Z|UTC|GMT|[+-]\d{2}:?\d{2}|(?:UTC|GMT)\s?[+-]\d{1,2}(?::?\d{2})?)?)?"
)
_ISO = re.compile(
    r"(?<!\d)(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})"
    r"(?:[T ](?P<hour>\d{2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?(?:\.\d+)?"
    r"\s*(?P<zone>Z|[+-]\d{2}:?\d{2})?)?(?!\d)"
)
_SLASHED_YMD = re.compile(r"(?<!\d)(?P<year>\d{4})/(?P<month>\d{1,2})/(?P<day>\d{1,2})(?!\d)" + _TIME)
_NUMERIC = re.compile(
    r"(?<![\d/.])(?P<a>\d{1,2})(?P<sep>[/.])(?P<b>\d{1,2})(?P=sep)(?P<year>\d{4})(?![\d/])" + _TIME
)


@lru_cache(maxsize=8)
def _named(month_names: tuple[str, ...]) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """`March 3, 2026` and `3 March 2026` patterns for the given month names."""
    names = "|".join(sorted((re.escape(name) for name in month_names), key=len, reverse=True))
    month = rf"(?P<month_name>{names})\.?"
    month_day_year = re.compile(
        rf"(?<!\w){month}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>\d{{4}})(?!\d)" + _TIME,
        re.IGNORECASE,
    )
    day_month_year = re.compile(
        rf"(?<!\d)(?P<day>\d{{1,2}})(?:st|nd|rd|th|er|º|\.)?\s+(?:de\s+)?{month},?\s+(?:de\s+)?(?P<year>\d{{4}})(?!\d)"
        + _TIME,
        re.IGNORECASE,
    )
    return month_day_year, day_month_year


_YEAR = re.compile(r"\d{4}")


def find_date(text: str, months: Mapping[str, int]) -> str | None:
    """The first real date written in `text`, as ISO 8601, or None."""
    if not _YEAR.search(text):
        return None  # every form needs a four-digit year
    found: list[tuple[int, str]] = []
    named = _named(tuple(months)) if months else ()
    for pattern in (_ISO, _SLASHED_YMD, *named, _NUMERIC):
        for match in pattern.finditer(text):
            iso = _iso(match, months)
            if iso:
                found.append((match.start(), iso))
                break
    return min(found)[1] if found else None


def _iso(match: re.Match[str], months: Mapping[str, int]) -> str | None:
    parts = match.groupdict()
    year = int(parts["year"])
    if "month_name" in parts:
        month = months.get(parts["month_name"].lower().rstrip("."))
        day = int(parts["day"])
    elif "a" in parts:
        month, day = _day_month(int(parts["a"]), int(parts["b"]), parts["sep"])
    else:
        month, day = int(parts["month"]), int(parts["day"])
    if month is None or day is None or not EARLIEST_YEAR <= year <= LATEST_YEAR:
        return None
    try:
        date = dt.date(year, month, day)
    except ValueError:
        return None
    if parts.get("hour") is None:
        return date.isoformat()
    hour, minute = int(parts["hour"]), int(parts["minute"])
    ampm = (parts.get("ampm") or "").replace(".", "").replace(" ", "").lower()
    if ampm:
        if not 1 <= hour <= 12:
            return date.isoformat()
        hour = hour % 12 + (12 if ampm == "pm" else 0)
    second = int(parts["second"]) if parts.get("second") else None
    if hour > 23 or minute > 59 or (second is not None and second > 59):
        return date.isoformat()
    stamp = f"{date.isoformat()}T{hour:02d}:{minute:02d}" + (f":{second:02d}" if second is not None else "")
    return stamp + _offset(parts.get("zone"))


def _day_month(first: int, second: int, separator: str) -> tuple[int | None, int | None]:
    """Numeric day and month: dotted is day.month (European); slashed only when unambiguous."""
    if separator == ".":
        return second, first
    if first > 12 >= second:
        return second, first
    if second > 12 >= first:
        return first, second
    return None, None


def _offset(zone: str | None) -> str:
    """A stated UTC offset in ISO form; named zones (IST, EST) are ambiguous and left out."""
    if not zone:
        return ""
    zone = zone.upper().replace(" ", "")
    if zone in ("Z", "UTC", "GMT"):
        return "Z"
    match = re.fullmatch(r"(?:UTC|GMT)?([+-])(\d{1,2}):?(\d{2})?", zone)
    if not match or int(match.group(2)) > 14:
        return ""
    return f"{match.group(1)}{int(match.group(2)):02d}:{match.group(3) or '00'}"
