"""A reader searches the sample site, from disk and over HTTP under a sub-path."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import assert_quiet, serve, sync_api

expect = sync_api.expect
WHERE = ["file", "http"]


def search_for(page, words: str) -> None:
    page.locator("#search-q").fill(words)
    page.locator("#search-q").press("Enter")  # searches at once: the list is busy until results show
    expect(page.locator(".search-results")).to_have_attribute("aria-busy", "false")


def headlines(page) -> list[str]:
    return page.locator(".search-results .story-title").all_inner_texts()


@pytest.mark.parametrize("where", WHERE)
def test_results_show_headline_source_date_and_highlighted_snippet(where, watched_page, open_page, sample_http):
    page, seen = watched_page
    page.goto(open_page(where, "search.html"))
    search_for(page, "comet")
    expect(page.locator(".search-status")).to_have_text("1 story matches “comet”")
    assert headlines(page) == ["Retired teacher discovers comet from Ashgrove back garden"]
    search_for(page, "harbour")
    assert len(headlines(page)) > 3
    search_for(page, "comet")
    sourced = page.locator(".search-results .story-item", has_text="Retired teacher")
    expect(sourced.locator(".source")).to_have_text("Meridian Wire")
    expect(sourced.locator("time")).to_have_text("11 August 2026")
    marks = sourced.locator(".story-summary mark").all_inner_texts()
    assert marks and all(mark.lower().startswith("comet") for mark in marks)
    expect(sourced.locator(".story-title mark")).to_have_text("comet")
    sourced.locator(".story-title a").click()
    expect(page.locator("h1")).to_have_text("Retired teacher discovers comet from Ashgrove back garden")
    assert_quiet(seen, where, sample_http)


@pytest.mark.parametrize("where", WHERE)
def test_filters_by_topic_and_by_source(where, watched_page, open_page, sample_http):
    page, seen = watched_page
    page.goto(open_page(where, "search.html"))
    page.locator("#search-tag").select_option(label="science")
    search_for(page, "comet")
    expect(page.locator(".search-status")).to_have_text("1 story matches “comet” in science")
    assert headlines(page) == ["Retired teacher discovers comet from Ashgrove back garden"]

    page.locator("#search-tag").select_option(value="")
    page.locator("#search-source").select_option(label="Meridian Wire")
    search_for(page, "")
    listed = sorted(headlines(page))
    page.goto(open_page(where, "sources/meridian-wire/index.html"))
    assert listed == sorted(page.locator(".story-title").all_inner_texts())
    assert_quiet(seen, where, sample_http)


@pytest.mark.parametrize("where", WHERE)
def test_case_accents_and_the_word_being_typed(where, watched_page, open_page, sample_http):
    page, seen = watched_page
    page.goto(open_page(where, "search.html"))
    for words in ("MARCHE COUVERT", "marché couvert", "marche couv"):
        search_for(page, words)
        assert headlines(page) == ["Sainte-Aude : le marché couvert rouvre ses portes après trois ans de travaux"], words
    search_for(page, "observ")  # "observatory", still being typed
    assert "Retired teacher discovers comet from Ashgrove back garden" in headlines(page)
    assert_quiet(seen, where, sample_http)


def test_no_match_and_partial_match_say_so(watched_page, open_page, sample_http):
    page, seen = watched_page
    page.goto(open_page("http", "search.html"))
    search_for(page, "zyxwv")
    expect(page.locator(".search-status")).to_have_text("No stories match “zyxwv”.")
    expect(page.locator(".search-results .story-item")).to_have_count(0)
    search_for(page, "comet zyxwv")
    expect(page.locator(".search-status")).to_contain_text("No story has all of “comet zyxwv”; 1 story has some of them")
    assert len(headlines(page)) == 1
    assert_quiet(seen, "http", sample_http)


@pytest.mark.parametrize("where", WHERE)
def test_masthead_search_and_the_address_keep_the_query(where, watched_page, open_page, sample_http):
    page, seen = watched_page
    page.goto(open_page(where, "index.html"))
    page.locator("#site-search").fill("comet")
    page.locator("#site-search").press("Enter")
    expect(page.locator("#search-q")).to_have_value("comet")
    expect(page.locator(".search-results .story-item")).to_have_count(1)
    page.goto(open_page(where, "search.html?q=comet&tag=science"))
    expect(page.locator("#search-tag")).to_have_value("science")
    expect(page.locator(".search-results .story-item")).to_have_count(1)
    page.locator("#search-q").fill("harbour")
    page.locator("#search-q").press("Enter")
    expect(page).to_have_url(re.compile(r"search\.html\?q=harbour&tag=science$"))
    assert_quiet(seen, where, sample_http)


def test_a_query_loads_only_the_index_files_it_needs(watched_page, open_page, sample_site):
    page, seen = watched_page
    page.goto(open_page("http", "search.html?q=ferry"))
    expect(page.locator(".search-results")).to_have_attribute("aria-busy", "false")
    shown = page.locator(".search-results .story-item").count()
    assert shown >= 2
    page.wait_for_load_state("networkidle")
    loaded = [re.sub(r"^.*/news/|\?.*$", "", url) for url in seen.requests if "/search/" in url]
    shards = [path for path in loaded if path.startswith("search/t/")]
    documents = [path for path in loaded if path.startswith("search/d/")]
    assert "search/meta.js" in loaded
    assert len(shards) == 1 and len(documents) == shown  # "ferry" and the words it begins share a shard
    assert len(loaded) == 2 + shown
    every_file = list(sample_site.joinpath("search").rglob("*.js"))
    assert len(every_file) > 20  # the index has far more files than the query touched


def test_address_cannot_make_search_load_other_files(watched_page, open_page, sample_http):
    page, seen = watched_page
    page.goto(open_page("http", "search.html?q=comet&tag=../../assets/reader&source=%2F%2Fexample.org"))
    expect(page.locator(".search-results .story-item")).to_have_count(1)
    expect(page.locator("#search-tag")).to_have_value("")
    assert not [url for url in seen.requests if "/search/f/" in url]
    assert_quiet(seen, "http", sample_http)


def test_article_text_is_shown_as_text_never_run(browser, build_site):
    run = build_site(
        {
            "trap.md": "---\ntitle: The <b>bold</b> claim\nsource: X <i>Y</i>\n---\n\n"
            "A paragraph about &lt;img src=x onerror=alert(1)&gt; and <script>alert(2)</script> sandwiches.\n"
        }
    )
    assert run.code == 0, run.stderr
    server, base = serve(run.site)
    try:
        page = browser.new_page()
        dialogs = []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        page.goto(base + "search.html?q=sandwiches")
        item = page.locator(".search-results .story-item")
        expect(item).to_have_count(1)
        expect(item.locator(".story-title")).to_have_text("The <b>bold</b> claim")
        expect(item.locator(".source")).to_have_text("X <i>Y</i>")
        assert "<img src=x onerror=alert(1)>" in item.locator(".story-summary").inner_text()
        assert item.locator("img, script, b, i").count() == 0
        assert dialogs == []
        page.close()
    finally:
        server.shutdown()


# Each pair: a word as the article has it, and as a reader may type it. The
# index is made by broadsheet/terms.py and the query read by search.js: these
# pass only while the two fold and split text the same way.
SPELLINGS = [
    ("Ωmega", "ωMEGA"),
    ("naïve", "naive"),
    ("İstanbul", "istanbul"),
    ("ℌilbert", "hilbert"),
    ("Straße", "STRASSE".lower().replace("ss", "ß")),
    ("Ærøskøbing", "ærøskøbing"),
    ("Zürich's", "zurich"),
    ("ﬁnance", "finance"),
    ("Ελληνικά", "ελληνικα"),
    ("x" * 40, "x" * 32),
]


def test_browser_and_build_read_words_alike(browser, build_site):
    text = " ".join(f"Word{n} {word} here." for n, (word, _) in enumerate(SPELLINGS))
    run = build_site({"words.md": f"---\ntitle: Spellings\n---\n\n{text}\n"})
    assert run.code == 0, run.stderr
    server, base = serve(run.site)
    try:
        page = browser.new_page()
        page.goto(base + "search.html")
        for word, typed in SPELLINGS:
            search_for(page, typed + " ")  # a trailing space: the whole word, not a prefix
            assert headlines(page) == ["Spellings"], (word, typed)
            assert page.locator(".search-results mark").count() >= 1, (word, typed)
        page.close()
    finally:
        server.shutdown()
