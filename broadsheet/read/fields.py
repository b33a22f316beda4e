"""Stated metadata (front matter, JSON fields, sidecars) → `Meta`.

Field names follow DESIGN.md, with the aliases dataset dumps use. Values are
untrusted: each is coerced to the type `Meta` declares, or refused with a
reason naming the field.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import replace
from typing import Mapping

from broadsheet.dates import DateError, normalize_date
from broadsheet.model import Meta
from broadsheet.read.chars import one_line, text_only

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
_ALIAS_NAMES = frozenset(name for names in ALIASES.values() for name in names)
MAX_FIELD_CHARS = 2000  # a "title" longer than this is a body pasted in the wrong field
MAX_LIST_ITEMS = 100
# Extra fields are kept as data, and written back by `import`: deeper or
# bigger than this is not metadata (and deep nesting would exhaust the stack).
MAX_EXTRA_DEPTH = 20
MAX_EXTRA_NODES = 10_000
# Dumps often carry the whole page in a field (`"html": "<!doctype ..."`):
# past this many characters in all, a field is kept as a note saying so, so
# front matter stays readable (frontfmatter.MAX_FRONT_MATTER_CHARS).
MAX_EXTRA_CHARS = 256_000
# A BCP 47 language tag as `<html lang>` wants it: `en`, `pt-BR`, `zh-Hant-TW`.
_LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8}){0,6}")


class FieldError(ValueError):
    """A metadata value that cannot be what its field says."""


def meta_from_fields(fields: Mapping[str, object]) -> Meta:
    """Build `Meta` from stated fields; raise FieldError naming the bad field.

    Each field takes the first of its names (`ALIASES`) whose value is usable.
    Unknown fields, and names a field did not use (`published` beside
    `date`, `lang: English`), are kept as they came in `extra`: nothing lost.
    """
    values: dict[str, object] = {}
    used: set[str] = set()
    for field, names in ALIASES.items():
        for name in names:
            if name not in fields:
                continue
            value = _COERCE[field](fields[name], field)
            if value:
                values[field] = value
                used.add(name)
                break
    extra = _extra({key: value for key, value in fields.items() if key not in used and key not in BODY_FIELDS})
    return Meta(
        **values,
        extra={key: value for key, value in extra.items() if not (key in _ALIAS_NAMES and _blank(value))},
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


def tidy(meta: Meta) -> Meta:
    """Metadata from elsewhere (a page's head, the cleaner) held to the rules stated fields follow.

    One-line fields lose control and format characters, list items too, and
    a `lang` that is no language tag is dropped. Nothing is refused: the
    values came from a page, not from a person who could fix them. An extra
    field kept under a known name (an unusable stated `lang`) goes once the
    cleaner has found that field a value: front matter holds one of each.
    """

    def line(value: str | None) -> str | None:
        return one_line(value)[:MAX_FIELD_CHARS] or None if value else None

    return replace(
        meta,
        title=line(meta.title) or "",
        source=line(meta.source),
        authors=tuple(dict.fromkeys(name for name in map(line, meta.authors) if name)),
        url=line(meta.url),
        tags=tuple(dict.fromkeys(tag for tag in map(line, meta.tags) if tag)),
        summary=line(meta.summary),
        slug=line(meta.slug),
        lang=meta.lang if meta.lang and _LANGUAGE_TAG.fullmatch(meta.lang) else None,
        extra={key: value for key, value in meta.extra.items() if not (key in ALIASES and getattr(meta, key))},
    )


def _first(fields: Mapping[str, object], names: tuple[str, ...]) -> object:
    name = _first_name(fields, names)
    return fields[name] if name else None


def _first_name(fields: Mapping[str, object], names: tuple[str, ...]) -> str | None:
    return next((name for name in names if not _blank(fields.get(name))), None)


def _blank(value: object) -> bool:
    if isinstance(value, str):
        return not one_line(value)
    if isinstance(value, list):
        return all(_blank(item) for item in value)
    return value is None or value == {}


def _date(value: object, field: str) -> str | None:
    if _blank(value):
        return None
    if isinstance(value, (list, dict)):
        raise FieldError(f"{field} holds a {type(value).__name__}, not a single value")
    try:
        return normalize_date(value)
    except DateError as error:
        raise FieldError(str(error)) from None


def _language(value: object, field: str) -> str | None:
    """A BCP 47 tag, or None: `English` is kept as an extra field, never put in `<html lang>`."""
    text = _text(value, field)
    return text if text and _LANGUAGE_TAG.fullmatch(text) else None


def _text(value: object, field: str) -> str | None:
    if _blank(value):
        return None
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        if isinstance(value, dict) and field in ("source", "authors"):
            return _text(value.get("name"), field)  # JSON-LD style {"name": ...}
        raise FieldError(f"{field} holds a {type(value).__name__}, not text")
    if isinstance(value, float) and not math.isfinite(value):
        raise FieldError(f"{field} is not a number or text")
    text = one_line(str(value))
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


_COERCE = {
    "title": _text, "date": _date, "source": _text, "authors": _names, "url": _text,
    "tags": _names, "summary": _text, "slug": _text, "lang": _language,
}  # fmt: skip


def _extra(fields: Mapping[str, object]) -> dict[str, object]:
    """Extra fields as plain data (scalars, lists, string-keyed mappings); FieldError if too deep or many.

    A field that would take the extra fields past MAX_EXTRA_CHARS is kept
    as a note of its size instead of its value.
    """
    budget = [MAX_EXTRA_NODES]
    room = MAX_EXTRA_CHARS
    extra: dict[str, object] = {}
    for key, value in fields.items():
        name = text_only(str(key))
        plain = _plain(value, str(key), 0, budget)
        size = len(name) + len(json.dumps(plain, ensure_ascii=False))
        if size > room:
            plain = f"[{size:,} characters left out: over the {MAX_EXTRA_CHARS:,}-character limit for extra fields]"
            size = len(name) + len(plain)
        room = max(0, room - size)
        extra[name] = plain
    return extra


def _plain(value: object, field: str, depth: int, budget: list[int]) -> object:
    budget[0] -= 1
    if depth > MAX_EXTRA_DEPTH or budget[0] < 0:
        raise FieldError(f"field {one_line(field)!r} is nested too deeply or too large to be metadata")
    if isinstance(value, dict):
        return {text_only(str(key)): _plain(item, field, depth + 1, budget) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(item, field, depth + 1, budget) for item in value]
    if isinstance(value, str):
        return text_only(value)
    if value is None or isinstance(value, (int, bool)):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    return text_only(str(value))
