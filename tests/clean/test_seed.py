"""The reference raw input (../shared/seed) cleans to exactly its seven body paragraphs."""

from __future__ import annotations

from pathlib import Path

import pytest

from broadsheet.clean import clean
from broadsheet.model import Article, Meta, RawDoc

SEED = Path(__file__).resolve().parents[2] / ".." / "shared" / "seed" / "000_3c99027021f53b11.txt"

pytestmark = pytest.mark.skipif(not SEED.is_file(), reason="../shared/seed is not present")


@pytest.fixture(scope="module")
def seed(rules) -> tuple[list[str], Article]:
    text = SEED.read_text(encoding="utf-8")
    result = clean(RawDoc(SEED.name, "text", text, Meta()), rules)
    assert isinstance(result, Article), result
    return text.splitlines(), result


def test_exactly_the_seven_body_paragraphs(seed):
    lines, article = seed
    assert len(article.paragraphs) == 7
    # The body is the first seven lines, with only the lost spaces put back.
    for paragraph, line in zip(article.paragraphs, lines[:7]):
        assert paragraph.replace(" ", "") == line.strip().replace(" ", "")


def test_glue_repaired_and_abbreviations_intact(seed):
    _lines, article = seed
    body = "\n".join(article.paragraphs)
    for repaired in ("province. In addition", "sides. The U.S.", "attack. But U.S."):
        assert repaired in body
    for glued in ("province.In", "sides.The", "attack.But"):
        assert glued not in body
    assert "U.S.-led" in body and "U.S. law" in body


def test_no_junk_line_left(seed):
    lines, article = seed
    assert all(verdict.rule is not None for verdict in article.trace[7:])
    body = "\n".join(article.paragraphs)
    for junk in ("Disclaimer", "{{", "₹", "Subscribe", "Log in", "Renews"):
        assert junk not in body


def test_metadata(seed):
    _lines, article = seed
    assert article.meta.source == "Business Standard"
    assert article.meta.date is None
    assert article.meta.title
    assert article.meta.lang == "en"


def test_trace_names_the_rules(seed):
    lines, article = seed
    assert [verdict.text for verdict in article.trace] == lines
    rules_used = {verdict.rule for verdict in article.trace}
    assert {"disclaimer.publisher", "paywall.limit-notice", "price-list"} <= rules_used
