"""Slugs are safe file names, stable, and unique."""

import re

from hypothesis import given
from hypothesis import strategies as st

from broadsheet.slug import MAX_SLUG_CHARS, slugify, unique_slugs

SAFE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def test_readable_slugs():
    assert slugify("Port Calder's £3.5m bridge: what next?") == "port-calder-s-3-5m-bridge-what-next"
    assert slugify("Sainte-Aude : le marché couvert rouvre") == "sainte-aude-le-marche-couvert-rouvre"
    assert slugify("Straße & Ærø") == "strasse-and-aero"


def test_hostile_and_empty_names():
    assert slugify("../../etc/passwd") == "etc-passwd"
    assert slugify("CON") == "con-article"
    assert re.fullmatch(r"article-[0-9a-f]{8}", slugify("政治ニュース"))
    assert slugify("政治ニュース") == slugify("政治ニュース")
    assert slugify("\x00/\\") .startswith("article-")


@given(st.text())
def test_any_text_gives_a_safe_slug(text):
    slug = slugify(text)
    assert SAFE.fullmatch(slug) and len(slug) <= MAX_SLUG_CHARS + 9


@given(st.lists(st.tuples(st.text(min_size=1), st.sampled_from(["a", "b", "a-1"])), unique_by=lambda c: c[0]))
def test_unique_slugs_are_unique_and_stable(claims):
    result = unique_slugs(claims)
    assert len(set(result.values())) == len(claims)
    # A claimant's slug does not depend on later claimants.
    for cut in range(len(claims)):
        prefix = unique_slugs(claims[:cut])
        assert all(result[key] == slug for key, slug in prefix.items())


@given(st.text() | st.sampled_from(["CON", "Nul", "aux", "COM1", "lpt9", "com¹", "CON.txt", "..", "/", "\x00"]), st.sampled_from(["article", "tag", "source"]))
def test_no_slug_is_a_name_windows_reserves(text, kind):
    slug = slugify(text, kind=kind)
    reserved = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}
    assert SAFE.fullmatch(slug) and slug not in reserved  # `con.html` is reserved on Windows; `con-0.html` is not
    assert slugify(text, kind=kind) == slug  # stable: the same text, the same slug
