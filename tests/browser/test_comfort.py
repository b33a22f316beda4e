"""Reading comfort: remembered display choices, pages whole without script, print, phones."""

from __future__ import annotations

import pytest

from tests.browser.conftest import assert_quiet, ready, sync_api

expect = sync_api.expect
ARTICLE = "articles/port-calder-dockworkers-strike-over-crane-automation.html"


def background(page) -> str:
    return page.evaluate("getComputedStyle(document.body).backgroundColor")


def luminance(css_rgb: str) -> float:
    red, green, blue = (int(part) for part in css_rgb[css_rgb.index("(") + 1 : css_rgb.index(")")].split(",")[:3])
    return (red + green + blue) / (3 * 255)


@pytest.mark.parametrize("where", ["file", "http"])
def test_display_choices_are_remembered_on_every_page(where, watched_page, open_page, sample_http):
    page, seen = watched_page
    page.goto(open_page(where, ARTICLE))
    ready(page)
    assert luminance(background(page)) > 0.9
    width = page.locator("main").evaluate("main => main.getBoundingClientRect().width")
    page.get_by_role("button", name="Display settings").click()
    dialog = page.get_by_role("dialog", name="Display")
    dialog.get_by_label("Dark").check()
    dialog.get_by_label("Sans serif").check()
    dialog.get_by_label("Wide").check()
    dialog.get_by_role("button", name="Close").click()
    assert luminance(background(page)) < 0.2
    assert "serif" not in page.evaluate("getComputedStyle(document.body).fontFamily").replace("sans-serif", "")
    assert page.locator("main").evaluate("main => main.getBoundingClientRect().width") > width
    page.goto(open_page(where, "index.html"))
    # Applied in <head>, before the page is drawn: already there when the document is parsed.
    assert page.evaluate("document.documentElement.dataset.theme") == "dark"
    assert luminance(background(page)) < 0.2
    ready(page)
    page.get_by_role("button", name="Display settings").click()
    expect(page.get_by_role("dialog", name="Display").get_by_label("Dark")).to_be_checked()
    page.get_by_role("dialog", name="Display").get_by_label("Light").check()
    assert luminance(background(page)) > 0.9
    assert_quiet(seen, where, sample_http)


def test_the_system_dark_theme_is_followed_until_the_reader_chooses(browser, open_page):
    context = browser.new_context(color_scheme="dark")
    page = context.new_page()
    page.goto(open_page("http", ARTICLE))
    ready(page)
    assert luminance(background(page)) < 0.2
    page.get_by_role("button", name="Display settings").click()
    page.get_by_role("dialog", name="Display").get_by_label("Light").check()
    assert luminance(background(page)) > 0.9
    context.close()


@pytest.mark.parametrize("path", ["index.html", ARTICLE, "tags/science/index.html"])
def test_pages_are_whole_without_script(path, browser, open_page):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(open_page("file", path))
    if path == ARTICLE:
        expect(page.locator("h1")).to_have_text("Port Calder dockworkers strike over crane automation")
        assert page.locator(".story-body p").count() > 5
        assert page.locator(".related li").count() >= 1
        expect(page.locator(".story-nav a").first).to_be_visible()
    else:
        assert page.locator("main .story-item .story-title a").count() >= 1
        expect(page.locator("main .story-summary").first).to_be_visible()
    assert page.locator(".story-actions, dialog").count() == 0  # no dead controls without script
    context.close()


def test_search_page_without_script_says_what_to_do_instead(browser, open_page):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(open_page("file", "search.html?q=comet"))
    expect(page.get_by_text("Search runs in your browser and needs JavaScript")).to_be_visible()
    context.close()


def test_print_shows_the_story_and_hides_the_controls(browser, open_page):
    page = browser.new_page()
    page.goto(open_page("http", ARTICLE))
    ready(page)
    page.emulate_media(media="print")
    expect(page.locator("h1")).to_be_visible()
    expect(page.locator(".story-body")).to_be_visible()
    for hidden in (".sections", ".site-search", ".story-actions", ".related", ".story-nav", ".site-footer", ".display-button"):
        expect(page.locator(hidden).first).to_be_hidden()
    assert luminance(background(page)) == 1.0
    page.close()


@pytest.mark.parametrize("path", ["index.html", ARTICLE, "search.html?q=harbour", "tags/index.html", "archive/index.html"])
def test_phone_width_360_has_no_sideways_scrolling(path, browser, open_page):
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(open_page("http", path))
    ready(page)
    page.wait_for_load_state("networkidle")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    expect(page.locator(".brand")).to_be_visible()
    expect(page.get_by_role("button", name="Display settings")).to_be_visible()
    if path == "index.html":
        # Touch has no hover: star and read buttons are always shown, big enough to tap.
        star = page.locator("main .story-item .star").first
        expect(star).to_be_visible()
        box = star.bounding_box()
        assert box["width"] >= 24 and box["height"] >= 24
        star.tap()
        expect(star).to_have_attribute("aria-pressed", "true")
    context.close()


def test_reading_time_is_shown(browser, open_page):
    page = browser.new_page()
    page.goto(open_page("file", ARTICLE))
    expect(page.locator(".reading-time")).to_have_text("2 min read")
    page.close()
