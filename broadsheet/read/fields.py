"""Stated metadata (front matter, JSON fields, sidecars) → `Meta`.

Field names follow DESIGN.md, with the aliases dataset dumps use. Values are
untrusted: each is coerced to the type `Meta` declares, or refused with a
reason naming the field.
"""

from __future__ import annotations

import math
import unicodedata
from typing import Mapping

from broadsheet.dates import DateError, normalize_date
from broadsheet.model import Meta

# Meta field → the names inputs use for it, in order of preference.
ALIASES: dict[str, tuple[str, ...]] = {
    "title": ("title", "headline"),
    "date": ("date", "published", "published_at", "datePublished", "pubDate"),
    "source": ("source", "site_name", "publisher"),
    "authors": ("authors", "author", "byline"),
    "url": ("url", "link", "canonical_url"),
    "tags": ("tags", "keywords", "categories"),
    "summary": ("summary", "description"),
    "slug": ("slug",),
    "lang": ("lang", "language"),
}
BODY_FIELDS = ("text", "body", "content")
_KNOWN = frozenset(name for names in ALIASES.values() for name in names) | frozenset(BODY_FIELDS)
MAX_FIELD_CHARS = 2000  # a "title" longer than this is a body pasted in the wrong field
MAX_LIST_ITEMS = 100


class FieldError(ValueError):
    """A metadata value that cannot be what its field says."""


def meta_from_fields(fields: Mapping[str, object]) -> Meta:
    """Build `Meta` from stated fields; raise FieldError naming the bad field."""
    chosen = {name: _first(fields, aliases) for name, aliases in ALIASES.items()}
    date = chosen["date"]
    try:
        iso = None if _blank(date) else normalize_date(_scalar_or_date(date, "date"))
    except DateError as error:
        raise FieldError(str(error)) from None
    extra = {key: value for key, value in fields.items() if key not in _KNOWN}
    return Meta(
        title=_text(chosen["title"], "title") or "",
        date=iso,
        source=_text(chosen["source"], "source"),
        authors=_names(chosen["authors"], "authors"),
        url=_text(chosen["url"], "url"),
        tags=_names(chosen["tags"], "tags"),
        summary=_text(chosen["summary"], "summary"),
        slug=_text(chosen["slug"], "slug"),
        lang=_text(chosen["lang"], "lang"),
        extra=_plain(extra),
    )


def body_of(fields: Mapping[str, object]) -> str | None:
    """The article text of a JSON object, if it has one."""
    value = _first(fields, BODY_FIELDS)
    if _blank(value):
        return None
    if isinstance(value, list):  # some dumps store paragraphs as a list
        return "\n\n".join(str(item) for item in value if isinstance(item, (str, int, float)))
    if not isinstance(value, str):
        raise FieldError(f"body field holds a {type(value).__name__}, not text")
    return value


def merge(stated: Meta, fallback: Meta) -> Meta:
    """`stated` wins field by field; `fallback` fills what it leaves empty."""
    return Meta(
        title=stated.title or fallback.title,
        date=stated.date or fallback.date,
        source=stated.source or fallback.source,
        authors=stated.authors or fallback.authors,
        url=stated.url or fallback.url,
        tags=stated.tags or fallback.tags,
        summary=stated.summary or fallback.summary,
        slug=stated.slug or fallback.slug,
        lang=stated.lang or fallback.lang,
        extra={**fallback.extra, **stated.extra},
    )


def _first(fields: Mapping[str, object], names: tuple[str, ...]) -> object:
    for name in names:
        value = fields.get(name)
        if not _blank(value):
            return value
    return None


def _blank(value: object) -> bool:
    return value is None or value == "" or value == [] or value == {}


def _scalar_or_date(value: object, field: str) -> object:
    if isinstance(value, (list, dict)):
        raise FieldError(f"{field} holds a {type(value).__name__}, not a single value")
    return value


def _text(value: object, field: str) -> str | None:
    if _blank(value):
        return None
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        if isinstance(value, dict) and field in ("source", "authors"):
            return _text(value.get("name"), field)  # JSON-LD style {"name": ...}
        raise FieldError(f"{field} holds a {type(value).__name__}, not text")
    if isinstance(value, float) and not math.isfinite(value):
        raise FieldError(f"{field} is not a number or text")
    text = " ".join(_printable(str(value)).split())
    if len(text) > MAX_FIELD_CHARS:
        raise FieldError(f"{field} is {len(text)} characters long, over the {MAX_FIELD_CHARS} limit")
    return text or None


def _names(value: object, field: str) -> tuple[str, ...]:
    """A list of names from a list, or from one comma- or semicolon-separated string."""
    if _blank(value):
        return ()
    if isinstance(value, str):
        separator = ";" if ";" in value else ","
        items: list[object] = value.split(separator)
    elif isinstance(value, list):
        items = value
    else:
        items = [value]
    names: list[str] = []
    for item in items[:MAX_LIST_ITEMS]:
        name = _text(item, field)
        if name and name not in names:
            names.append(name)
    return tuple(names)


_INVISIBLE = frozenset({"Cc", "Cf", "Cs"})
_EMOJI_JOINER = "\u200d"


def _printable(text: str) -> str:
    """Drop control, surrogate and format characters (bidi overrides, zero-width
    spaces) from a one-line field; keep the joiner that emoji sequences need."""
    normal = unicodedata.normalize("NFC", text)
    return "".join(ch for ch in normal if ch == _EMOJI_JOINER or unicodedata.category(ch) not in _INVISIBLE or ch in "\t\n")


def _plain(value: object) -> object:
    """Keep extra fields as data only: scalars, lists and string-keyed mappings."""
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    if value is None or isinstance(value, (str, int, bool)):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    return str(value)
