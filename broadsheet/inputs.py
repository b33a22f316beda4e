"""Sources → their cache keys: the content hash of everything each one's results depend on.

A source's bytes (with its sidecar's) are hashed once; the hash is kept with
the file's stamp (size, inode, modification and change times). Next time, a
file whose stamp is unchanged is not read again, as git trusts its index: a
write changes the change time, which no program can set back. A stamp taken
within STAMP_SETTLE_NS of the file's last change is not kept, since another
write in the same clock tick could leave it unchanged.

A rebuild (`watch`) names the files that changed: those are read again, and
the others are taken as they were without even a stat.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Collection, Iterator, Mapping, Sequence

from broadsheet.clean import Rules
from broadsheet.model import Rejected, SourceFile
from broadsheet.process import content_digest, source_key
from broadsheet.read import load_source, stamp_of
from broadsheet.read.discover import SIDECAR_PARTNERS, rel_beside

Stamp = tuple[int, ...]
STAMP_SETTLE_NS = 2_000_000_000


@dataclass(frozen=True, slots=True)
class Known:
    """What was known about a source's files: their stamp, and the hash of their bytes then."""

    sidecar: str | None  # the sidecar's path then: a new or lost sidecar means new bytes
    stamp: Stamp | None  # None: too fresh to be trusted
    content: str


@dataclass(frozen=True, slots=True)
class Keyed:
    """A source and the key of its results."""

    source: SourceFile
    key: str
    known: Known


@dataclass(frozen=True, slots=True)
class Unkeyed:
    """A source left unread by `key_sources(defer=True)`: read and keyed where it is processed."""

    source: SourceFile
    sidecar: str | None
    stamp: Stamp | None  # taken before the read, as `key_sources` takes it

    def keyed(self, key: str, content: str) -> Keyed:
        return Keyed(self.source, key, Known(self.sidecar, self.stamp, content))


def key_sources(
    sources: Sequence[SourceFile],
    code: str,
    rules: Rules,
    max_bytes: int,
    known: Mapping[str, Known],
    changed: Collection[Path] | None = None,
    *,
    defer: bool = False,
) -> tuple[dict[str, Keyed], list[Rejected], list[Unkeyed]]:
    """rel → keyed source, the sources that could not be read, and (`defer`) those that need reading.

    `defer`: a source whose bytes must be read to be keyed is left to the
    workers that process it (`parallel.process_sources`), which read it anyway:
    for a build with nothing cached, where no key could find anything.
    `changed`: see the module.
    """
    keyed: dict[str, Keyed] = {}
    unreadable: list[Rejected] = []
    unkeyed: list[Unkeyed] = []
    changed_paths = {os.fspath(path) for path in changed or ()}
    now = time.time_ns()
    for source in sources:
        sidecar = os.fspath(source.sidecar) if source.sidecar is not None else None
        before = known.get(source.rel)
        named = os.fspath(source.path) in changed_paths or sidecar in changed_paths
        if changed is not None and before is not None and before.sidecar == sidecar and not named:
            keyed[source.rel] = Keyed(source, source_key(code, rules, source, before.content), before)
            continue
        stamp = _stamp(source, now)
        if before is not None and stamp is not None and before.stamp == stamp and before.sidecar == sidecar and not named:
            keyed[source.rel] = Keyed(source, source_key(code, rules, source, before.content), before)
            continue
        if defer:
            unkeyed.append(Unkeyed(source, sidecar, stamp))
            continue
        loaded = load_source(source, max_bytes)
        if isinstance(loaded, Rejected):
            unreadable.append(loaded)
            continue
        content = content_digest(*loaded)
        keyed[source.rel] = Keyed(source, source_key(code, rules, source, content), Known(sidecar, stamp, content))
    return keyed, unreadable, unkeyed


class SettledSidecars(Mapping[str, Stamp]):
    """Sidecar (by relative path) → its stamp when last read, for `discover`; looked up through its partner."""

    def __init__(self, known: Mapping[str, Known]) -> None:
        self._known = known

    def __getitem__(self, rel: str) -> Stamp:
        stem, name = rel[: -len(".json")], rel.rpartition("/")[2]
        for suffix in SIDECAR_PARTNERS:
            partner = self._known.get(stem + suffix)
            if partner is not None and partner.sidecar is not None and partner.stamp is not None and len(partner.stamp) == 8:
                if os.path.basename(partner.sidecar) == name:
                    return partner.stamp[4:]
        raise KeyError(rel)

    def __iter__(self) -> Iterator[str]:
        return (rel for rel in (_sidecar_of(rel, item) for rel, item in self._known.items()) if rel is not None and rel in self)

    def __len__(self) -> int:
        return sum(1 for _ in self)


def _sidecar_of(rel: str, item: Known) -> str | None:
    return rel_beside(rel, item.sidecar) if item.sidecar is not None else None


def _stamp(source: SourceFile, now: int) -> Stamp | None:
    """The stamp of a source and its sidecar, taken before reading; None if either changed just now."""
    stamp: list[int] = []
    for path in (source.path, source.sidecar):
        if path is None:
            continue
        part = stamp_of(path)  # size, inode, modification and change time
        if part is None or now - max(part[2], part[3]) < STAMP_SETTLE_NS:
            return None
        stamp.extend(part)
    return tuple(stamp)
