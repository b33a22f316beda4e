"""The shared corpus of real pages (../shared/corpus): each route's mean token F1 stays above a pinned floor.

`bench/clean_quality.py` prints the same figures with their halves and
folds; this keeps the cleaner from sliding back below the issue's targets
unnoticed. The floors are the means when they were pinned, less a small
margin: raise them when the cleaner gets better, never lower them to pass.
"""

from __future__ import annotations

import statistics

import pytest

from bench.clean_quality import DEFAULT_CORPUS, run_route

FLOORS = {"html": 0.968, "raw": 0.905}

pytestmark = pytest.mark.skipif(not DEFAULT_CORPUS.is_dir(), reason="../shared/corpus is not present")


@pytest.mark.parametrize("route", sorted(FLOORS))
def test_mean_token_f1_stays_above_the_floor(route, rules):
    items = sorted(path for path in DEFAULT_CORPUS.iterdir() if (path / "expected.txt").is_file())
    rows = run_route(items, route, rules)
    mean = statistics.mean(row["f1"] for row in rows)
    worst = ", ".join(f"{row['id']} {row['f1']:.3f}" for row in sorted(rows, key=lambda row: row["f1"])[:5])
    assert mean >= FLOORS[route], f"{route} route: mean F1 {mean:.4f} below the floor {FLOORS[route]} (worst: {worst})"
