"""Find the input files in a content folder.

Every file below the folder is either an input (`SourceFile`), a sidecar that
belongs to one, a file that is not an input at all (`Skipped`: another file
type, a hidden or editor temp file), or an input refused outright (`Rejected`:
a link that leads out of the folder). Nothing is dropped without a trace.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

from broadsheet.model import Rejected, SourceFile
from broadsheet.read.fields import BODY_FIELDS

INPUT_SUFFIXES = frozenset({".txt", ".html", ".htm", ".json", ".jsonl", ".md", ".markdown"})
SIDECAR_PARTNERS = (".txt", ".html", ".htm")
# Editors and browsers leave these beside real files while saving.
_TEMP_SUFFIXES = (".swp", ".swo", ".swx", ".tmp", ".part", ".crdownload", "~")
SIDECAR_MAX_BYTES = 1 << 20  # metadata, not an article: a bigger file is no sidecar
Stamp = tuple[int, ...]


@dataclass(frozen=True, slots=True)
class Skipped:
    """A file in the content folder that is not an input, and why."""

    rel: str
    reason: str


@dataclass(frozen=True, slots=True)
class Discovery:
    sources: tuple[SourceFile, ...]
    skipped: tuple[Skipped, ...]
    rejected: tuple[Rejected, ...]


def is_temp_name(name: str) -> bool:
    """Hidden files and the temp files editors write while saving."""
    return name.startswith((".", "#")) or name.endswith(_TEMP_SUFFIXES)


def discover(content_dir: Path, settled: Mapping[str, Stamp] | None = None) -> Discovery:
    """List the inputs below `content_dir`, sorted by relative path.

    `settled` maps sidecars found before (by relative path) to their stamp
    then (`stamp_of`): one whose stamp is unchanged is not read again.
    """
    root = content_dir.resolve()
    candidates: list[tuple[str, Path]] = []
    skipped: list[Skipped] = []
    rejected: list[Rejected] = []
    # Plain strings and os.scandir, not pathlib: a crawl holds a million files.
    folders = [(os.fspath(root), "")]
    while folders:
        folder, prefix = folders.pop()
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda entry: entry.name)
        for entry in entries:
            name, rel = entry.name, prefix + entry.name
            if entry.is_dir(follow_symlinks=False):
                if not is_temp_name(name):
                    folders.append((entry.path, rel + "/"))
                continue
            if entry.is_symlink() and entry.is_dir():
                skipped.append(Skipped(rel, "folder is a symbolic link; links are not followed"))
                continue
            if is_temp_name(name):
                continue
            suffix = _suffix(name).lower()
            if suffix not in INPUT_SUFFIXES:
                skipped.append(Skipped(rel, f"not an input type ({suffix or 'no extension'})"))
                continue
            if entry.is_symlink() and not _inside(Path(entry.path), root):
                rejected.append(Rejected(rel, "symbolic link to a file outside the content folder"))
                continue
            candidates.append((rel, Path(entry.path)))
    return Discovery(_with_sidecars(candidates, settled or {}), tuple(sorted(skipped, key=lambda s: s.rel)), tuple(rejected))


def stamp_of(path: Path | str) -> Stamp | None:
    """Size, inode, modification and change time: what changes whenever a file's bytes do."""
    try:
        status = os.stat(path)
    except OSError:
        return None
    return (status.st_size, status.st_ino, status.st_mtime_ns, status.st_ctime_ns)


def discover_files(paths: list[Path]) -> Discovery:
    """The inputs among files named on the command line, with their sidecars on disk."""
    candidates: dict[str, Path] = {}
    skipped: list[Skipped] = []
    for path in paths:
        rel = path.as_posix()
        if path.suffix.lower() not in INPUT_SUFFIXES:
            skipped.append(Skipped(rel, f"not an input type ({path.suffix or 'no extension'})"))
            continue
        candidates[rel] = path
        if path.suffix.lower() in SIDECAR_PARTNERS:
            sibling = path.with_suffix(".json")
            if sibling.is_file():
                candidates.setdefault(sibling.as_posix(), sibling)
    return Discovery(_with_sidecars(list(candidates.items()), {}), tuple(skipped), ())


def _with_sidecars(candidates: list[tuple[str, Path]], settled: Mapping[str, Stamp]) -> tuple[SourceFile, ...]:
    """Sources sorted by name, each `.txt`/`.html` with its sidecar, sidecars not sources."""
    candidates.sort(key=lambda candidate: candidate[0])
    names = {rel for rel, _ in candidates}
    sidecars = {rel for rel, path in candidates if _is_sidecar(rel, path, names, settled)}
    return tuple(
        SourceFile(path=path, rel=rel, sidecar=_partner_sidecar(rel, path, sidecars))
        for rel, path in candidates
        if rel not in sidecars
    )


def sidecar_rel(source: SourceFile) -> str | None:
    """The report name of a source's sidecar file."""
    if source.sidecar is None:
        return None
    return str(Path(source.rel).with_name(source.sidecar.name).as_posix())


def _inside(path: Path, root: Path) -> bool:
    try:
        path.resolve(strict=True).relative_to(root)
    except (OSError, RuntimeError, ValueError):
        return False
    return True


def _is_sidecar(rel: str, path: Path, names: set[str], settled: Mapping[str, Stamp]) -> bool:
    """A `.json` object without body text beside a `.txt`/`.html` of its stem."""
    if not rel.lower().endswith(".json"):
        return False
    stem = rel[: -len(".json")]
    if not any(stem + partner in names for partner in SIDECAR_PARTNERS):
        return False
    if rel in settled and stamp_of(path) == settled[rel]:
        return True  # the same bytes as when it was found to be a sidecar
    try:
        with open(path, "rb") as handle:
            data = handle.read(SIDECAR_MAX_BYTES + 1)
        if len(data) > SIDECAR_MAX_BYTES:
            return False
        value = json.loads(data)
    except (OSError, ValueError, RecursionError):
        return False  # then it is an input of its own, and its reader says what is wrong
    return isinstance(value, dict) and not any(value.get(field) for field in BODY_FIELDS)


def _partner_sidecar(rel: str, path: Path, sidecars: set[str]) -> Path | None:
    suffix = _suffix(rel)
    stem = rel[: len(rel) - len(suffix)]
    if suffix.lower() not in SIDECAR_PARTNERS or stem + ".json" not in sidecars:
        return None
    return path.with_name(stem.rsplit("/", 1)[-1] + ".json")


def _suffix(name: str) -> str:
    """What `PurePath(name).suffix` says, without building a path."""
    name = name.rsplit("/", 1)[-1]
    dot = name.rfind(".")
    return name[dot:] if 0 < dot < len(name) - 1 else ""
