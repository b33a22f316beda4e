"""Find the input files in a content folder.

Every file below the folder is either an input (`SourceFile`), a sidecar that
belongs to one, a file that is not an input at all (`Skipped`: another file
type, a hidden or editor temp file, a hidden or linked folder), or an input
refused outright (`Rejected`: a link that leads out of the folder or nowhere,
a FIFO or device with an input's name). Nothing is dropped without a trace.
"""

from __future__ import annotations

import errno
import json
import os
from dataclasses import dataclass
from pathlib import Path

from broadsheet.model import Rejected, SourceFile
from broadsheet.read.decode import DecodeError, decode
from broadsheet.read.fields import BODY_FIELDS

INPUT_SUFFIXES = frozenset({".txt", ".html", ".htm", ".json", ".jsonl", ".md", ".markdown"})
SIDECAR_PARTNERS = (".txt", ".html", ".htm")
# Editors and browsers leave these beside real files while saving.
_TEMP_SUFFIXES = (".swp", ".swo", ".swx", ".tmp", ".part", ".crdownload", "~")
SIDECAR_MAX_BYTES = 1 << 20  # metadata, not an article: a bigger file is no sidecar


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


def discover(content_dir: Path, *, outputs: tuple[Path, ...] = ()) -> Discovery:
    """List the inputs below `content_dir`, sorted by relative path.

    `outputs` are folders Broadsheet writes (the site): when one lies inside
    the content folder (`--content .`), its pages are not read back as input.
    """
    root = content_dir.resolve()
    written = {path.absolute() for path in outputs} | {path.resolve() for path in outputs}
    candidates: list[tuple[str, Path]] = []
    skipped: list[Skipped] = []
    rejected: list[Rejected] = []
    for folder, dirnames, filenames in os.walk(root, followlinks=False):
        here = Path(folder)
        for name in sorted(dirnames):
            if (here / name).is_symlink():
                skipped.append(Skipped(_rel(here / name, root), "folder is a symbolic link; links are not followed"))
            elif is_temp_name(name):
                skipped.append(Skipped(_rel(here / name, root), "hidden folder; its files are not inputs"))
            elif here / name in written:
                skipped.append(Skipped(_rel(here / name, root), "the output folder; its pages are not inputs"))
        dirnames[:] = sorted(
            name for name in dirnames if not is_temp_name(name) and not (here / name).is_symlink() and here / name not in written
        )
        for name in filenames:
            path = here / name
            rel = _rel(path, root)
            if is_temp_name(name):
                skipped.append(Skipped(rel, "hidden or editor temporary file"))
            elif path.suffix.lower() not in INPUT_SUFFIXES:
                skipped.append(Skipped(rel, f"not an input type ({path.suffix or 'no extension'})"))
            elif path.is_symlink() and not _inside(path, root):
                rejected.append(Rejected(rel, _link_problem(path)))
            elif not path.is_file():
                rejected.append(Rejected(rel, "not a regular file (a FIFO, device or socket)"))
            else:
                candidates.append((rel, path))
    return Discovery(_with_sidecars(candidates), tuple(sorted(skipped, key=lambda s: s.rel)), tuple(rejected))


def discover_files(paths: list[Path]) -> Discovery:
    """The inputs among files named on the command line (or found in folders named there), with their sidecars.

    The rules of `discover` hold here too, file by file: hidden and temporary
    files are skipped, and a symbolic link is read only when it points
    within its own folder, so an unpacked archive cannot smuggle in
    `/etc/passwd` through a link.
    """
    candidates: dict[str, Path] = {}
    skipped: list[Skipped] = []
    rejected: list[Rejected] = []
    for path in paths:
        rel = path.as_posix()
        if is_temp_name(path.name):
            skipped.append(Skipped(rel, "hidden or editor temporary file"))
            continue
        if path.suffix.lower() not in INPUT_SUFFIXES:
            skipped.append(Skipped(rel, f"not an input type ({path.suffix or 'no extension'})"))
            continue
        if path.is_symlink() and not _inside(path, path.parent.resolve()):
            rejected.append(Rejected(rel, _link_problem(path).replace("the content folder", "its own folder")))
            continue
        if not path.is_file():
            rejected.append(Rejected(rel, "not a regular file (a FIFO, device or socket)"))
            continue
        candidates[rel] = path
        if path.suffix.lower() in SIDECAR_PARTNERS:
            sibling = path.with_suffix(".json")
            if sibling.is_file() and (not sibling.is_symlink() or _inside(sibling, sibling.parent.resolve())):
                candidates.setdefault(sibling.as_posix(), sibling)
    return Discovery(_with_sidecars(list(candidates.items())), tuple(skipped), tuple(rejected))


def _with_sidecars(candidates: list[tuple[str, Path]]) -> tuple[SourceFile, ...]:
    """Sources sorted by name, each `.txt`/`.html` with its sidecar, sidecars not sources."""
    candidates = sorted(candidates)
    names = {rel for rel, _ in candidates}
    sidecars = {rel for rel, path in candidates if _is_sidecar(rel, path, names)}
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


def _rel(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix()


def _link_problem(path: Path) -> str:
    try:
        path.resolve(strict=True)
    except RuntimeError:  # Python 3.11 and 3.12 say a loop this way
        return "symbolic link that loops back on itself"
    except OSError as error:
        if error.errno == errno.ELOOP:
            return "symbolic link that loops back on itself"
        return "symbolic link to a file that does not exist"
    return "symbolic link to a file outside the content folder"


def _inside(path: Path, root: Path) -> bool:
    try:
        path.resolve(strict=True).relative_to(root)
    except (OSError, RuntimeError, ValueError):
        return False
    return True


def _is_sidecar(rel: str, path: Path, names: set[str]) -> bool:
    """A `.json` object without body text beside a `.txt`/`.html` of its stem."""
    if path.suffix.lower() != ".json":
        return False
    stem = rel[: -len(path.suffix)]
    if not any(stem + partner in names for partner in SIDECAR_PARTNERS):
        return False
    try:
        if path.stat().st_size > SIDECAR_MAX_BYTES:
            return False
        value = json.loads(decode(path.read_bytes()))
    except (OSError, ValueError, DecodeError, RecursionError):
        return False  # then it is an input of its own, and its reader says what is wrong
    return isinstance(value, dict) and not any(value.get(field) for field in BODY_FIELDS)


def _partner_sidecar(rel: str, path: Path, sidecars: set[str]) -> Path | None:
    if path.suffix.lower() not in SIDECAR_PARTNERS:
        return None
    stem = rel[: -len(path.suffix)]
    if stem + ".json" in sidecars:
        return path.with_name(Path(stem).name + ".json")
    return None
