"""Output files → the output folder: only what changed is written, and never half a site.

A publication is opened knowing what the folder holds (`survey`), takes the
files that must be (re)written, is told which files stay, and then finishes
in one of two ways:

- swap: the new site is assembled in a staging folder beside the output
  folder (unchanged files hard-linked from the old site) and swapped in with
  one atomic rename. For first builds and large changes.
- patch: each new or changed file is written to a temporary name beside its
  final one, and only once every page is rendered are they renamed into
  place (each rename atomic) and vanished files removed. For small changes,
  where assembling a whole new tree would cost more than the change itself.

Either way a file whose bytes did not change keeps its inode and
modification time, so hosting sync tools see only real changes, and a build
that fails before `finish` leaves the previous site exactly as it was.

The only place site files are written. Every path is checked here: nothing
derived from input can land outside the output folder.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import hashlib
import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Mapping

from broadsheet.model import FileState, OutputFile

MANIFEST = ".broadsheet-manifest.json"  # marks a folder as ours, lists each file's hash
MAX_NAME_BYTES = 255
MAX_PATH_DEPTH = 8
TEMP_SUFFIX = ".broadsheet-new"  # a patch's file waiting to be renamed into place


class UnsafePath(ValueError):
    """An output path that could leave the output folder or not be a plain file name."""


class NotOurFolder(Exception):
    """The output folder holds files Broadsheet did not write; it is never replaced."""


@dataclass(frozen=True, slots=True)
class Survey:
    """What an output folder holds now, checked against what the last build recorded."""

    untouched: dict[str, FileState]  # recorded files whose stat is still as recorded
    others: frozenset[str]  # every other file: unrecorded, changed since, or not ours
    claimed: dict[str, str]  # path → sha256 the folder's manifest states (not verified)
    exists: bool


@dataclass(frozen=True, slots=True)
class Written:
    """One file handed to a publication: kept as it was (`state` known) or written anew."""

    path: str
    sha: str
    state: FileState | None  # the unchanged file's state; None when written anew


@dataclass(frozen=True, slots=True)
class Published:
    states: dict[str, FileState]  # every file of the new site
    written: frozenset[str]  # new or changed files
    removed: frozenset[str]  # files of the previous site that are gone


def check_path(path: str) -> str:
    """`path` if it is a relative POSIX path of plain names, or UnsafePath."""
    if not path or "\x00" in path or "\\" in path or path.startswith("/"):
        raise UnsafePath(f"unsafe output path {path!r}")
    parts = path.split("/")  # not PurePosixPath(path).parts: it quietly drops "." and "//"
    if len(parts) > MAX_PATH_DEPTH:
        raise UnsafePath(f"output path {path!r} is nested too deeply")
    for part in parts:
        if part in ("", ".", "..") or len(part.encode("utf-8", "surrogatepass")) > MAX_NAME_BYTES:
            raise UnsafePath(f"unsafe output path {path!r}")
    if parts[-1] == MANIFEST or parts[-1].endswith(TEMP_SUFFIX):
        raise UnsafePath(f"output path {path!r} is a name Broadsheet keeps for itself")
    return path


def survey(output_dir: Path, recorded: Mapping[str, FileState], *, trust: bool = False) -> Survey:
    """List `output_dir`; refuse a folder Broadsheet did not make (NotOurFolder).

    `trust`: take the recorded files as they are without looking (for `watch`,
    which alone writes there between its builds), as long as the folder and
    its manifest are still there.
    """
    output_dir = output_dir.absolute()
    if trust and recorded and (output_dir / MANIFEST).is_file():
        return Survey(dict(recorded), frozenset(), {path: state.sha for path, state in recorded.items()}, exists=True)
    if not output_dir.exists():
        return Survey({}, frozenset(), {}, exists=False)
    if not output_dir.is_dir():
        raise NotOurFolder(f"output {output_dir} is a file, not a folder")
    files = _files_below(output_dir)
    if MANIFEST not in files:
        if files:
            raise NotOurFolder(
                f"output folder {output_dir} holds files Broadsheet did not write (no {MANIFEST}); "
                "empty it or choose another --output"
            )
        return Survey({}, frozenset(), {}, exists=True)
    files.discard(MANIFEST)
    untouched: dict[str, FileState] = {}
    base = os.path.join(output_dir, "")  # joined as strings: a Path per file costs more than its stat
    for path in files & recorded.keys():
        state = recorded[path]
        try:
            now = os.stat(base + path, follow_symlinks=False)
        except OSError:
            continue
        if (now.st_size, now.st_mtime_ns, now.st_ino) == (state.size, state.mtime, state.inode):
            untouched[path] = state
    return Survey(untouched, frozenset(files - untouched.keys()), _read_manifest(output_dir), exists=True)


class FileWriter:
    """Writes one output file where the publication will take it from; usable in worker processes."""

    def __init__(self, output_dir: Path, area: Path, known: Mapping[str, FileState], claimed: Mapping[str, str]) -> None:
        # Paths are joined as strings: a site is tens of thousands of files, and
        # a pathlib.Path per file costs more than the Python work of writing it.
        self._output = os.path.join(output_dir, "")
        self._area = os.path.join(area, "")  # the staging folder (swap) or the output folder itself (patch)
        self._suffix = TEMP_SUFFIX if area == output_dir else ""
        self._known = known
        self._claimed = claimed
        self._folders: set[str] = set()

    def write(self, file: OutputFile) -> Written:
        relative = check_path(file.path)
        sha = hashlib.sha256(file.data).hexdigest()
        known = self._known.get(relative)
        if known is not None and known.sha == sha:
            return Written(relative, sha, known)
        if known is None and self._claimed.get(relative) == sha:
            state = _same_file(self._output + relative, file.data, sha)  # the manifest says so; check the bytes
            if state is not None:
                return Written(relative, sha, state)
        target = self._area + relative + self._suffix
        folder = os.path.dirname(target)
        if folder not in self._folders:
            os.makedirs(folder, exist_ok=True)
            self._folders.add(folder)
        with open(target, "wb") as handle:
            handle.write(file.data)
        return Written(relative, sha, None)


class Publication:
    """One publish in progress: files in (`writer`, `add`, `keep`), then `finish` or `abort`."""

    def __init__(self, output_dir: Path, found: Survey, *, swap: bool) -> None:
        self.output_dir = output_dir.absolute()
        self._found = found
        self.swap = swap or not found.exists
        self._staging = self.output_dir.with_name(f".{self.output_dir.name}.staging")
        if self.swap:
            if self._staging.exists():
                shutil.rmtree(self._staging)  # left by an interrupted build
            self._staging.mkdir(parents=True)
        area = self._staging if self.swap else self.output_dir
        self.writer = FileWriter(self.output_dir, area, found.untouched, found.claimed)
        self._files: dict[str, Written] = {}

    def add(self, written: Written) -> None:
        if written.path in self._files:
            raise UnsafePath(f"output path {written.path!r} written twice")
        self._files[written.path] = written

    def write(self, file: OutputFile) -> None:
        self.add(self.writer.write(file))

    def keep(self, path: str) -> None:
        """An untouched file of the previous site stays in the new one."""
        state = self._found.untouched[path]
        self.add(Written(path, state.sha, state))

    def finish(self) -> Published:
        try:
            previous = set(self._found.untouched) | set(self._found.others)
            removed = frozenset(previous - set(self._files))
            if self.swap:
                self._assemble()
                _swap(self._staging, self.output_dir)
            else:
                self._patch(removed)
            base = os.path.join(self.output_dir, "")
            states = {path: item.state or _state_of(base + path, item.sha) for path, item in self._files.items()}
        finally:
            self.abort()
        written = frozenset(path for path, item in self._files.items() if item.state is None)
        return Published(states, written, removed)

    def abort(self) -> None:
        """Leave the previous site as it was (after `finish`: clear what is left over)."""
        if self._staging.exists():
            shutil.rmtree(self._staging, ignore_errors=True)  # the old site after a swap, or a failed build
        if not self.swap:
            for path, item in self._files.items():
                if item.state is None:
                    temp = self.output_dir / (path + TEMP_SUFFIX)
                    temp.unlink(missing_ok=True)

    def _assemble(self) -> None:
        for path, item in self._files.items():
            if item.state is not None:
                target = self._staging / path
                target.parent.mkdir(parents=True, exist_ok=True)
                _link_or_copy(self.output_dir / path, target)
        _write_manifest(self._staging, self._files)

    def _patch(self, removed: frozenset[str]) -> None:
        for path, item in sorted(self._files.items()):
            if item.state is None:
                final = self.output_dir / path
                os.replace(self.output_dir / (path + TEMP_SUFFIX), final)
        folders = set()
        for path in removed:
            (self.output_dir / path).unlink(missing_ok=True)
            folders.update((self.output_dir / path).parents)
        for folder in sorted(folders, key=lambda f: len(f.parts), reverse=True):
            if self.output_dir in folder.parents:
                try:
                    folder.rmdir()  # only if it is empty now
                except OSError:
                    pass
        claimed = {path: item.sha for path, item in self._files.items()}
        if claimed != self._found.claimed:
            _write_manifest(self.output_dir, self._files)


def publish(files: Iterable[OutputFile], output_dir: Path) -> Published:
    """Replace `output_dir` with exactly `files`, in one swap (for folders built whole, like the audit)."""
    publication = Publication(output_dir, survey(output_dir, {}), swap=True)
    try:
        for file in files:
            publication.write(file)
    except BaseException:
        publication.abort()
        raise
    return publication.finish()


def _files_below(folder: Path) -> set[str]:
    found: set[str] = set()
    for here, dirnames, filenames in os.walk(folder):
        prefix = os.path.relpath(here, folder)
        prefix = "" if prefix == "." else prefix.replace(os.sep, "/") + "/"
        found.update(prefix + name for name in filenames)
        found.update(prefix + name for name in dirnames if os.path.islink(os.path.join(here, name)))
    return found


def _read_manifest(output_dir: Path) -> dict[str, str]:
    try:
        manifest = json.loads((output_dir / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}  # damaged: every file is simply written again
    if not isinstance(manifest, dict):
        return {}
    return {path: sha for path, sha in manifest.items() if isinstance(path, str) and isinstance(sha, str)}


def _write_manifest(folder: Path, files: Mapping[str, Written]) -> None:
    text = json.dumps({path: item.sha for path, item in files.items()}, indent=0, sort_keys=True)
    temporary = folder / (MANIFEST + TEMP_SUFFIX)
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, folder / MANIFEST)


def _same_file(path: str, data: bytes, sha: str) -> FileState | None:
    """The state of `path` if it is a plain file holding exactly `data`."""
    try:
        before = os.stat(path, follow_symlinks=False)
        if not os.path.isfile(path) or os.path.islink(path) or before.st_size != len(data):
            return None
        with open(path, "rb") as handle:
            if handle.read() != data:
                return None
    except OSError:
        return None
    return FileState(sha, before.st_size, before.st_mtime_ns, before.st_ino)


def _state_of(path: str, sha: str) -> FileState:
    now = os.stat(path, follow_symlinks=False)
    return FileState(sha, now.st_size, now.st_mtime_ns, now.st_ino)


def _link_or_copy(old: Path, new: Path) -> None:
    try:
        os.link(old, new)
    except OSError:
        shutil.copy2(old, new)  # e.g. a file system without hard links


def _swap(staging: Path, output_dir: Path) -> None:
    """Put `staging` in place of `output_dir`; afterwards `staging` holds the old site."""
    if not output_dir.exists():
        staging.rename(output_dir)
        return
    if _exchange(staging, output_dir):
        return
    # No atomic exchange here: two renames, with only a moment in between.
    parked = output_dir.with_name(f".{output_dir.name}.previous")
    if parked.exists():
        shutil.rmtree(parked)
    output_dir.rename(parked)
    staging.rename(output_dir)
    parked.rename(staging)


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Linux renameat2(RENAME_EXCHANGE): swap two folders in one atomic step."""
    libc_name = ctypes.util.find_library("c")
    if libc_name is None:
        return False
    libc = ctypes.CDLL(libc_name, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    return result == 0


def write_new_files(files: Iterable[OutputFile], folder: Path, *, overwrite: bool) -> set[str]:
    """Write single files into `folder` (for `import`); returns the paths now holding their bytes.

    An existing file with other bytes is kept unless `overwrite`: it may hold
    a person's edits.
    """
    done: set[str] = set()
    for file in files:
        target = folder / check_path(file.path)
        if target.exists() and not overwrite and target.read_bytes() != file.data:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_name(f".{target.name}.tmp")
        temporary.write_bytes(file.data)
        os.replace(temporary, target)  # never a half-written file under the real name
        done.add(file.path)
    return done
