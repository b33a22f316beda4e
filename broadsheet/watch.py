"""`build.py watch`: build, then rebuild what each change touches, until Ctrl-C.

    watchdog events → ChangeQueue (filter, debounce) → ChangeSet → Session.apply
        → Builder.rebuild(paths) | new Builder on new settings → publish → Signals (live reload)

Bad input never stops the loop: a broken template, rules or settings file is
named with its line and the reason, the last good site stays published (a
build publishes all or nothing), and the next save tries again. Files whose
changes were part of a failed build are handed to the next one, so nothing
is missed however the builder keeps its state.
"""

from __future__ import annotations

import contextlib
import signal
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Collection, Iterator

from broadsheet.changes import ChangeQueue, ChangeSet, WatchedPaths, WatchError, Watcher
from broadsheet.config import Config, ConfigError
from broadsheet.livereload import Signals
from broadsheet.messages import BUILD_ERRORS, describe, rejected_line, say
from broadsheet.model import Rejected
from broadsheet.pipeline import Builder, Log, StrictFailure
from broadsheet.publish import NotOurFolder, survey
from broadsheet.report import Report
from broadsheet.serve import DevServer

OK, USAGE = 0, 2
SHOWN_CHANGES = 3  # changed files named in a rebuild message before "and N more"


@dataclass(frozen=True, slots=True)
class ServeOptions:
    bind: str = "127.0.0.1"  # this machine only, unless the user says otherwise
    port: int = 8000


@dataclass(frozen=True, slots=True)
class BuildResult:
    """What one build attempt did, for the terminal, the open pages and tests."""

    report: Report | None  # None: the build failed and nothing was published
    problems: tuple[str, ...]  # the error, or rejected inputs that were changed while watching
    changed: frozenset[str] = frozenset()  # output paths whose bytes changed


class Session:
    """The state kept between builds: settings, builder, changes still owed a build."""

    def __init__(
        self,
        load_config: Callable[[], Config],
        settings_file: Path,
        *,
        signals: Signals | None = None,
        on_report: Callable[[Config, Report], None] = lambda config, report: None,
        on_result: Callable[[BuildResult], None] = lambda result: None,
        out: Callable[[str], None] = say,
    ) -> None:
        self.load_config = load_config
        self.settings_file = settings_file
        self.config = load_config()  # a ConfigError here is the caller's to report
        self.signals = signals or Signals()
        self.on_report = on_report
        self.on_result = on_result
        self.out = out
        self.builder = Builder(self.config, self._log())
        self._full = True  # the next build is a full one: first, new settings, after a crash
        self._owed: frozenset[Path] = frozenset()  # changes of failed builds, retried with the next
        self._touched: set[str] = set()  # content inputs changed while watching
        self._rejected: dict[str, str] = {}  # input → reason, as of the last build
        self._problems: tuple[str, ...] = ()  # what the open pages show, as of the last build published
        self._early: frozenset[str] = frozenset()  # outputs the open pages heard of before the build ended
        self._attempt_rejected: list[Rejected] = []

    @property
    def watched(self) -> WatchedPaths:
        return WatchedPaths.of(self.config, self.settings_file)

    def _log(self) -> Log:
        return Log(rejected=self._collect_rejected, warn=lambda message: self.out(f"warning: {message}"), published=self._published_early)

    def _published_early(self, changed: frozenset[str]) -> None:
        """The edited pages are in place while the build goes on: reload them now."""
        self._early = changed
        self.signals.built(changed, self._problems)

    def _collect_rejected(self, item: Rejected) -> None:
        self._attempt_rejected.append(item)

    def first_build(self) -> BuildResult:
        return self._build(frozenset())

    def apply(self, changes: ChangeSet) -> BuildResult | None:
        """Build for one batch of changes; None when changed settings could not be loaded."""
        paths = changes.paths | self._owed
        self._note_touched(paths)
        self.out(_describe_changes(changes))
        if self.watched.settings in paths:
            try:
                config = self.load_config()
            except ConfigError as error:
                self._owed = paths
                lines = [f"error: {problem}" for problem in error.problems]
                for line in lines:
                    self.out(line)
                self.out("nothing is rebuilt until the settings are fixed; the site is left as it was")
                self.signals.failed(lines)
                return None
            self.config = config
            self.builder = Builder(config, self._log())
            self._full = True
        if changes.lost:
            self.out("the system dropped file events: rebuilding everything")
            self._full = True
        return self._build(paths)

    def _build(self, paths: frozenset[Path]) -> BuildResult:
        self._attempt_rejected = []
        self._early = frozenset()
        try:
            report = self.builder.build() if self._full else self.builder.rebuild(paths)
        except StrictFailure as error:
            for item in self._attempt_rejected:
                self.out(rejected_line(Rejected((self.config.content_dir / item.origin).as_posix(), item.reason)))
            return self._failed(paths, str(error))
        except BUILD_ERRORS as error:
            return self._failed(paths, describe(error, self.config.templates_dir))
        except Exception as error:  # a bug in Broadsheet: say so, keep watching with a fresh builder
            self.out("".join(traceback.format_exception(error)).rstrip())
            self.builder = Builder(self.config, self._log())
            self._full = True
            return self._failed(paths, f"internal error: {error!r} (a bug in Broadsheet; please report it)")
        self._full = False
        self._owed = frozenset()
        changed = self.builder.changed_outputs
        problems = self._report_rejections(report)
        try:
            self.on_report(self.config, report)  # the JSON report, the cleaning audit
        except (*BUILD_ERRORS, OSError) as error:
            self.out(f"error: {describe(error)}")
        self.out(report.summary_line() + ("" if changed else "; no page changed"))
        self._problems = problems
        self.signals.built(changed - self._early, problems)
        result = BuildResult(report, problems, changed)
        self.on_result(result)
        return result

    def _failed(self, paths: frozenset[Path], message: str) -> BuildResult:
        self._owed = paths
        self.out(f"error: {message}")
        self.out("the site is left as it was; fix the problem and save again")
        problems = (f"build failed: {message}", "the site shows the last good build")
        self.signals.failed(problems)
        result = BuildResult(None, problems)
        self.on_result(result)
        return result

    def _report_rejections(self, report: Report) -> tuple[str, ...]:
        """Say what became rejected or was fixed since the last build (the first build: everything).

        Returns the rejections of inputs changed while watching: the ones the
        person at the editor is working on, shown on the open pages.
        """
        content = self.config.content_dir
        current = {item.origin: item.reason for item in self._attempt_rejected}
        for origin, reason in sorted(current.items()):
            if self._rejected.get(origin) != reason:
                self.out(rejected_line(Rejected((content / origin).as_posix(), reason)))
        built = {outcome.input for outcome in report.outcomes if outcome.status != "rejected"}
        for origin in sorted(set(self._rejected) - set(current)):
            if origin in built:
                self.out(f"{(content / origin).as_posix()}: builds again")
        self._rejected = current
        return tuple(
            rejected_line(Rejected((content / origin).as_posix(), reason))
            for origin, reason in sorted(current.items())
            if origin.partition("#")[0] in self._touched
        )

    def _note_touched(self, paths: Collection[Path]) -> None:
        content = self.config.content_dir.resolve()
        for path in paths:
            if content in path.parents:
                self._touched.add(path.relative_to(content).as_posix())


def _describe_changes(changes: ChangeSet) -> str:
    names = sorted(_shown(path) for path in changes.paths)
    if not names:
        return "changed: (events were lost)"
    more = f" and {len(names) - SHOWN_CHANGES} more" if len(names) > SHOWN_CHANGES else ""
    return "changed: " + ", ".join(names[:SHOWN_CHANGES]) + more


def _shown(path: Path) -> str:
    try:
        return path.relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()


class Watching:
    """A session with its observer and, if asked, its server: `start`, `run` until `stop`."""

    def __init__(self, session: Session, serve: ServeOptions | None = None) -> None:
        self.session = session
        self.queue = ChangeQueue()
        self.watcher = Watcher(self.queue, session.watched)
        self.server: DevServer | None = None
        self._serve = serve

    def start(self) -> None:
        """Serve (OSError if the port is taken), watch, then build once."""
        config = self.session.config
        if self._serve is not None:
            self.server = DevServer(config.output_dir, config.base_url, self.session.signals, self._serve.bind, self._serve.port)
        self.watcher.start()  # before the first build: a change made during it is not missed
        self.session.first_build()

    def run(self) -> None:
        """Build for each batch of changes until `stop`."""
        while (changes := self.queue.take()) is not None:
            watched = self.session.watched
            self.session.apply(changes)
            if self.session.watched != watched or any(path in watched.trees for path in changes.paths):
                try:
                    self.watcher.retarget(self.session.watched)  # new folders, or a watched folder replaced
                except WatchError as error:
                    self.session.out(f"error: {error}")
                if self.server is not None:
                    self.server.retarget(self.session.config.output_dir, self.session.config.base_url)

    def stop(self) -> None:
        self.queue.close()
        self.watcher.stop()
        if self.server is not None:
            self.server.close()


def watch(
    load_config: Callable[[], Config],
    *,
    settings_file: Path,
    serve: ServeOptions | None = None,
    on_report: Callable[[Config, Report], None] = lambda config, report: None,
) -> int:
    """`build.py watch`: build, then rebuild on every change until Ctrl-C or SIGTERM; the exit status.

    `load_config` gives the settings (it is called again when the settings
    file changes); a ConfigError from the first call is the caller's to report.
    `on_report` is called after each build that published the site.
    """
    session = Session(load_config, settings_file, on_report=on_report)
    try:
        survey(session.config.output_dir, {})  # a folder that is not ours is refused before watching starts
    except NotOurFolder as error:
        say(f"error: {error}")
        return USAGE
    watching = Watching(session, serve)
    with _sigterm_as_interrupt():
        try:
            try:
                watching.start()
            except WatchError as error:
                say(f"error: {error}")
                return USAGE
            except (OSError, OverflowError) as error:  # only serving binds a port (OverflowError: not 0-65535)
                reason = getattr(error, "strerror", None) or error
                say(f"error: cannot serve on {_address(serve)}: {reason}; choose another --port or --bind")
                return USAGE
            say(f"watching {_watch_list(session.watched)}; Ctrl-C to stop")
            if watching.server is not None:
                say(f"serving {session.config.output_dir} at {watching.server.url} (live reload on)")
                if serve is not None and serve.bind not in ("127.0.0.1", "::1", "localhost"):
                    say(f"warning: listening on {serve.bind}: other machines on the network can read the site")
            watching.run()
        except KeyboardInterrupt:
            say(f"stopped watching; {session.config.output_dir} holds the last good build")
        finally:
            watching.stop()
    return OK


def _address(serve: ServeOptions | None) -> str:
    return f"{serve.bind}:{serve.port}" if serve else "?"


def _watch_list(watched: WatchedPaths) -> str:
    shown = [_shown(tree) + "/" for tree in watched.trees] + [_shown(path) for path in watched.files]
    return ", ".join(shown)


@contextlib.contextmanager
def _sigterm_as_interrupt() -> Iterator[None]:
    """`kill` stops watching as cleanly as Ctrl-C does."""

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    try:
        previous = signal.signal(signal.SIGTERM, interrupt)
    except ValueError:  # not the main thread (tests): nothing to install
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
