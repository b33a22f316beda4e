"""Publishing replaces the site in one step, leaves unchanged files alone, and stays inside its folder."""

import os

import pytest

from broadsheet.model import OutputFile
from broadsheet.publish import MANIFEST, NotOurFolder, UnsafePath, check_path, publish


def test_publish_then_republish_keeps_unchanged_files(tmp_path):
    site = tmp_path / "site"
    publish([OutputFile("index.html", b"one"), OutputFile("a/b.html", b"two")], site)
    inode = (site / "a/b.html").stat().st_ino
    result = publish([OutputFile("index.html", b"ONE"), OutputFile("a/b.html", b"two")], site)
    assert (result.written, result.unchanged, result.removed) == (1, 1, 0)
    assert (site / "a/b.html").stat().st_ino == inode  # the same file, not rewritten
    assert (site / "index.html").read_bytes() == b"ONE"
    assert sorted(os.listdir(tmp_path)) == ["site"]  # no staging folder left behind


def test_removed_files_disappear(tmp_path):
    site = tmp_path / "site"
    publish([OutputFile("old.html", b"x"), OutputFile("keep.html", b"y")], site)
    assert publish([OutputFile("keep.html", b"y")], site).removed == 1
    assert not (site / "old.html").exists()


def test_failed_build_leaves_previous_site(tmp_path):
    site = tmp_path / "site"
    publish([OutputFile("index.html", b"good")], site)

    def broken():
        yield OutputFile("index.html", b"half")
        raise RuntimeError("template exploded")

    with pytest.raises(RuntimeError):
        publish(broken(), site)
    assert (site / "index.html").read_bytes() == b"good"
    assert sorted(os.listdir(tmp_path)) == ["site"]


def test_a_folder_we_did_not_make_is_never_replaced(tmp_path):
    precious = tmp_path / "docs"
    precious.mkdir()
    (precious / "thesis.tex").write_text("years of work")
    with pytest.raises(NotOurFolder):
        publish([OutputFile("index.html", b"x")], precious)
    assert (precious / "thesis.tex").exists()


@pytest.mark.parametrize("path", ["../x.html", "/etc/passwd", "a/../../x", "a\\b", "a\x00b", "", "./x", "a//b", "x" * 300])
def test_unsafe_paths_are_refused(path, tmp_path):
    with pytest.raises(UnsafePath):
        check_path(path)
    with pytest.raises(UnsafePath):
        publish([OutputFile(path, b"x")], tmp_path / "site")
    assert not (tmp_path / "site").exists()


def test_manifest_lists_every_file(tmp_path):
    site = tmp_path / "site"
    publish([OutputFile("b.html", b"1"), OutputFile("a.html", b"2")], site)
    assert (site / MANIFEST).read_text().index('"a.html"') < (site / MANIFEST).read_text().index('"b.html"')
