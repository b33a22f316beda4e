"""What a reader has read and starred stays in their browser, and the lists show it."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import assert_quiet, ready, sync_api

expect = sync_api.expect
WHERE = ["file", "http"]
READ = re.compile(r"\bis-read\b")


def item(page, title: str):
    return page.locator("main .story-item", has=page.locator(".story-title", has_text=title))


@pytest.mark.parametrize("where", WHERE)
def test_an_opened_story_is_dimmed_in_every_list_after_reload(where, watched_page, open_page, sample_http):
    page, seen = watched_page
    page.goto(open_page(where, "index.html"))
    ready(page)
    first = page.locator("main .story-title").nth(0).inner_text()
    second = page.locator("main .story-title").nth(1).inner_text()
    unread_colour = item(page, first).locator(".story-title a").evaluate("a => getComputedStyle(a).color")
    page.locator("main .story-title a").first.click()
    expect(page.locator("h1")).to_have_text(first)
    ready(page)
    expect(page.get_by_role("button", name="Mark unread")).to_be_visible()
    page.goto(open_page(where, "index.html"))
    ready(page)
    expect(item(page, first)).to_have_class(READ)
    expect(item(page, second)).not_to_have_class(READ)
    read_colour = item(page, first).locator(".story-title a").evaluate("a => getComputedStyle(a).color")
    assert read_colour != unread_colour  # dimmed, as a reader sees it
    page.reload()
    ready(page)
    expect(item(page, first)).to_have_class(READ)
    assert_quiet(seen, where, sample_http)


@pytest.mark.parametrize("where", WHERE)
def test_m_and_the_buttons_mark_read_and_unread(where, watched_page, open_page, sample_http):
    page, seen = watched_page
    page.goto(open_page(where, "index.html"))
    ready(page)
    title = page.locator("main .story-title").nth(2).inner_text()
    page.keyboard.press("j")
    page.keyboard.press("j")
    page.keyboard.press("j")
    page.keyboard.press("m")
    expect(item(page, title)).to_have_class(READ)
    item(page, title).hover()
    item(page, title).get_by_role("button", name=f"Mark unread: {title}").click()
    expect(item(page, title)).not_to_have_class(READ)
    # On the article page it is read on opening; "Mark unread" keeps it unread for the lists.
    item(page, title).locator(".story-title a").click()
    page.get_by_role("button", name="Mark unread").click()
    expect(page.get_by_role("button", name="Mark read")).to_be_visible()
    page.goto(open_page(where, "index.html"))
    ready(page)
    expect(item(page, title)).not_to_have_class(READ)
    assert_quiet(seen, where, sample_http)


@pytest.mark.parametrize("where", WHERE)
def test_unread_only_and_mark_all_as_read(where, watched_page, open_page, sample_http):
    page, seen = watched_page
    page.goto(open_page(where, "index.html"))
    ready(page)
    count = page.locator("main .story-item").count()
    first = page.locator("main .story-title").first.inner_text()
    page.get_by_role("button", name="Unread only").click()
    expect(page.get_by_role("button", name="Unread only")).to_have_attribute("aria-pressed", "true")
    page.keyboard.press("j")
    page.keyboard.press("m")
    expect(page.locator("main .story-item:visible")).to_have_count(count - 1)
    expect(item(page, first)).to_be_hidden()

    page.get_by_role("button", name="Mark all as read").click()
    expect(page.locator("main .story-item:visible")).to_have_count(0)
    expect(page.get_by_text("All caught up")).to_be_visible()
    page.get_by_role("button", name="Unread only").click()
    expect(page.locator("main .story-item.is-read")).to_have_count(count)
    # Every story on the site is read now, on other pages and lists too.
    page.goto(open_page(where, "page/2.html"))
    ready(page)
    expect(page.locator("main .story-item:not(.is-read)")).to_have_count(0)
    page.goto(open_page(where, "tags/science/index.html"))
    ready(page)
    expect(page.locator("main .story-item:not(.is-read)")).to_have_count(0)
    page.locator("main .story-item").first.hover()
    page.locator("main .story-item").first.locator(".toggle-read").click()
    expect(page.locator("main .story-item:not(.is-read)")).to_have_count(1)
    assert_quiet(seen, where, sample_http)


@pytest.mark.parametrize("where", WHERE)
def test_starred_stories_are_listed_until_unstarred(where, watched_page, open_page, sample_http):
    page, seen = watched_page
    page.goto(open_page(where, "starred.html"))
    ready(page)
    expect(page.get_by_text("No starred stories yet")).to_be_visible()
    page.goto(open_page(where, "index.html"))
    ready(page)
    title = page.locator("main .story-title").nth(3).inner_text()
    item(page, title).hover()
    item(page, title).get_by_role("button", name=f"Star: {title}").click()
    expect(item(page, title).get_by_role("button", name=f"Star: {title}")).to_have_attribute("aria-pressed", "true")
    page.keyboard.press("j")
    page.keyboard.press("s")
    other = page.locator("main .story-title").first.inner_text()
    page.get_by_role("link", name="Starred").click()
    expect(page.locator("#starred-list .story-title")).to_have_text([other, title])  # newest star first
    expect(page.get_by_text("No starred stories yet")).to_be_hidden()
    page.locator("#starred-list .story-title a", has_text=title).click()
    expect(page.locator("h1")).to_have_text(title)
    ready(page)
    expect(page.get_by_role("button", name="★ Starred")).to_have_attribute("aria-pressed", "true")
    page.keyboard.press("s")
    expect(page.get_by_role("button", name="☆ Star")).to_have_attribute("aria-pressed", "false")
    page.goto(open_page(where, "starred.html"))
    ready(page)
    expect(page.locator("#starred-list .story-title")).to_have_text([other])
    assert_quiet(seen, where, sample_http)


def test_where_the_browser_refuses_storage_the_reader_still_works(browser, open_page, sample_http):
    context = browser.new_context()
    # As some browsers do for file:// pages: any use of localStorage throws.
    context.add_init_script(
        "Object.defineProperty(window, 'localStorage', {get() { throw new DOMException('denied', 'SecurityError'); }});"
    )
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.goto(open_page("http", "index.html"))
    ready(page)
    title = page.locator("main .story-title").first.inner_text()
    page.keyboard.press("j")
    page.keyboard.press("m")
    expect(item(page, title)).to_have_class(READ)  # for as long as the page is open
    page.keyboard.press("s")
    page.locator("main .story-title a").first.click()
    expect(page.locator("h1")).to_have_text(title)
    ready(page)
    page.get_by_role("button", name="Display settings").click()
    page.get_by_label("Dark").check()
    expect(page.locator("html")).to_have_attribute("data-theme", "dark")
    assert errors == []
    context.close()
