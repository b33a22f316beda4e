"""The hostile corpus built end to end: nothing lost, nothing injected, nothing outside the site."""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import xml.etree.ElementTree as ElementTree
from dataclasses import replace
from pathlib import Path

import pytest

from broadsheet.cli import main
from broadsheet.clean import load_rules
from broadsheet.model import Rejected, RenderedArticle
from broadsheet.read import discover, load_source
from broadsheet.render import ALLOWED_TAGS
from broadsheet.report import printable
from tests.conftest import REPO, TEMPLATES
from tests.hostile.conftest import build
from tests.hostile.corpus import CANARY_TITLE, JINJA, expected, story, text_file, write_corpus
from tests.hostile.rendered import process_rendered
from tests.hostile.safety import markup_problems
from tests.sitecheck import broken_links, external_loads, tree_bytes

SAFE_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_H1 = re.compile(r"<h1>(.*?)</h1>", re.S)
_BODY = re.compile(r'<div class="story-body">(.*?)</div>\s*<footer', re.S)
_CSP = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">')


def _pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_every_input_is_accounted_for_exactly_as_expected(hostile_build):
    report = hostile_build.report
    rows = {item["input"]: item for item in report["inputs"]}
    skipped = {item["input"]: item["reason"] for item in report["skipped"]}
    wanted = {printable(name): expect for name, expect in expected().items()}
    assert set(rows) | set(skipped) == set(wanted), "every input, and nothing else, is in the report"
    assert not set(rows) & set(skipped)
    for name, expect in wanted.items():
        if expect.status == "skipped":
            assert expect.reason in skipped[name], name
        else:
            assert rows[name]["status"] == expect.status, (name, rows[name])
            assert expect.reason in (rows[name]["reason"] or ""), (name, rows[name]["reason"])
    summary = report["summary"]
    assert summary["inputs"] == len(rows) == summary["built"] + summary["duplicate"] + summary["rejected"]
    assert summary["skipped"] == len(skipped)
    assert hostile_build.code == 1, "rejections make exit status 1"


def test_each_rejection_is_one_line_on_stderr_naming_the_file(hostile_build):
    lines = hostile_build.stderr.splitlines()
    rejected = [item for item in hostile_build.report["inputs"] if item["status"] == "rejected"]
    said = [line for line in lines if ": rejected: " in line]
    assert len(said) == len(rejected)
    for item in rejected:
        assert any(f"/content/{item['input']}: rejected: {printable(item['reason'])}" in line for line in said), item
    assert lines[-1].endswith(" s") and "rejected" in lines[-1]  # the summary line comes last


def test_good_articles_are_published_with_their_headlines(hostile_build):
    for name, expect in expected().items():
        if expect.status != "built" or expect.headline is None:
            continue
        row = hostile_build.outcome(printable(name))
        page = (hostile_build.site / row["output"]).read_text(encoding="utf-8")
        [headline] = _H1.findall(page)
        assert html.unescape(headline) == expect.headline, name
        assert SAFE_SLUG.fullmatch(row["slug"]) and row["output"] == f"articles/{row['slug']}.html"


def test_no_page_can_run_script_load_anything_or_navigate_unsafely(hostile_build):
    problems = []
    for path in _pages(hostile_build.site):
        page = path.read_text(encoding="utf-8")
        problems += [f"{path.name}: {p}" for p in markup_problems(page, page=True)]
        for body in _BODY.findall(page):
            problems += [f"{path.name} (body): {p}" for p in markup_problems(body, allowed_tags=ALLOWED_TAGS)]
    assert problems == []
    assert external_loads(hostile_build.site) == []
    assert broken_links(hostile_build.site) == []


# What any attack of the corpus looks like when it has slipped through as markup.
RAW_ATTACKS = ("<script>window.__pwned", "<img src=x onerror", "<svg onload", '<iframe src="javascript', "</title><script>", '"><script>alert(1)', "<b onmouseover")


def test_no_attack_appears_as_markup_in_any_page_or_feed(hostile_build):
    """Whatever the theme's own markup, text from the corpus is always escaped where it lands."""
    for path in sorted(hostile_build.site.rglob("*")):
        if path.suffix in (".html", ".xml", ".txt"):
            text = path.read_text(encoding="utf-8")
            found = [attack for attack in RAW_ATTACKS if attack in text]
            assert found == [], (path.relative_to(hostile_build.site).as_posix(), found)


def test_every_page_carries_a_content_security_policy_that_forbids_inline_script(hostile_build):
    for path in _pages(hostile_build.site):
        page = path.read_text(encoding="utf-8")
        [policy] = _CSP.findall(page)
        head = page.split("</head>", 1)[0]
        assert head.index("Content-Security-Policy") < head.index("<title>"), "the policy applies before any content"
        rules = dict(rule.strip().split(" ", 1) for rule in policy.split(";") if rule.strip())
        assert rules["script-src"] == "'self'" and "unsafe" not in policy, path
        assert rules["default-src"] == "'self'" and rules["object-src"] == "'none'" and rules["base-uri"] == "'none'"


def test_jinja_syntax_in_content_is_shown_never_evaluated(hostile_build):
    row = hostile_build.outcome("md-jinja.md")
    page = (hostile_build.site / row["output"]).read_text(encoding="utf-8")
    assert page.count("<!doctype html>") == 1, "an {% include %} in content would have pulled in a second page"
    assert html.unescape(_H1.findall(page)[0]) == JINJA
    assert "{{ 7*7 }} {{ config }}" in html.unescape(_BODY.findall(page)[0])
    source_page = next(path for path in (hostile_build.site / "sources").glob("*/index.html") if "{{ site.title }}" in path.read_text(encoding="utf-8"))
    assert "<h1>{{ site.title }}</h1>" in source_page.read_text(encoding="utf-8")


def test_text_fields_show_as_text_on_every_kind_of_page(hostile_build):
    """The sidecar's fields are all attacks: each shows, escaped, on the article, list, term pages and feed."""
    row = hostile_build.outcome("txt-sidecar.txt")
    article = (hostile_build.site / row["output"]).read_text(encoding="utf-8")
    assert "By Author &lt;script&gt;" in article and "&lt;img src=x onerror=" in article
    home = (hostile_build.site / "index.html").read_text(encoding="utf-8")
    assert "Sidecar title &lt;script&gt;" in home and "Summary &lt;script&gt;" in home
    feed = (hostile_build.site / "feed.xml").read_text(encoding="utf-8")
    assert "Sidecar title &lt;script&gt;" in feed
    assert 'href="javascript:' not in article and '<link rel="via"' not in feed.split("Sidecar title")[1].split("</entry>")[0]
    body = (hostile_build.site / hostile_build.outcome("txt-body-markup.txt")["output"]).read_text(encoding="utf-8")
    assert f"The leaked page contained &lt;script&gt;window.__pwned=1;document.title='{CANARY_TITLE}'" in body
    assert "[not a link](javascript:alert(1)), `not code`, # not a heading." in body


def test_links_from_metadata_are_plain_web_links_or_none(hostile_build):
    for path in (hostile_build.site / "articles").glob("*.html"):
        original = re.findall(r'<p class="original">Originally published at <a href="([^"]*)"', path.read_text(encoding="utf-8"))
        assert all(url.startswith(("http://", "https://")) for url in original), (path.name, original)
    clinic = (hostile_build.site / hostile_build.outcome("list.json#4")["output"]).read_text(encoding="utf-8")
    assert 'href="https://example.org/clinic?x=&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"' in clinic


def test_feed_and_sitemap_are_well_formed_xml(hostile_build):
    feed = ElementTree.parse(hostile_build.site / "feed.xml").getroot()
    ElementTree.parse(hostile_build.site / "sitemap.xml")
    titles = [entry.findtext("{http://www.w3.org/2005/Atom}title") for entry in feed.iter("{http://www.w3.org/2005/Atom}entry")]
    assert any(title.startswith("</title><script>") for title in titles), "markup in a headline is text in the feed"


def test_nothing_is_written_outside_the_output_folder(hostile_build):
    site = hostile_build.site.resolve()
    for path in site.rglob("*"):
        assert not path.is_symlink() and path.resolve().is_relative_to(site), path
    for name in os.listdir(hostile_build.root):
        assert name in {"content", "site", "cache", "report.json", "outside-secret.txt", "outside-folder", "_mount"}, name  # _mount: the browser test's server
    assert not Path("/tmp/broadsheet-escape").exists() and not Path("/tmp/broadsheet-pwned").exists()
    for folder in ("articles", "tags", "sources"):
        for path in (site / folder).iterdir():
            assert SAFE_SLUG.fullmatch(path.stem if path.is_file() else path.name), path
    secret = (hostile_build.root / "outside-secret.txt").read_text()[:40]
    assert not any(secret in path.read_text(encoding="utf-8") for path in _pages(site)), "a linked-in file was published"


def test_terms_whose_names_collide_or_are_reserved_get_safe_distinct_pages(hostile_build):
    tags = hostile_build.site / "tags"
    names = {path.name for path in tags.iterdir() if path.is_dir()}
    assert "con-tag" in names and "con" not in names
    assert any(re.fullmatch(r"tag-[0-9a-f]{8}", name) for name in names), "a tag with no Latin letters still gets a page"
    article = (hostile_build.site / hostile_build.outcome("json-every-field.json")["output"]).read_text(encoding="utf-8")
    for tag in ("CON", "政治", "!!!"):
        assert f">{html.escape(tag, quote=False)}</a></li>" in article, tag


def test_slug_collisions_resolve_the_same_way_every_time(hostile_build, tmp_path):
    slugs = {n: hostile_build.outcome(f"same-title-{n}.txt")["slug"] for n in (1, 2, 3)}
    assert len(set(slugs.values())) == 3 and all(s.startswith("same-headline-for-three-stories") for s in slugs.values())
    content = tmp_path / "content"
    content.mkdir()
    for n in (3, 1):  # written in another order, without the second
        (content / f"same-title-{n}.txt").write_bytes(text_file("Same headline for three stories", f"same-{n}"))
    code, _, report = build(content, tmp_path / "site", tmp_path)
    again = {item["input"]: item["slug"] for item in report["inputs"]}
    assert code == 0 and again == {"same-title-1.txt": slugs[1], "same-title-3.txt": slugs[3]}


def test_the_same_hostile_input_gives_the_same_bytes(hostile_build, tmp_path):
    shutil.copytree(hostile_build.content, tmp_path / "content", symlinks=True, ignore=shutil.ignore_patterns("fifo.txt"))
    os.mkfifo(tmp_path / "content" / "fifo.txt")
    shutil.copy(hostile_build.root / "outside-secret.txt", tmp_path / "outside-secret.txt")
    shutil.copytree(hostile_build.root / "outside-folder", tmp_path / "outside-folder")
    code, _, _ = build(tmp_path / "content", tmp_path / "site", tmp_path)
    assert code == 1 and tree_bytes(tmp_path / "site") == tree_bytes(hostile_build.site)


def test_strict_turns_a_rejection_into_a_failed_build_and_publishes_nothing(tmp_path):
    content = tmp_path / "content"
    content.mkdir()
    (content / "good.txt").write_bytes(text_file("A good story about the harbour", "strict-good"))
    assert build(content, tmp_path / "site", tmp_path)[0] == 0
    before = tree_bytes(tmp_path / "site")
    (content / "bad.md").write_text("---\ntitle: [\n---\n")
    (content / "another.txt").write_bytes(text_file("Another good story", "strict-another"))
    code, stderr, _ = build(content, tmp_path / "site", tmp_path, "--strict")
    assert code == 1 and "bad.md: rejected:" in stderr and "--strict" in stderr
    assert tree_bytes(tmp_path / "site") == before, "the previous site is left exactly as it was"


def _many_articles(content: Path, count: int) -> None:
    content.mkdir(parents=True, exist_ok=True)
    for n in range(count):
        (content / f"story-{n:04}.txt").write_bytes(text_file(f"Story number {n} from the harbour", f"many-{n}"))


@pytest.mark.parametrize("moment", ["while processing", "while publishing"])
def test_a_killed_build_leaves_the_previous_site_intact(tmp_path, moment):
    content, site = tmp_path / "content", tmp_path / "site"
    _many_articles(content, 40)
    assert build(content, site, tmp_path)[0] == 0
    before = tree_bytes(site)
    _many_articles(content, 400)  # more work, so the build can be caught in the middle
    command = [sys.executable, str(REPO / "build.py"), "--content", str(content), "--output", str(site), "--templates", str(TEMPLATES), "--cache-dir", str(tmp_path / "cache2"), "--jobs", "2"]
    process = subprocess.Popen(command, cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    staging = tmp_path / ".site.staging"
    deadline = time.monotonic() + 120
    if moment == "while processing":
        time.sleep(1.0)
    else:
        while not staging.exists() and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.002)
    killed = process.poll() is None
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert killed, "the build finished before it could be interrupted"
    assert tree_bytes(site) == before, "the previous site is exactly as it was"
    code, _, report = build(content, site, tmp_path)  # and the next build recovers
    assert code == 0 and report["summary"]["built"] == 400 and not staging.exists()


def test_a_million_tiny_jsonl_lines_are_each_accounted_for(tmp_path):
    content = tmp_path / "content"
    content.mkdir()
    lines = 1_000_000
    (content / "tiny.jsonl").write_bytes(b"{}\n" * lines)
    (content / "good.json").write_text(json.dumps({"title": "The one real article", "text": "\n\n".join(story("tiny-good"))}))
    started = time.perf_counter()
    code, stderr, report = build(content, tmp_path / "site", tmp_path)
    seconds = time.perf_counter() - started
    assert code == 1 and report["summary"]["inputs"] == lines + 1 and report["summary"]["built"] == 1
    assert report["inputs"][-1] == {"input": f"tiny.jsonl#{lines}", "status": "rejected", "slug": None, "output": None, "reason": "article object has no text, body or content field"}
    assert stderr.count("\n") == lines + 1
    # Generous: about 25 s on the 2-core CI machine; a quadratic step would take hours.
    assert seconds < 300, seconds


def test_the_cleaning_audit_of_the_hostile_corpus_is_safe_too(hostile_build, tmp_path):
    """`--audit` shows every kept and dropped line: attacks included, as text."""
    shutil.copytree(hostile_build.content, tmp_path / "content", symlinks=True, ignore=shutil.ignore_patterns("fifo.txt", "huge.txt"))
    code, _, _ = build(tmp_path / "content", tmp_path / "site", tmp_path, "--audit", str(tmp_path / "audit"))
    assert code == 1
    pages = sorted((tmp_path / "audit").glob("*.html"))
    assert len(pages) > 20
    for path in pages:
        page = path.read_text(encoding="utf-8")
        own_style = re.sub(r"<style>[^<]*</style>", "", page.split("</head>")[0], count=1) + page.split("</head>", 1)[1]
        assert markup_problems(own_style, page=True) == [], path.name
    index = (tmp_path / "audit" / "index.html").read_text(encoding="utf-8")
    assert "latin1-caf\\xe9.txt" in index and "rejected\\nwith a newline" in index


def test_no_code_renders_a_string_as_a_template():
    """Content reaches templates only as values: nothing compiles text into a template."""
    for path in (REPO / "broadsheet").rglob("*.py"):
        code = path.read_text(encoding="utf-8")
        assert not re.search(r"\bfrom_string\(|\bjinja2\.Template\(|\bTemplate\(|\bcompile_expression\(", code), path


def test_import_writes_markdown_that_builds_the_same_articles(hostile_build, tmp_path):
    """Every field survives `import` → front matter → build, hostile values included."""
    raw = tmp_path / "raw"
    shutil.copytree(hostile_build.content, raw, symlinks=True, ignore=shutil.ignore_patterns("fifo.txt", "huge.txt", "*.md", ".*"))
    previous = Path.cwd()
    os.chdir(tmp_path)
    try:
        main(["import", str(raw), "--to", str(tmp_path / "imported")])
    finally:
        os.chdir(previous)
    rules = load_rules()

    def articles(folder: Path) -> dict[str, RenderedArticle]:
        found = {}
        for source in discover(folder).sources:
            loaded = load_source(source, 16_000_000)
            for item in () if isinstance(loaded, Rejected) else process_rendered(source, *loaded, rules):
                if isinstance(item, RenderedArticle):
                    found[item.text] = item
        return found

    direct, imported = articles(raw), articles(tmp_path / "imported")
    assert len(direct) > 20 and set(imported) == set(direct)
    for text, article in direct.items():
        again = imported[text].meta
        assert replace(again, slug=article.meta.slug) == article.meta, article.origin


def test_a_site_built_inside_its_content_folder_is_not_read_back(tmp_path):
    """`--content . --output site`: the second build must not take the first one's pages for articles."""
    (tmp_path / "story.txt").write_bytes(text_file("A story built next to its own site", "inside"))
    first = build(tmp_path, tmp_path / "site", tmp_path)
    second = build(tmp_path, tmp_path / "site", tmp_path)
    assert first[0] == second[0] == 0
    assert [item["input"] for item in second[2]["inputs"]] == ["story.txt"]
    assert {"input": "site", "reason": "the output folder; its pages are not inputs"} in second[2]["skipped"]
