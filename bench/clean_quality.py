"""Measure the cleaner against a corpus of real pages with checked bodies.

    python bench/clean_quality.py [CORPUS_DIR] [--route raw|html|both]
                                  [--folds K] [--json FILE] [--worst N]

Each item is a folder with `raw.txt` (every visible block of the page, one per
line), `page.html` (the saved page) and `expected.txt` (the article body).
The raw route cleans `RawDoc(format="text", text=raw.txt)`, the html route
`RawDoc(format="html", text=page.html)`. The score is token-level F1: the
bag of whitespace-separated words of the cleaned body (paragraphs joined by
newlines) against expected.txt. Trafilatura's own extraction of page.html is
scored in the same run, for comparison.

Time per item is CPU time (`time.process_time`), so that other work on the
machine does not inflate it.

Items are split in two halves by a hash of their folder name: the cleaner's
heuristics are tuned on the `tune` half (even hash) and the `held-out` half
shows whether that tuning generalises. `--folds K` also splits them into K
folds by another hash and prints the mean F1 of each, so the spread between
folds shows how much a difference between two runs can be noise. Items whose
`meta.json` names where the checked text comes from are also scored per
origin (human-annotated benchmark or another tool's fixture).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import statistics
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from broadsheet.clean import clean, load_rules  # noqa: E402
from broadsheet.model import Article, Meta, RawDoc  # noqa: E402

DEFAULT_CORPUS = REPO / ".." / "shared" / "corpus"


@dataclass(frozen=True)
class Score:
    precision: float
    recall: float
    f1: float


def score(predicted: str, expected: str) -> Score:
    """Token F1 over multisets of whitespace-separated words."""
    got, want = Counter(predicted.split()), Counter(expected.split())
    common = sum((got & want).values())
    precision = common / sum(got.values()) if got else 0.0
    recall = common / sum(want.values()) if want else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Score(precision, recall, f1)


def half(item_id: str) -> str:
    """`tune` or `held-out`, fixed by a hash of the item's id."""
    return "tune" if hashlib.sha256(item_id.encode()).digest()[0] % 2 == 0 else "held-out"


def fold(item_id: str, folds: int) -> int:
    """The item's fold in 0..folds-1, fixed by a hash of its id (independent of its half)."""
    return int.from_bytes(hashlib.sha256(item_id.encode()).digest()[1:9], "big") % folds


def origin(folder: Path) -> str:
    """Where the item's checked text comes from: the `source_repo` of its meta.json, if any."""
    try:
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return "unknown"
    return str(meta.get("source_repo", "unknown")) if isinstance(meta, dict) else "unknown"


def body_of(result) -> str:
    return "\n".join(result.paragraphs) if isinstance(result, Article) else ""


def run_route(items, route: str, rules) -> list[dict]:
    rows = []
    for folder in items:
        expected = (folder / "expected.txt").read_text(encoding="utf-8")
        source = folder / ("raw.txt" if route == "raw" else "page.html")
        text = source.read_text(encoding="utf-8", errors="replace")
        doc = RawDoc(folder.name, "text" if route == "raw" else "html", text, Meta())
        started = time.process_time()
        result = clean(doc, rules)
        elapsed = time.process_time() - started
        measured = score(body_of(result), expected)
        rows.append(
            {
                "id": folder.name,
                "half": half(folder.name),
                "route": route,
                "precision": measured.precision,
                "recall": measured.recall,
                "f1": measured.f1,
                "ms": elapsed * 1000,
                "words": len(text.split()),
                "rejected": None if isinstance(result, Article) else result.reason,
            }
        )
    return rows


def run_trafilatura(items) -> list[dict]:
    import trafilatura

    rows = []
    for folder in items:
        expected = (folder / "expected.txt").read_text(encoding="utf-8")
        html = (folder / "page.html").read_text(encoding="utf-8", errors="replace")
        started = time.process_time()
        extracted = trafilatura.extract(html, include_comments=False) or ""
        elapsed = time.process_time() - started
        measured = score(extracted, expected)
        rows.append(
            {
                "id": folder.name,
                "half": half(folder.name),
                "route": "trafilatura",
                "precision": measured.precision,
                "recall": measured.recall,
                "f1": measured.f1,
                "ms": elapsed * 1000,
            }
        )
    return rows


def summarise(rows: list[dict], label: str, folds: int, origins: dict[str, str]) -> None:
    for subset_name in ("all", "tune", "held-out"):
        subset = rows if subset_name == "all" else [row for row in rows if row["half"] == subset_name]
        if not subset:
            continue
        line = f"{label:12s} {subset_name:9s} n={len(subset):3d}"
        for key in ("precision", "recall", "f1"):
            values = [row[key] for row in subset]
            line += f"  {key[0].upper()} mean {statistics.mean(values):.4f} med {statistics.median(values):.4f}"
        print(line)
    if folds > 1:
        means = []
        for number in range(folds):
            subset = [row["f1"] for row in rows if fold(row["id"], folds) == number]
            means.append(f"{statistics.mean(subset):.4f} (n={len(subset)})" if subset else "-")
        print(f"{label:12s} folds F1   " + "  ".join(means))
    by_origin: dict[str, list[float]] = {}
    for row in rows:
        by_origin.setdefault(origins.get(row["id"], "unknown"), []).append(row["f1"])
    if len(by_origin) > 1:
        print(
            f"{label:12s} by origin  "
            + "  ".join(f"{name} {statistics.mean(values):.4f} (n={len(values)})" for name, values in sorted(by_origin.items()))
        )
    times = sorted(row["ms"] for row in rows)
    print(
        f"{label:12s} cpu/item   mean {statistics.mean(times):.2f} ms  median {statistics.median(times):.2f} ms"
        f"  p95 {times[int(len(times) * 0.95) - 1]:.2f} ms  max {times[-1]:.2f} ms"
    )


def print_margin(rows: list[dict], reference: list[dict], folds: int) -> None:
    """The html route's F1 minus trafilatura's, item by item, averaged per half and per fold."""
    theirs = {row["id"]: row["f1"] for row in reference}
    margins = [(row, row["f1"] - theirs[row["id"]]) for row in rows]
    parts = [
        f"{name} {statistics.mean(margin for row, margin in margins if name == 'all' or row['half'] == name):+.4f}"
        for name in ("all", "tune", "held-out")
    ]
    if folds > 1:
        parts += [
            f"fold {number} {statistics.mean(margin for row, margin in margins if fold(row['id'], folds) == number):+.4f}"
            for number in range(folds)
            if any(fold(row["id"], folds) == number for row, _ in margins)
        ]
    print(f"{'html - traf':12s} margin     " + "  ".join(parts))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--route", choices=("raw", "html", "both"), default="both")
    parser.add_argument("--json", type=Path, help="write per-item results here")
    parser.add_argument("--worst", type=int, default=10, help="list the N worst items per route")
    parser.add_argument("--folds", type=int, default=0, help="also print the mean F1 of each of K folds (K >= 2)")
    args = parser.parse_args(argv)
    if args.folds == 1 or args.folds < 0:
        parser.error("--folds needs K >= 2")
    if not args.corpus.is_dir():
        print(f"no corpus at {args.corpus}", file=sys.stderr)
        return 2
    items = sorted(path for path in args.corpus.iterdir() if (path / "expected.txt").is_file())
    origins = {folder.name: origin(folder) for folder in items}
    rules = load_rules()
    routes = ("raw", "html") if args.route == "both" else (args.route,)
    all_rows: list[dict] = []
    for route in routes:
        rows = run_route(items, route, rules)
        all_rows += rows
        summarise(rows, route, args.folds, origins)
        if route == "html":
            reference = run_trafilatura(items)
            all_rows += reference
            summarise(reference, "trafilatura", args.folds, origins)
            print_margin(rows, reference, args.folds)
        for row in sorted(rows, key=lambda row: row["f1"])[: args.worst]:
            note = f"  rejected: {row['rejected']}" if row.get("rejected") else ""
            print(
                f"  worst {route}: {row['id']:40s} F1 {row['f1']:.3f}  P {row['precision']:.3f}"
                f"  R {row['recall']:.3f}  {row['ms']:.1f} ms{note}"
            )
    if args.json:
        args.json.write_text(json.dumps(all_rows, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
