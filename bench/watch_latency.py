"""Save-to-page latency of `build.py watch --serve`: from an editor's save to the rebuilt page.

    python bench/watch_latency.py                  # 1,000 and 10,000 articles
    python bench/watch_latency.py --articles 1000 --edits 20
    python bench/watch_latency.py --content ~/crawl/articles

For each corpus it starts the real `build.py watch --serve` (a subprocess,
as a user runs it) and listens to its live-reload stream as an open page
does, waits for the first build, then saves one article again and again the
way editors do (temp file, rename) with a new sentence mid-body, timing each
save until the article's page on disk holds that sentence, and until the
reload notice naming that page reaches the open page (when the browser
reloads). An edit of the first paragraph (which changes the summary in every
listing too) and a theme edit (one template) are timed the same way.
Figures: median, fastest, slowest and 90th percentile; the watcher's own
share (save → rebuild starts); the builder's own seconds per rebuild; the
load average, since the machine may be shared.

The corpus comes from `bench/generate_corpus.py` (scraped-looking .txt with
sidecars, .json; seed 1), the one `build_speed.py` builds. Everything is
written below bench/out/.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.generate_corpus import write_corpus  # noqa: E402

OUT = REPO / "bench" / "out"
SEED = 1
POLL = 0.001  # s between looks at the page on disk
PATIENCE = 600.0  # s: the first build of a big corpus on a busy machine
EDIT_PATIENCE = 120.0  # s: a theme edit re-renders every page of a big corpus
LEAD_WORDS = 20  # a line this long is body text, not a title, byline or dateline
SUMMARY = re.compile(r" articles, \d+ pages, .* in (\d+\.\d+) s")
SERVING = re.compile(r"^broadsheet: serving .* at (http://\S+)")


@dataclass
class Reloads:
    """The live-reload notices an open page received: when each arrived, and the pages it names."""

    arrived: list[float]
    changed: list[list[str] | None]  # None: every page
    connected: bool = False

    def listen(self, url: str) -> None:
        """Read the event stream at `url` until the server closes it (in a thread of its own)."""
        with urllib.request.urlopen(url + "__broadsheet__/events", timeout=PATIENCE) as stream:
            event = None
            for raw in stream:
                line = raw.decode("utf-8").rstrip("\n")
                if line.startswith("event: "):
                    event = line[len("event: ") :]
                    self.connected = self.connected or event == "hello"
                elif line.startswith("data: ") and event == "build":
                    self.arrived.append(time.perf_counter())
                    self.changed.append(json.loads(line[len("data: ") :])["changed"])

    def naming(self, page: str, after: float) -> float | None:
        """When a notice that reloads `page` arrived after `after`."""
        for arrived, changed in zip(list(self.arrived), list(self.changed)):
            if arrived >= after and (changed is None or page in changed):
                return arrived
        return None


@dataclass
class Watch:
    """A running `build.py watch --serve`, the lines it printed and when each arrived, its reload notices."""

    process: subprocess.Popen
    lines: list[str]
    arrived: list[float]
    reloads: Reloads

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


def start(workdir: Path, content: Path, jobs: int | None) -> Watch:
    command = [
        sys.executable, str(REPO / "build.py"), "watch", "--content", str(content), "--output", str(workdir / "site"),
        "--templates", str(workdir / "templates"), "--cache-dir", str(workdir / "cache"), "--report", str(workdir / "report.json"),
        "--serve", "--port", "0",
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
    watch = Watch(process, lines, arrived, Reloads([], []))
    watch.wait(lambda: any(SERVING.match(line) for line in lines), "the first build")
    url = next(match.group(1) for line in lines if (match := SERVING.match(line)))
    threading.Thread(target=watch.reloads.listen, args=(url,), daemon=True).start()
    watch.wait(lambda: watch.reloads.connected, "the live-reload stream")
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

    `lead`: the sentence opens its first paragraph instead, which also changes
    the summary shown in every listing of the article. Never at the end of a
    scraped file, where the junk is, nor among the title, byline and dateline
    lines above the body (the cleaner drops short lines there).
    """
    separator = "\n\n" if suffix == ".md" else "\n"
    end = text.find("\n---", 3) + 4 if suffix == ".md" and text.startswith("---") else 0
    paragraphs = text[end:].split(separator)
    if lead:
        first = next(index for index, paragraph in enumerate(paragraphs) if len(paragraph.split()) >= LEAD_WORDS)
        paragraphs[first] = f"{sentence} {paragraphs[first]}"
        return text[:end] + separator.join(paragraphs)
    at = max(2, len(paragraphs) // 2)  # paragraph 0: a raw file's title line, or the blank after front matter
    return text[:end] + separator.join([*paragraphs[:at], sentence, *paragraphs[at:]])


def save_like_an_editor(path: Path, text: str) -> float:
    """Write a temp file beside `path`, rename it over `path`; the moment of the rename."""
    temp = path.with_name(f".{path.name}.swp.tmp")
    temp.write_text(text, encoding="utf-8")
    saved = time.perf_counter()
    os.replace(temp, path)
    return saved


def wait_for_page(page: Path, marker: str, saved: float) -> float:
    deadline = saved + EDIT_PATIENCE
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
    reloaded: list[float]  # save → the open page is told to reload
    noticed: list[float]  # save → the watcher starts the rebuild: events and debounce, the watcher's own share
    builder: list[float]  # the builder's own seconds per rebuild


def measure(watch: Watch, edits: int, edit, page: str) -> Timings:
    """Time `edits` saves of what shows on `page`; `edit(number)` saves and returns (moment of the save, latency)."""
    timings = Timings([], [], [], [])
    for number in range(edits):
        before = len(watch.builds())
        saved, latency = edit(number)
        timings.latencies.append(latency)
        watch.wait(lambda: len(watch.builds()) > before, "the rebuild's summary line", EDIT_PATIENCE)
        timings.builder.append(watch.builds()[-1])
        watch.wait(lambda: watch.reloads.naming(page, saved) is not None, "the reload notice", 10)
        timings.reloaded.append(watch.reloads.naming(page, saved) - saved)
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

        def edit_template(number: int) -> tuple[float, float]:
            marker = f"theme check {number} {os.urandom(4).hex()}"
            at = theme.rfind("{% endblock %}")  # the end of the page's main block
            saved = save_like_an_editor(template, f"{theme[:at]}<!-- {marker} -->\n{theme[at:]}")
            return saved, wait_for_page(page, marker, saved)

        shown = page.relative_to(workdir / "site").as_posix()
        article = measure(watch, edits, edit_article, shown)
        print(f"  edited article {source.relative_to(content)} → {page.relative_to(workdir)}; {_load()}")
        print("  " + figures("save → page on disk", article.latencies))
        print("  " + figures("save → open page told to reload", article.reloaded))
        print("  " + figures("save → rebuild starts (events + debounce)", article.noticed))
        print("  " + figures("rebuild (builder's own time)", article.builder))
        lead = measure(watch, max(3, edits // 3), lambda number: edit_article(number, lead=True), shown)
        print("  " + figures("save → page, edit in the first paragraph (summary in listings changes too)", lead.latencies))
        print("  " + figures("save → reload notice, edit in the first paragraph", lead.reloaded))
        theme_timings = measure(watch, max(3, edits // 3), edit_template, shown)
        print("  " + figures("template save → page on disk", theme_timings.latencies))
        print("  " + figures("template save → reload notice", theme_timings.reloaded))
        print(f"  {_load()}")
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
    print(f"watch_latency: {os.cpu_count()} CPUs, Python {sys.version.split()[0]}, commit {_commit()}; {_load()}")
    runs: list[tuple[str, Path]] = []
    if args.content:
        runs.append((f"{args.content}", args.content))
    else:
        for count in args.articles:
            corpus = OUT / "corpora" / f"scraped-{count}"
            if not corpus.exists():
                write_corpus(count, corpus, SEED)
            runs.append((f"{count:,} articles", corpus))
    for label, corpus in runs:
        workdir = OUT / "latency" / re.sub(r"\W+", "-", label).strip("-")
        shutil.rmtree(workdir, ignore_errors=True)
        workdir.mkdir(parents=True)
        content = workdir / "content"
        shutil.copytree(corpus, content)  # edits never touch the generated corpus
        run(label, content, workdir, args.edits, args.jobs)
    return 0


def _load() -> str:
    """The machine's load average: other work on it slows every figure."""
    return "load average {:.2f} {:.2f} {:.2f}".format(*os.getloadavg())


def _commit() -> str:
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "?"


if __name__ == "__main__":
    sys.exit(main())
