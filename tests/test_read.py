"""Readers: every format, sidecars, aliases, and bad files becoming reasons."""

import json
import os
from pathlib import Path

from broadsheet.model import RawDoc, Rejected, SourceFile
from broadsheet.read import NotAFile, discover, load, load_source, read
from broadsheet.read.decode import DecodeError, decode

import pytest


def _read(tmp_path, name, data, sidecar=None):
    path = tmp_path / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode())
    return read(SourceFile(str(path), name), path.read_bytes(), sidecar)


def test_text_file_is_one_raw_document(tmp_path):
    [doc] = _read(tmp_path, "a.txt", "Headline\r\nFirst paragraph.\r\n")
    assert doc == RawDoc("a.txt", "text", "Headline\nFirst paragraph.\n", doc.meta)


def test_sidecar_metadata_applies_to_its_text(tmp_path):
    (tmp_path / "0001.txt").write_text("Body text here.")
    (tmp_path / "0001.json").write_text(json.dumps({"title": "T", "date": "2026-03-04", "authors": ["A", "B"], "tags": "x, y"}))
    found = discover(tmp_path)
    [source] = found.sources
    assert source.rel == "0001.txt" and source.sidecar == str(tmp_path / "0001.json")
    [doc] = read(source, Path(source.path).read_bytes(), Path(source.sidecar).read_bytes())
    assert (doc.meta.title, doc.meta.date, doc.meta.authors, doc.meta.tags) == ("T", "2026-03-04", ("A", "B"), ("x", "y"))


def test_json_with_body_beside_text_is_an_article_of_its_own(tmp_path):
    (tmp_path / "0001.txt").write_text("Body text here.")
    (tmp_path / "0001.json").write_text(json.dumps({"title": "T", "text": "Other body."}))
    assert [s.rel for s in discover(tmp_path).sources] == ["0001.json", "0001.txt"]


def test_json_list_items_are_numbered_and_fail_alone(tmp_path):
    docs = _read(tmp_path, "dump.json", json.dumps([{"title": "A", "body": "x y z"}, {"title": "B"}, 3]))
    assert docs[0].origin == "dump.json#1" and docs[0].meta.title == "A"
    assert docs[1] == Rejected("dump.json#2", "article object has no text, body or content field")
    assert docs[2] == Rejected("dump.json#3", "item is a JSON int, not an article object")


def test_jsonl_aliases_and_bad_lines(tmp_path):
    lines = [
        json.dumps({"headline": "H", "content": "<p>Para one.</p><p>Two.</p>", "published": "March 4, 2026", "site_name": "S", "author": "Ann Lee", "keywords": ["k"]}),
        "",
        "{not json",
    ]
    first, bad = _read(tmp_path, "feed.jsonl", "\n".join(lines))
    assert first.format == "html"  # an HTML body goes to the HTML cleaner
    assert (first.meta.title, first.meta.date, first.meta.source, first.meta.authors, first.meta.tags) == ("H", "2026-03-04", "S", ("Ann Lee",), ("k",))
    assert bad.origin == "feed.jsonl#3" and "not valid JSON" in bad.reason


def test_markdown_front_matter(tmp_path):
    [doc] = _read(tmp_path, "a.md", "---\ntitle: Hello\ndate: 2026-05-12T08:30:00+01:00\nsection: Opinion\n---\n\nBody *text*.\n")
    assert doc.format == "markdown"
    assert (doc.meta.title, doc.meta.date, doc.meta.extra) == ("Hello", "2026-05-12T08:30:00+01:00", {"section": "Opinion"})
    assert doc.text.strip() == "Body *text*."


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("---\ntitle: [unclosed\n---\nbody", "front matter is not valid YAML on line 2"),
        ("---\ntitle: x\nbody without end", "never closed"),
        ("---\n- a list\n---\nbody", "not a mapping"),
        ("---\ntitle: x\ndate: 2026-02-30\n---\nbody", "not a real date"),
        ("---\ntitle: x\n---\n\n", "no article text"),
        ("---\na: &a [*a, *a]\n---\nbody", "refers to itself"),
    ],
)
def test_bad_markdown_is_rejected_with_the_reason(tmp_path, text, reason):
    [rejected] = _read(tmp_path, "bad.md", text)
    assert isinstance(rejected, Rejected) and reason in rejected.reason


def test_binary_and_empty_files_are_rejected(tmp_path):
    assert _read(tmp_path, "bin.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")[0].reason == "binary file, not text"
    assert _read(tmp_path, "empty.txt", b"  \n")[0].reason == "empty file"


def test_decoding_detects_legacy_encodings_and_boms():
    assert decode("café déjà vu, naïve façade".encode("cp1252")) == "café déjà vu, naïve façade"
    assert decode("Hello".encode("utf-16")) == "Hello"  # with its byte-order mark
    assert decode(b'<meta charset="iso-8859-1"><p>\xe9t\xe9</p>', html=True).endswith("<p>été</p>")
    with pytest.raises(DecodeError):
        decode("hello".encode("utf-16-le")[:-1] + b"\x00\x00\x00")


def test_discovery_skips_temp_files_and_links_out(tmp_path):
    content = tmp_path / "content"
    content.mkdir()
    (content / "a.txt").write_text("x")
    (content / ".a.txt.swp").write_text("x")
    (content / "a.txt~").write_text("x")
    (content / "notes.docx").write_text("x")
    (tmp_path / "secret.txt").write_text("x")
    (content / "link.txt").symlink_to(tmp_path / "secret.txt")
    found = discover(content)
    assert [s.rel for s in found.sources] == ["a.txt"]
    assert [(s.rel, s.reason) for s in found.skipped] == [
        (".a.txt.swp", "hidden or editor temporary file"),
        ("a.txt~", "hidden or editor temporary file"),
        ("notes.docx", "not an input type (.docx)"),
    ]  # listed, not silently left out
    assert found.rejected == (Rejected("link.txt", "symbolic link to a file outside the content folder"),)


# Hostile and broken inputs at the reading stage (issue 7).


def test_utf16_and_utf32_without_byte_order_mark_are_text_not_binary():
    for text in ("A plain article about the harbour, in English.\n", "東京都の知事は、新しい予算案を発表しました。\n", "Привет, это статья о гавани.\n"):
        for encoding in ("utf-16-le", "utf-16-be", "utf-32-le"):
            assert decode(text.encode(encoding)) == text, encoding


def test_utf8_with_stray_windows_1252_bytes_keeps_both():
    data = "Café — “quoted”, naïve.\n".encode() * 3 + "Déjà vu: 25€\n".encode("cp1252")
    assert decode(data) == "Café — “quoted”, naïve.\n" * 3 + "Déjà vu: 25€\n"
    one_stray = "The café opened — “finally”.\n".encode() * 20 + b"Price 5\x80\n"
    assert decode(one_stray).endswith("The café opened — “finally”.\nPrice 5€\n")  # not re-read as Mac Roman


def test_undecodable_bytes_are_rejected_with_a_reason():
    with pytest.raises(DecodeError, match="no other encoding fits"):
        decode(bytes(range(128, 256)) * 10)


def test_control_characters_and_lone_surrogates_never_reach_an_article(tmp_path):
    body = "Para \x1b[31mone\x1b[0m with a bell\x07.\fPage two \ud83d alone \x02wzxhzdk:0\x03."
    [doc] = _read(tmp_path, "a.json", json.dumps({"title": "T\x00itle\u202e", "text": body, "note": "x\ud800y"}))
    assert doc.text == "Para [31mone[0m with a bell.\nPage two  alone wzxhzdk:0."
    assert doc.meta.title == "Title" and doc.meta.extra == {"note": "xy"}
    [text_doc] = _read(tmp_path, "b.txt", "Title\n" + "A line of article text with one odd \x01 byte in it.\n" * 4)
    assert "\x01" not in text_doc.text


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"title": "T", "text": "x", "deep": json.loads("[" * 30 + "]" * 30)}, "field 'deep' is nested too deeply"),
        ({"title": "T", "text": "x", "wide": list(range(20_000))}, "field 'wide' is nested too deeply or too large"),
        ({"title": {"a": 1}, "text": "x"}, "title holds a dict, not text"),
        ({"title": "T", "text": "x", "date": "2026-02-30"}, "not a real date"),
        ({"title": "T", "text": "x", "date": "0000-01-01"}, "before 1800"),
        ({"title": "T", "text": "x", "date": ["2026-01-01"]}, "date holds a list"),
    ],
)
def test_bad_json_fields_are_rejected_naming_the_field(tmp_path, fields, reason):
    [rejected] = _read(tmp_path, "a.json", json.dumps(fields))
    assert isinstance(rejected, Rejected) and reason in rejected.reason


def test_json_nested_past_the_parser_limit_is_rejected(tmp_path):
    assert _read(tmp_path, "a.json", "[" * 100_000 + "]" * 100_000) == [Rejected("a.json", "not valid JSON: nested too deeply")]
    [line] = _read(tmp_path, "a.jsonl", "{" + '"a":' * 0 + "[" * 100_000)
    assert isinstance(line, Rejected)


def test_language_must_be_a_language_tag_and_losing_aliases_are_kept(tmp_path):
    [doc] = _read(tmp_path, "a.json", json.dumps({"title": "T", "text": "x", "lang": 'en" onload="x', "language": "pt-BR", "published": "2026-01-02", "date": "2026-01-01"}))
    assert doc.meta.lang == "pt-BR" and doc.meta.date == "2026-01-01"
    assert doc.meta.extra == {"lang": 'en" onload="x', "published": "2026-01-02"}


def test_a_fifo_named_like_an_input_is_rejected_not_read(tmp_path):
    content = tmp_path / "content"
    content.mkdir()
    os.mkfifo(content / "pipe.txt")
    found = discover(content)
    assert found.sources == () and found.rejected == (Rejected("pipe.txt", "not a regular file (a FIFO, device or socket)"),)
    with pytest.raises(NotAFile):
        load(content / "pipe.txt", 1000)  # returns at once: never blocks waiting for a writer


def test_links_that_loop_or_dangle_and_hidden_folders(tmp_path):
    content = tmp_path / "content"
    (content / ".git").mkdir(parents=True)
    (content / ".git" / "x.txt").write_text("x")
    (content / "a.txt").symlink_to(content / "b.txt")
    (content / "b.txt").symlink_to(content / "a.txt")
    (content / "gone.md").symlink_to(content / "nowhere.md")
    (content / "loop").symlink_to(content, target_is_directory=True)
    found = discover(content)
    assert found.sources == ()
    assert {(r.origin, r.reason) for r in found.rejected} == {
        ("a.txt", "symbolic link that loops back on itself"),
        ("b.txt", "symbolic link that loops back on itself"),
        ("gone.md", "symbolic link to a file that does not exist"),
    }
    assert [(s.rel, s.reason) for s in found.skipped] == [
        (".git", "hidden folder; its files are not inputs"),
        ("loop", "folder is a symbolic link; links are not followed"),
    ]


def test_a_file_that_vanishes_after_discovery_is_rejected_and_so_is_its_sidecar(tmp_path):
    (tmp_path / "a.txt").write_text("Body text here.")
    (tmp_path / "a.json").write_text(json.dumps({"title": "T"}))
    [source] = discover(tmp_path).sources
    (tmp_path / "a.txt").unlink()
    assert load_source(source, 1000) == Rejected("a.txt", "cannot read file: No such file or directory")
    (tmp_path / "a.txt").write_text("Body text here.")
    (tmp_path / "a.json").unlink()  # now only the sidecar is gone
    data, sidecar = load_source(source, 1000)
    docs = read(source, data, sidecar)
    assert docs[0].meta.title == "" and docs[1] == Rejected("a.json", "sidecar metadata not used: the file could not be read")


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_an_unreadable_file_is_rejected(tmp_path):
    (tmp_path / "a.txt").write_text("Body text here.")
    [source] = discover(tmp_path).sources
    (tmp_path / "a.txt").chmod(0)
    assert load_source(source, 1000) == Rejected("a.txt", "cannot read file: Permission denied")


def test_size_limit_is_checked_before_reading(tmp_path):
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as handle:
        handle.truncate(50_000_000)  # sparse: 50 MB on paper, nothing on disk
    [source] = discover(tmp_path).sources
    assert load_source(source, 16_000_000) == Rejected("huge.txt", "file is 50.0 MB, over the 16 MB input limit (max_input_mb)")


def test_sidecar_in_a_legacy_encoding_is_still_a_sidecar(tmp_path):
    (tmp_path / "a.txt").write_text("Body text here.")
    (tmp_path / "a.json").write_bytes(json.dumps({"title": "Café"}, ensure_ascii=False).encode("cp1252"))
    [source] = discover(tmp_path).sources
    assert source.sidecar == str(tmp_path / "a.json")


def test_a_file_that_cannot_be_opened_is_rejected_with_the_reason(tmp_path, monkeypatch):
    """What chmod 000 does for other users, simulated so it is tested as root too."""
    (tmp_path / "a.txt").write_text("Body text here.")
    [source] = discover(tmp_path).sources
    real_open = os.open

    def refuse(path, *args, **kwargs):
        if str(path).endswith("a.txt"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", refuse)
    assert load_source(source, 1000) == Rejected("a.txt", "cannot read file: Permission denied")
