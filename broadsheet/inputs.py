"""Sources → their cache keys: the content hash of everything each one's results depend on.

A full build reads and hashes every input. A `Builder` kept between changes
(`build.py watch`) passes what it knew: a source is hashed again only when it
is named as changed or its file's size, modification time or inode moved.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Collection, Mapping, Sequence

from broadsheet.clean import Rules
from broadsheet.model import Rejected, SourceFile
from broadsheet.process import source_key
from broadsheet.read import load_source

Stamp = tuple[int, ...]


@dataclass(frozen=True, slots=True)
class Keyed:
    """A source and the key of its bytes (with its sidecar's) as they were read."""

    source: SourceFile
    key: str
    stamp: Stamp  # size, mtime and inode of the file and its sidecar, taken before reading


def key_sources(
    sources: Sequence[SourceFile],
    code: str,
    rules: Rules,
    max_bytes: int,
    known: Mapping[str, Keyed] | None = None,
    changed: Collection[Path] = (),
) -> tuple[dict[str, Keyed], list[Rejected]]:
    """rel → keyed source, and the sources that could not be read."""
    keyed: dict[str, Keyed] = {}
    unreadable: list[Rejected] = []
    changed_paths = {os.fspath(path) for path in changed}
    for source in sources:
        stamp = _stamp(source)
        before = known.get(source.rel) if known is not None else None
        if (
            before is not None
            and before.source == source
            and before.stamp == stamp
            and os.fspath(source.path) not in changed_paths
            and (source.sidecar is None or os.fspath(source.sidecar) not in changed_paths)
        ):
            keyed[source.rel] = before
            continue
        loaded = load_source(source, max_bytes)
        if isinstance(loaded, Rejected):
            unreadable.append(loaded)
        else:
            keyed[source.rel] = Keyed(source, source_key(code, rules, source, *loaded), stamp)
    return keyed, unreadable


def _stamp(source: SourceFile) -> Stamp:
    stamp: list[int] = []
    for path in (source.path, source.sidecar):
        if path is None:
            continue
        try:
            status = os.stat(path)
            stamp.extend((status.st_size, status.st_mtime_ns, status.st_ino))
        except OSError:
            stamp.extend((-1, -1, -1))
    return tuple(stamp)
