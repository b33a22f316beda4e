"""Front matter is written deterministically and reads back as the same fields."""

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from broadsheet.frontmatter import dumps, parse
from broadsheet.model import MarkdownDoc, Meta
from broadsheet.read.fields import meta_from_fields

# Field values as readers produce them: NFC, one line, no invisible characters, trimmed.
line = st.text(st.characters(blacklist_categories=("Cc", "Cs", "Cf")), min_size=1, max_size=60).map(
    lambda s: " ".join(unicodedata.normalize("NFC", s).split())
).filter(bool)


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


@settings(max_examples=300, deadline=None)
@given(title=line, source=line, authors=st.lists(line, max_size=3, unique=True), tags=st.lists(line, max_size=3, unique=True), summary=line)
def test_front_matter_round_trips_every_field(title, source, authors, tags, summary):
    meta = Meta(title=title, source=source, authors=tuple(authors), tags=tuple(tags), summary=summary)
    fields, _ = parse(dumps(MarkdownDoc("x", meta, "Body.")))
    assert meta_from_fields(fields) == meta


def test_front_matter_is_optional():
    assert parse("# Just markdown\n\nText.") == ({}, "# Just markdown\n\nText.")
