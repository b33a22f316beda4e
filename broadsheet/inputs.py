"""Sources → their cache keys: the content hash of everything each one's results depend on.

A source's bytes (with its sidecar's) are hashed once; the hash is kept with
the file's stamp (size, inode, modification and change times). Next time, a
file whose stamp is unchanged is not read again, as git trusts its index: a
write changes the change time, which no program can set back. A stamp taken
within STAMP_SETTLE_NS of the file's last change is not kept, since another
write in the same clock tick could leave it unchanged. A source named as
changed (by `watch`) is always read again.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Collection, Mapping, Sequence

from broadsheet.clean import Rules
from broadsheet.model import Rejected, SourceFile
from broadsheet.process import content_digest, source_key
from broadsheet.read import load_source, stamp_of

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


def key_sources(
    sources: Sequence[SourceFile],
    code: str,
    rules: Rules,
    max_bytes: int,
    known: Mapping[str, Known],
    changed: Collection[Path] = (),
) -> tuple[dict[str, Keyed], list[Rejected]]:
    """rel → keyed source, and the sources that could not be read."""
    keyed: dict[str, Keyed] = {}
    unreadable: list[Rejected] = []
    changed_paths = {os.fspath(path) for path in changed}
    now = time.time_ns()
    for source in sources:
        sidecar = os.fspath(source.sidecar) if source.sidecar is not None else None
        stamp = _stamp(source, now)
        before = known.get(source.rel)
        if (
            before is not None
            and stamp is not None
            and before.stamp == stamp
            and before.sidecar == sidecar
            and os.fspath(source.path) not in changed_paths
            and sidecar not in changed_paths
        ):
            keyed[source.rel] = Keyed(source, source_key(code, rules, source, before.content), before)
            continue
        loaded = load_source(source, max_bytes)
        if isinstance(loaded, Rejected):
            unreadable.append(loaded)
            continue
        content = content_digest(*loaded)
        keyed[source.rel] = Keyed(source, source_key(code, rules, source, content), Known(sidecar, stamp, content))
    return keyed, unreadable


def settled_sidecars(known: Mapping[str, Known]) -> dict[str, Stamp]:
    """Sidecar (by relative path) → its stamp when last read, for `discover`."""
    settled: dict[str, Stamp] = {}
    for rel, item in known.items():
        if item.sidecar is not None and item.stamp is not None and len(item.stamp) == 8:
            folder = rel.rpartition("/")[0]
            name = os.path.basename(item.sidecar)
            settled[f"{folder}/{name}" if folder else name] = item.stamp[4:]
    return settled


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
