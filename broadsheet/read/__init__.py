"""Input files → `RawDoc`s: one reader per format, chosen by file extension.

The only place content files are opened. `load` takes a file's bytes (so the
pipeline can key its cache by them); `read` turns bytes into documents.
"""

from __future__ import annotations

import json
import os
import re
import stat
from dataclasses import replace
from pathlib import Path
from typing import Callable

from broadsheet.model import Meta, RawDoc, Rejected, SourceFile
from broadsheet.read.chars import text_only
from broadsheet.read.decode import DecodeError, decode
from broadsheet.read.discover import SIDECAR_MAX_BYTES, Discovery, Skipped, discover, discover_files, is_temp_name, sidecar_rel, stamp_of, suffix_of
from broadsheet.read.fields import FieldError, meta_from_fields
from broadsheet.read.html_file import read_html
from broadsheet.read.json_file import read_json, read_jsonl
from broadsheet.read.markdown_file import read_markdown
from broadsheet.read.text_file import read_text

Reader = Callable[[str, str, Meta], list[RawDoc | Rejected]]

READERS: dict[str, Reader] = {
    ".txt": read_text,
    ".html": read_html,
    ".htm": read_html,
    ".json": read_json,
    ".jsonl": read_jsonl,
    ".md": read_markdown,
    ".markdown": read_markdown,
}
_HTML_SUFFIXES = (".html", ".htm")
# One article's text (or a page's markup besides scripts, styles, SVG and
# comments) longer than this is a book or a dump, not an article, and every
# later stage takes time in proportion to it: the worst inputs cost tens of
# microseconds a character (bench/pathological.py), so this bounds an
# article to well under a minute. Files may be larger (max_input_mb): a
# JSON or JSONL dump holds many articles.
MAX_ARTICLE_CHARS = 1_000_000
_FURNITURE_START = re.compile(r"<(script|style|svg)\b|<!--", re.I)

__all__ = [
    "READERS", "Discovery", "NotAFile", "Skipped", "TooLarge", "discover", "discover_files", "is_temp_name", "load", "load_source",
    "read", "sidecar_rel", "stamp_of",
]


class TooLarge(ValueError):
    """A file over the configured size limit; it is not read at all."""


def load_source(source: SourceFile, max_bytes: int) -> tuple[bytes, bytes | None] | Rejected:
    """A source's bytes and its sidecar's, or why they cannot be read."""
    try:
        data = load(source.path, max_bytes)
    except (OSError, ValueError) as error:
        reason = f"cannot read file: {error.strerror or error}" if isinstance(error, OSError) else str(error)
        return Rejected(source.rel, reason)
    try:
        sidecar = load(source.sidecar, SIDECAR_MAX_BYTES) if source.sidecar else None
    except (OSError, ValueError):
        sidecar = None  # discovery read it a moment ago; if it is gone, the text stands alone
    return data, sidecar


class NotAFile(ValueError):
    """A FIFO, device or socket with an input's name: reading it could block forever."""


def load(path: str | Path, max_bytes: int) -> bytes:
    """A regular file's bytes; raise TooLarge, NotAFile or OSError.

    Opened without blocking and checked after opening, so a file swapped for
    a FIFO after discovery cannot hang the build, and a file that grows
    while it is read is still cut at the limit.
    """
    descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    with os.fdopen(descriptor, "rb") as handle:
        status = os.fstat(handle.fileno())
        if not stat.S_ISREG(status.st_mode):
            raise NotAFile("not a regular file (a FIFO, device or socket)")
        if status.st_size > max_bytes:
            raise TooLarge(f"file is {status.st_size / 1e6:.1f} MB, over the {max_bytes / 1e6:.0f} MB input limit (max_input_mb)")
        data = handle.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise TooLarge(f"file grew past the {max_bytes / 1e6:.0f} MB input limit (max_input_mb) while it was read")
    return data


def read(source: SourceFile, data: bytes, sidecar: bytes | None) -> list[RawDoc | Rejected]:
    """The documents in one input file, plus a `Rejected` for a bad or vanished sidecar.

    Every document's text holds only real text characters (`chars.text_only`),
    whatever escapes its format allowed.
    """
    suffix = suffix_of(source.path).lower()
    try:
        text = decode(data, html=suffix in _HTML_SUFFIXES)
    except DecodeError as error:
        return [Rejected(source.rel, str(error))]
    stated, problems = _sidecar_meta(source, sidecar)
    text = text_only(text.replace("\r\n", "\n").replace("\r", "\n"))
    docs = READERS[suffix](source.rel, text, stated)
    # JSON escapes (`\u0000`, a lone `\ud800`) decode after the file did.
    docs = [_within_limit(replace(doc, text=text_only(doc.text))) if isinstance(doc, RawDoc) else doc for doc in docs]
    return [*docs, *problems]


def _furniture_chars(page: str) -> int:
    """Characters of a page inside `<script>`, `<style>`, `<svg>` and comments (one linear pass)."""
    lowered = page.lower()
    total = position = 0
    while (start := _FURNITURE_START.search(page, position)) is not None:
        close = f"</{start.group(1).lower()}" if start.group(1) else "-->"
        end = lowered.find(close, start.end())
        if end < 0:
            break  # never closed: what follows counts as content
        position = end + len(close)
        total += position - start.start()
    return total


def _within_limit(doc: RawDoc) -> RawDoc | Rejected:
    size = len(doc.text)
    if size > MAX_ARTICLE_CHARS and doc.format == "html":
        size -= _furniture_chars(doc.text)
    if size <= MAX_ARTICLE_CHARS:
        return doc
    what = "characters of markup besides scripts and styles" if doc.format == "html" else "characters of text"
    return Rejected(doc.origin, f"one article of {size:,} {what}, over the limit of {MAX_ARTICLE_CHARS:,} for one article")


def _sidecar_meta(source: SourceFile, data: bytes | None) -> tuple[Meta, list[Rejected]]:
    origin = sidecar_rel(source) or source.rel
    if data is None:
        if source.sidecar is None:
            return Meta(), []
        return Meta(), [Rejected(origin, "sidecar metadata not used: the file could not be read")]
    try:
        value = json.loads(decode(data))
        if not isinstance(value, dict):
            raise FieldError("sidecar is not a JSON object")
        return meta_from_fields(value), []
    except (DecodeError, ValueError, RecursionError) as error:
        # The article still builds; only its stated metadata is lost, and said so.
        return Meta(), [Rejected(origin, f"sidecar metadata not used: {error}")]
