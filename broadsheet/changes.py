"""File system events → batches of changed paths: filtered, debounced, coalesced.

An editor's save is several events (a temp file written and renamed, a
backup made and removed); a `git checkout` is thousands. `ChangeQueue`
gathers the paths until the events pause, then hands them over as one
`ChangeSet`, so each burst gives one rebuild. Editor scratch files, hidden
files and Broadsheet's own output never count as changes.

If the kernel drops events (its queue overflowed), the batch says so and
the whole site is rebuilt: a missed change would be a stale page.
"""

from __future__ import annotations

import errno
import logging
import os
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from watchdog.events import (
    DirCreatedEvent,
    DirDeletedEvent,
    DirMovedEvent,
    FileAttribEvent,
    FileClosedEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileSystemEvent,
    FileSystemEventHandler,
)
from watchdog.observers import Observer

from broadsheet.config import Config
from broadsheet.read import is_temp_name

QUIET = 0.03  # s without events that ends a batch: one save is a few events within a millisecond or two
QUIET_BUSY = 0.3  # s, once a batch is big: a checkout or a copy may pause between files
BUSY = 16  # paths that make a batch big
LONGEST = 3.0  # s: a batch is taken even while events keep coming (something writes without end)
# Events that can change what a build reads; opening and reading files (as a build does) are not among them.
EVENTS = [
    FileCreatedEvent, FileModifiedEvent, FileClosedEvent, FileAttribEvent, FileDeletedEvent, FileMovedEvent,
    DirCreatedEvent, DirDeletedEvent, DirMovedEvent,
]  # fmt: skip
# Scratch files that `is_temp_name` (hidden, `.swp`, `~`, `#...#`, `.tmp`) does not cover:
# vim's write test file and JetBrains' safe-write copies.
_SCRATCH_NAMES = frozenset({"4913"})
_SCRATCH_SUFFIXES = ("___jb_tmp___", "___jb_old___", ".kate-swp")
_WATCHDOG_LOGGER = "watchdog"


@dataclass(frozen=True, slots=True)
class WatchedPaths:
    """What a build reads (and so what is watched), and what it writes (never a change)."""

    trees: tuple[Path, ...]  # folders watched with everything below them: content, templates
    files: tuple[Path, ...]  # single files: the settings file, rules files
    settings: Path
    own: tuple[Path, ...]  # the output folder, its staging folders, the cache: written by the build itself
    spelled: tuple[tuple[Path, Path], ...] = ()  # (real folder, as the settings spell it) where the two differ

    @classmethod
    def of(cls, config: Config, settings_file: Path) -> WatchedPaths:
        # Resolved: the observer reports paths below the real folders, so those are the ones compared.
        output = config.output_dir.resolve()
        trees = (config.content_dir, config.templates_dir)
        return cls(
            trees=tuple(tree.resolve() for tree in trees),
            files=(settings_file.resolve(), *(path.resolve() for path in config.rules)),
            settings=settings_file.resolve(),
            own=(
                output,
                output.with_name(f".{output.name}.staging"),
                output.with_name(f".{output.name}.previous"),
                config.cache_dir.resolve(),
            ),
            spelled=tuple((tree.resolve(), tree.absolute()) for tree in trees if tree.resolve() != tree.absolute()),
        )

    def names_of(self, path: Path) -> set[Path]:
        """`path` as the observer reports it and, below a folder reached through a link, as the settings spell it."""
        names = {path}
        for real, spelled in self.spelled:
            if path == real or real in path.parents:
                names.add(spelled / path.relative_to(real))
        return names

    def wants(self, path: Path) -> bool:
        """Whether a change to `path` can change the site."""
        if any(path == own or own in path.parents for own in self.own):
            return False
        if path in self.files:
            return True
        for tree in self.trees:
            if path == tree:
                return True  # the folder itself removed, replaced or renamed
            if tree in path.parents:
                return not any(is_scratch(name) for name in path.relative_to(tree).parts)
        return False

    def folders(self) -> dict[Path, bool]:
        """Folder → watch recursively? The trees, and the parents of the single files and trees
        (a tree's parent tells when the tree itself is replaced)."""
        wanted: dict[Path, bool] = {}
        for tree in self.trees:
            wanted[tree] = True
        for path in (*self.files, *self.trees):
            wanted.setdefault(path.parent, False)
        return wanted


def is_scratch(name: str) -> bool:
    """Editor temp, backup and lock files, hidden files."""
    return is_temp_name(name) or name in _SCRATCH_NAMES or name.endswith(_SCRATCH_SUFFIXES)


@dataclass(frozen=True, slots=True)
class ChangeSet:
    """One batch of changes, ready for one rebuild."""

    paths: frozenset[Path]  # absolute paths added, changed or removed (files, and folders as a whole)
    lost: bool = False  # events were dropped: rebuild everything


class ChangeQueue:
    """Paths from the observer's thread, handed to the build loop in debounced batches."""

    def __init__(self) -> None:
        self._paths: set[Path] = set()
        self._lost = False
        self._first = self._last = 0.0
        self._closed = False
        self._ready = threading.Condition()

    def add(self, paths: Iterable[Path]) -> None:
        with self._ready:
            now = time.monotonic()
            if not self._paths and not self._lost:
                self._first = now
            self._paths.update(paths)
            self._last = now
            self._ready.notify_all()

    def lose(self) -> None:
        """Events were dropped: the next batch rebuilds everything."""
        with self._ready:
            if not self._paths and not self._lost:
                self._first = time.monotonic()
            self._lost = True
            self._last = time.monotonic()
            self._ready.notify_all()

    def take(self) -> ChangeSet | None:
        """The next batch, once its events have paused; None once closed."""
        with self._ready:
            while not (self._paths or self._lost or self._closed):
                self._ready.wait(0.5)  # a timeout keeps Ctrl-C responsive
            while not self._closed:
                quiet = QUIET_BUSY if len(self._paths) >= BUSY or self._lost else QUIET
                due = min(self._last + quiet, self._first + LONGEST)
                remaining = due - time.monotonic()
                if remaining <= 0:
                    break
                self._ready.wait(remaining)
            if self._closed:
                return None
            batch = ChangeSet(frozenset(self._paths), self._lost)
            self._paths.clear()
            self._lost = False
            return batch

    def close(self) -> None:
        with self._ready:
            self._closed = True
            self._ready.notify_all()


class _Relay(FileSystemEventHandler):
    """Observer thread → queue: the event's paths that the build cares about."""

    def __init__(self, queue: ChangeQueue, watched: WatchedPaths) -> None:
        self.queue = queue
        self.watched = watched

    def on_any_event(self, event: FileSystemEvent) -> None:
        paths = [Path(os.fsdecode(path)) for path in (event.src_path, event.dest_path) if path]
        wanted = [name for path in paths if self.watched.wants(path) for name in self.watched.names_of(path)]
        if wanted:
            self.queue.add(wanted)


class _OverflowAlarm(logging.Handler):
    """watchdog reports a kernel queue overflow only in its log: turn that into a full rebuild.

    Attached to watchdog's logger, it also keeps watchdog's other log lines
    (such as a harmless race while stopping) off the terminal.
    """

    def __init__(self, queue: ChangeQueue) -> None:
        super().__init__(logging.WARNING)
        self.queue = queue

    def emit(self, record: logging.LogRecord) -> None:
        if "overflow" in record.getMessage().lower():
            self.queue.lose()


class WatchError(Exception):
    """A folder cannot be watched (e.g. the system's limit on watches is reached)."""


def _watch_error(error: OSError, what: str) -> WatchError:
    hint = "; raise the limit with: sysctl fs.inotify.max_user_watches=524288" if error.errno == errno.ENOSPC else ""
    return WatchError(f"cannot watch {what}: {error.strerror or error}{hint}")


class Watcher:
    """A watchdog observer over `WatchedPaths`, feeding a `ChangeQueue`; WatchError if a folder cannot be watched."""

    def __init__(self, queue: ChangeQueue, watched: WatchedPaths) -> None:
        self.queue = queue
        self._relay = _Relay(queue, watched)
        self._alarm = _OverflowAlarm(queue)
        self._observer = Observer()
        self._started = False
        self._schedule(watched)

    def start(self) -> None:
        logging.getLogger(_WATCHDOG_LOGGER).addHandler(self._alarm)
        try:
            self._observer.start()  # adds the scheduled watches
        except OSError as error:
            raise _watch_error(error, "the content and template folders") from error
        self._started = True

    def retarget(self, watched: WatchedPaths) -> None:
        """Watch other folders (new settings, or a watched folder replaced); WatchError if one cannot be."""
        self._relay.watched = watched
        self._observer.unschedule_all()
        self._schedule(watched)

    def _schedule(self, watched: WatchedPaths) -> None:
        for folder, recursive in watched.folders().items():
            if folder.is_dir():
                try:
                    self._observer.schedule(self._relay, str(folder), recursive=recursive, event_filter=EVENTS)
                except OSError as error:
                    raise _watch_error(error, str(folder)) from error

    def stop(self) -> None:
        if self._started:
            self._observer.stop()
            self._observer.join(timeout=5)
        logging.getLogger(_WATCHDOG_LOGGER).removeHandler(self._alarm)
