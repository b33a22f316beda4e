"""Inputs built to be slow or deep finish quickly, without RecursionError: time grows with size, not faster.

Speed is measured as a ratio taken in one run (the machine is shared, so
absolute times drift): each input is timed at a size and at four times that
size. Linear work gives a ratio near 4, quadratic near 16; the test allows
up to 10, in up to three attempts of interleaved runs, since another
process can steal the CPU mid-measurement.

The absolute bound is generous on purpose: 10 s for a 40 KB article. The
slowest case here takes well under a second on the 2-core CI machine;
Python-Markdown without `broadsheet.markdown_guard` took over 20 s on
several of these at that size, which is what the bound is there to catch. `bench/pathological.py` prints the
figures, up to the 1,000,000-character limit for one article (about 20 s
for the slowest input there).
"""

from __future__ import annotations

import time

import pytest

from broadsheet.clean import load_rules
from broadsheet.model import MarkdownDoc, Meta, Rejected, RenderedArticle, SourceFile
from broadsheet.render import render
from tests.hostile.pathological import FILES, MARKDOWN
from tests.hostile.rendered import process_rendered

SIZE = 10_000
GROWTH = 4
MAX_RATIO = 10.0
MAX_SECONDS = 10.0
TOO_FAST_TO_TIME = 0.05  # below this, a ratio is mostly noise


def _timed(action) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def _check_growth(make_action, attempts: int = 3) -> None:
    """Pass as soon as one attempt shows linear growth: load from other processes only ever inflates a ratio
    for a moment, while a quadratic step shows in every attempt."""
    small_action, large_action = make_action(SIZE), make_action(SIZE * GROWTH)
    for _ in range(attempts):
        small = large = float("inf")
        for _ in range(3):  # interleaved, so a burst of load hits both sizes alike
            small = min(small, _timed(small_action))
            large = min(large, _timed(large_action))
        assert large < MAX_SECONDS, f"{large:.1f} s for {SIZE * GROWTH} bytes"
        if large < TOO_FAST_TO_TIME or large / small < MAX_RATIO:
            return
    pytest.fail(f"time grew {large / small:.1f}× for {GROWTH}× the input ({small:.3f} s → {large:.3f} s)")


@pytest.mark.parametrize("name", list(MARKDOWN))
def test_pathological_markdown_renders_in_linear_time(name):
    generate = MARKDOWN[name]
    result = render(MarkdownDoc("x.md", Meta(title="t"), generate(SIZE)))
    assert isinstance(result, (RenderedArticle, Rejected))  # never an exception
    assert not isinstance(result, Rejected) or "nested too deeply" not in result.reason

    def make_action(size: int):
        doc = MarkdownDoc("x.md", Meta(title="t"), generate(size))
        return lambda: render(doc)

    _check_growth(make_action)


@pytest.mark.parametrize("name", list(FILES))
def test_pathological_files_are_processed_in_linear_time(name):
    file_name, generate = FILES[name]
    rules = load_rules()
    source = SourceFile(file_name, file_name)
    results = process_rendered(source, generate(SIZE).encode(), None, rules)
    assert results and all(isinstance(item, (RenderedArticle, Rejected)) for item in results)

    def make_action(size: int):
        data = generate(size).encode()
        return lambda: process_rendered(source, data, None, rules)

    _check_growth(make_action)


def test_ten_thousand_levels_of_nesting_keep_their_text():
    for source in (">" * 10_000 + " deep", "- " * 10_000 + "deep", "> - " * 5_000 + "deep", "1. " * 10_000 + "deep"):
        result = render(MarkdownDoc("x.md", Meta(title="t"), source))
        assert isinstance(result, RenderedArticle) and result.text.endswith("deep")
        assert result.html.count("<blockquote>") + result.html.count("<li>") <= 40


def test_sixteen_levels_of_real_nesting_are_all_kept():
    lines = [">" * 8 + " " + "    " * level + "- level " + str(level) for level in range(16)]
    result = render(MarkdownDoc("x.md", Meta(title="t"), "\n".join(lines)))
    assert all(f"level {level}" in result.text for level in range(16))
