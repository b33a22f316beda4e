"""`build.py import`: raw files become reviewable Markdown that builds the same article."""

from __future__ import annotations

import json
import shutil

import pytest

from broadsheet.cli import main
from broadsheet.frontmatter import parse
from tests.conftest import SEED, TEMPLATES

RAW = "Harbour tug strike ends\nThe strike by harbour tug crews ended on Friday after the port agreed to a new rota.\nCrews said the agreement gave them two more rest days each month and a review next year.\n"


@pytest.fixture
def workdir(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_import_writes_one_markdown_file_per_article(workdir, capsys):
    (workdir / "scraped").mkdir()
    (workdir / "scraped" / "a.txt").write_text(RAW)
    (workdir / "scraped" / "a.json").write_text(json.dumps({"date": "2026-04-01", "source": "Port Post", "tags": ["labour"]}))
    assert main(["import", "scraped/a.txt", "--to", "content"]) == 0
    [written] = list((workdir / "content").glob("*.md"))
    fields, body = parse(written.read_text())
    assert fields["title"] == "Harbour tug strike ends"
    assert (fields["date"], fields["source"], fields["tags"], fields["slug"]) == ("2026-04-01", "Port Post", ["labour"], written.stem)
    assert "ended on Friday" in body
    assert "a.txt → content/" in capsys.readouterr().out


def test_imported_file_keeps_edits_unless_forced(workdir):
    (workdir / "a.txt").write_text(RAW)
    assert main(["import", "a.txt", "--to", "out"]) == 0
    [written] = list((workdir / "out").glob("*.md"))
    written.write_text(written.read_text().replace("Friday", "Saturday"))
    assert main(["import", "a.txt", "--to", "out"]) == 1  # refuses to overwrite a person's edit
    assert "Saturday" in written.read_text()
    assert main(["import", "a.txt", "--to", "out", "--force"]) == 0
    assert "Friday" in written.read_text()


def test_imported_markdown_builds(workdir):
    (workdir / "a.txt").write_text(RAW)
    assert main(["import", "a.txt", "--to", "content"]) == 0
    assert main(["--templates", str(TEMPLATES), "--jobs", "1"]) == 0
    assert "The strike by harbour tug crews ended on Friday" in next((workdir / "site" / "articles").glob("*.html")).read_text()


def test_missing_source_is_a_usage_error(workdir):
    assert main(["import", "nope.txt"]) == 2


@pytest.mark.skipif(not SEED.exists(), reason="../shared/seed is not present")
def test_seed_imports_with_source_and_no_date(workdir):
    shutil.copy(SEED, workdir / SEED.name)
    assert main(["import", SEED.name, "--to", "content"]) == 0
    [written] = list((workdir / "content").glob("*.md"))
    fields, body = parse(written.read_text())
    assert fields["source"] == "Business Standard"
    assert "date" not in fields
    assert len([p for p in body.split("\n\n") if p.strip()]) == 7


def test_import_of_a_folder_skips_hidden_files_and_refuses_links_out(workdir):
    """An unpacked archive may hold a link to any file on the machine: import never reads through it."""
    scraped = workdir / "scraped"
    scraped.mkdir()
    (workdir / "secret.txt").write_text("A private file that must not become an article.\n" * 10)
    (scraped / "link.txt").symlink_to(workdir / "secret.txt")
    (scraped / "link.json").symlink_to(workdir / "secret.txt")
    (scraped / ".draft.txt").write_text("hidden")
    (scraped / "story.txt").write_text(RAW)
    assert main(["import", "scraped", "--to", "content"]) == 1
    written = "".join(path.read_text() for path in (workdir / "content").glob("*.md"))
    assert "private file" not in written and len(list((workdir / "content").glob("*.md"))) == 1
