"""Collect: reading order, stable slugs, collections and pagination."""

from broadsheet.collect import collect, list_pages, page_path, summarize
from broadsheet.model import ArticleInfo, Meta, Profile, Sketch
from broadsheet.process import lead_of


def _article(origin, title, date=None, **meta):
    text = f"{title} body text with enough words to be a real paragraph of the story."
    return ArticleInfo(origin, Meta(title=title, date=date, **meta), len(text.split()), text, f"hash-of-{origin}", Sketch(None, None), Profile((), (), ()))


def _site(articles, per_page=2):
    return collect(articles, {}, per_page=per_page, summary_words=40)


def test_newest_first_undated_last_and_order_independent():
    articles = [
        _article("a", "Old", "2026-01-05"),
        _article("b", "Undated B"),
        _article("c", "New", "2026-03-01T10:00:00+01:00"),
        _article("d", "Undated A"),
        _article("e", "Same day", "2026-03-01"),
    ]
    site = _site(articles)
    assert [e.article.meta.title for e in site.entries] == ["New", "Same day", "Old", "Undated A", "Undated B"]
    assert _site(list(reversed(articles))) == site


def test_slugs_survive_other_articles_coming_and_going():
    first = _article("x.txt", "Bridge vote", "2026-01-01")
    later = _article("y.txt", "Bridge vote", "2026-02-01")
    alone = _site([first]).entries[0].slug
    both = {e.article.origin: e.slug for e in _site([first, later]).entries}
    assert alone == both["x.txt"] == "bridge-vote"
    assert both["y.txt"].startswith("bridge-vote-") and both["y.txt"] == {e.article.origin: e.slug for e in _site([later, first]).entries}["y.txt"]


def test_collections_and_pages():
    articles = [_article(str(i), f"T{i}", f"2026-0{1 + i % 3}-10", tags=("Climate", "climate ") if i % 2 else ("Sport",), source="The Post") for i in range(5)]
    site = _site(articles, per_page=2)
    assert site.home.page_paths == ("index.html", "page/1.html")  # the front page holds 3, page 1 the 2 oldest
    assert [(c.ref.name, len(c.entries)) for c in site.tags] == [("Climate", 2), ("Sport", 3)]
    assert site.sources[0].page_paths == ("sources/the-post/index.html", "sources/the-post/1.html")
    assert [c.ref.slug for c in site.months] == ["2026-03", "2026-02", "2026-01"]
    assert site.months[0].ref.name == "March 2026"


def test_undated_month_and_paths():
    site = _site([_article("a", "A")])
    assert site.months[0].ref.path == "archive/undated/index.html"
    assert page_path("tag", "x", 3) == "tags/x/3.html"
    assert page_path("tag", "x", None) == "tags/x/index.html"


def test_numbered_pages_keep_their_entries_when_newer_ones_arrive():
    for count in range(0, 130):
        pages = list_pages("home", "", count, per_page=10)
        assert sum(page.stop - page.start for page in pages) == count
        assert [page.start for page in pages[1:]] == [page.stop for page in pages[:-1]]  # contiguous, newest first
        front, numbered = pages[0], pages[1:]
        assert front.number is None and 10 <= front.stop < 20 or count < 20 and len(pages) == 1
        for page in numbered:
            assert page.stop - page.start == 10
            # page N always holds the entries N*10-9 .. N*10 counted from the oldest
            assert (count - page.stop, count - page.start) == ((page.number - 1) * 10, page.number * 10)
        later = list_pages("home", "", count + 1, per_page=10)
        assert {(p.path, count - p.start) for p in numbered} <= {(p.path, count + 1 - p.start) for p in later}


def test_summary_is_the_first_real_paragraph_cut_at_a_word():
    text = "Photo: Someone\nThe council voted late on Tuesday to demolish the old bridge and build a new one in its place."
    assert summarize(lead_of(text), 8) == "The council voted late on Tuesday to demolish…"


# Hostile titles, tags and sources (issue 7): every path the site gets is safe, unique and stable.

import datetime  # noqa: E402

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from broadsheet.publish import check_path  # noqa: E402

_names = st.text(max_size=30) | st.sampled_from(["CON", "nul", "../..", "/etc/passwd", "", " ", "政治", "!!!", "C++", "C#", "c", "index", "page"])
_hostile_articles = st.lists(
    st.tuples(_names, st.none() | st.dates(max_value=datetime.date(2900, 1, 1)).map(str), st.lists(_names, max_size=3), st.none() | _names, st.none() | _names),
    max_size=8,
)


def _hostile_site(specs):
    articles = [
        _article(f"in/{n}.md", title, date, tags=tuple(t for t in tags if t.strip()), source=source or None, slug=slug)
        for n, (title, date, tags, source, slug) in enumerate(specs)
    ]
    return articles, _site(articles)


@settings(max_examples=150, deadline=None)
@given(_hostile_articles)
def test_any_names_give_safe_unique_paths(specs):
    _, site = _hostile_site(specs)
    paths = [entry.path for entry in site.entries]
    for collection in (site.home, *site.tags, *site.sources, *site.months):
        paths += collection.page_paths
    assert len(paths) == len(set(paths)), "no two pages share a file"
    for path in paths:
        check_path(path)  # raises on anything that could leave the output folder
        assert path.rsplit("/", 1)[-1].split(".")[0] not in ("con", "nul", "aux", "prn")


@settings(max_examples=150, deadline=None)
@given(_hostile_articles, st.randoms(use_true_random=False))
def test_slugs_do_not_depend_on_input_order_or_on_newer_articles(specs, rng):
    articles, site = _hostile_site(specs)
    slugs = {entry.article.origin: entry.slug for entry in site.entries}
    shuffled = list(articles)
    rng.shuffle(shuffled)
    assert {e.article.origin: e.slug for e in _site(shuffled).entries} == slugs
    newer = [_article(f"new/{n}.md", a.meta.title, "2999-01-01", slug=a.meta.slug) for n, a in enumerate(articles)]
    after = {e.article.origin: e.slug for e in _site(articles + newer).entries}
    dated = {a.origin for a in articles if a.meta.date}  # an undated article has no age to defend its URL with
    assert all(after[origin] == slugs[origin] for origin in dated), "newer articles never take an existing URL"
