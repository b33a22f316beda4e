"""CPU time of `clean()` on raw text articles: the cleaner's share of a build.

    python bench/clean_speed.py [FILE_OR_DIR ...] [--repeat N] [--profile]

Defaults to the sample corpus (`content/*.txt`) and the reference seed
article. Each article is cleaned `--repeat` times; the figure per article
is the median of its per-run CPU times (`time.process_time`, so other work
on the machine inflates it less than wall time), and the total is also given
per 1,000 words so articles of other lengths can be compared.
`--profile` prints the functions that took the most time.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from broadsheet.clean import clean, load_rules  # noqa: E402
from broadsheet.model import Article, Meta, RawDoc  # noqa: E402

DEFAULT_INPUTS = [REPO / "content", REPO / ".." / "shared" / "seed" / "000_3c99027021f53b11.txt"]


def inputs(paths: list[Path]) -> list[Path]:
    files = []
    for path in paths:
        if path.is_dir():
            files += sorted(path.glob("*.txt"))
        elif path.is_file():
            files.append(path)
    return files


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="*", type=Path, default=DEFAULT_INPUTS)
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args(argv)
    files = inputs(args.paths)
    if not files:
        print("no .txt articles found", file=sys.stderr)
        return 2
    rules = load_rules()
    docs = [RawDoc(str(path), "text", path.read_text(encoding="utf-8", errors="replace"), Meta()) for path in files]
    for doc in docs:  # warm caches (compiled expressions) before timing
        clean(doc, rules)
    medians = []
    for doc in docs:
        times = []
        for _ in range(args.repeat):
            started = time.process_time()
            result = clean(doc, rules)
            times.append(time.process_time() - started)
        median = statistics.median(times) * 1000
        medians.append(median)
        kept = len(result.paragraphs) if isinstance(result, Article) else 0
        print(f"{Path(doc.origin).name:40s} {len(doc.text.split()):5d} words {kept:3d} paragraphs  {median:.3f} ms")
    words = sum(len(doc.text.split()) for doc in docs)
    print(
        f"clean() text route: {statistics.mean(medians):.3f} ms/article (mean of medians, {len(docs)} articles, "
        f"{words / len(docs):.0f} words each on average), {sum(medians) / words * 1000:.3f} ms per 1,000 words"
    )
    if args.profile:
        profile = cProfile.Profile()
        profile.enable()
        for _ in range(args.repeat):
            for doc in docs:
                clean(doc, rules)
        profile.disable()
        pstats.Stats(profile).sort_stats("tottime").print_stats(20)
    return 0


if __name__ == "__main__":
    sys.exit(main())
