"""A listing kept current from change notices finds what a full walk finds."""

from __future__ import annotations

import json
import os
import random
import shutil
from pathlib import Path

import pytest

from broadsheet.read import discover
from broadsheet.read.listing import Listing

NAMES = ("a", "b", "c")
FOLDERS = ("", "x/", "x/y/", ".hidden/")
KINDS = (".txt", ".json", ".html", ".md", ".jsonl", ".csv", ".txt~", ".JSON")


def _write(path: Path, kind: str, rng: random.Random) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if kind.lower() == ".json":
        fields = {"title": "T", "tags": ["x"]}
        if rng.random() < 0.4:
            fields["text"] = "A body of its own."  # an article, not a sidecar
        path.write_text(json.dumps(fields), encoding="utf-8")
    else:
        path.write_text(f"Text {rng.random()}\n", encoding="utf-8")


def _step(root: Path, rng: random.Random) -> list[Path]:
    """One random change to the content folder; the paths `watch` would report."""
    folder, name, kind = rng.choice(FOLDERS), rng.choice(NAMES), rng.choice(KINDS)
    path = root / f"{folder}{name}{kind}"
    if path.exists() and rng.random() < 0.5:
        path.unlink()
    else:
        _write(path, kind, rng)
    return [path]


@pytest.mark.parametrize("seed", range(12))
def test_updates_match_a_full_walk(tmp_path, seed):
    rng = random.Random(seed)
    root = tmp_path / "content"
    root.mkdir()
    for _ in range(10):
        _step(root, rng)
    listing = Listing(root, {})
    for number in range(25):
        changed = _step(root, rng)
        assert listing.update(changed, {}), f"step {number}"
        assert listing.discovery() == discover(root), f"step {number}: {changed}"


def test_a_folder_that_goes_or_comes_asks_for_a_full_walk(tmp_path):
    root = tmp_path / "content"
    (root / "x").mkdir(parents=True)
    (root / "x" / "a.txt").write_text("Text\n")
    (root / "b.txt").write_text("Text\n")
    listing = Listing(root, {})
    shutil.rmtree(root / "x")
    assert not listing.update([root / "x"], {})
    (root / "new").mkdir()
    assert not listing.update([root / "new"], {})
    assert Listing(root, {}).discovery() == discover(root)


def test_a_new_folder_reported_by_its_files_is_listed(tmp_path):
    root = tmp_path / "content"
    root.mkdir()
    (root / "b.txt").write_text("Text\n")
    listing = Listing(root, {})
    (root / "new" / "deep").mkdir(parents=True)
    (root / "new" / "deep" / "a.txt").write_text("Text\n")
    (root / "new" / "deep" / "a.json").write_text('{"title": "Sidecar"}')
    assert listing.update([root / "new" / "deep" / "a.txt", root / "new" / "deep" / "a.json"], {})
    assert listing.discovery() == discover(root)
    assert not listing.update([root / "new"], {})  # and once known, the folder going asks for a walk


def test_paths_outside_the_content_folder_are_not_content(tmp_path):
    root = tmp_path / "content"
    root.mkdir()
    (root / "a.txt").write_text("Text\n")
    listing = Listing(root, {})
    before = listing.discovery()
    assert listing.update([tmp_path / "templates" / "base.html"], {})
    assert listing.discovery() == before


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links here")
def test_a_link_leading_out_is_rejected_as_a_walk_would(tmp_path):
    root = tmp_path / "content"
    root.mkdir()
    outside = tmp_path / "secret.txt"
    outside.write_text("not content\n")
    listing = Listing(root, {})
    (root / "link.txt").symlink_to(outside)
    assert listing.update([root / "link.txt"], {})
    assert listing.discovery() == discover(root)
    assert [item.origin for item in listing.discovery().rejected] == ["link.txt"]
