"""The hostile site in a real browser: every page opened, nothing runs, nothing leaves, the good stories are there.

Pages are opened twice over HTTP: once as a reader gets them, and once with
the Content-Security-Policy switched off (`bypass_csp`), which proves that
escaping and sanitising alone keep the corpus's scripts from running: the
policy is a second wall, not the only one. A control page with a script of
our own shows that the watch for the canary can fail.

Chromium runs in a thread of its own here: Playwright's sync API allows one
instance per thread, and `tests/browser`'s session-wide one may be alive.
"""

from __future__ import annotations

import html
import shutil
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import quote

import pytest

from broadsheet.report import printable
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, origin_of, serve, sync_api
from tests.hostile.corpus import CANARY_TITLE, SCRIPT, expected

SEARCHES = ("sidecar", "script pwned", "onerror", "javascript alert", "wire", "<script>alert(1)</script>", "{{ 7*7 }}")
_CANARY = "() => ({pwned: window.__pwned !== undefined, title: document.title})"
_LINK_SCHEMES = "() => Array.from(document.querySelectorAll('a[href]'), a => a.protocol)"
_POKE = """() => {
    for (const element of document.querySelectorAll('main *')) {
        for (const type of ['mouseover', 'mouseenter', 'focus', 'click', 'toggle', 'load', 'error']) {
            if (element.tagName !== 'A') element.dispatchEvent(new Event(type));
        }
    }
}"""


class BrowserThread:
    """Chromium driven from one dedicated thread: `run(action, ...)` calls `action(browser, ...)` there."""

    def __init__(self) -> None:
        self._thread = ThreadPoolExecutor(max_workers=1)
        self._playwright, self._browser = self._thread.submit(self._start).result()

    @staticmethod
    def _start():
        playwright = sync_api.sync_playwright().start()
        return playwright, playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)

    def run(self, action, *args):
        return self._thread.submit(action, self._browser, *args).result()

    def close(self) -> None:
        self._thread.submit(lambda: (self._browser.close(), self._playwright.stop())).result()
        self._thread.shutdown()


@pytest.fixture(scope="module")
def chromium():
    instance = BrowserThread()
    yield instance
    instance.close()


@pytest.fixture(scope="module")
def hostile_http(hostile_build):
    server, base = serve(hostile_build.site, "/hostile")
    yield base
    server.shutdown()


def _visit_every_page(browser, hostile_build, base: str, bypass_csp: bool):
    context = browser.new_context(bypass_csp=bypass_csp)
    page = context.new_page()
    dialogs: list[str] = []
    requests: list[str] = []
    errors: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.on("request", lambda request: requests.append(request.url))
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    problems = []
    paths = sorted(path.relative_to(hostile_build.site).as_posix() for path in hostile_build.site.rglob("*.html"))
    for path in paths:
        page.goto(base + path, wait_until="load")
        page.evaluate(_POKE)
        page.keyboard.press("Tab")
        state = page.evaluate(_CANARY)
        if state["pwned"] or state["title"] == CANARY_TITLE:
            problems.append(f"{path}: content ran script")
        bad_links = [scheme for scheme in page.evaluate(_LINK_SCHEMES) if scheme not in ("http:", "https:", "mailto:")]
        if bad_links:
            problems.append(f"{path}: links with {bad_links}")
    for query in SEARCHES:  # the reader's search shows results from the index: text there too
        page.goto(base + "search.html?q=" + quote(query), wait_until="load")
        page.wait_for_function("() => document.querySelector('.search-results').getAttribute('aria-busy') === 'false'")
        state = page.evaluate(_CANARY)
        if state["pwned"] or state["title"] == CANARY_TITLE:
            problems.append(f"search {query!r}: content ran script")
        if query == "sidecar" and not any("Sidecar title <script>" in text for text in page.locator(".search-results li").all_inner_texts()):
            problems.append("search 'sidecar' did not show the hostile headline as text")
    context.close()
    foreign = [url for url in requests if not url.startswith(origin_of(base))]
    return paths, problems, dialogs, foreign, errors


@pytest.mark.parametrize("bypass_csp", [False, True], ids=["as served", "without the CSP"])
def test_no_page_runs_content_script_opens_a_dialog_or_requests_another_host(chromium, hostile_build, hostile_http, bypass_csp):
    paths, problems, dialogs, foreign, errors = chromium.run(_visit_every_page, hostile_build, hostile_http, bypass_csp)
    assert len(paths) > 50
    assert problems == [] and dialogs == [] and foreign == []
    assert errors == [], "no script error and no policy violation: nothing on any page even tried"


def test_the_good_stories_are_all_there_as_a_reader_sees_them(chromium, hostile_build, hostile_http):
    chromium.run(_read_the_good_stories, hostile_build, hostile_http)


def _read_the_good_stories(browser, hostile_build, hostile_http):
    page = browser.new_page()
    page.goto(hostile_http + "index.html")
    listed = set(page.locator(".story-title a").all_inner_texts())
    for name, expect in expected().items():
        if expect.status != "built" or expect.headline is None:
            continue
        output = hostile_build.outcome(printable(name))["output"]
        page.goto(hostile_http + output)
        assert page.locator("h1").inner_text() == expect.headline, name
        assert expect.headline in listed or len(listed) >= 20, name  # the front page lists the newest 20
    page.goto(hostile_http + hostile_build.outcome("txt-body-markup.txt")["output"])
    body = page.locator(".story-body").inner_text()
    assert f"The leaked page contained {SCRIPT} and the text" in body, "markup in text is shown as the text it is"
    page.goto(hostile_http + hostile_build.outcome("md-raw-html.md")["output"])
    assert "The last paragraph is still here after every attack." in page.locator(".story-body").inner_text()
    page.close()


def test_the_canary_watch_can_fail(chromium, hostile_build, tmp_path):
    """A page with a script of our own: blocked by the policy as served, caught by the watch without it."""
    chromium.run(_control, hostile_build, tmp_path)


def _control(browser, hostile_build, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(hostile_build.site, site)
    target = site / hostile_build.outcome("good-text.txt")["output"]
    target.write_text(target.read_text(encoding="utf-8").replace("</h1>", f"</h1>{SCRIPT}"), encoding="utf-8")
    server, base = serve(site, "/control")
    try:
        for bypass_csp, runs in ((False, False), (True, True)):
            context = browser.new_context(bypass_csp=bypass_csp)
            page = context.new_page()
            dialogs: list[str] = []
            page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
            page.goto(base + hostile_build.outcome("good-text.txt")["output"])
            state = page.evaluate(_CANARY)
            assert (state["pwned"], state["title"] == CANARY_TITLE, bool(dialogs)) == (runs, runs, runs)
            context.close()
    finally:
        server.shutdown()
    assert html.escape(SCRIPT) not in target.read_text(encoding="utf-8")
