"""The build cache: per-input results kept by content hash, in one SQLite file.

A key is a hash of everything a result depends on (see `process.source_key`),
so an entry is either exactly right or never looked up. The cache is an
optimisation only: a missing, damaged or foreign cache is reported as a
warning and the build goes on without it.
"""

from __future__ import annotations

import json
import sqlite3
import zlib
from pathlib import Path
from typing import Callable, Iterable, Sequence

from broadsheet.model import Meta, Rejected, RenderedArticle

Result = RenderedArticle | Rejected
FILE_NAME = "broadsheet.sqlite"
SCHEMA = 1


class Cache:
    """Results by key. Every failure degrades to a miss, with one warning."""

    def __init__(self, folder: Path, warn: Callable[[str], None]) -> None:
        self._warn = warn
        self._db: sqlite3.Connection | None = None
        try:
            folder.mkdir(parents=True, exist_ok=True)
            self._db = self._open(folder / FILE_NAME)
        except (OSError, sqlite3.Error) as error:
            self._disable(f"cache in {folder} not usable ({error}); building without it")

    def _open(self, path: Path) -> sqlite3.Connection:
        db = sqlite3.connect(path)
        try:
            db.execute("CREATE TABLE IF NOT EXISTS meta (schema INTEGER)")
            row = db.execute("SELECT schema FROM meta").fetchone()
            if row is None or row[0] != SCHEMA:
                db.executescript("DROP TABLE IF EXISTS results; DELETE FROM meta;")
                db.execute("INSERT INTO meta VALUES (?)", (SCHEMA,))
            db.execute("CREATE TABLE IF NOT EXISTS results (key TEXT PRIMARY KEY, value BLOB)")
            db.commit()
        except sqlite3.DatabaseError:
            db.close()
            self._warn(f"cache {path} is damaged; starting a new one")
            path.unlink(missing_ok=True)
            return self._open(path)
        return db

    def _disable(self, message: str) -> None:
        self._warn(message)
        if self._db is not None:
            self._db.close()
        self._db = None

    def get_many(self, keys: Sequence[str]) -> dict[str, tuple[Result, ...]]:
        if self._db is None or not keys:
            return {}
        found: dict[str, tuple[Result, ...]] = {}
        try:
            for start in range(0, len(keys), 500):  # SQLite caps bound parameters
                chunk = keys[start : start + 500]
                marks = ",".join("?" * len(chunk))
                for key, value in self._db.execute(f"SELECT key, value FROM results WHERE key IN ({marks})", chunk):
                    found[key] = _decode(value)
        except (sqlite3.Error, zlib.error, ValueError, KeyError, TypeError) as error:
            self._disable(f"cache is damaged ({error}); building without it")
            return {}
        return found

    def put_many(self, items: Iterable[tuple[str, tuple[Result, ...]]]) -> None:
        if self._db is None:
            return
        try:
            self._db.executemany(
                "INSERT OR REPLACE INTO results VALUES (?, ?)", ((key, _encode(value)) for key, value in items)
            )
            self._db.commit()
        except sqlite3.Error as error:
            self._disable(f"cache not writable ({error}); building without it")

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None


def _encode(results: tuple[Result, ...]) -> bytes:
    # ASCII escapes: an input named in bytes that are not UTF-8 holds lone surrogates, which only they carry.
    return zlib.compress(json.dumps([_to_json(result) for result in results]).encode(), 1)


def _decode(value: bytes) -> tuple[Result, ...]:
    return tuple(_from_json(item) for item in json.loads(zlib.decompress(value)))


def _to_json(result: Result) -> dict[str, object]:
    if isinstance(result, Rejected):
        return {"rejected": result.origin, "reason": result.reason}
    meta = result.meta
    return {
        "origin": result.origin,
        "meta": {
            "title": meta.title,
            "date": meta.date,
            "source": meta.source,
            "authors": list(meta.authors),
            "url": meta.url,
            "tags": list(meta.tags),
            "summary": meta.summary,
            "slug": meta.slug,
            "lang": meta.lang,
            "extra": dict(meta.extra),
        },
        "html": result.html,
        "text": result.text,
        "words": result.words,
    }


def _from_json(item: dict) -> Result:
    if "rejected" in item:
        return Rejected(item["rejected"], item["reason"])
    fields = item["meta"]
    meta = Meta(**{**fields, "authors": tuple(fields["authors"]), "tags": tuple(fields["tags"])})
    return RenderedArticle(item["origin"], meta, item["html"], item["text"], item["words"])
