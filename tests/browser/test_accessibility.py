"""axe-core finds no accessibility violations on the pages a reader uses most, light and dark."""

from __future__ import annotations

import pytest

from tests.browser.conftest import ready, sync_api

axe_module = pytest.importorskip("axe_playwright_python.sync_playwright", reason="axe-playwright-python is not installed")
expect = sync_api.expect

PAGES = {
    "front page": "index.html",
    "article page": "articles/port-calder-dockworkers-strike-over-crane-automation.html",
    "tag page": "tags/politics/index.html",
    "search results": "search.html?q=harbour&tag=politics",
    "starred page": "starred.html",
}


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", list(PAGES))
def test_no_axe_violations(name, scheme, browser, open_page):
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    page.goto(open_page("http", PAGES[name]))
    ready(page)
    if name == "search results":
        expect(page.locator(".search-results")).to_have_attribute("aria-busy", "false")
        assert page.locator(".search-results .story-item").count() >= 1
    if name == "starred page":  # a starred story, so the list is not empty
        page.goto(open_page("http", PAGES["front page"]))
        ready(page)
        page.locator("main .story-item .star").first.click()
        page.goto(open_page("http", PAGES[name]))
        ready(page)
        expect(page.locator("#starred-list .story-item")).to_have_count(1)
    page.locator("main .story-item").first.hover() if page.locator("main .story-item").count() else None
    results = axe_module.Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
    context.close()


def test_no_axe_violations_in_the_dialogs(browser, open_page):
    page = browser.new_page()
    page.goto(open_page("http", PAGES["article page"]))
    ready(page)
    page.keyboard.press("?")
    results = axe_module.Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
    page.keyboard.press("Escape")
    page.get_by_role("button", name="Display settings").click()
    results = axe_module.Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
    page.close()
