"""The hostile corpus, built once per test session."""

from __future__ import annotations

import contextlib
import io
import json
import os
from dataclasses import dataclass
from pathlib import Path

import pytest

from broadsheet.cli import main
from tests.conftest import TEMPLATES
from tests.hostile.corpus import write_corpus


@dataclass
class HostileBuild:
    root: Path
    content: Path
    site: Path
    code: int
    stderr: str
    report: dict

    def outcome(self, name: str) -> dict:
        return next(item for item in self.report["inputs"] if item["input"] == name)


def build(content: Path, site: Path, root: Path, *extra: str) -> tuple[int, str, dict]:
    """Run `build.py` in-process from `root` (so no stray site.toml is read); code, stderr, report."""
    report = root / "report.json"
    report.unlink(missing_ok=True)
    stderr = io.StringIO()
    previous = Path.cwd()
    os.chdir(root)
    try:
        with contextlib.redirect_stderr(stderr):
            code = main(
                ["--content", str(content), "--output", str(site), "--templates", str(TEMPLATES), "--report", str(report),
                 "--cache-dir", str(root / "cache"), "--jobs", "1", *extra]
            )  # fmt: skip
    finally:
        os.chdir(previous)
    return code, stderr.getvalue(), json.loads(report.read_text(encoding="utf-8")) if report.exists() else {}


@pytest.fixture(scope="session")
def hostile_build(tmp_path_factory) -> HostileBuild:
    root = tmp_path_factory.mktemp("hostile")
    content = root / "content"
    write_corpus(content)
    code, stderr, report = build(content, root / "site", root)
    return HostileBuild(root, content, root / "site", code, stderr, report)
