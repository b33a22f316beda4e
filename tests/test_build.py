"""End to end: content folder in, a site a reader can use out."""

from __future__ import annotations

import json
import re
import shutil

import pytest

from broadsheet.cli import main
from tests.conftest import SAMPLE_CONTENT, SEED, TEMPLATES
from tests.sitecheck import broken_links, external_loads, reachable_pages, tree_bytes

ARTICLE = "Headline of the story\nThe first paragraph of the story says what happened in the harbour today.\nThe second paragraph adds what the council said about it afterwards.\n"


def test_sample_site_builds_and_every_page_is_reachable(build_site):
    run = build_site(content=SAMPLE_CONTENT)
    assert run.code == 0, run.stderr
    assert broken_links(run.site) == []
    assert external_loads(run.site) == []
    pages = {p.relative_to(run.site).as_posix() for p in run.site.rglob("*.html")}
    assert pages - reachable_pages(run.site) == {"404.html"}
    summary = run.report["summary"]
    assert summary["inputs"] == summary["built"] + summary["duplicate"] + summary["rejected"]
    assert summary["articles"] >= 15


def test_two_builds_give_identical_bytes(build_site, tmp_path):
    first = build_site(content=SAMPLE_CONTENT)
    before = tree_bytes(first.site)
    shutil.rmtree(tmp_path / "cache")
    shutil.rmtree(first.site)
    second = build_site(content=SAMPLE_CONTENT)
    assert tree_bytes(second.site) == before


def test_article_page_shows_what_a_reader_needs(build_site):
    meta = {"title": "Bridge vote", "date": "2026-03-04", "source": "The Courier", "authors": ["Ann Lee", "Bo Chan"], "tags": ["Politics"], "url": "https://example.org/bridge"}
    run = build_site({"0001.txt": ARTICLE, "0001.json": json.dumps(meta), "0002.md": "---\ntitle: Older one\ndate: 2026-01-01\n---\n\nOlder body text."})
    assert run.code == 0, run.stderr
    page = run.page("articles/bridge-vote.html")
    for shown in ("<h1>Bridge vote</h1>", "By Ann Lee and Bo Chan", "4 March 2026", "min read", "The Courier", 'href="https://example.org/bridge"', 'href="../tags/politics/index.html"', 'href="../articles/older-one.html"'):
        assert shown in page
    assert run.outcome("0001.json")["status"] == "built"
    assert "Bridge vote" in run.page("tags/politics/index.html")
    assert "Bridge vote" in run.page("archive/2026-03/index.html")
    assert "Bridge vote" in run.page("feed.xml")


def test_bad_files_are_reported_and_the_rest_is_built(build_site):
    run = build_site(
        {
            "good.txt": ARTICLE,
            "binary.txt": b"\x00\x01\x02\x03" * 50,
            "broken.md": "---\ntitle: [oops\n---\nBody.",
            "list.json": json.dumps([{"title": "Fine", "text": "A different story about the fishing fleet returning early because of the storm warning."}, {"title": "No body"}]),
        }
    )
    assert run.code == 1
    assert "content/binary.txt: rejected: binary file, not text" in run.stderr
    assert re.search(r"content/broken\.md: rejected: front matter is not valid YAML on line 2", run.stderr)
    assert run.outcome("list.json#2")["status"] == "rejected"
    assert run.outcome("list.json#1")["status"] == "built"
    assert run.outcome("good.txt")["status"] == "built"
    assert (run.site / run.outcome("good.txt")["output"]).is_file()
    summary = run.report["summary"]
    assert (summary["inputs"], summary["built"], summary["rejected"], summary["duplicate"]) == (5, 2, 3, 0)


def test_strict_publishes_nothing_when_an_input_is_rejected(build_site):
    assert build_site({"good.txt": ARTICLE}).code == 0
    run = build_site({"good.txt": ARTICLE, "bad.md": "---\nx: [\n---\n"}, "--strict")
    assert run.code == 1 and "--strict" in run.stderr
    assert "bad" not in "".join(p.name for p in run.site.rglob("*"))


def test_configuration_errors_exit_2_and_write_nothing(build_site, tmp_path):
    run = build_site({"good.txt": ARTICLE}, "--base-url", "ftp://nope")
    assert run.code == 2 and "base_url" in run.stderr
    assert not run.site.exists()


def test_output_folder_of_someone_else_is_refused(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "a.txt").write_text(ARTICLE)
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "keep.txt").write_text("mine")
    assert main(["--output", "docs", "--templates", str(TEMPLATES)]) == 2
    assert "did not write" in capsys.readouterr().err
    assert (tmp_path / "docs" / "keep.txt").read_text() == "mine"


def test_damaged_cache_is_a_warning_not_an_error(build_site, tmp_path):
    assert build_site({"good.txt": ARTICLE}).code == 0
    (tmp_path / "cache" / "broadsheet.sqlite").write_bytes(b"this is not a database" * 100)
    run = build_site({"good.txt": ARTICLE})
    assert run.code == 0 and "warning: cache" in run.stderr


def test_broken_template_exits_2_naming_file_and_line(build_site, tmp_path):
    theme = tmp_path / "theme"
    shutil.copytree(TEMPLATES, theme)
    (theme / "article.html").write_text("{% extends 'base.html' %}\n{% block main %}\n{{ meta.title \n{% endblock %}")
    assert build_site({"good.txt": ARTICLE}).code == 0
    before = tree_bytes(tmp_path / "site")
    run = build_site({"good.txt": ARTICLE}, "--templates", str(theme))
    assert run.code == 2 and re.search(r"article\.html, line \d+", run.stderr)
    assert tree_bytes(tmp_path / "site") == before


@pytest.mark.skipif(not SEED.exists(), reason="../shared/seed is not present")
def test_seed_article_is_cleaned_to_its_seven_paragraphs(build_site, tmp_path):
    content = tmp_path / "seed"
    content.mkdir()
    shutil.copy(SEED, content / SEED.name)
    run = build_site(content=content)
    assert run.code == 0, run.stderr
    [article] = list((run.site / "articles").glob("*.html"))
    body = article.read_text().split('<div class="story-body">')[1].split("</div>")[0]
    paragraphs = re.findall(r"<p>(.*?)</p>", body, re.S)
    assert len(paragraphs) == 7
    text = " ".join(paragraphs)
    for glue in ("province. In addition", "sides. The U.S.", "attack. But U.S."):
        assert glue in text
    for junk in ("Disclaimer", "free_limit", "Subscribe", "₹", "Smart Quarterly", "Renews automatically"):
        assert junk not in article.read_text()
    assert "Business Standard" in article.read_text()
    assert "<time" not in article.read_text()


def test_duplicates_are_published_once_and_reported(build_site):
    story = " ".join(f"Sentence {n} of the harbour story tells the reader one more fact about the ferry fares." for n in range(12))
    run = build_site(
        {
            "a.json": json.dumps({"title": "Ferry fares rise", "text": story, "date": "2026-06-02", "source": "Gazette"}),
            "b.json": json.dumps({"title": "Fares up again", "text": "Breaking: " + story + " Reporting by the wire.", "date": "2026-06-03", "source": "Post", "url": "https://post.example/fares"}),
        }
    )
    assert run.code == 0, run.stderr
    kept, copy = run.outcome("a.json"), run.outcome("b.json")
    assert (kept["status"], copy["status"]) == ("built", "duplicate")
    assert copy["slug"] == kept["slug"] and "a.json" in copy["reason"]
    page = run.page(kept["output"])
    assert 'href="https://post.example/fares"' in page and ">Post<" in page
    assert len(list((run.site / "articles").glob("*.html"))) == 1
    assert run.report["summary"]["duplicate"] == 1


def test_a_malformed_original_address_is_left_out_and_the_site_still_builds(build_site):
    story = "Harbour pier plan agreed\n" + "\n".join(
        f"The harbour board met on Tuesday evening and agreed part {n} of the plan for the old pier and its timber." for n in range(4)
    )
    run = build_site({"pier.txt": story, "pier.json": '{"url": "http://[harbour/pier", "title": "Pier plan agreed"}'})
    assert run.code == 0, run.stderr
    page = (run.site / "articles" / "pier-plan-agreed.html").read_text(encoding="utf-8")
    assert "Pier plan agreed" in page and "[harbour" not in page
