"""A reader clicks through the sample site, from disk and over HTTP under a sub-path."""

from __future__ import annotations

import pytest

from tests.browser.conftest import origin_of


@pytest.mark.parametrize("where", ["file", "http"])
def test_click_from_front_page_to_article_and_topic(where, watched_page, sample_site, sample_http):
    page, seen = watched_page
    start = sample_site.joinpath("index.html").as_uri() if where == "file" else sample_http + "index.html"
    page.goto(start)
    first = page.locator(".story-title a").first
    headline = first.inner_text()
    first.click()
    assert page.locator("h1").inner_text() == headline
    page.locator(".tags a").first.click()
    assert page.locator(".kicker").first.inner_text().lower() == "topic"
    page.get_by_role("link", name="Archive").click()
    assert page.locator("h1").inner_text() == "Archive"
    assert seen.console_errors == [] and seen.failed_requests == [] and seen.dialogs == []
    if where == "http":
        assert seen.foreign(origin_of(sample_http)) == []
