"""A reader's open page follows the edits: `watch --serve` in a real browser."""

from __future__ import annotations

import re

import pytest

from broadsheet.watch import ServeOptions
from tests.browser.conftest import origin_of
from tests.watchkit import article, make_project, save_atomically, start_watching

ONE = article("Harbour bridge vote", "The council voted on the bridge today.")
TWO = article("Ferry fares rise", "Ferry fares rise again in the spring.", date="2024-04-01")
WAIT_MS = 30_000


def open_listening(page, url: str) -> None:
    """Open `url` and wait until its live-reload stream is connected."""
    with page.expect_request("**/__broadsheet__/events", timeout=WAIT_MS):
        page.goto(url)


@pytest.fixture
def preview(tmp_path, monkeypatch):
    root = make_project(tmp_path / "project", {"bridge.md": ONE, "ferry.md": TWO})
    monkeypatch.chdir(root)
    live, stop = start_watching(root, ServeOptions(port=0))
    yield live, live.watching.server.url
    stop()


def test_an_open_article_reloads_itself_after_its_file_is_saved(preview, watched_page):
    live, url = preview
    page, seen = watched_page
    open_listening(page, url + "articles/harbour-bridge-vote.html")
    page.evaluate("() => { window.notReloaded = true; }")
    save_atomically(live.root / "content/bridge.md", ONE.replace("voted on the bridge today", "approved the bridge at noon"))
    page.get_by_text("approved the bridge at noon").wait_for(timeout=WAIT_MS)
    assert page.evaluate("() => window.notReloaded") is None  # the page reloaded itself
    assert seen.console_errors == [] and seen.dialogs == []  # the CSP lets the reload script run
    assert seen.foreign(origin_of(url)) == []


def test_a_broken_template_shows_its_error_on_the_page_and_the_fix_reloads_it(preview, watched_page):
    live, url = preview
    page, seen = watched_page
    open_listening(page, url + "articles/ferry-fares-rise.html")
    template = live.root / "templates/article.html"
    good = template.read_text(encoding="utf-8")
    save_atomically(template, good.replace("{% block main %}", "{% block main %}{% if %}", 1))
    alert = page.get_by_role("alert")
    alert.wait_for(timeout=WAIT_MS)
    assert re.search(r"templates/article\.html, line \d+", alert.inner_text())
    assert page.locator("h1").inner_text() == "Ferry fares rise"  # the last good page stays in view
    save_atomically(template, good.replace("<h1>", '<h1 class="fixed">', 1))
    page.locator("h1.fixed").wait_for(timeout=WAIT_MS)
    assert page.get_by_role("alert").count() == 0
    assert seen.console_errors == []


def test_a_page_the_build_did_not_change_stays_as_it_is(preview, watched_page):
    live, url = preview
    page, seen = watched_page
    open_listening(page, url + "articles/ferry-fares-rise.html")
    # A second listener, the test's own, tells when the build's signal has reached the page.
    page.evaluate(
        """() => {
            window.stillHere = true;
            window.heard = [];
            const events = new EventSource('/__broadsheet__/events');
            events.addEventListener('hello', () => { window.connected = true; });
            events.addEventListener('build', (e) => window.heard.push(e.data));
        }"""
    )
    page.wait_for_function("() => window.connected === true", timeout=WAIT_MS)
    save_atomically(live.root / "content/bridge.md", ONE.replace("today", "at noon"))
    page.wait_for_function("() => window.heard.length > 0", timeout=WAIT_MS)
    assert "articles/harbour-bridge-vote.html" in page.evaluate("() => window.heard[0]")
    page.wait_for_timeout(500)  # time enough for a reload to have started, were one coming
    assert page.evaluate("() => window.stillHere") is True
