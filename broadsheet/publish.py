"""Output files → the output folder, all at once or not at all.

The new site is assembled in a staging folder beside the output folder and
then swapped in with one rename, so a failed or interrupted build leaves the
previous site exactly as it was. A file whose bytes did not change is
hard-linked from the previous site, not rewritten: it keeps its inode and
modification time, and hosting sync tools see only real changes.

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
from pathlib import Path, PurePosixPath
from typing import Iterable

from broadsheet.model import OutputFile

MANIFEST = ".broadsheet-manifest.json"  # marks a folder as ours, lists each file's hash
MAX_NAME_BYTES = 255
MAX_PATH_DEPTH = 8


class UnsafePath(ValueError):
    """An output path that could leave the output folder or not be a plain file name."""


class NotOurFolder(Exception):
    """The output folder holds files Broadsheet did not write; it is never replaced."""


@dataclass(frozen=True, slots=True)
class Published:
    written: int  # new or changed files
    unchanged: int  # carried over from the previous site
    removed: int  # files of the previous site that are gone


def check_path(path: str) -> PurePosixPath:
    """A relative POSIX path of plain names, or UnsafePath."""
    if not path or "\x00" in path or "\\" in path or path.startswith("/"):
        raise UnsafePath(f"unsafe output path {path!r}")
    parts = path.split("/")  # not PurePosixPath(path).parts: it quietly drops "." and "//"
    if len(parts) > MAX_PATH_DEPTH:
        raise UnsafePath(f"output path {path!r} is nested too deeply")
    for part in parts:
        if part in ("", ".", "..") or len(part.encode("utf-8", "surrogatepass")) > MAX_NAME_BYTES:
            raise UnsafePath(f"unsafe output path {path!r}")
    return PurePosixPath(*parts)


def publish(files: Iterable[OutputFile], output_dir: Path) -> Published:
    """Replace `output_dir` with exactly `files`."""
    output_dir = output_dir.absolute()
    previous = read_manifest(output_dir)
    staging = output_dir.with_name(f".{output_dir.name}.staging")
    if staging.exists():
        shutil.rmtree(staging)  # left by an interrupted build
    staging.mkdir(parents=True)
    manifest: dict[str, str] = {}
    written = unchanged = 0
    try:
        for file in files:
            relative = check_path(file.path)
            key = relative.as_posix()
            if key in manifest or key == MANIFEST:
                raise UnsafePath(f"output path {key!r} written twice")
            digest = hashlib.sha256(file.data).hexdigest()
            manifest[key] = digest
            target = staging / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            if previous.get(key) == digest and _link_previous(output_dir / relative, target, len(file.data)):
                unchanged += 1
            else:
                target.write_bytes(file.data)
                written += 1
        (staging / MANIFEST).write_text(json.dumps(manifest, indent=0, sort_keys=True), encoding="utf-8")
        _swap(staging, output_dir)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)  # the old site after a swap, or a failed build
    return Published(written, unchanged, removed=len(set(previous) - set(manifest)))


def read_manifest(output_dir: Path) -> dict[str, str]:
    """The previous build's file hashes; refuses a folder Broadsheet did not make."""
    if not output_dir.exists():
        return {}
    if not output_dir.is_dir():
        raise NotOurFolder(f"output {output_dir} is a file, not a folder")
    try:
        manifest = json.loads((output_dir / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError:
        if any(output_dir.iterdir()):
            raise NotOurFolder(
                f"output folder {output_dir} holds files Broadsheet did not write (no {MANIFEST}); "
                "empty it or choose another --output"
            ) from None
        return {}
    except (OSError, ValueError):
        return {}  # damaged: every file is simply written again
    return manifest if isinstance(manifest, dict) else {}


def _link_previous(old: Path, new: Path, size: int) -> bool:
    try:
        if old.is_symlink() or old.stat().st_size != size:
            return False
        os.link(old, new)
    except OSError:
        return False  # e.g. a file system without hard links: write it instead
    return True


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
