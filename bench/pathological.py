"""Time per article for inputs built to make parsers slow, and how it grows.

    python bench/pathological.py [--size BYTES] [--unguarded]

For each case of `tests/hostile/pathological.py`, the article is processed
at `--size` bytes and at four times that; the table shows both times and
their ratio (about 4 when time grows linearly with size, 16 when it grows
with the square). Markdown cases go through `broadsheet.render.render`,
file cases through the whole per-file path (`broadsheet.process.process`:
read, clean, Markdown, render).

`--unguarded` also times plain Python-Markdown on each larger Markdown
input, without `broadsheet.markdown_guard` (and without sanitising), each
conversion in its own process and cut off after 60 s: what the guard buys.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from broadsheet.clean import load_rules  # noqa: E402
from broadsheet.model import MarkdownDoc, Meta, SourceFile  # noqa: E402
from broadsheet.process import process  # noqa: E402
from broadsheet.render import render  # noqa: E402
from tests.hostile.pathological import FILES, MARKDOWN  # noqa: E402

UNGUARDED_TIMEOUT = 60
_UNGUARDED = """
import sys, time, markdown
source = sys.stdin.read()
started = time.perf_counter()
try:
    markdown.markdown(source, extensions=["tables", "fenced_code", "sane_lists"])
except RecursionError:
    print("RecursionError")
else:
    print(f"{time.perf_counter() - started:.2f} s")
"""


def best_of(runs: int, action) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return min(times)


def time_unguarded(source: str) -> str:
    try:
        done = subprocess.run(
            [sys.executable, "-c", _UNGUARDED], input=source, capture_output=True, text=True, timeout=UNGUARDED_TIMEOUT
        )
    except subprocess.TimeoutExpired:
        return f">{UNGUARDED_TIMEOUT} s"
    if done.returncode != 0:
        return "error"
    return done.stdout.strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=100_000, help="bytes of the smaller input (default 100000)")
    parser.add_argument("--unguarded", action="store_true", help="also time Python-Markdown without the guard on the larger Markdown inputs")
    args = parser.parse_args()
    rules = load_rules()
    small, large = args.size, 4 * args.size
    header = f"{'case':40} {'size':>9} {'time':>8} {'×4 size':>9} {'time':>8} {'ratio':>6}"
    print(header + ("  unguarded ×4" if args.unguarded else ""))
    worst = (0.0, "")
    for name, generate in MARKDOWN.items():
        times = []
        for n in (small, large):
            source = generate(n)
            times.append((len(source), best_of(2, lambda: render(MarkdownDoc("x.md", Meta(title="t"), source)))))
        extra = f"  {time_unguarded(generate(large))}" if args.unguarded else ""
        worst = max(worst, (times[1][1], name))
        print(f"{name:40} {times[0][0]:9} {times[0][1]:7.3f}s {times[1][0]:9} {times[1][1]:7.3f}s {times[1][1] / max(times[0][1], 1e-6):6.1f}{extra}")
    for name, (file_name, generate) in FILES.items():
        times = []
        for n in (small, large):
            data = generate(n).encode()
            source = SourceFile(file_name, file_name)
            times.append((len(data), best_of(2, lambda: process(source, data, None, rules))))
        worst = max(worst, (times[1][1], name))
        print(f"{name:40} {times[0][0]:9} {times[0][1]:7.3f}s {times[1][0]:9} {times[1][1]:7.3f}s {times[1][1] / max(times[0][1], 1e-6):6.1f}")
    print(f"\nslowest at {large} bytes: {worst[1]}, {worst[0]:.2f} s")


if __name__ == "__main__":
    main()
