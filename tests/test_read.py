"""Readers: every format, sidecars, aliases, and bad files becoming reasons."""

import json

from broadsheet.model import RawDoc, Rejected, SourceFile
from broadsheet.read import discover, read
from broadsheet.read.decode import DecodeError, decode

import pytest


def _read(tmp_path, name, data, sidecar=None):
    path = tmp_path / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode())
    return read(SourceFile(path, name), path.read_bytes(), sidecar)


def test_text_file_is_one_raw_document(tmp_path):
    [doc] = _read(tmp_path, "a.txt", "Headline\r\nFirst paragraph.\r\n")
    assert doc == RawDoc("a.txt", "text", "Headline\nFirst paragraph.\n", doc.meta)


def test_sidecar_metadata_applies_to_its_text(tmp_path):
    (tmp_path / "0001.txt").write_text("Body text here.")
    (tmp_path / "0001.json").write_text(json.dumps({"title": "T", "date": "2026-03-04", "authors": ["A", "B"], "tags": "x, y"}))
    found = discover(tmp_path)
    [source] = found.sources
    assert source.rel == "0001.txt" and source.sidecar == tmp_path / "0001.json"
    [doc] = read(source, source.path.read_bytes(), source.sidecar.read_bytes())
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
    assert [(s.rel, s.reason) for s in found.skipped] == [("notes.docx", "not an input type (.docx)")]
    assert found.rejected == (Rejected("link.txt", "symbolic link to a file outside the content folder"),)
