"""Related stories: shared topics, names and words relate stories; nothing else does."""

from __future__ import annotations

from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from broadsheet import collect as collect_module
from broadsheet import related as related_module
from broadsheet.model import Meta, RenderedArticle
from broadsheet.process import file_article
from broadsheet.related import profile, related


def article(title, text, *, date="2026-03-01", tags=(), source=None, origin=None):
    return RenderedArticle(origin or title, Meta(title=title, date=date, tags=tuple(tags), source=source), "", text, len(text.split()))


def collect(articles, copies, **settings):
    """The site of these rendered articles, as the build collects them: each profiled where it is rendered."""
    return collect_module.collect([file_article(item) for item in articles], copies, **settings)


def profiles_of(site):
    return {entry.slug: entry.article.profile for entry in site.entries}


def links_by_title(articles, **kwargs):
    site = collect(articles, {}, per_page=20, summary_words=40)
    title = {entry.slug: entry.article.meta.title for entry in site.entries}
    found = related(site.entries, profiles=profiles_of(site), **kwargs)
    return {title[slug]: [title[other] for other in others] for slug, others in found.items()}, site


FILLER = (
    "Officials met on Monday to discuss the matter further. Residents said they were waiting to hear more. "
    "The meeting ended without a decision, and another is planned."
)


def test_stories_sharing_names_and_a_topic_are_related_and_unrelated_ones_are_not():
    articles = [
        article("Bridge vote delayed", f"The council in Port Calder delayed the Tessel Bay bridge vote. {FILLER}", tags=["politics"]),
        article("Bridge vote passes", f"Port Calder councillors approved the Tessel Bay bridge at last. {FILLER}", tags=["politics"]),
        article("Comet found", "An amateur astronomer, Marit Ilves, spotted a comet from her garden in Ashgrove.", tags=["science"]),
        article("Comet named", "The comet Marit Ilves found over Ashgrove will carry her name, astronomers said.", tags=["science"]),
        article("Cake sale", "The school cake sale raised money for new books. Parents baked all week."),
    ]
    links, site = links_by_title(articles)
    assert links["Bridge vote delayed"][0] == "Bridge vote passes"
    assert links["Comet found"] == ["Comet named"]
    assert links["Comet named"] == ["Comet found"]
    assert links["Cake sale"] == []
    by_title = {entry.article.meta.title: entry for entry in site.entries}
    assert by_title["Comet found"].related == (by_title["Comet named"].slug,)  # collect() fills Entry.related


def test_a_shared_source_alone_relates_nothing():
    articles = [
        article("Alpha", "Apples grow in orchards near the river every autumn.", source="Wire"),
        article("Beta", "Trains were late again because of signal faults downtown.", source="Wire"),
    ]
    links, _ = links_by_title(articles)
    assert links == {"Alpha": [], "Beta": []}


def test_names_are_capitalised_runs_met_mid_sentence():
    found = profile(
        article(
            "t",
            "The Harbour Bridge opened. Crowds came to see the Harbour Bridge and Mayor Ana de la Cruz.\n"
            "Yesterday was quiet. In March the Calder Observatory's telescope saw it.",
        )
    ).names
    assert "harbour bridge" in found
    assert "mayor ana de la cruz" in found
    assert "calder observatory" in found
    assert "yesterday" not in found  # opens a sentence: any word may
    assert "march" not in found and "in march" not in found  # calendar words name nothing


def test_at_most_k_never_itself_and_deterministic():
    articles = [article(f"Story {n}", f"Port Calder harbour news number {n}. {FILLER}", tags=["local"]) for n in range(12)]
    first, site = links_by_title(articles, k=3)
    again, _ = links_by_title(list(reversed(articles)), k=3)
    assert first == again
    for title, others in first.items():
        assert len(others) <= 3 and title not in others


def test_a_common_feature_relates_only_stories_near_in_time(monkeypatch):
    monkeypatch.setattr(related_module, "WINDOW", 2)
    articles = [
        article(f"Story {n:02d}", f"Harbour Calder news. {FILLER}", date=f"2026-01-{n + 1:02d}", tags=["local"])
        for n in range(20)
    ]
    links, _ = links_by_title(articles)
    for title, others in links.items():
        number = int(title.split()[1])
        assert others and all(abs(int(other.split()[1]) - number) <= 2 for other in others)


def test_profiles_made_with_the_search_terms_or_alone_give_the_same_result():
    articles = [article(f"Story {n}", f"Marit Ilves and the comet over Ashgrove, part {n}.", tags=["science"]) for n in range(5)]
    site = collect(articles, {}, per_page=20, summary_words=40)
    rendered = {item.origin: item for item in articles}
    alone = {entry.slug: profile(rendered[entry.article.origin]) for entry in site.entries}
    assert related(site.entries, profiles=alone) == related(site.entries, profiles=profiles_of(site))


words = st.sampled_from("harbour bridge comet ashgrove budget tram ferry strike council festival".split())


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.lists(words, min_size=3, max_size=12), st.lists(st.sampled_from(["a", "b", "c"]), max_size=2)), min_size=1, max_size=15))
def test_any_site_links_only_to_its_own_other_stories(specs):
    articles = [article(f"Story {n}", " ".join(text), tags=tags, origin=f"s{n}") for n, (text, tags) in enumerate(specs)]
    site = collect(articles, {}, per_page=20, summary_words=40)
    slugs = {entry.slug for entry in site.entries}
    for entry in site.entries:
        assert len(entry.related) <= related_module.RELATED_COUNT
        assert entry.slug not in entry.related
        assert set(entry.related) <= slugs
        assert len(set(entry.related)) == len(entry.related)


def test_a_profile_can_reuse_the_search_terms():
    from broadsheet.terms import search_terms

    story = article("Comet found", "Marit Ilves found a comet over Ashgrove. The comet is faint, said Marit Ilves.")
    shared = profile(story, search_terms(story))
    assert shared.names == profile(story).names
    assert dict(zip(shared.words, shared.counts))["comet"] == search_terms(story)["comet"]  # title words weigh more there


@settings(max_examples=80, deadline=None)
@given(st.text(max_size=40), st.text(max_size=300))
def test_one_pass_over_the_terms_gives_the_profile_and_search_terms_of_two(title, text):
    from broadsheet.terms import article_terms, search_terms, terms

    story = article(title or "t", text)
    plain, weighted = article_terms(story)
    assert profile(story, plain) == profile(story)
    assert list(plain.items()) == list(Counter(terms(story.meta.title + "\n" + story.text)).items())  # same order of first use
    assert weighted == search_terms(story)


def test_the_relations_key_follows_what_related_reads():
    from dataclasses import replace

    from broadsheet.related import relations_key

    articles = [article(f"Story {n}", f"Marit Ilves and the comet over Ashgrove, part {n}. {FILLER}", tags=["science"]) for n in range(4)]
    site = collect(articles, {}, per_page=20, summary_words=40)
    profiles = profiles_of(site)
    key = relations_key(site.entries, profiles)
    assert key == relations_key(site.entries, dict(profiles))
    first = site.entries[0]
    named = {**profiles, first.slug: replace(profiles[first.slug], names=("tessel bay",))}
    assert relations_key(site.entries, named) != key  # another name: other features
    retagged = [replace(first, tags=())] + list(site.entries[1:])
    assert relations_key(retagged, profiles) != key
    assert relations_key(list(reversed(site.entries)), profiles) != key  # order counts: neighbours are by time


def test_scored_in_workers_the_links_are_the_same(monkeypatch):
    from functools import partial

    from broadsheet.parallel import fork_map

    topics = ["harbour", "comet", "budget"]
    articles = [
        article(f"Story {n}", f"Marit Ilves on the {topics[n % 3]} at Ashgrove, part {n}. {FILLER}", date=f"2026-03-{1 + n % 28:02d}", tags=[topics[n % 3]])
        for n in range(40)
    ]
    site = collect(articles, {}, per_page=20, summary_words=40)
    monkeypatch.setattr(related_module, "ENTRIES_PER_TASK", 7)  # six tasks, on two workers
    spread = related(site.entries, profiles=profiles_of(site), spread=partial(fork_map, workers=2))
    assert spread == related(site.entries, profiles=profiles_of(site))
    assert sum(map(len, spread.values())) > 40  # stories with links to compare
