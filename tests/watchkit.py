"""Helpers for the watch and serve tests: a temp project and a real `watch` running on a thread.

Everything is real: the watchdog observer sees real file writes, builds go
through the real pipeline into a real output folder, the server answers
real HTTP requests. Tests wait on conditions with generous timeouts (the
machine may be busy) and never sleep to make something happen.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from broadsheet.changes import QUIET_BUSY
from broadsheet.config import Config, load_config
from broadsheet.report import Report
from broadsheet.watch import BuildResult, ServeOptions, Session, Watching
from tests.conftest import REPO, TEMPLATES

PATIENCE = 30.0  # s: how long a test waits for something that should take well under a second
SETTLE = 3 * QUIET_BUSY  # s: long enough for a batch still being gathered to have been built


def article(title: str, body: str, *, date: str = "2024-05-01", extra: str = "") -> str:
    return f"---\ntitle: {title}\ndate: {date}\nsource: The Courier\n{extra}---\n\n{body}\n"


def make_project(root: Path, articles: dict[str, str] | None = None) -> Path:
    """content/ with `articles` (name → text), templates/ copied from the default theme."""
    (root / "content").mkdir(parents=True)
    shutil.copytree(TEMPLATES, root / "templates")
    for name, text in (articles or {}).items():
        path = root / "content" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def project_config(root: Path) -> Callable[[], Config]:
    """Settings as `build.py watch` in `root` would load them (site.toml read again on each call)."""
    return lambda: load_config(
        root / "site.toml" if (root / "site.toml").exists() else None,
        {
            "content_dir": root / "content",
            "output_dir": root / "site",
            "templates_dir": root / "templates",
            "cache_dir": root / ".cache",
            "jobs": 1,
        },
    )


def save_atomically(path: Path, text: str) -> None:
    """As most editors save: write a temp file beside the target, then rename it over the target."""
    temp = path.with_name(f".{path.name}.tmp")
    temp.write_text(text, encoding="utf-8")
    os.replace(temp, path)


def wait_for(condition: Callable[[], object], what: str, timeout: float = PATIENCE) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(0.01)


def page_text(site: Path, page: str) -> str:
    try:
        return (site / page).read_text(encoding="utf-8")
    except FileNotFoundError:
        return ""


@dataclass
class Live:
    """A running `watch` over a project: what it printed, each build's result, the reports."""

    root: Path
    watching: Watching
    lines: list[str] = field(default_factory=list)
    results: list[BuildResult] = field(default_factory=list)
    reports: list[Report] = field(default_factory=list)

    @property
    def site(self) -> Path:
        return self.root / "site"

    @property
    def builds(self) -> int:
        return len(self.results)

    def output(self) -> str:
        return "\n".join(self.lines)

    def wait_builds(self, count: int, what: str = "") -> BuildResult:
        wait_for(lambda: self.builds >= count, what or f"build number {count}")
        return self.results[count - 1]

    def page(self, page: str) -> str:
        return page_text(self.site, page)

    def inputs(self) -> dict[str, str]:
        """input → status, from the last report."""
        return {outcome.input: outcome.status for outcome in self.reports[-1].outcomes}


def start_watching(root: Path, serve: ServeOptions | None = None) -> tuple[Live, Callable[[], None]]:
    """Start `watch` on `root` (first build done on return); returns it and a stop function."""
    live_lines: list[str] = []
    results: list[BuildResult] = []
    reports: list[Report] = []
    session = Session(
        project_config(root),
        root / "site.toml",
        on_report=lambda config, report: reports.append(report),
        on_result=results.append,
        out=live_lines.append,
    )
    watching = Watching(session, serve)
    watching.start()
    thread = threading.Thread(target=watching.run, name="watch-under-test", daemon=True)
    thread.start()
    live = Live(root, watching, live_lines, results, reports)

    def stop() -> None:
        watching.stop()
        thread.join(timeout=PATIENCE)
        assert not thread.is_alive(), "the watch loop did not stop"

    return live, stop


def watch_process(root: Path, *args: str) -> tuple[subprocess.Popen, list[str]]:
    """`build.py watch` run as a user runs it, in `root`; the list fills with its stderr lines."""
    process = subprocess.Popen(
        [sys.executable, str(REPO / "build.py"), "watch", "--jobs", "1", *args],
        cwd=root, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True,
    )  # fmt: skip
    lines: list[str] = []
    threading.Thread(target=lambda: lines.extend(iter(process.stderr.readline, "")), daemon=True).start()
    return process, lines
