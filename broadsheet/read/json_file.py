"""`.json` and `.jsonl`: dataset dumps, one article object, a list, or one per line.

Each article of a list or JSONL file is an input of its own (`file.json#3`),
so one bad record is rejected without losing its neighbours.
"""

from __future__ import annotations

import json
import re

from broadsheet.model import Meta, RawDoc, Rejected
from broadsheet.read.fields import FieldError, body_of, merge, meta_from_fields

# Dumps often store the page's HTML in the body field, not text.
_HTML_BODY = re.compile(r"<(?:p|div|br|article|section|h[1-6]|li|blockquote)\b[^>]*>", re.I)


def read_json(origin: str, text: str, stated: Meta) -> list[RawDoc | Rejected]:
    try:
        value = json.loads(text)
    except ValueError as error:
        return [Rejected(origin, f"not valid JSON: {error}")]
    except RecursionError:
        return [Rejected(origin, "not valid JSON: nested too deeply")]
    if isinstance(value, dict):
        return [_article(origin, value, stated)]
    if isinstance(value, list):
        if not value:
            return [Rejected(origin, "JSON list holds no articles")]
        return [_article(f"{origin}#{number}", item, stated) for number, item in enumerate(value, start=1)]
    return [Rejected(origin, f"JSON holds a {type(value).__name__}, not an article object or a list")]


def read_jsonl(origin: str, text: str, stated: Meta) -> list[RawDoc | Rejected]:
    docs: list[RawDoc | Rejected] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        item_origin = f"{origin}#{number}"
        try:
            value = json.loads(line)
        except ValueError as error:
            docs.append(Rejected(item_origin, f"line {number} is not valid JSON: {error}"))
            continue
        except RecursionError:
            docs.append(Rejected(item_origin, f"line {number} is nested too deeply"))
            continue
        docs.append(_article(item_origin, value, stated))
    return docs or [Rejected(origin, "JSONL file holds no articles")]


def _article(origin: str, value: object, stated: Meta) -> RawDoc | Rejected:
    if not isinstance(value, dict):
        return Rejected(origin, f"item is a JSON {type(value).__name__}, not an article object")
    try:
        body = body_of(value)
        if body is None:
            return Rejected(origin, "article object has no text, body or content field")
        meta = merge(meta_from_fields(value), stated)
    except FieldError as error:
        return Rejected(origin, str(error))
    fmt = "html" if _HTML_BODY.search(body) else "text"
    return RawDoc(origin, fmt, body, meta)
