"""The cache is only ever an optimisation: damaged, stale, foreign or missing, the site comes out right."""

from __future__ import annotations

import json
import os
import sqlite3
import zlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from broadsheet.cache import FILE_NAME, Cache
from broadsheet.cache_codec import CacheDamaged, decode_results, encode_results, pack_terms, unpack_terms
from broadsheet.model import ArticleInfo, Meta, Profile, Rejected, Sketch
from tests.project import Project, make_project, paragraph


@pytest.fixture
def project(tmp_path, capsys) -> Project:
    project = make_project(tmp_path)
    assert project.build() == 0
    capsys.readouterr()
    return project


def _db(project: Project) -> sqlite3.Connection:
    return sqlite3.connect(project.root / "cache" / FILE_NAME)


def _rebuild_matches_clean(project: Project, capsys) -> str:
    """Rebuild (forcing work with an edit), check against a clean build; return stderr."""
    project.edit(project.text_file(2), "residents wrote", "people wrote")
    assert project.build() == 0
    stderr = capsys.readouterr().err
    assert project.site() == project.clean_build()
    return stderr


def test_garbage_instead_of_a_database(project, capsys):
    (project.root / "cache" / FILE_NAME).write_bytes(b"not a database at all " * 500)
    assert "warning: cache" in _rebuild_matches_clean(project, capsys)


def test_a_database_of_another_program(project, capsys):
    os.remove(project.root / "cache" / FILE_NAME)
    with sqlite3.connect(project.root / "cache" / FILE_NAME) as db:
        db.execute("CREATE TABLE sources (name TEXT, colour TEXT)")
        db.execute("INSERT INTO sources VALUES ('x', 'red')")
    assert "warning: cache" in _rebuild_matches_clean(project, capsys)
    with _db(project) as db:
        assert db.execute("SELECT count(*) FROM sources").fetchone()[0] > 0  # ours now, and filled


def test_a_cache_of_another_version(project, capsys):
    with _db(project) as db:
        db.execute("PRAGMA user_version = 1")
    assert "another version" in _rebuild_matches_clean(project, capsys)


def test_damaged_results_are_processed_again(project, capsys):
    with _db(project) as db:
        db.execute("UPDATE sources SET value = x'7b7b7b'")  # not JSON
    assert "damaged" in _rebuild_matches_clean(project, capsys)


def test_damaged_bodies_are_never_shown(project, capsys):
    with _db(project) as db:
        db.execute("UPDATE bodies SET html = ?", (zlib.compress(b"<p>tampered</p>"),))
    for page in (project.root / "site" / "articles").iterdir():
        page.unlink()  # every article page must be rendered again, from the bodies
    stderr = _rebuild_matches_clean(project, capsys)
    assert "does not match its hash" in stderr
    assert not any(b"tampered" in data for data in project.site().values())


def test_damaged_search_terms_are_never_trusted(project, capsys):
    with _db(project) as db:
        [(key, packed)] = db.execute("SELECT key, packed FROM terms LIMIT 1").fetchall()
        tampered = packed[:-1] + bytes([packed[-1] ^ 1])  # one count changed: still reads as terms
        db.execute("UPDATE terms SET packed = ? WHERE key = ?", (tampered, key))
    assert "search terms damaged" in _rebuild_matches_clean(project, capsys)


@given(st.dictionaries(st.text(st.characters(whitelist_categories=("Ll", "Lo", "Nd")), min_size=1, max_size=32), st.integers(1, 10_000), max_size=50))
def test_search_terms_read_back_as_stored_with_counts_kept_to_a_byte(counts):
    words, weights = unpack_terms(pack_terms(counts))
    assert words == list(counts) and list(weights) == [min(count, 255) for count in counts.values()]


@given(st.binary(max_size=64), st.data())
def test_search_terms_damaged_anywhere_raise_instead_of_reading_wrong(junk, data):
    packed = pack_terms({"harbour": 3, "council": 300, "tide": 1})
    position = data.draw(st.integers(0, len(packed) - 1))
    flipped = packed[:position] + bytes([packed[position] ^ data.draw(st.integers(1, 255))]) + packed[position + 1 :]
    for damaged in (flipped, junk, packed[: len(packed) // 2]):
        with pytest.raises(CacheDamaged):
            unpack_terms(damaged)


def test_a_cache_folder_that_cannot_be_written(project, capsys):
    if os.geteuid() == 0:
        blocker = project.root / "cache-is-a-file"
        blocker.write_text("in the way")
        code = project.build("site", "cache-is-a-file/cache")  # a folder inside a file: never creatable
    else:
        locked = project.root / "locked"
        locked.mkdir(mode=0o500)
        code = project.build("site", "locked/cache")
    stderr = capsys.readouterr().err
    assert code == 0 and "temporary one" in stderr
    assert project.site() == project.clean_build()


def test_results_read_back_identical_or_are_not_cached():
    meta = Meta(title="T", date="2026-01-01", authors=("A",), tags=("x",), extra={"rating": 4, "nested": {"a": [1, 2]}})
    sketch = Sketch(b"\x01" * 16, bytes(range(128)))
    profile = Profile(("port calder",), ("bridge", "vote"), (4, 2))
    results = (ArticleInfo("a.txt", meta, 3, "lead", "0" * 64, sketch, profile), Rejected("b.txt", "why"))
    assert decode_results(encode_results(results)) == results
    short = ArticleInfo("b.txt", meta, 3, "lead", "0" * 64, Sketch(None, None), Profile((), (), ()))
    assert decode_results(encode_results((short,))) == (short,)
    odd = (ArticleInfo("a.md", Meta(title="T", extra={"when": {1: "int keys"}}), 1, "x", "0" * 64, sketch, profile),)
    assert encode_results(odd) is None  # JSON would turn the key 1 into "1"
    assert encode_results((ArticleInfo("a.md", Meta(title="T", extra={"s": {1, 2}}), 1, "x", "0" * 64, sketch, profile),)) is None


def test_unusable_cache_warns_once_and_still_works(tmp_path):
    warnings: list[str] = []
    (tmp_path / "c").write_text("a file where the folder should be")
    cache = Cache(tmp_path / "c", warnings.append)
    try:
        cache.store([("k", encode_results((Rejected("x", "y"),)), {}, {})])
        assert cache.results(["k"]) == {"k": (Rejected("x", "y"),)}
    finally:
        cache.close()
    assert len(warnings) == 1 and "temporary" in warnings[0]


def test_settled_inputs_are_not_read_again_but_any_write_is_seen(tmp_path, monkeypatch, capsys):
    import broadsheet.inputs as inputs

    monkeypatch.setattr(inputs, "STAMP_SETTLE_NS", 0)  # as if every file were written long ago
    project = make_project(tmp_path)
    assert project.build() == 0
    reads: list[str] = []
    real_load = inputs.load_source
    monkeypatch.setattr(inputs, "load_source", lambda source, limit: reads.append(source.rel) or real_load(source, limit))
    assert project.build() == 0
    assert reads == []  # every stamp as recorded: nothing read, nothing to do
    # Same size, modification time put back: only the change time tells, and it does.
    path = project.text_file(5)
    status = path.stat()
    path.write_text(path.read_text(encoding="utf-8").replace("residents", "neighbours", 1)[: status.st_size], encoding="utf-8")
    path.write_bytes(path.read_bytes().ljust(status.st_size, b" "))
    os.utime(path, ns=(status.st_atime_ns, status.st_mtime_ns))
    assert project.build() == 0
    assert reads == [path.relative_to(project.content).as_posix()]
    capsys.readouterr()
    assert project.site() == project.clean_build()


def test_a_settled_sidecar_that_gains_a_body_becomes_an_article(tmp_path, monkeypatch, capsys):
    import broadsheet.inputs as inputs

    monkeypatch.setattr(inputs, "STAMP_SETTLE_NS", 0)
    project = make_project(tmp_path)
    assert project.build() == 0
    sidecar = project.text_file(4).with_suffix(".json")
    fields = json.loads(sidecar.read_text(encoding="utf-8"))
    sidecar.write_text(json.dumps({**fields, "title": "Its own story", "text": paragraph(400, 1)}), encoding="utf-8")
    assert project.build() == 0
    capsys.readouterr()
    assert project.site() == project.clean_build()
    assert any(path.endswith("its-own-story.html") for path in project.site())


def test_articles_read_back_or_received_from_workers_share_the_strings_they_repeat():
    import pickle

    from broadsheet.cache_codec import shared

    def article(origin: str) -> ArticleInfo:
        meta = Meta(title=origin, source="Harbour " + "Courier", tags=("port", "str" + "ike"), lang="en")
        return ArticleInfo(origin, meta, 3, "lead", "0" * 64, Sketch(None, None), Profile(("port calder",), ("bridge", "vote"), (4, 2)))

    decoded = [decode_results(encode_results((article(name),)))[0] for name in ("a.txt", "b.txt")]
    received = [shared(pickle.loads(pickle.dumps(article(name)))) for name in ("c.txt", "d.txt")]
    first, *others = decoded + received
    for other in others:
        assert other.meta.source is first.meta.source and other.meta.tags[1] is first.meta.tags[1]
        assert other.profile.words[0] is first.profile.words[0] and other.profile.names[0] is first.profile.names[0]
