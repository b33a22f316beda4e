"""Stated dates → ISO 8601 strings, and their sort and archive keys.

A date is only ever one the input stated; anything this module cannot read as
a real calendar date is `None` (for detected dates) or an error (for dates in
explicit metadata, which the reader rejects with the reason).
"""

from __future__ import annotations

import datetime as dt
import re

_ISO = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})"
    r"(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?"
    r"\s*(Z|[+-]\d{2}:?\d{2})?)?"
)
_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
# "March 3, 2026", "3 March 2026", "Tue, 03 Mar 2026 10:00:00 GMT" (RFC 2822)
_MONTH_FIRST = re.compile(r"([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})")
_DAY_FIRST = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]{3,9})\.?,?\s+(\d{4})")
_CLOCK = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(GMT|UTC|Z|[+-]\d{4})?")
MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # not strftime("%B"): that follows the process locale, and output must not
EARLIEST_YEAR = 1800  # older "dates" in scraped news are noise, not history


class DateError(ValueError):
    """A stated date that is not a real calendar date."""


def normalize_date(value: object) -> str:
    """Return the ISO 8601 form of a stated date, or raise DateError.

    Accepts ISO dates and date-times, `March 3, 2026`, `3 March 2026`,
    RFC 2822 dates, and `datetime`/`date` objects. A date-time keeps its
    stated offset; a date stays a date.
    """
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if not isinstance(value, str):
        raise DateError(f"date {value!r} is not a date string")
    text = value.strip()
    match = _ISO.fullmatch(text)
    if match:
        return _from_iso(match, text)
    for pattern, order in ((_MONTH_FIRST, "mdy"), (_DAY_FIRST, "dmy")):
        found = pattern.search(text)
        if found:
            return _from_words(found, order, text)
    raise DateError(f"date {text!r} is not a date Broadsheet can read")


def _from_iso(match: re.Match[str], text: str) -> str:
    year, month, day, hour, minute, second, zone = match.groups()
    date = _real_date(int(year), int(month), int(day), text)
    if hour is None:
        return date.isoformat()
    if int(hour) > 23 or int(minute) > 59 or int(second or 0) > 59:
        raise DateError(f"date {text!r} has an impossible time")
    clock = f"{hour}:{minute}:{second or '00'}"
    return f"{date.isoformat()}T{clock}{_zone(zone)}"


def _from_words(found: re.Match[str], order: str, text: str) -> str:
    first, second, year = found.groups()
    month_name, day = (first, second) if order == "mdy" else (second, first)
    month = _MONTHS.get(month_name.lower())
    if month is None:
        raise DateError(f"date {text!r} names no month")
    date = _real_date(int(year), month, int(day), text)
    clock = _CLOCK.search(text, found.end())
    if clock is None:
        return date.isoformat()
    hour, minute, second_, zone = clock.groups()
    if int(hour) > 23 or int(minute) > 59:
        return date.isoformat()
    zone = {"GMT": "Z", "UTC": "Z"}.get(zone or "", zone)
    return f"{date.isoformat()}T{int(hour):02d}:{minute}:{second_ or '00'}{_zone(zone)}"


def _real_date(year: int, month: int, day: int, text: str) -> dt.date:
    if year < EARLIEST_YEAR:
        raise DateError(f"date {text!r} is before {EARLIEST_YEAR}")
    try:
        return dt.date(year, month, day)
    except ValueError as error:
        raise DateError(f"date {text!r} is not a real date ({error})") from None


def _zone(zone: str | None) -> str:
    if not zone:
        return ""
    if zone == "Z":
        return "Z"
    digits = zone.replace(":", "")
    hours, minutes = int(digits[1:3]), int(digits[3:5])
    if hours > 14 or minutes > 59:
        raise DateError(f"time zone {zone!r} is impossible")
    return f"{digits[0]}{digits[1:3]}:{digits[3:5]}"


def sort_key(iso: str | None) -> str:
    """A string that orders stated dates in time, comparing offsets as UTC."""
    if iso is None:
        return ""
    if "T" not in iso:
        return iso + "T00:00:00"
    moment = dt.datetime.fromisoformat(iso.replace("Z", "+00:00"))
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.timezone.utc).replace(tzinfo=None)
    return moment.isoformat(timespec="seconds")


def month_of(iso: str) -> str:
    """`2026-03` for any stated date in March 2026, as the input stated it."""
    return iso[:7]


def rfc3339(iso: str) -> str:
    """The date as Atom wants it: a full date-time with an offset (UTC if unstated)."""
    if "T" not in iso:
        return iso + "T00:00:00Z"
    day_time, offset = re.fullmatch(r"(.*?)(Z|[+-]\d{2}:\d{2})?", iso).groups()
    if re.fullmatch(r".*T\d{2}:\d{2}", day_time):
        day_time += ":00"  # RFC 3339 requires the seconds
    return day_time + (offset or "Z")


def display(iso: str) -> str:
    """`3 March 2026` for readers: the stated calendar date."""
    date = dt.date.fromisoformat(iso[:10])
    return f"{date.day} {MONTH_NAMES[date.month - 1]} {date.year}"
