"""The html route's block selection: which blocks of a page the DOM lets the extractor's vote keep.

`select_blocks` is given the vote directly (the texts an extractor kept), so
each correction is tested on its own, whatever trafilatura would do.
"""

from __future__ import annotations

from broadsheet.clean.blocks import parse_html, visible_blocks
from broadsheet.clean.extract import select_blocks
from broadsheet.clean.vote import extract_paragraphs
from broadsheet.clean.normalize import normalize_line
from broadsheet.clean.shape import Line, shape_of, words_of
from broadsheet.clean.sieve import Selection, sieve


def _select(html: str, rules, vote=None, prose=frozenset(), site=None) -> list[str]:
    """The texts `select_blocks` keeps when the extractor voted for `vote` (default: every block).

    `prose` are the texts that read as running text, `site` the page's own host.
    """
    blocks = visible_blocks(parse_html(html))
    texts = [normalize_line(block.text) for block in blocks]
    running = {index for index, text in enumerate(texts) if text in prose}
    params = rules.detector("html-extractor").params
    chosen = select_blocks(blocks, texts, texts if vote is None else vote, params, running, site)
    assert chosen is not None
    return [texts[index] for index in sorted(chosen)]


def _story(prose) -> str:
    return "".join(f"<p>{paragraph}</p>" for paragraph in prose)


def test_a_picture_caption_is_not_kept(rules, prose):
    caption = "Fishermen mend their nets on the north side of the pier early on Tuesday morning."
    html = f"<html><body><article>{_story(prose[:1])}<figure><figcaption>{caption}</figcaption></figure>{_story(prose[1:])}</article></body></html>"
    assert _select(html, rules) == list(prose)


def test_teaser_cards_and_gallery_slides_go_beside_the_article(rules, prose):
    teasers = "".join(
        f'<li><h3><a href="/s/{n}">Ferry timetable changes for winter, part {n}</a></h3>'
        "<p>The island ferry will sail twice a day from November on.</p></li>"
        for n in range(3)
    )
    slides = "".join(f"<li><h2>{n} of 3</h2><p>Boats wait at the quay for the tide to turn.</p></li>" for n in (1, 2, 3))
    html = f"<html><body><div>{_story(prose)}<ul>{teasers}</ul><ul>{slides}</ul></div></body></html>"
    assert _select(html, rules) == list(prose)


def test_teaser_boxes_headed_by_a_link_go_beside_the_article(rules, prose):
    # Not list items: boxes of a "more from the section" grid, each a kicker,
    # a linked headline and a summary, after the story in one container.
    boxes = "".join(
        f'<div class="box"><h4><span>Opinion</span> <a href="/opinion/{n}">Why the quay needs a new crane, part {n}</a></h4>'
        f'<p class="summary">A columnist on the slow decisions of the harbour board about the cranes on the quay.</p></div>'
        for n in range(4)
    )
    html = f"<html><body><div id='story'><div class='body'>{_story(prose)}</div><h2>More columns</h2><div>{boxes}</div></div></body></html>"
    assert _select(html, rules, prose=set(prose)) == list(prose)


def test_a_linked_subheading_of_the_story_stays(rules, prose):
    html = (
        f"<html><body><article><p>{prose[0]}</p><h2><a href='/pier'>The pier's history</a></h2>"
        f"<p>{prose[1]}</p><p>{prose[2]}</p></article></body></html>"
    )
    assert _select(html, rules, prose=set(prose)) == [prose[0], "The pier's history", *prose[1:]]


def test_a_shouted_link_to_the_same_site_goes_and_a_cited_source_stays(rules, prose):
    promo = "<p><strong><a href='https://news.example.org/harbour/ferry-strike'>FERRY CREWS VOTE TO STRIKE OVER PAY</a></strong></p>"
    video = "<p><a href='https://video.example.org/v/1234'>WATCH: THE PIER AT HIGH TIDE</a></p>"
    app = "<p><a href='/apps'>GET THE HARBOUR NEWS APP</a></p>"
    source = "<p><a href='https://tides.example.net/tables'>FULL TIDE TABLES FOR THE YEAR</a></p>"
    plain = "<p><a href='/harbour/ferry-strike'>Ferry crews vote to strike over pay</a></p>"
    html = f"<html><body><article><p>{prose[0]}</p>{promo}{video}<p>{prose[1]}</p>{app}{source}{plain}<p>{prose[2]}</p></article></body></html>"
    kept = _select(html, rules, site="example.org")
    assert kept == [prose[0], prose[1], "FULL TIDE TABLES FOR THE YEAR", "Ferry crews vote to strike over pay", prose[2]]


def test_malformed_addresses_are_links_to_nowhere_not_failures(rules, prose):
    from broadsheet.clean.teasers import site_of

    broken = "<p><a href='http://[harbour/ferry'>FERRY CREWS VOTE TO STRIKE OVER PAY</a></p>"
    html = f"<html><body><article><p>{prose[0]}</p>{broken}<p>{prose[1]}</p></article></body></html>"
    assert _select(html, rules, site="example.org") == [prose[0], "FERRY CREWS VOTE TO STRIKE OVER PAY", prose[1]]
    assert site_of("http://[harbour") is None and site_of("https://www.example.org:8080/x") == "example.org"


def test_list_items_with_plain_headings_stay(rules, prose):
    items = "".join(f"<li><h2>Step {name}</h2><p>Sand the old boards down and oil them twice before the frost.</p></li>" for name in "ABC")
    html = f"<html><body><div>{_story(prose)}<ul>{items}</ul></div></body></html>"
    kept = _select(html, rules)
    assert kept.count("Sand the old boards down and oil them twice before the frost.") == 3


def test_a_second_copy_in_another_container_goes_and_repeats_in_one_stay(rules, prose):
    text = [*prose, "The board will publish the contractor's timetable next week."]
    copy = f"<div class='print-copy'>{_story(text)}</div>"
    html = f"<html><body><div class='text'>{_story(text)}{copy}</div></body></html>"
    assert _select(html, rules) == text
    # The same run twice under one parent is the text repeating itself (a plan for two days).
    twice = f"<html><body><div class='text'>{_story(text)}{_story(text)}</div></body></html>"
    assert _select(twice, rules) == text * 2


def _lines(texts, rules) -> list[Line]:
    stopwords = rules.languages[0].stopwords
    return [Line(text, text, shape_of(text, words_of(text), stopwords)) for text in texts]


def test_headlines_after_a_related_label_leave_the_selection(rules, prose):
    teasers = [f"Harbour Week {n} | the ferry timetable for the winter months" for n in range(3)]
    texts = [*prose, "You may also be interested in...", *teasers]
    selected = frozenset(index for index, text in enumerate(texts) if text in prose or text in teasers)
    sieved = sieve(_lines(texts, rules), rules, Selection(selected, "html.not-extracted"))
    assert [texts[index] for index in range(len(texts)) if index not in sieved.drops] == list(prose)


def test_prose_after_a_related_label_stays_in_the_selection(rules, prose):
    texts = [*prose[:2], "Related articles", "Harbour fees to rise in spring", prose[2]]
    selected = frozenset(index for index, text in enumerate(texts) if text != "Related articles")
    sieved = sieve(_lines(texts, rules), rules, Selection(selected, "html.not-extracted"))
    assert [texts[index] for index in range(len(texts)) if index not in sieved.drops] == [*prose[:2], "Harbour fees to rise in spring", prose[2]]


def test_skipped_prose_beside_kept_paragraphs_comes_back(rules, prose):
    quote = "“We have waited long enough for this pier,” said the harbour master, who has worked on the quay for thirty years."
    aside = "Our weekly newsletter brings the harbour's news to your inbox every Friday morning, free of charge."
    html = (
        f"<html><body><div class='text'><p>{prose[0]}</p><blockquote>{quote}</blockquote><p>{prose[1]}</p>"
        f"<div class='promo'><p>{aside}</p></div><p>{prose[2]}</p></div></body></html>"
    )
    # The extractor skipped the quotation and the promotion; only the quotation sits beside the text.
    kept = _select(html, rules, vote=list(prose), prose={*prose, quote, aside})
    assert kept == [prose[0], quote, prose[1], prose[2]]


SUMMARY = "The board chose timber over steel for the new pier, and the fishermen will lose their berths for the whole of the spring."


def _headed(summary_html: str, prose, headline="<h1>Harbour board backs a new pier</h1>") -> str:
    return (
        f"<html><body><article><header>{headline}{summary_html}<p class='byline'>By Jane Lowell</p>"
        f"<ul class='share'><li><a href='/s'>Share</a></li></ul></header>"
        f"<div class='body'>{_story(prose)}</div></article></body></html>"
    )


def test_a_named_standfirst_between_headline_and_text_comes_back(rules, prose):
    for summary in (f"<p class='article__dek'>{SUMMARY}</p>", f"<div class='standfirst'><p>{SUMMARY}</p></div>"):
        kept = _select(_headed(summary, prose), rules, vote=list(prose), prose={*prose, SUMMARY})
        assert kept == [SUMMARY, *prose]


def test_an_unnamed_box_or_one_without_a_headline_before_it_stays_out(rules, prose):
    # A box of prose before the text that the page does not call a summary
    # (a claim a fact-check quotes, a press release's teaser) is left to the vote.
    unnamed = _headed(f"<div class='statement'><p>{SUMMARY}</p></div>", prose)
    assert _select(unnamed, rules, vote=list(prose), prose={*prose, SUMMARY}) == list(prose)
    headless = _headed(f"<p class='dek'>{SUMMARY}</p>", prose, headline="")
    assert _select(headless, rules, vote=list(prose), prose={*prose, SUMMARY}) == list(prose)


def test_loose_text_between_kept_paragraphs_comes_back(rules, prose):
    # Text set straight into the story's container after an embedded
    # picture, not wrapped in a paragraph of its own.
    loose = "The harbour master said the old timber would be sold to a boatyard, and the money spent on new lamps for the quay."
    html = (
        f"<html><body><div class='story'><p>{prose[0]}</p><p>{prose[1]}</p>"
        f"<figure><img src='pier.jpg'></figure>{loose}<p>{prose[2]}</p></div></body></html>"
    )
    kept = _select(html, rules, vote=list(prose), prose={*prose, loose})
    assert kept == [prose[0], prose[1], loose, prose[2]]


def test_plain_list_among_kept_paragraphs_comes_back_but_a_link_list_does_not(rules, prose):
    steps = ["Soak the timber overnight", "Plane the boards to an even width", "Fix them with brass screws"]
    menu = ["Harbour news", "Weather", "Tide tables"]
    plain_list = "".join(f"<li>{step}</li>" for step in steps)
    link_list = "".join(f'<li><a href="/{name}">{name}</a></li>' for name in menu)
    html = (
        f"<html><body><div class='text'><p>{prose[0]}</p><ol>{plain_list}</ol><p>{prose[1]}</p>"
        f"<ul>{link_list}</ul><p>{prose[2]}</p></div></body></html>"
    )
    # The extractor kept only the paragraphs; the plain steps sit between them, and so does a menu.
    kept = _select(html, rules, vote=list(prose), prose=set(prose))
    assert kept == [prose[0], *steps, prose[1], prose[2]]


def test_lines_of_a_paragraph_broken_by_br_are_separate_units(prose):
    items = "<br>".join(f"{n}) A pair of brass lanterns for the quay, set number {n}" for n in range(1, 4))
    html = f"<html><body><article><h1>Gifts for the harbour</h1>{_story(prose)}<p>{items}</p></article></body></html>"
    units = extract_paragraphs(html)
    assert "2) A pair of brass lanterns for the quay, set number 2" in units
