"""What a static host gets: absolute URLs only where they must be, the files hosts expect,
and a `site/` that is never half-written, even when the build is killed mid-publish."""

from __future__ import annotations

import os
import random
import re
import signal
import subprocess
import sys
import time
import tomllib
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest
import yaml

from tests.conftest import REPO, TEMPLATES
from tests.sitecheck import broken_links, is_external, page_links, tree_bytes

BASE = "https://example.org/news/"
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def story(number: int, words: int = 60) -> str:
    pick = random.Random(number)  # each story its own words: no two are the same story
    body = " ".join(f"word{pick.randrange(5000)}" for _ in range(words))
    return f"---\ntitle: Story number {number}\ndate: 2024-{number % 12 + 1:02d}-{number % 28 + 1:02d}\ntags: [topic{number % 9}]\nsource: Desk {number % 4}\n---\n\n{body}\n"


def sitemap_locations(site: Path) -> list[str]:
    """Every <loc> of sitemap.xml, following a sitemap index into its parts."""
    root = ElementTree.parse(site / "sitemap.xml").getroot()
    locations = [loc.text for loc in root.iter(f"{SITEMAP}loc")]
    if root.tag != f"{SITEMAP}sitemapindex":
        return locations
    parts = [ElementTree.parse(site / loc.removeprefix(BASE)).getroot() for loc in locations]
    return locations + [loc.text for part in parts for loc in part.iter(f"{SITEMAP}loc")]


@pytest.fixture
def published(build_site):
    run = build_site({f"{number:03d}.md": story(number) for number in range(30)}, "--base-url", "https://example.org/news")
    assert run.code == 0, run.stderr
    assert run.report["summary"]["articles"] == 30
    return run


def test_feed_sitemap_robots_and_canonical_links_are_absolute(published):
    site = published.site
    feed = ElementTree.parse(site / "feed.xml").getroot()
    links = [link.get("href") for link in feed.iter(f"{ATOM}link")]
    assert links and all(href.startswith(BASE) for href in links)
    assert feed.find(f"{ATOM}id").text == BASE + "feed.xml"
    locations = sitemap_locations(site)
    assert BASE + "index.html" in locations and all(loc.startswith(BASE) for loc in locations)
    assert f"Sitemap: {BASE}sitemap.xml" in (site / "robots.txt").read_text()
    article = published.page(published.outcome("007.md")["output"])
    assert f'<link rel="canonical" href="{BASE}{published.outcome("007.md")["output"]}">' in article


def test_page_links_stay_relative_so_the_same_files_work_anywhere(published):
    site = published.site
    for path in site.rglob("*.html"):
        if path.name == "404.html" and path.parent == site:
            continue  # served at any address: its links start from the base path (next test)
        found = page_links(path.read_text(encoding="utf-8"))
        internal = [url for url in found.links + found.loads if not url.startswith("#")]
        absolute = [url for url in internal if is_external(url) and url.startswith(BASE) or url.startswith("/")]
        canonical = [url for url in absolute if url == BASE + path.relative_to(site).as_posix()]
        assert absolute == canonical, f"{path}: {absolute}"
    assert [problem for problem in broken_links(site) if not problem.startswith("404.html")] == []


def test_the_404_page_works_at_any_depth_under_the_base_path(published):
    page = published.page("404.html")
    hrefs = re.findall(r'(?:href|src)="([^"]+)"', page)
    internal = [href for href in hrefs if not href.startswith(("http:", "https:", "#"))]
    assert internal and all(href.startswith("/news/") for href in internal), internal
    for href in internal:
        assert (published.site / href.removeprefix("/news/")).is_file(), href


def test_hosts_get_the_files_they_expect(published):
    site = published.site
    assert (site / ".nojekyll").is_file() and (site / ".nojekyll").stat().st_size == 0  # GitHub Pages: no Jekyll
    assert "Page not found" in published.page("404.html")
    assert (site / "robots.txt").read_text().startswith("User-agent: *")


def test_without_a_base_url_nothing_is_absolute(build_site):
    run = build_site({f"{number:03d}.md": story(number) for number in range(3)})
    assert run.code == 0
    everything = b"".join(tree_bytes(run.site).values())
    assert b"https://example.org" not in everything
    assert b"Sitemap:" not in (run.site / "robots.txt").read_bytes()
    assert not re.search(rb'rel="canonical"', everything)


# A build killed mid-publish: the staging folder exists while the new site is written.


def _build(root: Path, content: Path, **popen) -> subprocess.Popen:
    command = [sys.executable, str(REPO / "build.py"), "--content", str(content), "--templates", str(TEMPLATES), "--jobs", "1"]
    return subprocess.Popen(command, cwd=root, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, **popen)


def _corpus(root: Path, count: int, edition: str) -> Path:
    content = root / "content"
    content.mkdir(exist_ok=True)
    for number in range(count):
        (content / f"{number:04d}.md").write_text(story(number, 400) + f"\nThis is the {edition}.\n", encoding="utf-8")
    return content


def _interrupt_while_publishing(root: Path, content: Path, stop: signal.Signals) -> subprocess.Popen:
    """Start a build and send `stop` the moment its staging folder appears; None if it finished first."""
    staging = root / ".site.staging"
    process = _build(root, content)
    while process.poll() is None and not staging.exists():
        time.sleep(0.0005)
    if process.poll() is not None:
        return None
    process.send_signal(stop)
    process.wait(60)
    return process


@pytest.mark.parametrize("stop", [signal.SIGKILL, signal.SIGINT], ids=["kill -9", "ctrl-c"])
def test_a_build_stopped_mid_publish_leaves_the_previous_site_intact(tmp_path, stop):
    root = tmp_path
    content = _corpus(root, 400, "first-edition")
    first = _build(root, content)
    assert first.wait(120) == 0, first.stderr.read()
    before = tree_bytes(root / "site")
    for attempt in range(5):  # each attempt changes every page, so publishing takes a while
        _corpus(root, 400, f"edition-{attempt}")
        process = _interrupt_while_publishing(root, content, stop)
        if process is None:  # the build finished before we could catch it: start from the new site
            before = tree_bytes(root / "site")
            continue
        assert tree_bytes(root / "site") == before
        if stop == signal.SIGINT:
            assert process.returncode == 130
            assert "interrupted: the previous site is left as it was" in process.stderr.read()
        # A staging folder may be left behind (kill -9, or Ctrl-C landing in the clean-up): the next build clears it.
        break
    else:
        pytest.skip("every build finished before it could be stopped mid-publish")
    again = _build(root, content)
    assert again.wait(120) == 0, again.stderr.read()
    assert "edition-" in (root / "site/articles/story-number-0.html").read_text()
    assert sorted(os.listdir(root)) == [".cache", "content", "site"]  # no staging folder left behind


def test_the_pages_workflow_builds_with_make_site_and_pins_every_action():
    workflow = yaml.safe_load((REPO / ".github/workflows/pages.yml").read_text())
    steps = [step for job in workflow["jobs"].values() for step in job["steps"]]
    actions = [step["uses"] for step in steps if "uses" in step]
    assert actions and all(re.fullmatch(r"[\w-]+/[\w-]+@[0-9a-f]{40}", action) for action in actions), actions
    build = next(step for step in steps if step.get("name") == "Build")
    assert build["run"].startswith("make site") and "--base-url $BASE_URL" in build["run"]
    assert "steps.pages.outputs.base_url" in build["env"]["BASE_URL"]
    upload = next(step for step in steps if "upload-pages-artifact" in step.get("uses", ""))
    assert upload["with"]["path"] == "site"
    netlify = tomllib.loads((REPO / "netlify.toml").read_text())
    assert netlify["build"]["publish"] == "site" and netlify["build"]["command"].startswith("make site")
