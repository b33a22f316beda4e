"""A reader moves through the news with the keyboard, as in Miniflux or NetNewsWire."""

from __future__ import annotations

import pytest

from tests.browser.conftest import assert_quiet, ready, sync_api

expect = sync_api.expect
WHERE = ["file", "http"]


def current_headline(page) -> str:
    return page.locator("main .story-item.is-current .story-title").inner_text()


@pytest.mark.parametrize("where", WHERE)
def test_j_k_move_o_opens_u_comes_back_to_the_same_story(where, watched_page, open_page, sample_http):
    page, seen = watched_page
    page.goto(open_page(where, "index.html"))
    ready(page)
    titles = page.locator("main .story-title").all_inner_texts()
    page.keyboard.press("j")
    assert current_headline(page) == titles[0]
    expect(page.locator("main .story-item.is-current .story-title a")).to_be_focused()
    page.keyboard.press("j")
    page.keyboard.press("j")
    page.keyboard.press("k")
    assert current_headline(page) == titles[1]
    page.keyboard.press("o")
    expect(page.locator("h1")).to_have_text(titles[1])
    ready(page)
    page.keyboard.press("u")
    expect(page.locator("main .story-item.is-current .story-title")).to_have_text(titles[1])
    page.keyboard.press("j")
    assert current_headline(page) == titles[2]
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text(titles[2])
    ready(page)
    assert_quiet(seen, where, sample_http)


@pytest.mark.parametrize("where", WHERE)
def test_on_an_article_j_and_k_follow_the_list_it_was_opened_from(where, watched_page, open_page, sample_http):
    page, seen = watched_page
    page.goto(open_page(where, "tags/politics/index.html"))
    ready(page)
    titles = page.locator("main .story-title").all_inner_texts()
    assert len(titles) >= 3
    page.locator("main .story-title a").nth(1).click()
    expect(page.locator("h1")).to_have_text(titles[1])
    ready(page)
    page.keyboard.press("j")
    expect(page.locator("h1")).to_have_text(titles[2])
    ready(page)
    page.keyboard.press("k")
    expect(page.locator("h1")).to_have_text(titles[1])
    ready(page)
    page.keyboard.press("k")
    expect(page.locator("h1")).to_have_text(titles[0])
    ready(page)
    page.keyboard.press("u")
    expect(page.locator("main .list-header h1")).to_have_text("politics")
    ready(page)
    assert_quiet(seen, where, sample_http)


def test_without_a_list_j_and_k_go_to_older_and_newer_stories(watched_page, open_page, sample_http):
    page, seen = watched_page
    page.goto(open_page("http", "index.html"))
    ready(page)
    titles = page.locator("main .story-title").all_inner_texts()
    page.goto(open_page("http", page.locator("main .story-title a").nth(4).get_attribute("href")))
    ready(page)
    page.keyboard.press("j")
    expect(page.locator("h1")).to_have_text(titles[5])
    ready(page)
    page.keyboard.press("k")
    expect(page.locator("h1")).to_have_text(titles[4])
    ready(page)
    page.keyboard.press("k")
    expect(page.locator("h1")).to_have_text(titles[3])
    ready(page)
    page.keyboard.press("u")
    expect(page.locator("main .list-header h1")).to_have_text("Latest news")
    ready(page)
    assert_quiet(seen, "http", sample_http)


@pytest.mark.parametrize("where", WHERE)
def test_slash_goes_to_search_and_typing_is_not_taken_for_keys(where, watched_page, open_page, sample_http):
    page, seen = watched_page
    page.goto(open_page(where, "index.html"))
    ready(page)
    page.keyboard.press("/")
    field = page.locator("#site-search")
    expect(field).to_be_focused()
    page.keyboard.type("jobs")  # j and o here are letters, not commands
    expect(field).to_have_value("jobs")
    assert page.locator("main .story-item.is-current").count() == 0
    page.keyboard.press("Enter")
    expect(page.locator(".search-results")).to_have_attribute("aria-busy", "false")
    assert page.locator(".search-results .story-item").count() >= 1
    page.keyboard.press("Escape")
    page.keyboard.press("j")
    expect(page.locator(".search-results .story-item").first).to_have_class("story-item is-current")
    page.keyboard.press("/")
    expect(page.locator("#search-q")).to_be_focused()
    assert_quiet(seen, where, sample_http)


def test_question_mark_lists_the_keys_and_escape_closes_them(watched_page, open_page, sample_http):
    page, seen = watched_page
    page.goto(open_page("http", "index.html"))
    ready(page)
    page.keyboard.press("?")
    dialog = page.get_by_role("dialog", name="Keyboard shortcuts")
    expect(dialog).to_be_visible()
    for key in ("j", "k", "o", "Enter", "u", "/", "m", "s", "?"):
        expect(dialog.locator("kbd", has_text=key).first).to_be_visible()
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    page.get_by_role("button", name="Keyboard shortcuts (?)").click()  # the same for mouse and touch
    expect(dialog).to_be_visible()
    dialog.get_by_role("button", name="Close").click()
    expect(dialog).to_be_hidden()
    assert_quiet(seen, "http", sample_http)


def test_u_returns_to_the_search_results_with_the_cursor_on_the_story(watched_page, open_page, sample_http):
    page, seen = watched_page
    page.goto(open_page("http", "search.html?q=harbour"))
    ready(page)
    expect(page.locator(".search-results")).to_have_attribute("aria-busy", "false")
    titles = page.locator(".search-results .story-title").all_inner_texts()
    page.keyboard.press("j")
    page.keyboard.press("j")
    page.keyboard.press("o")
    expect(page.locator("h1")).to_have_text(titles[1])
    ready(page)
    page.keyboard.press("j")
    expect(page.locator("h1")).to_have_text(titles[2])  # the next result, not the next story on the site
    ready(page)
    page.keyboard.press("u")  # back where the reader left off: the story last read
    expect(page.locator(".search-results .story-item.is-current .story-title")).to_have_text(titles[2])
    expect(page.locator("#search-q")).to_have_value("harbour")
    assert_quiet(seen, "http", sample_http)
