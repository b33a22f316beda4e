"""Bounded fuzzing of every reader and of the whole per-file path, with hypothesis.

`broadsheet.process.process` (read → clean → Markdown → render) runs on
generated files of every input type: random bytes, and structured inputs
(JSON values, JSONL lines, front matter and Markdown, tag soup, scraped
text) seeded with attack strings. For every one it must return articles or
reasons, never raise, never fall back on its internal-error safety net, and
every article's HTML must be safe. Each test is bounded (`max_examples`) so
the whole file runs in seconds in `make test`.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from broadsheet.clean import clean, load_rules
from broadsheet.convert import to_markdown
from broadsheet.model import Article, RawDoc, Rejected, RenderedArticle, SourceFile
from broadsheet.process import INTERNAL_ERROR
from broadsheet.read import READERS, read
from broadsheet.read.chars import text_only
from broadsheet.render import ALLOWED_TAGS, render
from tests.hostile.corpus import HANDLER, JINJA, SCRIPT
from tests.hostile.rendered import process_rendered
from tests.hostile.safety import markup_problems

RULES = load_rules()
# A few seconds in `make test`; BROADSHEET_FUZZ_EXAMPLES=20000 for a long hunt.
EXAMPLES = int(os.environ.get("BROADSHEET_FUZZ_EXAMPLES", "200"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
ATTACKS = (
    SCRIPT, JINJA, f'<img src=x onerror="{HANDLER}">', "<svg onload=alert(1)>", "javascript:alert(1)", "[x](javascript:alert(1))",
    "<iframe src=//evil.example>", "<!--", "<![CDATA[", "<style>", "<math><mtext><table><mglyph><style>", "&#0;", "&#x110000;",
    "\x00", "\ud800", "\u202e", "\ufeff", "\r\n", "\x1b[31m", "---", "...", "- ", "> ", "# ", "1. ", "```", "~~~", "|a|b|\n|-|-|",
    "*", "_", "[", "]", "(", ")", "<", ">", "&amp;", "\\", "    ", "\t", "\n\n", "é", "東京", "😀", "\u0301", "\u200d",
)  # fmt: skip
attack = st.sampled_from(ATTACKS)
words = st.text(st.characters(codec="utf-8"), max_size=12)
hostile_text = st.lists(st.one_of(attack, words, st.sampled_from(["The council met.", "Officials said the plan", "would cost more."])), max_size=30).map("".join)


def _check(results: tuple, name: str) -> None:
    assert isinstance(results, tuple) and results, "every input gives at least one result"
    for item in results:
        assert isinstance(item, (RenderedArticle, Rejected))
        assert item.origin == name or item.origin.startswith(name + "#") or item.origin.endswith(".json"), item.origin
        if isinstance(item, Rejected):
            assert item.reason and INTERNAL_ERROR not in item.reason, item.reason
            continue
        assert item.text.strip() and item.words > 0
        assert markup_problems(item.html, allowed_tags=ALLOWED_TAGS) == []
        assert text_only(item.html) == item.html, "no control character, lone surrogate or noncharacter reaches a page"
        for value in (item.meta.title, item.meta.source or "", *item.meta.authors, *item.meta.tags, item.meta.summary or ""):
            assert text_only(value) == value and "\n" not in value


def _process(name: str, data: bytes, sidecar: bytes | None = None) -> tuple:
    path = Path("/nonexistent") / name
    source = SourceFile(str(path), name, str(path.with_suffix(".json")) if sidecar is not None else None)
    results = process_rendered(source, data, sidecar, RULES)
    _check(results, name)
    return results


@FUZZ
@given(suffix=st.sampled_from(sorted(READERS)), data=st.binary(max_size=3000), sidecar=st.none() | st.binary(max_size=300))
def test_any_bytes_through_any_reader(suffix, data, sidecar):
    docs = read(SourceFile("/x/a" + suffix, "a" + suffix, "/x/a.json" if sidecar is not None else None), data, sidecar)
    for doc in docs:
        assert isinstance(doc, (RawDoc, Rejected))
        if isinstance(doc, RawDoc):
            assert text_only(doc.text) == doc.text
    _process("a" + suffix, data, sidecar)


json_scalars = st.none() | st.booleans() | st.integers() | st.floats() | hostile_text
json_values = st.recursive(json_scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(hostile_text, inner, max_size=4), max_leaves=12)
FIELD_NAMES = ["title", "headline", "text", "body", "content", "date", "published", "url", "link", "source", "site_name", "author", "authors", "tags", "keywords", "summary", "slug", "lang"]
articles = st.dictionaries(st.sampled_from(FIELD_NAMES) | hostile_text, json_values | hostile_text | st.sampled_from(["2026-03-04", "2026-02-30", "March 3, 2026", "0000-01-01"]), max_size=8)


@FUZZ
@given(value=json_values | articles | st.lists(articles, max_size=4))
def test_json_files(value):
    _process("a.json", json.dumps(value).encode())


@FUZZ
@given(lines=st.lists(articles.map(json.dumps) | hostile_text, max_size=6))
def test_jsonl_files(lines):
    _process("a.jsonl", "\n".join(lines).encode("utf-8", "surrogatepass"))


yaml_lines = st.lists(
    st.one_of(
        st.tuples(st.sampled_from(FIELD_NAMES) | words, hostile_text).map(lambda kv: f"{kv[0]}: {kv[1]}"),
        st.sampled_from(["tags:", "  - a", "  - *x", "a: &x [1, 2]", "b: !!python/object:os.system x", "date: 2026-03-04", "? [a]", ": b", "%YAML 1.1", "x: |", "  text"]),
    ),
    max_size=8,
)


@FUZZ
@given(front=st.none() | yaml_lines, body=hostile_text)
def test_markdown_files(front, body):
    text = body if front is None else "---\n" + "\n".join(front) + "\n---\n" + body
    _process("a.md", text.encode("utf-8", "surrogatepass"))


tags = st.sampled_from(["p", "div", "article", "main", "h1", "script", "style", "title", "meta", "a", "b", "ul", "li", "table", "td", "svg", "math", "iframe", "noscript", "template", "body", "head", "html"])
soup = st.lists(
    st.one_of(
        tags.map(lambda t: f"<{t}>"), tags.map(lambda t: f"</{t}>"), hostile_text,
        st.tuples(tags, st.sampled_from(["onload", "onerror", "href", "src", "content", "property", "name", "lang"]), hostile_text).map(lambda t: f"<{t[0]} {t[1]}=\"{t[2]}\">"),
    ),
    max_size=40,
).map("".join)  # fmt: skip


@FUZZ
@given(page=soup, sidecar=st.none() | articles.map(lambda a: json.dumps({k: v for k, v in a.items() if k not in ("text", "body", "content")}).encode()))
def test_html_files(page, sidecar):
    _process("a.html", page.encode("utf-8", "surrogatepass"), sidecar)


@FUZZ
@given(lines=st.lists(hostile_text, max_size=12), sidecar=st.none() | st.binary(max_size=200))
def test_text_files(lines, sidecar):
    _process("a.txt", "\n".join(lines).encode("utf-8", "surrogatepass"), sidecar)


# The `.txt` → Markdown → HTML property: the cleaner may drop lines (that is
# its job), but every paragraph it keeps reaches the page as the same text.
scraped_lines = st.lists(
    st.one_of(
        hostile_text,
        st.sampled_from([
            "The harbour council approved new ferry berths on Tuesday after a long debate, officials said.",
            "Residents of the old quarter said they had waited years for the repairs to the sea wall.",
            "Subscribe now for £1 a week", "Share this article", "Advertisement", "Read more: other stories",
        ]),
    ),
    min_size=1, max_size=14,
)  # fmt: skip


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(lines=scraped_lines)
def test_every_paragraph_the_cleaner_keeps_reaches_the_page_as_the_same_text(lines):
    data = "\n".join(lines).encode("utf-8", "surrogatepass")
    [doc] = [doc for doc in read(SourceFile("/x/a.txt", "a.txt"), data, None)]
    assume(isinstance(doc, RawDoc))
    article = clean(doc, RULES)
    assume(isinstance(article, Article))
    kept = [" ".join(paragraph.split()) for paragraph in article.paragraphs if paragraph.strip()]
    assume(kept)
    rendered = render(to_markdown(article))
    assert isinstance(rendered, RenderedArticle)
    assert rendered.text.split("\n") == kept
    [result] = _process("a.txt", data)  # and the whole path agrees
    assert result.text == rendered.text
