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
from typing import Mapping

from broadsheet.model import Rejected, SourceFile
from broadsheet.read.decode import DecodeError, decode
from broadsheet.read.fields import BODY_FIELDS

INPUT_SUFFIXES = frozenset({".txt", ".html", ".htm", ".json", ".jsonl", ".md", ".markdown"})
SIDECAR_PARTNERS = (".txt", ".html", ".htm")
# Editors and browsers leave these beside real files while saving.
_TEMP_SUFFIXES = (".swp", ".swo", ".swx", ".tmp", ".part", ".crdownload", "~")
SIDECAR_MAX_BYTES = 1 << 20  # metadata, not an article: a bigger file is no sidecar
Stamp = tuple[int, ...]
HIDDEN_FOLDER = "hidden folder; its files are not inputs"


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


def discover(
    content_dir: Path, settled: Mapping[str, Stamp] | None = None, *, outputs: tuple[Path, ...] = ()
) -> Discovery:
    """List the inputs below `content_dir`, sorted by relative path.

    `settled` maps sidecars found before (by relative path) to their stamp
    then (`stamp_of`): one whose stamp is unchanged is not read again.
    `outputs` are folders Broadsheet writes (the site): when one lies inside
    the content folder (`--content .`), its pages are not read back as input.
    """
    root = content_dir.resolve()
    written = {os.fspath(path.absolute()) for path in outputs} | {os.fspath(path.resolve()) for path in outputs}
    candidates: list[tuple[str, str]] = []
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
                if is_temp_name(name):
                    skipped.append(Skipped(rel, HIDDEN_FOLDER))
                elif entry.path in written:
                    skipped.append(Skipped(rel, "the output folder; its pages are not inputs"))
                else:
                    folders.append((entry.path, rel + "/"))
                continue
            if entry.is_symlink() and _follows(entry.is_dir):
                skipped.append(Skipped(rel, "folder is a symbolic link; links are not followed"))
                continue
            verdict = judge_file(rel, entry.path, root, is_link=entry.is_symlink(), is_file=_follows(entry.is_file))
            if verdict is None:
                candidates.append((rel, entry.path))
            elif isinstance(verdict, Skipped):
                skipped.append(verdict)
            else:
                rejected.append(verdict)
    return Discovery(_with_sidecars(candidates, settled or {}), tuple(sorted(skipped, key=lambda s: s.rel)), tuple(rejected))


def judge_file(rel: str, path: str, root: Path, *, is_link: bool, is_file: bool) -> Skipped | Rejected | None:
    """What a file below `root` is when it is not an input (None when it is one).

    `is_link` and `is_file` are the file's own answers (`is_file` following
    the link), passed in because a folder listing already knows them.
    """
    name = rel.rsplit("/", 1)[-1]
    if is_temp_name(name):
        return Skipped(rel, "hidden or editor temporary file")
    suffix = suffix_of(name).lower()
    if suffix not in INPUT_SUFFIXES:
        return Skipped(rel, f"not an input type ({suffix or 'no extension'})")
    if is_link and not _inside(link := Path(path), root):
        return Rejected(rel, _link_problem(link))
    if not is_file:
        return Rejected(rel, "not a regular file (a FIFO, device or socket)")
    return None


def _follows(test) -> bool:
    """`entry.is_dir` or `is_file` through a link, False for a link that loops or leads nowhere."""
    try:
        return test()
    except OSError:
        return False


def stamp_of(path: Path | str) -> Stamp | None:
    """Size, inode, modification and change time: what changes whenever a file's bytes do."""
    try:
        status = os.stat(path)
    except OSError:
        return None
    return (status.st_size, status.st_ino, status.st_mtime_ns, status.st_ctime_ns)


def discover_files(paths: list[Path]) -> Discovery:
    """The inputs among files named on the command line (or found in folders named there), with their sidecars.

    The rules of `discover` hold here too, file by file: hidden and temporary
    files are skipped, and a symbolic link is read only when it points
    within its own folder, so an unpacked archive cannot smuggle in
    `/etc/passwd` through a link.
    """
    candidates: dict[str, str] = {}
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
        candidates[rel] = os.fspath(path)
        if path.suffix.lower() in SIDECAR_PARTNERS:
            sibling = path.with_suffix(".json")
            if sibling.is_file() and (not sibling.is_symlink() or _inside(sibling, sibling.parent.resolve())):
                candidates.setdefault(sibling.as_posix(), os.fspath(sibling))
    return Discovery(_with_sidecars(list(candidates.items()), {}), tuple(skipped), tuple(rejected))


def _with_sidecars(candidates: list[tuple[str, str]], settled: Mapping[str, Stamp]) -> tuple[SourceFile, ...]:
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
    return rel_beside(source.rel, source.sidecar)


def rel_beside(rel: str, path: str) -> str:
    """The report name of the file at `path`, which lies in the same folder as the input named `rel`."""
    folder, name = rel.rpartition("/")[0], os.path.basename(path)
    return f"{folder}/{name}" if folder else name


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


def _is_sidecar(rel: str, path: str, names: set[str], settled: Mapping[str, Stamp]) -> bool:
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
        value = json.loads(decode(data))
    except (OSError, ValueError, DecodeError, RecursionError):
        return False  # then it is an input of its own, and its reader says what is wrong
    return isinstance(value, dict) and not any(value.get(field) for field in BODY_FIELDS)


def _partner_sidecar(rel: str, path: str, sidecars: set[str]) -> str | None:
    suffix = suffix_of(rel)
    stem = rel[: len(rel) - len(suffix)]
    if suffix.lower() not in SIDECAR_PARTNERS or stem + ".json" not in sidecars:
        return None
    return os.path.join(os.path.dirname(path), stem.rsplit("/", 1)[-1] + ".json")


def suffix_of(name: str) -> str:
    """What `PurePath(name).suffix` says, without building a path."""
    name = name.rsplit("/", 1)[-1]
    dot = name.rfind(".")
    return name[dot:] if 0 < dot < len(name) - 1 else ""
