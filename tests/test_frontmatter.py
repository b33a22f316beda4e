"""Front matter is written deterministically and reads back as the same fields."""

import datetime

from hypothesis import given, reject, settings
from hypothesis import strategies as st

from broadsheet.frontmatter import dumps, parse
from broadsheet.model import MarkdownDoc, Meta
from broadsheet.read.fields import FieldError, meta_from_fields


def test_written_front_matter_is_readable_yaml():
    meta = Meta(
        title="Port Calder: the vote", date="2026-03-04", source="The Courier", authors=("Ann", "Bo Li"),
        url="https://example.org/a?b=1#c", tags=("politics", "yes"), slug="vote", extra={"section": "Opinion", "n": 3},
    )  # fmt: skip
    text = dumps(MarkdownDoc("x", meta, "Body."))
    assert text.startswith("---\ntitle: \"Port Calder: the vote\"\ndate: 2026-03-04\nsource: The Courier\n")
    fields, body = parse(text)
    assert fields["tags"] == ["politics", "yes"]  # `yes` stays a string, not YAML's true
    assert meta_from_fields(fields) == meta
    assert body.strip() == "Body."


# Untrusted field values: any text at all (controls, lone surrogates, YAML
# syntax, fences), and extra fields of any JSON-like shape.
any_text = st.text(max_size=40) | st.sampled_from(["---", "...", "yes", "null", "~", "1e3", "!!python/object:os.system", "&a", "*a", "%YAML 1.1", "- x", "a: b", "#c", "{{ 7*7 }}", "'", '"'])
scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | any_text
extra_values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(any_text, inner, max_size=3), max_leaves=8)
names = any_text | st.lists(any_text, max_size=4)
dates = st.dates(min_value=datetime.date(1800, 1, 1)).map(str) | st.datetimes(min_value=datetime.datetime(1800, 1, 2), timezones=st.none() | st.just(datetime.timezone.utc)).map(lambda d: d.isoformat(timespec="seconds"))
stated_fields = st.fixed_dictionaries(
    {},
    optional={
        "title": any_text, "date": dates, "source": any_text, "authors": names, "url": any_text, "tags": names,
        "summary": any_text, "slug": any_text, "lang": any_text | st.sampled_from(["en", "pt-BR", "zh-Hant-TW"]),
        "published": any_text, "headline": any_text,
    },
)  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(stated=stated_fields, extra=st.dictionaries(any_text, extra_values, max_size=4))
def test_front_matter_round_trips_every_field(stated, extra):
    """Whatever metadata an input states, `import` writes it so a build reads back the same `Meta`."""
    try:
        meta = meta_from_fields({**extra, **stated})
    except FieldError:
        reject()  # refused with a reason at read time: never written
    text = dumps(MarkdownDoc("x", meta, "Body."))
    fields, body = parse(text)
    assert meta_from_fields(fields) == meta
    assert body.strip() == "Body."


def test_front_matter_is_optional():
    assert parse("# Just markdown\n\nText.") == ({}, "# Just markdown\n\nText.")


def test_a_page_kept_in_an_extra_field_is_noted_and_the_front_matter_still_reads():
    """Dumps carry whole pages in fields like `html`: front matter must stay readable, and say what was left out."""
    meta = meta_from_fields({"title": "T", "html": "<p>" + "word " * 100_000 + "</p>", "section": "News"})
    assert meta.extra["section"] == "News" and meta.extra["html"].startswith("[500,013 characters left out")
    fields, _ = parse(dumps(MarkdownDoc("x", meta, "Body.")))
    assert meta_from_fields(fields) == meta
