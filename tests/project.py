"""A small news project on disk for cache and incremental-build tests: content, theme, settings.

Builds go through the real command line (`main`), or through a kept-alive
`Builder` as `watch` uses it, and a site built incrementally is compared byte
for byte with one built from scratch into another folder with a fresh cache.
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from broadsheet.cli import main
from broadsheet.config import load_config
from broadsheet.pipeline import Builder, Log
from tests.conftest import TEMPLATES
from tests.sitecheck import tree_bytes

SOURCES = ("The Courier", "Harbour Post", "Valley Ledger")
TAGS = ("Politics", "Transport", "Climate", "Sport", "Health")
PER_PAGE = 3
SITE_RULE = """[[rule]]
id = "site.dropped-line"
pattern = '{pattern}'
why = "a line this site's scraper should not keep"
example = "Listen to Harbour Radio live, every morning"
"""


NOUNS = "harbour council ferry budget school clinic bridge market station library river museum stadium orchard".split()
PLACES = "Wrenmouth Kestlebury Osterfield Quillon Dunmere Emberley Corrowick Marrowdale Tolvercombe Ivelbridge".split()
VERBS = "reopened reviewed delayed funded approved rejected extended closed inspected rebuilt".split()
DAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()


def paragraph(number: int, line: int) -> str:
    """Prose of its own for every article and line, so no two articles read as the same story."""
    sentences = []
    for k in range(3):
        pick = number * 31 + line * 7 + k * 3
        sentences.append(
            f"The {NOUNS[pick % 14]} in {PLACES[(pick // 3) % 10]} was {VERBS[(pick // 5) % 10]} on {DAYS[(number + k) % 7]} "
            f"after {number * 3 + line + k} residents wrote to the {NOUNS[(pick + 5) % 14]} board about the {NOUNS[(pick + 9) % 14]}."
        )
    return " ".join(sentences)


@dataclass
class Project:
    root: Path
    messages: list[str] = field(default_factory=list)

    @property
    def content(self) -> Path:
        return self.root / "content"

    @property
    def theme(self) -> Path:
        return self.root / "theme"

    @property
    def settings(self) -> Path:
        return self.root / "site.toml"

    @property
    def rules(self) -> Path:
        """The site's own cleaning rules (one rule, matching nothing at first)."""
        return self.root / "rules.toml"

    # Content.

    def add_text(self, number: int, *, date: str | None = None, tags: tuple[str, ...] | None = None, title: str | None = None) -> None:
        """A raw .txt article with a sidecar of metadata."""
        stem = self.content / SOURCES[number % 3].lower().replace(" ", "-") / f"{number:04d}"
        stem.parent.mkdir(parents=True, exist_ok=True)
        headline = title or f"Story number {number} about route {number % 5}"
        body = "\n".join(paragraph(number, line) for line in range(1, 4))
        stem.with_suffix(".txt").write_text(f"{headline}\n{body}\nShare this article on social media\n", encoding="utf-8")
        meta = {"title": headline, "source": SOURCES[number % 3], "tags": list(tags or (TAGS[number % 5], TAGS[(number + 2) % 5]))}
        if date is not None or number % 9:
            meta["date"] = date or f"2025-{1 + number % 12:02d}-{1 + number % 27:02d}"
        stem.with_suffix(".json").write_text(json.dumps(meta), encoding="utf-8")

    def add_markdown(self, number: int) -> None:
        path = self.content / "notes" / f"{number:04d}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(
            f"---\ntitle: Note {number}\ndate: 2024-06-{1 + number % 28:02d}\ntags: [{TAGS[number % 5]}]\n---\n\n"
            f"{paragraph(200 + number, 1)}\n\n*{paragraph(200 + number, 2)}*\n",
            encoding="utf-8",
        )

    def add_json_list(self, name: str, numbers: range, *, copy_of: int) -> None:
        """Wire stories, and one syndicated copy of article `copy_of` (a near duplicate)."""
        items = [{"title": f"Wire {n}", "text": paragraph(100 + n, 1) + "\n" + paragraph(100 + n, 2), "date": f"2023-0{1 + n % 9}-10", "source": "Wire"} for n in numbers]
        copy = "\n".join(paragraph(copy_of, line) for line in range(1, 4))
        items.append({"title": f"Syndicated {copy_of}", "text": copy, "date": "2026-02-01", "source": "Wire"})
        (self.content / name).write_text(json.dumps(items), encoding="utf-8")

    def text_file(self, number: int) -> Path:
        return self.content / SOURCES[number % 3].lower().replace(" ", "-") / f"{number:04d}.txt"

    def edit(self, path: Path, old: str, new: str) -> None:
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {path}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    # Building.

    def args(self, site: Path, cache: Path, *extra: str) -> list[str]:
        return [
            "--content", str(self.content), "--output", str(site), "--templates", str(self.theme),
            "--cache-dir", str(cache), "--config", str(self.settings), "--jobs", "2", *extra,
        ]  # fmt: skip

    def build(self, site: str = "site", cache: str = "cache", *extra: str) -> int:
        return main(self.args(self.root / site, self.root / cache, *extra))

    def clean_build(self) -> dict[str, bytes]:
        """The site built from scratch, into a folder of its own with a fresh cache."""
        for name in ("clean-site", "clean-cache"):
            shutil.rmtree(self.root / name, ignore_errors=True)
        self.build("clean-site", "clean-cache")
        return tree_bytes(self.root / "clean-site")

    def builder(self) -> Builder:
        config = load_config(self.settings, {
            "content_dir": self.content, "output_dir": self.root / "site", "templates_dir": self.theme,
            "cache_dir": self.root / "cache", "jobs": 2,
        })  # fmt: skip
        return Builder(config, Log(rejected=lambda item: self.messages.append(f"rejected {item.origin}"), warn=self.messages.append))

    def sources(self) -> dict[Path, bytes]:
        """Every file a build reads (content, theme, settings, rules), by absolute path."""
        files = [path for folder in (self.content, self.theme) for path in folder.rglob("*") if path.is_file()]
        return {path: path.read_bytes() for path in (*files, self.settings, self.rules)}

    def site(self, name: str = "site") -> dict[str, bytes]:
        return tree_bytes(self.root / name)

    def stamps(self, name: str = "site") -> dict[str, tuple[int, int]]:
        """Inode and modification time of every file: what shows a file was rewritten."""
        folder = self.root / name
        return {p.relative_to(folder).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns) for p in folder.rglob("*") if p.is_file()}


def make_project(root: Path, articles: int = 14) -> Project:
    project = Project(root)
    shutil.copytree(TEMPLATES, project.theme)
    project.settings.write_text(f'title = "Test Gazette"\nper_page = {PER_PAGE}\nrules = ["rules.toml"]\n', encoding="utf-8")
    project.rules.write_text(SITE_RULE.format(pattern="^Listen to Harbour Radio live"), encoding="utf-8")
    for number in range(articles):
        project.add_text(number)
    project.add_markdown(1)
    project.add_markdown(2)
    project.add_json_list("wire.json", range(3), copy_of=8)
    return project


def edited(before: dict[Path, bytes], after: dict[Path, bytes]) -> list[Path]:
    """What `watch` would pass to `Builder.rebuild`: files added, removed or changed."""
    return sorted(path for path in before.keys() | after.keys() if before.get(path) != after.get(path))


def changed_files(before: dict[str, tuple[int, int]], after: dict[str, tuple[int, int]]) -> set[str]:
    """Files added, removed or rewritten between two `stamps`."""
    return {path for path in before.keys() | after.keys() if before.get(path) != after.get(path)}


def touch_later(path: Path) -> None:
    """Move a file's modification time on, as an editor saving it a second later would."""
    status = path.stat()
    os.utime(path, ns=(status.st_atime_ns, status.st_mtime_ns + 1_000_000_000))
