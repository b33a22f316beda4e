"""Markdown files with YAML front matter ⇄ `MarkdownDoc`.

Writing is ours and deterministic: known fields in a fixed order, block
lists, strings plain where YAML would read them back unchanged and
double-quoted otherwise. Reading takes what people and other tools write,
with YAML's implicit date conversion off so dates stay the strings they were
(`broadsheet.dates` decides whether they are real).
"""

from __future__ import annotations

import json
import re
from typing import Mapping

import yaml

from broadsheet.model import MarkdownDoc, Meta

FENCE = "---"
# Above what Broadsheet itself writes (extra fields are capped at 256,000
# characters, known ones at 100 names of 2,000); PyYAML reads the worst
# megabyte of hand-written YAML in under ten seconds.
MAX_FRONT_MATTER_CHARS = 1_000_000
MAX_FRONT_MATTER_NODES = 10_000  # guards against alias bombs: `&a [*a, *a, ...]`
_FIELD_ORDER = ("title", "date", "source", "authors", "url", "tags", "summary", "slug", "lang")
# Looks like text YAML reads back as itself: starts with a letter or digit,
# no indicator characters. Checked by a real load as well (see _is_plain).
_PLAIN_CANDIDATE = re.compile(r"[^\W_][^:#\[\]{},&*!|>'\"%@`\n\r\t\\]*", re.UNICODE)
# Characters PyYAML refuses to read unescaped, and those it reads as line
# breaks (NEL, LS, PS), which a double-quoted scalar would fold into spaces.
_YAML_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]")


class FrontMatterError(ValueError):
    """Front matter that is not a readable YAML mapping."""


class _StringDateLoader(yaml.SafeLoader):
    """SafeLoader that leaves `2026-03-04` a string instead of a `date`."""


_StringDateLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def parse(text: str) -> tuple[dict[str, object], str]:
    """Split a Markdown file into its front-matter fields and its body."""
    text = text.lstrip("\ufeff")
    lines = text.split("\n")
    if lines[0].rstrip() != FENCE:
        return {}, text
    for number, line in enumerate(lines[1:], start=1):
        if line.rstrip() in (FENCE, "..."):
            block = "\n".join(lines[1:number])
            body = "\n".join(lines[number + 1 :])
            return _load_mapping(block), body
    raise FrontMatterError("front matter opened with --- on line 1 is never closed")


def _load_mapping(block: str) -> dict[str, object]:
    if len(block) > MAX_FRONT_MATTER_CHARS:
        raise FrontMatterError(f"front matter is {len(block):,} characters, over the limit of {MAX_FRONT_MATTER_CHARS:,}")
    try:
        value = yaml.load(block, Loader=_StringDateLoader)  # noqa: S506 (a SafeLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        where = f" on line {mark.line + 2}" if mark is not None else ""  # +1 for 0-based, +1 for the fence
        raise FrontMatterError(f"front matter is not valid YAML{where}: {error.problem}") from None
    except (yaml.YAMLError, RecursionError) as error:
        raise FrontMatterError(f"front matter is not valid YAML: {error}") from None
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise FrontMatterError(f"front matter is a YAML {type(value).__name__}, not a mapping of fields")
    _check_size(value)
    return {str(key): item for key, item in value.items()}


def _check_size(value: object) -> None:
    """Refuse structures too big or cyclic to be metadata (YAML anchors allow both)."""
    seen = 0
    stack = [value]
    while stack:
        item = stack.pop()
        seen += 1
        if seen > MAX_FRONT_MATTER_NODES:
            raise FrontMatterError("front matter is too large or refers to itself")
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


def dumps(doc: MarkdownDoc) -> str:
    """The text of a Markdown file: front matter, a blank line, the body."""
    return f"{FENCE}\n{render_front_matter(doc.meta)}{FENCE}\n\n{doc.markdown.rstrip()}\n"


def render_front_matter(meta: Meta) -> str:
    """YAML lines for every non-empty known field of `meta` and every extra field, known fields first."""
    fields: dict[str, object] = {name: getattr(meta, name) for name in _FIELD_ORDER}
    # An extra field under a known name holds what that field could not use (`lang: English`).
    fields.update((key, value) for key, value in meta.extra.items() if fields.get(key) in (None, "", ()))
    lines: list[str] = []
    for key, value in fields.items():
        if key in _FIELD_ORDER and (value is None or value == "" or value == ()):
            continue  # an unstated known field; extra fields are kept even when empty
        name = _scalar(key)
        if isinstance(value, (tuple, list)) and value and all(isinstance(item, str) for item in value):
            lines.append(f"{name}:")
            lines.extend(f"  - {_scalar(item)}" for item in value)
        elif isinstance(value, str):
            lines.append(f"{name}: {_date_or_scalar(key, value)}")
        else:
            lines.append(f"{name}: {_flow(value)}")
    return "".join(line + "\n" for line in lines)


def _flow(value: object) -> str:
    """Numbers, booleans, null and nested data in YAML flow style, read back as the same values."""
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{_quoted(str(key))}: {_flow(item)}" for key, item in sorted(value.items())) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_flow(item) for item in value) + "]"
    if isinstance(value, str):
        return _quoted(value)  # flow style reads more characters as syntax than block style: always quote
    if isinstance(value, float):
        # YAML 1.1 reads `1e+100` as a string: its floats need a dot (`1.0e+100`).
        text = repr(value)
        return text if "." in text or "e" not in text else text.replace("e", ".0e", 1)
    return json.dumps(value)  # int, bool, None: `3`, `true`, `null`


def _date_or_scalar(key: str, value: str) -> str:
    if key == "date":
        return value  # already ISO 8601, which YAML reads back as the same string here
    return _scalar(value)


def _scalar(value: str) -> str:
    return value if _is_plain(value) else _quoted(value)


def _quoted(value: str) -> str:
    quoted = json.dumps(value, ensure_ascii=False)
    return _YAML_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", quoted)


def _is_plain(value: str) -> bool:
    if not _PLAIN_CANDIDATE.fullmatch(value) or value != value.strip() or "  " in value:
        return False
    try:
        return yaml.load(value, Loader=_StringDateLoader) == value  # noqa: S506
    except yaml.YAMLError:
        return False
