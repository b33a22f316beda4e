"""clean() on raw text: body, metadata, trace, rejection, and robustness on any input."""

from __future__ import annotations

import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from broadsheet.clean import clean, load_rules
from broadsheet.model import Article, Meta, RawDoc, Rejected

RULES = load_rules()

ARTICLE = """Harbour Board Backs New Pier After Two-Year Row
By Jane Lowell and Tom Reyes
Published: March 3, 2026
The harbour board agreed on Tuesday to rebuild the old pier before the summer season, after two years of argument over who should pay for the timber and the labour.
Engineers will start work in March, and the board expects the pier to reopen to walkers by the end of June if the spring storms are kind to the builders.
Local fishermen, who moor their boats along the north side of the pier, said they were glad the work would finally begin.
Share this article
You have reached your limit of 3 free articles this month.
© 2026 Harbour Gazette. All rights reserved."""


def _clean(text: str, meta: Meta | None = None) -> Article:
    result = clean(RawDoc("a.txt", "text", text, meta or Meta()), RULES)
    assert isinstance(result, Article), result
    return result


def test_headline_after_a_skip_link_is_still_the_headline():
    # A scrape that starts with page chrome puts the headline inside the
    # densest run of prose, just before the byline: it is still the title.
    article = _clean("Skip to main content\n" + ARTICLE)
    assert article.meta.title == "Harbour Board Backs New Pier After Two-Year Row"
    assert [verdict.rule for verdict in article.trace[:4]] == ["boilerplate.skip-link", "meta.title", "meta.byline", "meta.dateline"]
    assert article.paragraphs[0].startswith("The harbour board agreed")


def test_headline_byline_dateline_are_metadata_not_body():
    article = _clean(ARTICLE)
    assert article.meta.title == "Harbour Board Backs New Pier After Two-Year Row"
    assert article.meta.authors == ("Jane Lowell", "Tom Reyes")
    assert article.meta.date == "2026-03-03"
    assert article.meta.source == "Harbour Gazette"
    assert len(article.paragraphs) == 3
    assert article.paragraphs[0].startswith("The harbour board agreed")
    rules_used = [verdict.rule for verdict in article.trace]
    assert rules_used[:3] == ["meta.title", "meta.byline", "meta.dateline"]
    assert rules_used[3:6] == [None, None, None]
    assert all(rules_used[6:])


def test_stated_metadata_wins():
    meta = Meta(title="Given Title", date="2020-01-01", source="Given Source", authors=("Given Author",), lang="en")
    article = _clean(ARTICLE, meta)
    assert (article.meta.title, article.meta.date, article.meta.source) == ("Given Title", "2020-01-01", "Given Source")
    assert article.meta.authors == ("Given Author",)


def test_title_is_derived_when_there_is_no_headline(prose):
    article = _clean("\n".join(prose))
    assert article.meta.title.startswith("The harbour board agreed on Tuesday")
    assert article.meta.title.endswith("…") and len(article.meta.title.split()) <= RULES.thresholds.title_max_words
    assert article.meta.date is None


def test_other_date_forms_and_no_invented_date(prose):
    assert _clean("\n".join(["Updated 14 Feb 2026, 09:12 IST", *prose])).meta.date == "2026-02-14T09:12"
    assert _clean("\n".join(["2026-03-04", *prose])).meta.date == "2026-03-04"
    assert _clean("\n".join(["Published: February 30, 2026", *prose])).meta.date is None
    assert _clean("\n".join(prose)).meta.date is None


def test_language_is_detected(prose):
    german = (
        "Der Hafenrat hat am Dienstag beschlossen, die alte Seebrücke vor der Sommersaison wieder aufzubauen, "
        "nachdem zwei Jahre lang darüber gestritten wurde, wer das Holz und die Arbeit bezahlen soll.\n"
        "Die Ingenieure werden im März mit der Arbeit beginnen, und der Rat erwartet, dass die Brücke bis Ende Juni "
        "wieder für Spaziergänger geöffnet wird, wenn die Frühjahrsstürme es zulassen."
    )
    assert _clean(german).meta.lang == "de"
    assert _clean("\n".join(prose)).meta.lang == "en"


def test_trace_has_every_input_line_in_order():
    lines = ARTICLE.splitlines()
    article = _clean(ARTICLE)
    assert [verdict.text for verdict in article.trace] == lines


def test_placeholder_and_price_lines_are_dropped(prose):
    text = "\n".join([*prose, "Hello {{first_name}}, your plan is ready", "Gold Plan", "$9.99", "per month", "Platinum", "$99", "1 Year"])
    article = _clean(text)
    assert article.paragraphs == prose
    rules_used = {verdict.rule for verdict in article.trace}
    assert {"template.placeholder", "price-list"} <= rules_used


@pytest.mark.parametrize("text", ["", "   \n\n\t", "Subscribe\nLog in\nShare\n{{x}}", "\x00\x01\x02"])
def test_nothing_left_is_rejected_with_a_reason(text):
    result = clean(RawDoc("empty.txt", "text", text, Meta()), RULES)
    assert isinstance(result, Rejected)
    assert result.origin == "empty.txt" and result.reason


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=2000))
def test_never_raises_on_any_text(text):
    result = clean(RawDoc("fuzz.txt", "text", text, Meta()), RULES)
    assert isinstance(result, (Article, Rejected))
    if isinstance(result, Article):
        assert all(paragraph.strip() for paragraph in result.paragraphs)
        assert result.meta.title


@settings(max_examples=50, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=3000))
def test_never_raises_on_binary_decoded_as_text(data):
    result = clean(RawDoc("bin.txt", "text", data.decode("latin-1"), Meta()), RULES)
    assert isinstance(result, (Article, Rejected))


_WORD = st.sampled_from(
    "the of and a in to was for on with as by at from that this it they were river town board council "
    "people water bridge market school road weather summer winter plan money report week years".split()
)
_SENTENCE = st.lists(_WORD, min_size=8, max_size=20).map(lambda words: " ".join(words).capitalize() + ".")
_PARAGRAPH = st.lists(_SENTENCE, min_size=2, max_size=4).map(" ".join)


@settings(max_examples=40)
@given(st.lists(_PARAGRAPH, min_size=1, max_size=8, unique=True))
def test_ordinary_prose_comes_out_unchanged(paragraphs):
    """(A repeated paragraph is a pull quote: its second copy goes, so these are distinct.)"""
    article = _clean("\n".join(paragraphs))
    assert list(article.paragraphs) == paragraphs


def test_hostile_lines_are_fast():
    huge = "word " * 200_000
    controls = "".join(chr(code) for code in range(32)) * 1000
    text = "\n".join([huge, controls, "é" * 100_000, "{{" * 50_000, "." * 100_000])
    started = time.perf_counter()
    result = clean(RawDoc("hostile.txt", "text", text, Meta()), RULES)
    assert isinstance(result, (Article, Rejected))
    assert time.perf_counter() - started < 5


def test_typical_article_is_fast(prose):
    text = "\n".join(["A Headline For The Test", "By Jane Lowell", *(prose * 6), "Share this article"])
    clean(RawDoc("t.txt", "text", text, Meta()), RULES)
    started = time.perf_counter()
    for _ in range(20):
        clean(RawDoc("t.txt", "text", text, Meta()), RULES)
    assert (time.perf_counter() - started) / 20 < 0.02


def test_a_list_the_body_introduces_stays(prose):
    items = ["Two cups of flour", "One egg", "A pinch of salt", "Half a cup of milk", "Butter for the pan"]
    text = "\n".join([prose[0], "For the pancakes you will need:", *items, prose[1], prose[2]])
    article = _clean(text)
    assert all(item in article.paragraphs for item in items)


def test_a_data_list_right_after_the_body_stays(prose):
    dates = [f"June {day} – Harbour Town @ The Old Pier" for day in (3, 10, 17, 24)]
    text = "\n".join([*prose, "Summer concert dates", *dates, "Home", "Contact", "About", "Jobs", "Privacy"])
    article = _clean(text)
    assert article.paragraphs[-4:] == tuple(dates)
    assert "Summer concert dates" in article.paragraphs
    assert "Privacy" not in article.paragraphs


def test_standfirst_before_the_byline_is_header_not_body(prose):
    standfirst = "After two years of argument, the board has found the money to rebuild the pier."
    text = "\n".join(["Harbour Board Backs New Pier", standfirst, "By Jane Lowell", "March 3, 2026", *prose])
    article = _clean(text)
    assert article.paragraphs == prose
    assert {verdict.text: verdict.rule for verdict in article.trace}[standfirst] == "meta.header"


def test_a_short_body_is_not_taken_for_a_header(prose):
    text = "\n".join([prose[0], prose[1], "By Jane Lowell"])
    assert _clean(text).paragraphs == prose[:2]


def test_copyright_line_with_more_legal_text_still_names_the_publisher():
    text = ARTICLE.replace(
        "© 2026 Harbour Gazette. All rights reserved.",
        "© 2026 Harbour Gazette. All rights reserved. Republication without written consent is prohibited.",
    )
    assert _clean(text).meta.source == "Harbour Gazette"


@pytest.mark.parametrize(
    ("line", "rule_id"),
    [
        ("On May 3, 2024, at 9:12 PM, ann_reader wrote:", "comments.byline"),
        ("Report this Comment On May 3, 2024, at 9:12 PM, ann_reader wrote:", "comments.byline"),
        ("Sponsored Links Sponsored Links", "related.header"),
        ("by Taboola by Taboola", "related.header"),
        ("We Recommend", "related.header"),
        ("Read More Stories About:", "related.header"),
        ("report this ad", "boilerplate.advertisement"),
        ("Related post: How to tar a rowing boat before winter", "related.inline-link"),
        ("[Related: The ferry timetable for the winter months]", "related.inline-link"),
        ("Also: See our full coverage of the harbour works", "related.inline-link"),
        ("Write to Tom Reed at tom.reed@example.org", "boilerplate.author-contact"),
        ("Reach the reporters on Twitter at https://example.org/harbourdesk", "boilerplate.author-contact"),
        ("Follow our full coverage of the pier works at https://example.org/pier", "boilerplate.author-contact"),
        ("Follow the Harbour Gazette opinion desk on Facebook and Instagram.", "boilerplate.author-contact"),
        ("4 min read", "boilerplate.reading-time"),
        ("Tempo de leitura: 2 minutos", "boilerplate.reading-time"),
        ("Reprints & Permissions", "boilerplate.reprints"),
        ("[/button]", "template.shortcode"),
        ("Ferry strike called off after late-night talks [LATEST] |", "related.tagged-link"),
        ("Tell us what you think in the comments below", "comments.prompt"),
    ],
)
def test_more_forms_of_comment_headers_and_recommendation_widgets(line, rule_id, prose):
    """Forms of a rule beyond the one example the rules file carries."""
    trace = {verdict.text: verdict.rule for verdict in _clean("\n".join([*prose, line])).trace}
    assert trace[line] == rule_id


@pytest.mark.parametrize(
    "line",
    [
        "Also, the board will meet again in May to choose the builder for the new pier.",
        "Contact with the builders on the quay at dawn was brief, the harbour master said.",
        "Follow the coast road on foot at low tide and the pier comes into view.",
        "Three readers wrote in with photos [see below] of the old pier in 1950.",
        "It takes a 4 min read of the plan to see why the fishermen are worried.",
    ],
)
def test_text_that_looks_like_the_new_chrome_rules_stays(line, prose):
    """Sentences that start like a contact line, a related link or a shortcode are text."""
    assert line in _clean("\n".join([prose[0], line, *prose[1:]])).paragraphs


def test_the_tags_under_a_tags_label_leave_with_it(prose):
    # Tags run together as the scrape lost the links' spacing: one long line.
    tags = "Harbour BoardThe Pier In SpringFishing FleetSpring Storms On The CoastFerry Timetable For The Winter Months"
    text = "\n".join([*prose, "Tags", tags])
    assert _clean(text).paragraphs == prose


def test_a_recommendation_widget_ends_the_body(prose):
    teasers = [
        "Best Flashlight Ever is Selling Like Crazy",
        "Finding cheap flights is now easy, and travellers are surprised by how much they save on every trip.",
        "Fresh evidence in an old mystery stuns the police, who had closed the case a decade ago without answers.",
    ]
    text = "\n".join([*prose, "Sponsored Links", *teasers])
    assert _clean(text).paragraphs == prose
