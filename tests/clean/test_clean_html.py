"""clean() on saved pages: the article's paragraphs and the metadata the page states."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from broadsheet.clean import clean, load_rules
from broadsheet.model import Article, Meta, RawDoc, Rejected

RULES = load_rules()

PARAGRAPHS = [
    "The harbour board agreed on Tuesday to rebuild the old pier before the summer season, after two years of "
    "argument over who should pay for the timber and the labour.",
    "Engineers will start work in March, and the board expects the pier to reopen to walkers by the end of June "
    "if the spring storms are kind to the builders and the barges arrive on time.",
    "Local fishermen, who moor their boats along the north side of the pier, said they were glad the work would "
    "finally begin but worried about losing their berths for most of the spring.",
    "The board will publish the contractor's timetable next week, and a public meeting is planned for the "
    "first Thursday of April in the old customs house on the quay.",
]


def _page(head: str = "", lang: str = "en", extra_body: str = "") -> str:
    body = "".join(f"<p>{paragraph}</p>" for paragraph in PARAGRAPHS)
    return f"""<!DOCTYPE html><html lang="{lang}"><head><title>Harbour Board Backs New Pier | Harbour Gazette</title>{head}</head>
<body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li><li><a href="/sport">Sport</a></li></ul></nav>
<div class="cookie-banner">We use cookies to improve your experience on our site.</div>
<main><article>
<h1>Harbour Board Backs New Pier</h1>
<p class="byline">By Jane Lowell</p>
<time datetime="2026-03-03T09:30:00Z">March 3, 2026</time>
{body}
<p class="share"><a href="#">Share this article</a></p>
</article>{extra_body}</main>
<footer><p>© 2026 Harbour Gazette. All rights reserved.</p><p><a href="/privacy">Privacy policy</a></p></footer>
</body></html>"""


def _clean(html: str, meta: Meta | None = None) -> Article:
    result = clean(RawDoc("page.html", "html", html, meta or Meta()), RULES)
    assert isinstance(result, Article), result
    return result


def test_body_is_the_article_paragraphs():
    article = _clean(_page())
    assert list(article.paragraphs) == PARAGRAPHS


def test_metadata_from_the_page():
    head = """<meta property="og:site_name" content="Harbour Gazette">
<meta property="og:title" content="Harbour Board Backs New Pier">
<meta property="article:published_time" content="2026-03-03T09:30:00+00:00">
<link rel="canonical" href="https://gazette.example/news/pier">"""
    article = _clean(_page(head))
    assert article.meta.title == "Harbour Board Backs New Pier"
    assert article.meta.date == "2026-03-03T09:30:00+00:00"
    assert article.meta.source == "Harbour Gazette"
    assert article.meta.url == "https://gazette.example/news/pier"
    assert article.meta.lang == "en"
    assert article.meta.authors == ("Jane Lowell",)


def test_metadata_from_json_ld():
    data = {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "WebSite", "name": "Not This"},
            {
                "@type": "NewsArticle",
                "headline": "Pier Plan Approved",
                "datePublished": "2026-03-02",
                "author": [{"@type": "Person", "name": "Jane Lowell"}, {"@type": "Person", "name": "Tom Reyes"}],
                "publisher": {"@type": "Organization", "name": "Harbour Gazette"},
            },
        ],
    }
    head = f'<script type="application/ld+json">{json.dumps(data)}</script>'
    article = _clean(_page(head))
    assert article.meta.title == "Pier Plan Approved"
    assert article.meta.date == "2026-03-02"
    assert article.meta.authors == ("Jane Lowell", "Tom Reyes")
    assert article.meta.source == "Harbour Gazette"


def test_time_element_and_stated_metadata():
    assert _clean(_page()).meta.date == "2026-03-03T09:30:00Z"
    given = _clean(_page(), Meta(title="Given", date="2020-01-01", source="Given Source"))
    assert (given.meta.title, given.meta.date, given.meta.source) == ("Given", "2020-01-01", "Given Source")


def test_an_impossible_date_is_not_a_date():
    page = _page('<meta property="article:published_time" content="2026-02-30">').replace(
        '<time datetime="2026-03-03T09:30:00Z">March 3, 2026</time>', ""
    )
    assert _clean(page).meta.date is None


def test_trace_lists_every_block_with_a_verdict():
    article = _clean(_page())
    texts = [verdict.text for verdict in article.trace]
    assert "Home" in texts and "Share this article" in texts
    kept = [verdict.text for verdict in article.trace if verdict.rule is None]
    assert kept == PARAGRAPHS
    assert all(verdict.rule for verdict in article.trace if verdict.text not in PARAGRAPHS)


def test_related_list_after_the_article_is_left_out():
    related = '<aside class="related"><h2>More from the Gazette</h2><ul>' + "".join(
        f'<li><a href="/s{n}">Another harbour story about the ferry timetable number {n}</a></li>' for n in range(8)
    ) + "</ul></aside>"
    article = _clean(_page(extra_body=related))
    assert list(article.paragraphs) == PARAGRAPHS


@pytest.mark.parametrize(
    "html",
    [
        "",
        "   ",
        "<html></html>",
        "<html><body><div><div><span>",
        "<?xml version='1.0' encoding='utf-8'?><html><body><p>hi</p></body></html>",
        "<" * 10_000,
        "<div>" * 20_000 + "deep text " * 50 + "</div>" * 20_000,
        "<p>" + "x" * 300_000 + "</p>",
        "\x00\x01<html>\ud800<body>\x85</body>",
        "<script>" + "var a = 1;" * 10_000 + "</script>",
    ],
)
def test_hostile_pages_never_raise(html):
    result = clean(RawDoc("bad.html", "html", html, Meta()), RULES)
    assert isinstance(result, (Article, Rejected))
    if isinstance(result, Rejected):
        assert result.reason and result.origin == "bad.html"


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=1500))
def test_any_text_as_html_never_raises(text):
    assert isinstance(clean(RawDoc("fuzz.html", "html", text, Meta()), RULES), (Article, Rejected))


def test_unknown_format_is_rejected():
    result = clean(RawDoc("x.md", "markdown", "# Title", Meta()), RULES)
    assert isinstance(result, Rejected) and "markdown" in result.reason


def test_gallery_slides_teaser_cards_and_related_articles_are_left_out():
    slides = '<ul class="gallery">' + "".join(
        f"<li><h2>{n}/12</h2><p>Boats wait at the quay for the tide to turn while the "
        f"gulls circle over the fish market and the first ferry of the day, number {n}, leaves for the island.</p></li>"
        for n in range(1, 13)
    ) + "</ul>"
    teasers = '<ul class="more">' + "".join(
        f'<li><h3><a href="/story/{n}">Ferry timetable changes for the winter, part {n}</a></h3>'
        f"<p>The island ferry will sail twice a day from November, and the last boat will leave before dark.</p></li>"
        for n in range(4)
    ) + "</ul>"
    related = "".join(
        f"<article><p>Another story, number {n}, about the town's new library and the long queue of readers "
        f"who waited in the rain for the doors to open on its first morning.</p></article>"
        for n in range(3)
    )
    article = _clean(_page(extra_body=slides + teasers + related))
    assert list(article.paragraphs) == PARAGRAPHS


def test_a_page_made_of_feature_items_keeps_them():
    features = [
        ("Tide tables", "Check the times of high and low water for every harbour on the coast, a week ahead."),
        ("Ferry times", "See when the next boat leaves for the island and whether the crossing is running late."),
        ("Berth bookings", "Reserve a mooring on the north side of the pier for a night, a week or the season."),
        ("Fish market", "Find out what the boats landed this morning and what the auction paid for each box."),
    ]
    items = "".join(
        f'<li class="feature"><h2>{name}</h2><p>{text}</p><a href="/{name}">Learn more about {name}</a></li>'
        for name, text in features
    )
    page = (
        "<html><body><main><header><h1>Welcome to the harbour guide</h1>"
        "<p>Everything a visitor to the harbour needs to know, from the tides to the fish market. The guide is "
        "written by the harbour board and the fishermen who work on the quay, and it is checked every week before "
        "the weekend boats arrive from the island.</p></header>"
        f'<ul class="features">{items}</ul></main></body></html>'
    )
    body = "\n".join(_clean(page).paragraphs)
    for name, text in features:
        assert text in body


def test_hidden_elements_are_not_text():
    hidden = '<div class="hidden"><p>You might want to think twice before reading the next part of this page at work.</p></div>'
    page = _page().replace("<time", hidden + "<time")
    assert list(_clean(page).paragraphs) == PARAGRAPHS


def test_a_second_copy_of_the_text_is_left_out():
    # Responsive pages print the article twice; a stylesheet hid one copy.
    copy = '<div class="mobile-copy">' + "".join(f"<p>{paragraph}</p>" for paragraph in PARAGRAPHS) + "</div>"
    page = _page().replace("</article>", copy + "</article>")
    assert list(_clean(page).paragraphs) == PARAGRAPHS


def test_repeated_entries_of_one_text_are_kept():
    # A meal plan lists the same dishes for each day: repeats, not a copy.
    days = "".join(
        f"<h3>Day {day}</h3><p>Breakfast: porridge with apples</p><p>Lunch: bean soup with bread</p>"
        "<p>Dinner: baked fish with potatoes and greens</p><p>Snack: a handful of nuts</p>"
        for day in (1, 2, 3)
    )
    page = _page().replace('<p class="share">', days + '<p class="share">')
    paragraphs = _clean(page).paragraphs
    assert paragraphs.count("Dinner: baked fish with potatoes and greens") == 3

