"""Save-to-page latency of `build.py watch`: from an editor's save to the rebuilt page on disk.

    python bench/watch_latency.py                  # 1,000 and 10,000 articles
    python bench/watch_latency.py --articles 1000 --edits 20
    python bench/watch_latency.py --content ~/crawl/articles

For each corpus it starts the real `build.py watch` (a subprocess, as a user
runs it), waits for the first build, then saves one article again and again
the way editors do (temp file, rename) with a new sentence mid-body, timing
each save until the article's page on disk holds that sentence. An edit of
the first paragraph (which changes the summary in every listing too) and a
theme edit (one template) are timed the same way. Figures: median, fastest,
slowest and 90th percentile; the watcher's own share (save → rebuild
starts); the builder's own seconds per rebuild.

The corpus comes from `bench/generate_corpus.py` (scraped-looking .txt with
sidecars, .json) when that exists, else from a small generator here
(Markdown articles). Everything is written below bench/out/.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "bench" / "out"
GENERATOR = REPO / "bench" / "generate_corpus.py"
POLL = 0.001  # s between looks at the page on disk
PATIENCE = 600.0  # s: the first build of a big corpus on a busy machine
SUMMARY = re.compile(r" articles, \d+ pages, .* in (\d+\.\d+) s")


@dataclass
class Watch:
    """A running `build.py watch`, the lines it printed and when each arrived."""

    process: subprocess.Popen
    lines: list[str]
    arrived: list[float]

    def started_rebuild_after(self, moment: float) -> float | None:
        """When the watcher announced a rebuild ("changed: ...") after `moment`."""
        for line, arrived in zip(list(self.lines), list(self.arrived)):
            if arrived >= moment and line.startswith("broadsheet: changed:"):
                return arrived
        return None

    def builds(self) -> list[float]:
        """The builder's own seconds for each build so far."""
        return [float(match.group(1)) for line in list(self.lines) if (match := SUMMARY.search(line))]

    def wait(self, condition, what: str, timeout: float = PATIENCE) -> None:
        deadline = time.monotonic() + timeout
        while not condition():
            if self.process.poll() is not None:
                raise SystemExit(f"watch exited ({self.process.returncode}) while waiting for {what}:\n" + "".join(self.lines))
            if time.monotonic() > deadline:
                raise SystemExit(f"timed out waiting for {what}:\n" + "".join(self.lines[-20:]))
            time.sleep(0.005)

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(60)


def generate(count: int, folder: Path) -> None:
    """`count` articles into `folder`: the perf corpus generator if present, else Markdown made here."""
    folder.mkdir(parents=True)
    if GENERATOR.exists():
        subprocess.run([sys.executable, str(GENERATOR), str(count), str(folder)], check=True)
        return
    words = re.findall(r"[A-Za-z]{3,}", " ".join(path.read_text(encoding="utf-8", errors="ignore") for path in sorted((REPO / "content").glob("*.txt"))))
    pick = random.Random(7)
    for number in range(count):
        title = " ".join(pick.choice(words) for _ in range(6)).capitalize()
        paragraphs = ["{}.".format(" ".join(pick.choice(words) for _ in range(pick.randint(30, 70))).capitalize()) for _ in range(pick.randint(4, 9))]
        front = f"---\ntitle: {title} {number}\ndate: 20{14 + number % 11}-{number % 12 + 1:02d}-{number % 28 + 1:02d}\nsource: Desk {number % 12}\ntags: [topic {number % 22}]\n---\n\n"
        (folder / f"{number:05d}.md").write_text(front + "\n\n".join(paragraphs) + "\n", encoding="utf-8")


def start(workdir: Path, content: Path, jobs: int | None) -> Watch:
    command = [
        sys.executable, str(REPO / "build.py"), "watch", "--content", str(content), "--output", str(workdir / "site"),
        "--templates", str(workdir / "templates"), "--cache-dir", str(workdir / "cache"), "--report", str(workdir / "report.json"),
    ]  # fmt: skip
    if jobs:
        command += ["--jobs", str(jobs)]
    process = subprocess.Popen(command, cwd=workdir, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    lines: list[str] = []
    arrived: list[float] = []

    def read() -> None:
        for line in iter(process.stderr.readline, ""):
            arrived.append(time.perf_counter())
            lines.append(line)

    threading.Thread(target=read, daemon=True).start()
    watch = Watch(process, lines, arrived)
    watch.wait(lambda: any("Ctrl-C to stop" in line for line in lines), "the first build")
    return watch


def article_to_edit(workdir: Path, content: Path) -> tuple[Path, Path]:
    """An input that built into one page (the middle one of the sorted inputs), and that page."""
    report = json.loads((workdir / "report.json").read_text(encoding="utf-8"))
    built = [item for item in report["inputs"] if item["status"] == "built" and "#" not in item["input"]]
    built = [item for item in built if item["input"].endswith((".md", ".txt"))] or built
    if not built:
        raise SystemExit("no article built from this content folder")
    item = built[len(built) // 2]
    return content / item["input"], workdir / "site" / item["output"]


def with_sentence(text: str, suffix: str, sentence: str, *, lead: bool = False) -> str:
    """The article with a new paragraph in the middle of its body, as a typical edit.

    `lead`: as its first paragraph instead, which also changes the summary
    shown in every listing of the article. Never at the end of a scraped
    file, where the junk is.
    """
    if suffix == ".md":
        end = text.find("\n---", 3) + 4 if text.startswith("---") else 0
        paragraphs = text[end:].split("\n\n")  # paragraphs[0] is the blank after the front matter
        at = 1 if lead else max(2, len(paragraphs) // 2)
        return text[:end] + "\n\n".join([*paragraphs[:at], sentence, *paragraphs[at:]])
    lines = text.split("\n")
    at = 1 if lead else max(2, len(lines) // 2)  # line 0: the title line of a raw text file
    return "\n".join([*lines[:at], sentence, *lines[at:]])


def save_like_an_editor(path: Path, text: str) -> float:
    """Write a temp file beside `path`, rename it over `path`; the moment of the rename."""
    temp = path.with_name(f".{path.name}.swp.tmp")
    temp.write_text(text, encoding="utf-8")
    saved = time.perf_counter()
    os.replace(temp, path)
    return saved


def wait_for_page(page: Path, marker: str, saved: float) -> float:
    deadline = saved + PATIENCE
    while time.perf_counter() < deadline:
        try:
            if marker in page.read_text(encoding="utf-8"):
                return time.perf_counter() - saved
        except FileNotFoundError:
            pass  # between the two renames of a swap without RENAME_EXCHANGE
        time.sleep(POLL)
    raise SystemExit(f"{page} never showed the edit")


@dataclass
class Timings:
    latencies: list[float]  # save → page on disk
    noticed: list[float]  # save → the watcher starts the rebuild: events and debounce, the watcher's own share
    builder: list[float]  # the builder's own seconds per rebuild


def measure(watch: Watch, edits: int, edit) -> Timings:
    """Time `edits` saves; `edit(number)` saves and returns (moment of the save, latency)."""
    timings = Timings([], [], [])
    for number in range(edits):
        before = len(watch.builds())
        saved, latency = edit(number)
        timings.latencies.append(latency)
        watch.wait(lambda: len(watch.builds()) > before, "the rebuild's summary line", 120)
        timings.builder.append(watch.builds()[-1])
        noticed = watch.started_rebuild_after(saved)
        if noticed is not None:
            timings.noticed.append(noticed - saved)
        time.sleep(0.3)  # let the watcher settle, as a person pauses between saves
    return timings


def figures(name: str, values: list[float]) -> str:
    if not values:
        return f"{name}: not measured"
    ordered = sorted(values)
    p90 = ordered[min(len(ordered) - 1, round(0.9 * (len(ordered) - 1)))]
    return f"{name}: median {statistics.median(ordered) * 1000:.0f} ms, fastest {ordered[0] * 1000:.0f}, slowest {ordered[-1] * 1000:.0f}, p90 {p90 * 1000:.0f} ms"


def run(label: str, content: Path, workdir: Path, edits: int, jobs: int | None) -> None:
    shutil.copytree(REPO / "templates", workdir / "templates")
    started = time.perf_counter()
    watch = start(workdir, content, jobs)
    try:
        inputs = len(json.loads((workdir / "report.json").read_text(encoding="utf-8"))["inputs"])
        print(f"\n{label}: {inputs} inputs; first build {time.perf_counter() - started:.1f} s")
        source, page = article_to_edit(workdir, content)
        original = source.read_text(encoding="utf-8")

        def edit_article(number: int, lead: bool = False) -> tuple[float, float]:
            marker = f"latency check {number} {os.urandom(4).hex()}"
            sentence = f"The council said the {marker} was recorded in the minutes."
            saved = save_like_an_editor(source, with_sentence(original, source.suffix, sentence, lead=lead))
            return saved, wait_for_page(page, marker, saved)

        template = workdir / "templates" / "article.html"
        theme = template.read_text(encoding="utf-8")

        def edit_template(number: int) -> float:
            marker = f"theme check {number} {os.urandom(4).hex()}"
            at = theme.rfind("{% endblock %}")  # the end of the page's main block
            saved = save_like_an_editor(template, f"{theme[:at]}<!-- {marker} -->\n{theme[at:]}")
            return saved, wait_for_page(page, marker, saved)

        article = measure(watch, edits, edit_article)
        print(f"  edited article {source.relative_to(content)} → {page.relative_to(workdir)}")
        print("  " + figures("save → page on disk", article.latencies))
        print("  " + figures("save → rebuild starts (events + debounce)", article.noticed))
        print("  " + figures("rebuild (builder's own time, incl. clean-up after the swap)", article.builder))
        lead = measure(watch, max(3, edits // 3), lambda number: edit_article(number, lead=True))
        print("  " + figures("save → page, edit in the first paragraph (summary in listings changes too)", lead.latencies))
        theme_timings = measure(watch, max(3, edits // 3), edit_template)
        print("  " + figures("template save → page on disk", theme_timings.latencies))
        source.write_text(original, encoding="utf-8")
    finally:
        watch.stop()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--articles", type=int, nargs="+", default=[1000, 10000], metavar="N", help="corpus sizes to generate (default: 1000 10000)")
    parser.add_argument("--content", type=Path, help="measure on a copy of this content folder instead")
    parser.add_argument("--edits", type=int, default=10, help="saves timed per corpus (default: 10)")
    parser.add_argument("--jobs", type=int, help="worker processes for the watch (default: one per CPU)")
    args = parser.parse_args()
    print(f"watch_latency: {os.cpu_count()} CPUs, Python {sys.version.split()[0]}, commit {_commit()}")
    runs: list[tuple[str, Path]] = []
    if args.content:
        runs.append((f"{args.content}", args.content))
    else:
        for count in args.articles:
            corpus = OUT / "corpora" / f"{count}"
            if not corpus.exists():
                generate(count, corpus)
            runs.append((f"{count:,} articles", corpus))
    for label, corpus in runs:
        workdir = OUT / "latency" / re.sub(r"\W+", "-", label).strip("-")
        shutil.rmtree(workdir, ignore_errors=True)
        workdir.mkdir(parents=True)
        content = workdir / "content"
        shutil.copytree(corpus, content)  # edits never touch the generated corpus
        run(label, content, workdir, args.edits, args.jobs)
    return 0


def _commit() -> str:
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "?"


if __name__ == "__main__":
    sys.exit(main())
