"""Publishing writes only what changed, never leaves half a site, and stays inside its folder."""

import os

import pytest

from broadsheet.model import OutputFile
from broadsheet.publish import MANIFEST, TEMP_SUFFIX, NotOurFolder, Publication, UnsafePath, check_path, survey


def _publish(files, site, recorded=None, *, swap=True):
    """Publish `files` (path → bytes) into `site`; returns the states to record for the next one."""
    found = survey(site, recorded or {})
    publication = Publication(site, found, swap=swap)
    try:
        for path, data in files.items():
            publication.write(OutputFile(path, data))
    except BaseException:
        publication.abort()
        raise
    return publication.finish()


@pytest.mark.parametrize("swap", [True, False])
def test_republishing_writes_only_changed_files(tmp_path, swap):
    site = tmp_path / "site"
    first = _publish({"index.html": b"one", "a/b.html": b"two"}, site)
    inode = (site / "a/b.html").stat().st_ino
    second = _publish({"index.html": b"ONE", "a/b.html": b"two"}, site, first.states, swap=swap)
    assert (second.written, second.removed) == ({"index.html"}, set())
    assert (site / "a/b.html").stat().st_ino == inode  # the same file, not rewritten
    assert (site / "index.html").read_bytes() == b"ONE"
    assert sorted(os.listdir(tmp_path)) == ["site"]  # no staging folder left behind
    assert not [p for p in site.rglob("*") if p.name.endswith(TEMP_SUFFIX)]


@pytest.mark.parametrize("swap", [True, False])
def test_removed_files_and_emptied_folders_disappear(tmp_path, swap):
    site = tmp_path / "site"
    first = _publish({"old/x.html": b"x", "keep.html": b"y"}, site)
    result = _publish({"keep.html": b"y"}, site, first.states, swap=swap)
    assert result.removed == {"old/x.html"}
    assert sorted(p.name for p in site.iterdir()) == [MANIFEST, "keep.html"]


@pytest.mark.parametrize("swap", [True, False])
def test_failed_build_leaves_previous_site(tmp_path, swap):
    site = tmp_path / "site"
    first = _publish({"index.html": b"good", "other.html": b"fine"}, site)
    publication = Publication(site, survey(site, first.states), swap=swap)
    publication.write(OutputFile("index.html", b"half"))
    publication.abort()  # what write_site does when rendering fails
    assert (site / "index.html").read_bytes() == b"good"
    assert sorted(os.listdir(tmp_path)) == ["site"]
    assert sorted(p.name for p in site.iterdir()) == [MANIFEST, "index.html", "other.html"]


def test_a_file_changed_by_hand_is_not_trusted(tmp_path):
    site = tmp_path / "site"
    first = _publish({"index.html": b"ours", "b.html": b"b"}, site)
    (site / "index.html").write_bytes(b"edited by hand")
    found = survey(site, first.states)
    assert set(found.untouched) == {"b.html"} and found.others == {"index.html"}
    _publish({"index.html": b"ours", "b.html": b"b"}, site, first.states, swap=False)
    assert (site / "index.html").read_bytes() == b"ours"


def test_without_a_record_the_manifest_is_checked_against_the_bytes(tmp_path):
    site = tmp_path / "site"
    _publish({"same.html": b"same", "lied.html": b"real"}, site)
    same_inode = (site / "same.html").stat().st_ino
    (site / "lied.html").write_bytes(b"fake")  # same size, other bytes: the manifest's hash is now wrong
    result = _publish({"same.html": b"same", "lied.html": b"real"}, site, swap=False)
    assert result.written == {"lied.html"}
    assert (site / "same.html").stat().st_ino == same_inode
    assert (site / "lied.html").read_bytes() == b"real"


def test_files_not_in_the_new_site_are_removed_even_unrecorded(tmp_path):
    site = tmp_path / "site"
    first = _publish({"index.html": b"x"}, site)
    (site / "stray.html").write_bytes(b"dropped in by hand")
    result = _publish({"index.html": b"x"}, site, first.states, swap=False)
    assert result.removed == {"stray.html"} and not (site / "stray.html").exists()


def test_a_folder_we_did_not_make_is_never_replaced(tmp_path):
    precious = tmp_path / "docs"
    precious.mkdir()
    (precious / "thesis.tex").write_text("years of work")
    with pytest.raises(NotOurFolder):
        survey(precious, {})
    assert (precious / "thesis.tex").exists()


@pytest.mark.parametrize("path", ["../x.html", "/etc/passwd", "a/../../x", "a\\b", "a\x00b", "", "./x", "a//b", "x" * 300, MANIFEST, "a/b" + TEMP_SUFFIX])
def test_unsafe_paths_are_refused(path, tmp_path):
    with pytest.raises(UnsafePath):
        check_path(path)
    with pytest.raises(UnsafePath):
        _publish({path: b"x"}, tmp_path / "site")
    assert os.listdir(tmp_path) == []


def test_manifest_lists_every_file_in_order(tmp_path):
    site = tmp_path / "site"
    _publish({"b.html": b"1", "a.html": b"2"}, site)
    text = (site / MANIFEST).read_text()
    assert text.index('"a.html"') < text.index('"b.html"')
