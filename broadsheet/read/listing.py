"""A content folder's discovery, kept current from change notices (for `watch`).

`discover` walks the whole folder. A `Listing` starts from one walk and then
takes the paths `watch` reports as added, changed or removed, re-judging only
those files and the sidecar pairs they belong to, with the same rules. A
change it cannot place (a folder appearing or going, a symbolic link on the
way) makes it ask for a full walk instead.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Collection, Mapping

from broadsheet.model import SourceFile
from broadsheet.read.discover import (
    HIDDEN_FOLDER,
    Discovery,
    Skipped,
    Stamp,
    _is_sidecar,
    _partner_sidecar,
    suffix_of,
    discover,
    is_temp_name,
    judge_file,
    sidecar_rel,
)


class Listing:
    """The inputs of one content folder, as `discover` would find them now."""

    def __init__(self, content_dir: Path, settled: Mapping[str, Stamp], outputs: tuple[Path, ...] = ()) -> None:
        self.root = content_dir.resolve()
        self._outputs = tuple(path.resolve() for path in outputs)
        found = discover(content_dir, settled, outputs=outputs)
        self._sources = {source.rel: source for source in found.sources}
        self._files: dict[str, str] = {source.rel: source.path for source in found.sources}
        self._sidecars: set[str] = set()
        for source in found.sources:
            side = sidecar_rel(source)
            if side is not None and source.sidecar is not None:
                self._files[side] = source.sidecar
                self._sidecars.add(side)
        self._skipped = {item.rel: item for item in found.skipped}
        self._rejected = {item.origin: item for item in found.rejected}
        self._stems: dict[str, set[str]] = {}
        for rel in self._files:
            self._stems.setdefault(_stem(rel), set()).add(rel)
        self._folders: set[str] = set()  # every folder holding a file, and the folders above them
        for rel in (*self._files, *self._skipped, *self._rejected):
            self._folders.update(_folders_of(rel))

    def discovery(self) -> Discovery:
        return Discovery(
            tuple(self._sources[rel] for rel in sorted(self._sources)),
            tuple(self._skipped[rel] for rel in sorted(self._skipped)),
            tuple(self._rejected.values()),
        )

    def update(self, changed: Collection[Path], settled: Mapping[str, Stamp]) -> bool:
        """Take these changed paths into account; False if only a full walk can (call `discover`)."""
        stems: set[str] = set()
        for path in changed:
            path = Path(os.path.abspath(path))
            try:
                rel = path.relative_to(self.root).as_posix()
            except ValueError:
                continue  # a template or rules file: not content
            if any(path == output or output in path.parents for output in self._outputs):
                continue  # the site being written inside the content folder
            if rel in self._folders or os.path.isdir(path) or _linked_folder(self.root, path):
                return False
            hidden = _hidden_folder(rel)
            if hidden is not None:  # never an input; the folder itself is listed as skipped
                if os.path.isdir(self.root / hidden):
                    self._skipped[hidden] = Skipped(hidden, HIDDEN_FOLDER)
                continue
            self._forget(rel)
            stems.add(_stem(rel))
            if os.path.lexists(path):
                self._judge(rel, path)
                self._folders.update(_folders_of(rel))
        for stem in stems:
            self._pair(stem, settled)
        return True

    def _forget(self, rel: str) -> None:
        for table in (self._sources, self._files, self._skipped, self._rejected):
            table.pop(rel, None)  # type: ignore[attr-defined]
        self._sidecars.discard(rel)
        self._stems.get(_stem(rel), set()).discard(rel)

    def _judge(self, rel: str, path: Path) -> None:
        """What `discover` makes of one file."""
        verdict = judge_file(rel, os.fspath(path), self.root, is_link=path.is_symlink(), is_file=path.is_file())
        if verdict is None:
            self._files[rel] = os.fspath(path)
            self._stems.setdefault(_stem(rel), set()).add(rel)
        elif isinstance(verdict, Skipped):
            self._skipped[rel] = verdict
        else:
            self._rejected[rel] = verdict

    def _pair(self, stem: str, settled: Mapping[str, Stamp]) -> None:
        """Sidecars and their partners among the files of one stem, judged again."""
        group = self._stems.get(stem, set())
        for rel in group:
            if _is_sidecar(rel, self._files[rel], self._files.keys(), settled):  # type: ignore[arg-type]
                self._sidecars.add(rel)
            else:
                self._sidecars.discard(rel)
        for rel in group:
            if rel in self._sidecars:
                self._sources.pop(rel, None)
            else:
                path = self._files[rel]
                self._sources[rel] = SourceFile(path=path, rel=rel, sidecar=_partner_sidecar(rel, path, self._sidecars))


def _hidden_folder(rel: str) -> str | None:
    """The outermost hidden folder on the way to `rel`, if any (discover skips it whole)."""
    parts = rel.split("/")
    index = next((i for i, part in enumerate(parts[:-1]) if is_temp_name(part)), None)
    return None if index is None else "/".join(parts[: index + 1])


def _folders_of(rel: str) -> set[str]:
    parts = rel.split("/")[:-1]
    return {"/".join(parts[:end]) for end in range(1, len(parts) + 1)}


def _stem(rel: str) -> str:
    return rel[: len(rel) - len(suffix_of(rel))]


def _linked_folder(root: Path, path: Path) -> bool:
    """A folder on the way from the root to `path` is a symbolic link (discover never enters those)."""
    folder = path.parent
    while folder != root and root in folder.parents:
        if folder.is_symlink():
            return True
        folder = folder.parent
    return False
