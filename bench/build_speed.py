"""Build speed: Broadsheet, Hugo and Pelican on the same generated corpus, side by side.

    python bench/build_speed.py                          # N = 1,000 and 10,000, all three
    python bench/build_speed.py --sizes 100000 --only broadsheet --work /tmp/bench

For each N, a corpus from `generate_corpus.py` (raw scraped files). Broadsheet
builds it from the raw files, cleaning included. Hugo and Pelican build the
same articles as Broadsheet sees them: the corpus goes through `build.py
import` once (untimed) and each cleaned `.md` is converted to their format
(`rivals.py`). Four builds each, taken in turns so that a busy machine
slows all three alike:

    cold   no cache, no output folder
    warm   again, nothing changed
    edit   one article's text changed
    add    one new article, the newest

Each build runs as its own process; its wall time and the peak memory of
its whole process tree are measured (`measure.py`). The ratios compare
times taken in the same run: 0.50 means half the time of the other tool. Memory:
PSS summed over the process tree (a page shared by forked workers counted
once, split among them), then RSS summed (shared pages counted in each).
Prints a Markdown table and writes the figures to WORK/build_speed.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))

from bench import rivals  # noqa: E402
from bench.generate_corpus import story, write_article, write_corpus  # noqa: E402
from bench.measure import Run, run  # noqa: E402

SCENARIOS = ("cold", "warm", "edit", "add")
EDIT_SENTENCE = " The desk corrected a figure in this paragraph after publication."
NEWEST_DATE = "2025-01-15T09:30:00Z"  # after every generated date: a newly scraped story


@dataclass(frozen=True)
class Row:
    size: int
    tool: str
    scenario: str
    seconds: float
    tree_rss_mb: float
    tree_pss_mb: float
    largest_rss_mb: float


class Broadsheet:
    name = "broadsheet"

    def __init__(self, work: Path, corpus: Path, jobs: int | None) -> None:
        self.work, self.corpus = work, corpus
        self.jobs = jobs

    def command(self) -> list[str]:
        command = [sys.executable, str(REPO / "build.py"), "--content", str(self.corpus), "--output", str(self.work / "site"),
                   "--templates", str(REPO / "templates"), "--cache-dir", str(self.work / "cache")]  # fmt: skip
        return command + (["--jobs", str(self.jobs)] if self.jobs else [])

    def clear(self) -> None:
        for name in ("site", "cache"):
            shutil.rmtree(self.work / name, ignore_errors=True)

    def build(self) -> Run:
        return run(self.command(), cwd=self.work)


class Hugo:
    name = "hugo"

    def __init__(self, work: Path, md_dir: Path) -> None:
        self.project = work / "hugo"
        rivals.to_hugo(md_dir, self.project)

    def clear(self) -> None:
        for name in ("public", "resources"):
            shutil.rmtree(self.project / name, ignore_errors=True)

    def build(self) -> Run:
        return run(["hugo", "--quiet", "--source", str(self.project), "--destination", str(self.project / "public")])

    def add(self, md_file: Path) -> None:
        rivals.add_to_hugo(md_file, self.project)

    def edit(self, md_file: Path) -> None:
        _edit_longest_line(self.project / "content" / "posts" / md_file.name)


class Pelican:
    name = "pelican"

    def __init__(self, work: Path, md_dir: Path, executable: Path) -> None:
        self.project = work / "pelican"
        self.executable = executable
        rivals.to_pelican(md_dir, self.project)

    def clear(self) -> None:
        for name in ("output", "cache"):
            shutil.rmtree(self.project / name, ignore_errors=True)

    def build(self) -> Run:
        return run([str(self.executable), "content", "-o", "output", "-s", "pelicanconf.py", "-q"], cwd=self.project)

    def add(self, md_file: Path) -> None:
        rivals.add_to_pelican(md_file, self.project)

    def edit(self, md_file: Path) -> None:
        _edit_longest_line(self.project / "content" / md_file.name)


def _edit_longest_line(path: Path) -> None:
    """Add a sentence to the longest line: a paragraph in every format here."""
    lines = path.read_text(encoding="utf-8").split("\n")
    longest = max(range(len(lines)), key=lambda index: len(lines[index]))
    lines[longest] += EDIT_SENTENCE
    path.write_text("\n".join(lines), encoding="utf-8")


def _import(corpus: Path, md_dir: Path, files: list[Path] | None = None) -> dict[str, Path]:
    """Clean raw files into `md_dir` with `build.py import`; raw path → its .md file."""
    sources = [str(path) for path in files] if files else [str(corpus)]
    done = subprocess.run(
        [sys.executable, str(REPO / "build.py"), "import", *sources, "--to", str(md_dir), "--force"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    mapping = {}
    for line in done.stdout.splitlines():
        raw, _, md = line.partition(" → ")
        if md:
            mapping[str(Path(raw).resolve())] = Path(md).resolve()
    return mapping


def _edit_target(corpus: Path) -> Path:
    """A raw `.txt` with a sidecar from the middle of the corpus: the article to edit."""
    candidates = sorted(path for path in corpus.rglob("*.txt") if path.with_suffix(".json").exists())
    return candidates[len(candidates) // 2]


def _as_generated(corpus: Path, size: int, seed: int) -> Path:
    """Undo what an earlier run on this corpus did (else `add` adds nothing); the article to edit."""
    with tempfile.TemporaryDirectory() as scratch:
        added = [path.relative_to(scratch) for path in write_article(story(size, seed, date=NEWEST_DATE), Path(scratch), seed)]
    for name in added:
        (corpus / name).unlink(missing_ok=True)
    target = _edit_target(corpus)
    text = target.read_text(encoding="utf-8")
    if EDIT_SENTENCE in text:
        target.write_text(text.replace(EDIT_SENTENCE, ""), encoding="utf-8")
    return target


def measure_size(size: int, args: argparse.Namespace) -> list[Row]:
    work = args.work / f"n{size}"
    corpus = work / "corpus"
    if not corpus.exists():
        _say(f"N={size}: generating the corpus")
        write_corpus(size, corpus, args.seed)
    target = _as_generated(corpus, size, args.seed)
    tools: list = [Broadsheet(work, corpus, args.jobs)]
    md_map: dict[str, Path] = {}
    if args.only != "broadsheet":
        _say(f"N={size}: cleaning it into Markdown for Hugo and Pelican (untimed)")
        shutil.rmtree(work / "md", ignore_errors=True)
        md_map = _import(corpus, work / "md")
        if shutil.which("hugo"):
            tools.append(Hugo(work, work / "md"))
        else:
            _say("hugo not found (apt-get install hugo): left out")
        if args.pelican.exists():
            tools.append(Pelican(work, work / "md", args.pelican))
        else:
            _say(f"{args.pelican} not found (make bench installs bench/requirements.txt): Pelican left out")
    rows: list[Row] = []
    for scenario in SCENARIOS:
        if scenario == "edit":
            _edit_longest_line(target)
            for tool in tools[1:]:
                tool.edit(md_map[str(target.resolve())])
        if scenario == "add":
            new_files = write_article(story(size, args.seed, date=NEWEST_DATE), corpus, args.seed)
            if len(tools) > 1:
                added = _import(corpus, work / "md-added", new_files)
                for tool in tools[1:]:
                    for md_file in set(added.values()):
                        tool.add(md_file)
        for tool in tools:
            if scenario == "cold":
                tool.clear()
            _say(f"N={size}: {tool.name} {scenario}")
            result = tool.build()
            if result.code not in (0, 1):
                raise SystemExit(f"{tool.name} failed ({result.code}):\n{result.stderr[-2000:]}")
            rows.append(Row(size, tool.name, scenario, result.seconds, result.tree_rss_mb, result.tree_pss_mb, result.largest_rss_mb))
    return rows


def table(rows: list[Row]) -> str:
    by = {(row.size, row.tool, row.scenario): row for row in rows}
    lines = [
        "| N | tool | build | seconds | articles/s | ms/article | peak memory (MB): PSS / RSS summed | time ÷ Hugo | time ÷ Pelican |",
        "|---:|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        hugo, pelican = by.get((row.size, "hugo", row.scenario)), by.get((row.size, "pelican", row.scenario))
        ratio_h = f"{row.seconds / hugo.seconds:.2f}" if hugo else "–"
        ratio_p = f"{row.seconds / pelican.seconds:.2f}" if pelican else "–"
        lines.append(
            f"| {row.size:,} | {row.tool} | {row.scenario} | {row.seconds:.2f} | {row.size / row.seconds:,.0f} | "
            f"{1000 * row.seconds / row.size:.2f} | {row.tree_pss_mb:,.0f} / {row.tree_rss_mb:,.0f} | {ratio_h} | {ratio_p} |"
        )
    return "\n".join(lines)


def _say(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--only", choices=["broadsheet"], help="leave Hugo and Pelican out (e.g. for 100,000)")
    parser.add_argument("--work", type=Path, default=HERE / "out", help="where corpora and sites go (default bench/out)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--jobs", type=int, help="Broadsheet's --jobs (default: one per CPU)")
    parser.add_argument("--pelican", type=Path, default=HERE / ".venv" / "bin" / "pelican")
    args = parser.parse_args(argv)
    args.work = args.work.absolute()
    started_load = os.getloadavg()
    rows = [row for size in args.sizes for row in measure_size(size, args)]
    hugo = subprocess.run(["hugo", "version"], capture_output=True, text=True).stdout.split(" ")[1] if shutil.which("hugo") else "–"
    print(f"{os.cpu_count()} CPUs, Python {platform.python_version()}, Hugo {hugo}; load average {started_load[0]:.1f} at the start, {os.getloadavg()[0]:.1f} at the end\n")
    print(table(rows))
    (args.work / "build_speed.json").write_text(json.dumps([asdict(row) for row in rows], indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
