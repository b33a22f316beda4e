"""The build cache: one SQLite file in the cache folder, keyed by content hashes.

    inputs    (content folder, file) → the stamp of the file and the hash of its bytes then
    sources   source key → the input's results (ArticleInfo | Rejected), JSON
    bodies    sha256 of an article's HTML body → that body, compressed
    terms     an article's headline and body (`process.terms_key`) → its weighted search terms
    outputs   (site, path) → the page key and file state of each published file
    builds    site → the digest of everything the last build read, and its report
    relations site → the key of what related stories were last found from (`related.relations_key`), and them

A source key hashes everything its results depend on (`process.source_key`),
and a page key everything its page shows (`write.plan`), so an entry is either
exactly right or never looked up. Bodies are checked against their hash when
read. The cache is an optimisation only: a missing, damaged or foreign cache
is a warning, and the build goes on with a fresh one (or, if the folder
cannot be written, a temporary one).
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import tempfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator, Mapping, Sequence

from broadsheet.cache_codec import CacheDamaged, Result, body_hash, decode_results, unpack_terms
from broadsheet.inputs import Known
from broadsheet.model import FileState


FILE_NAME = "broadsheet.sqlite"
SCHEMA = 8  # a new layout of any table, or of a value not keyed by the code (terms), needs a new number
_CHUNK = 500  # SQLite caps bound parameters per statement
# Tables of large values (results, bodies, terms) keep rowids: rows are appended in
# insertion order and only the small key index takes random inserts. WITHOUT ROWID
# would sort the kilobytes of each row into the key's B-tree, splitting and moving
# pages on every insert of a random hash (twice the time of a cold build's writes).
_TABLES = """
CREATE TABLE IF NOT EXISTS inputs (
    folder TEXT NOT NULL, rel TEXT NOT NULL, sidecar TEXT, stamp TEXT NOT NULL, content TEXT NOT NULL,
    PRIMARY KEY (folder, rel)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS sources (key TEXT PRIMARY KEY, value BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS bodies (key TEXT PRIMARY KEY, html BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS terms (key TEXT PRIMARY KEY, packed BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS outputs (
    site TEXT NOT NULL, path TEXT NOT NULL, key TEXT NOT NULL, sha TEXT NOT NULL,
    size INTEGER NOT NULL, mtime INTEGER NOT NULL, inode INTEGER NOT NULL,
    PRIMARY KEY (site, path)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS builds (site TEXT PRIMARY KEY, digest TEXT NOT NULL, report BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS relations (site TEXT PRIMARY KEY, key TEXT NOT NULL, links BLOB NOT NULL);
"""


@dataclass(frozen=True, slots=True)
class OutputRecord:
    """A published file as the last build left it: the page key it was rendered for, and its state."""

    key: str
    file: FileState


class Cache:
    """The cache of one build. Every failure degrades to a miss, with one warning."""

    def __init__(self, folder: Path, warn: Callable[[str], None]) -> None:
        self._warn = warn
        self._scratch: Path | None = None
        folder = folder.absolute()  # workers open it by URI
        try:
            folder.mkdir(parents=True, exist_ok=True)
            self.path = folder / FILE_NAME
            self._db = _open(self.path, warn)
        except (OSError, sqlite3.Error) as error:
            warn(f"cache in {folder} not usable ({error}); building with a temporary one")
            self._scratch = Path(tempfile.mkdtemp(prefix="broadsheet-cache-"))
            self.path = self._scratch / FILE_NAME
            self._db = _open(self.path, warn)

    def empty(self) -> bool:
        """Whether no input's results are cached (a first build, or a cache just started over)."""
        return not self._query("SELECT 1 FROM sources LIMIT 1", ())

    # What each input file held when last read.

    def known_inputs(self, folder: str) -> dict[str, Known]:
        rows = self._query("SELECT rel, sidecar, stamp, content FROM inputs WHERE folder = ?", (folder,))
        known: dict[str, Known] = {}
        for rel, sidecar, stamp, content in rows:
            try:
                known[rel] = Known(sidecar, tuple(int(part) for part in stamp.split(",")), content)
            except (AttributeError, ValueError):
                continue  # a damaged row: that file is simply read again
        return known

    def save_inputs(self, folder: str, changes: Mapping[str, Known | None]) -> None:
        """Record inputs read this time (None: gone, or not to be trusted next time)."""
        try:
            self._db.executemany(
                "DELETE FROM inputs WHERE folder = ? AND rel = ?",
                ((folder, rel) for rel, known in changes.items() if (known is None or known.stamp is None) and _storable(rel)),
            )
            self._db.executemany(
                "INSERT OR REPLACE INTO inputs VALUES (?, ?, ?, ?, ?)",
                (
                    (folder, rel, known.sidecar, ",".join(map(str, known.stamp)), known.content)
                    for rel, known in changes.items()
                    if known is not None and known.stamp is not None and _storable(rel)
                ),
            )
            self._db.commit()
        except sqlite3.Error as error:
            self._reset(f"cache not writable ({error})")

    # Per-input results and bodies.

    def results(self, keys: Sequence[str]) -> dict[str, tuple[Result, ...]]:
        """The cached results of `keys`.

        Their bodies went in with them in one transaction and leave with them
        (`prune`); one that is missing or damaged all the same is found when a
        page needs it (`BodyReader`), and the build starts over without the cache.
        """
        found: dict[str, tuple[Result, ...]] = {}
        for chunk in _chunks(keys):
            rows = self._query(f"SELECT key, value FROM sources WHERE key IN ({_marks(chunk)})", chunk)
            for key, value in rows:
                try:
                    found[key] = decode_results(value)
                except (ValueError, IndexError, TypeError):
                    self._warn(f"cache entry {key[:12]} is damaged; processing its input again")
        return found

    def store(self, items: Iterable[tuple[str, bytes | None, Mapping[str, bytes], Mapping[str, bytes]]]) -> None:
        """Keep (source key, encoded results, packed bodies, packed terms); results None: the rest only."""
        try:
            for key, value, bodies, terms in items:
                self._db.executemany("INSERT OR IGNORE INTO bodies VALUES (?, ?)", bodies.items())
                self._db.executemany("INSERT OR IGNORE INTO terms VALUES (?, ?)", terms.items())
                if value is not None:
                    self._db.execute("INSERT OR REPLACE INTO sources VALUES (?, ?)", (key, value))
            self._db.commit()
        except sqlite3.Error as error:
            self._reset(f"cache not writable ({error})")

    def prune(self, live_sources: set[str], live_bodies: set[str], live_terms: set[str]) -> None:
        """Forget results and bodies this build did not use, once they outnumber the live ones."""
        try:
            (sources,) = self._db.execute("SELECT count(*) FROM sources").fetchone()
            if sources <= 2 * len(live_sources) + 256:
                return
            for table, live in (("sources", live_sources), ("bodies", live_bodies), ("terms", live_terms)):
                self._db.execute("CREATE TEMP TABLE IF NOT EXISTS live (key TEXT PRIMARY KEY)")
                self._db.execute("DELETE FROM live")
                self._db.executemany("INSERT OR IGNORE INTO live VALUES (?)", ((key,) for key in live))
                self._db.execute(f"DELETE FROM {table} WHERE key NOT IN (SELECT key FROM live)")
            self._db.commit()
        except sqlite3.Error as error:
            self._reset(f"cache not writable ({error})")

    # What the last build of a site published.

    def outputs(self, site: str) -> dict[str, OutputRecord]:
        rows = self._query("SELECT path, key, sha, size, mtime, inode FROM outputs WHERE site = ?", (site,))
        return {path: OutputRecord(key, FileState(*state)) for path, key, *state in rows}

    def last_build(self, site: str) -> tuple[str, str] | None:
        """(digest, report JSON) of the last build published to `site`."""
        rows = self._query("SELECT digest, report FROM builds WHERE site = ?", (site,))
        if not rows:
            return None
        try:
            return rows[0][0], zlib.decompress(rows[0][1]).decode("utf-8", "surrogatepass")
        except (zlib.error, UnicodeDecodeError):
            return None

    def save_site(self, site: str, changed: Mapping[str, OutputRecord | None], build: tuple[str, str | None]) -> None:
        """Record what was published: changed files (None: removed), and the build's digest and report
        (report None: the same as last time)."""
        try:
            self._db.executemany(
                "DELETE FROM outputs WHERE site = ? AND path = ?", ((site, path) for path, rec in changed.items() if rec is None)
            )
            self._db.executemany(
                "INSERT OR REPLACE INTO outputs VALUES (?, ?, ?, ?, ?, ?, ?)",
                ((site, path, *_fields(rec)) for path, rec in changed.items() if rec is not None),
            )
            digest, report = build
            if report is None:
                self._db.execute("UPDATE builds SET digest = ? WHERE site = ?", (digest, site))
            else:
                self._db.execute("INSERT OR REPLACE INTO builds VALUES (?, ?, ?)", (site, digest, zlib.compress(report.encode("utf-8", "surrogatepass"), 1)))
            self._db.commit()
        except sqlite3.Error as error:
            self._reset(f"cache not writable ({error})")

    def relations(self, site: str, key: str) -> dict[str, tuple[str, ...]] | None:
        """The related stories last found for `site`, if they were found from the same `key`."""
        rows = self._query("SELECT links FROM relations WHERE site = ? AND key = ?", (site, key))
        if not rows:
            return None
        try:
            return {slug: tuple(others) for slug, others in json.loads(zlib.decompress(rows[0][0])).items()}
        except (zlib.error, ValueError, TypeError, AttributeError):
            return None

    def save_relations(self, site: str, key: str, links: Mapping[str, tuple[str, ...]]) -> None:
        try:
            value = zlib.compress(json.dumps(links, ensure_ascii=False, separators=(",", ":")).encode(), 1)
            self._db.execute("INSERT OR REPLACE INTO relations VALUES (?, ?, ?)", (site, key, value))
            self._db.commit()
        except sqlite3.Error as error:
            self._reset(f"cache not writable ({error})")

    def close(self) -> None:
        self._db.close()
        if self._scratch is not None:
            shutil.rmtree(self._scratch, ignore_errors=True)

    def _query(self, sql: str, parameters: Sequence[object]) -> list[tuple]:
        try:
            return self._db.execute(sql, parameters).fetchall()
        except sqlite3.Error as error:
            self._reset(f"cache is damaged ({error})")
            return []

    def _reset(self, problem: str) -> None:
        """Start over with an empty cache: a damaged one is never trusted."""
        self._warn(f"{problem}; starting a new one")
        self._db.close()
        _remove(self.path)
        try:
            self._db = _open(self.path, self._warn)
        except sqlite3.Error as error:
            raise CacheDamaged(f"cache {self.path} cannot be recreated: {error}") from error


class BodyReader:
    """Article bodies by hash, for the process that renders pages (one per worker)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._db: sqlite3.Connection | None = None

    def __call__(self, key: str) -> str:
        if self._db is None:
            self._db = sqlite3.connect(f"{self.path.as_uri()}?mode=ro", uri=True, check_same_thread=False)
        try:
            row = self._db.execute("SELECT html FROM bodies WHERE key = ?", (key,)).fetchone()
            html = zlib.decompress(row[0]).decode("utf-8") if row else None
        except (sqlite3.Error, zlib.error, UnicodeDecodeError) as error:
            raise CacheDamaged(f"article body {key[:12]} unreadable: {error}") from error
        if html is None or body_hash(html) != key:
            raise CacheDamaged(f"article body {key[:12]} is missing or does not match its hash")
        return html

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None


class TermsReader:
    """Articles' search terms by `process.terms_key`, many at a time, in the order asked."""

    def __init__(self, path: Path) -> None:
        self._path = path

    def many(self, keys: Sequence[str]) -> Iterator[dict[str, int]]:
        db = sqlite3.connect(f"{self._path.as_uri()}?mode=ro", uri=True)
        try:
            for chunk in _chunks(keys):
                try:
                    rows = dict(db.execute(f"SELECT key, packed FROM terms WHERE key IN ({_marks(chunk)})", chunk).fetchall())
                except sqlite3.Error as error:
                    raise CacheDamaged(f"search terms unreadable: {error}") from error
                for key in chunk:
                    if key not in rows:
                        raise CacheDamaged(f"search terms {key[:12]} are missing")
                    yield unpack_terms(rows[key])
        finally:
            db.close()


def _storable(name: str) -> bool:
    """SQLite takes UTF-8 only: a file named in bytes that are not UTF-8 is simply read again next time."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _open(path: Path, warn: Callable[[str], None]) -> sqlite3.Connection:
    """The cache database at `path`, emptied if it is damaged, foreign or of another schema."""
    try:
        return _connect(path, warn)
    except sqlite3.DatabaseError as error:
        warn(f"cache {path} is damaged ({error}); starting a new one")
        _remove(path)
        return _connect(path, warn)


def _connect(path: Path, warn: Callable[[str], None]) -> sqlite3.Connection:
    db = sqlite3.connect(path, timeout=30)
    try:
        db.execute("PRAGMA journal_mode=WAL")  # workers read bodies while the main process writes
        db.execute("PRAGMA synchronous=NORMAL")  # a cache may lose its last commit on power loss, never its sense
        (version,) = db.execute("PRAGMA user_version").fetchone()
        if version == SCHEMA:
            return db
        if db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
            warn(f"cache {path} is from another version or program; starting a new one")
            db.close()
            _remove(path)
            db = sqlite3.connect(path, timeout=30)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
        db.executescript(_TABLES)
        db.execute(f"PRAGMA user_version = {SCHEMA}")
        db.commit()
        return db
    except BaseException:
        db.close()
        raise


def _remove(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def _fields(record: OutputRecord) -> tuple[object, ...]:
    file = record.file
    return (record.key, file.sha, file.size, file.mtime, file.inode)


def _chunks(items: Sequence[str]) -> Iterable[Sequence[str]]:
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]


def _marks(chunk: Sequence[str]) -> str:
    return ",".join("?" * len(chunk))
