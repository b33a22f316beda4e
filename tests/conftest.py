"""Shared test helpers: the repository's paths and an in-process build runner."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest

from broadsheet.cli import main

REPO = Path(__file__).resolve().parents[1]
TEMPLATES = REPO / "templates"
SAMPLE_CONTENT = REPO / "content"
SHARED = REPO.parent / "shared"
SEED = SHARED / "seed" / "000_3c99027021f53b11.txt"


@dataclass
class BuildRun:
    code: int
    stderr: str
    site: Path
    report: dict

    def page(self, path: str) -> str:
        return (self.site / path).read_text(encoding="utf-8")

    def outcome(self, name: str) -> dict:
        return next(item for item in self.report["inputs"] if item["input"] == name)


@pytest.fixture
def build_site(tmp_path, monkeypatch, capsys):
    """Write `files` into a content folder, build it, return what happened."""
    monkeypatch.chdir(tmp_path)  # no stray site.toml, cache or site/ from the repository

    def run(files: dict[str, str | bytes] | None = None, *args: str, content: Path | None = None) -> BuildRun:
        if content is None:
            content = tmp_path / "content"
            content.mkdir(exist_ok=True)
            for name, data in (files or {}).items():
                path = content / name
                path.parent.mkdir(parents=True, exist_ok=True)
                if isinstance(data, bytes):
                    path.write_bytes(data)
                else:
                    path.write_text(data, encoding="utf-8")
        site = tmp_path / "site"
        report = tmp_path / "report.json"
        code = main(
            [
                "--content", str(content), "--output", str(site), "--templates", str(TEMPLATES),
                "--report", str(report), "--cache-dir", str(tmp_path / "cache"), "--jobs", "1", *args,
            ]
        )  # fmt: skip
        stderr = capsys.readouterr().err
        data = json.loads(report.read_text(encoding="utf-8")) if report.exists() else {}
        return BuildRun(code, stderr, site, data)

    return run
