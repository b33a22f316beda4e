"""Where one build's time goes: wall and main-process CPU seconds of each pipeline stage.

    python bench/build_stages.py [build options]      # e.g. --content DIR --output DIR --cache-dir DIR

Runs `build.py` in this process with the pipeline's stage functions timed
(the functions `pipeline.Builder._build` calls, one per line there). Prints
the build's own summary, then a table on standard error: stages taking over
20 ms, in the order they ran. Wall time of `processing` and `rendering and
writing` includes the workers on the other cores; their CPU is not in the
main process's column. Timing adds well under a millisecond per stage.
"""

from __future__ import annotations

import functools
import sys
import time
from pathlib import Path
from typing import Callable

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import broadsheet.pipeline as pipeline  # noqa: E402
from broadsheet.cli import main  # noqa: E402

# (owner, function name, what the table calls it), in pipeline order.
STAGES = (
    (pipeline, "load_rules", "loading the rules"),
    (pipeline.Builder, "_discover", "listing the inputs"),
    (pipeline, "key_sources", "keying the inputs"),
    (pipeline, "survey", "checking the output folder"),
    (pipeline, "process_sources", "processing (or reading cached results)"),
    (pipeline.Builder, "_deduplicate", "near-duplicates"),
    (pipeline, "collect", "collecting (slugs, collections, related)"),
    (pipeline, "account", "accounting for every input"),
    (pipeline, "plan_site", "planning the outputs"),
    (pipeline, "_keys", "page keys of the articles"),
    (pipeline, "write_site", "rendering and writing"),
    (pipeline, "encode_report", "encoding the report"),
)
MIN_SHOWN = 0.02  # seconds


def timed(function: Callable, label: str, times: list[tuple[str, float, float]]) -> Callable:
    @functools.wraps(function)
    def run(*args, **kwargs):
        wall, cpu = time.perf_counter(), time.process_time()
        try:
            return function(*args, **kwargs)
        finally:
            times.append((label, time.perf_counter() - wall, time.process_time() - cpu))

    return run


def report(times: list[tuple[str, float, float]], wall: float) -> str:
    width = max(len(label) for _, _, label in STAGES)
    lines = [f"{'stage':{width}}  {'wall s':>7}  {'main CPU s':>10}"]
    lines.extend(f"{label:{width}}  {seconds:7.2f}  {cpu:10.2f}" for label, seconds, cpu in times if seconds >= MIN_SHOWN)
    lines.append(f"{'whole build':{width}}  {wall:7.2f}  {time.process_time():10.2f}")
    return "\n".join(lines)


if __name__ == "__main__":
    times: list[tuple[str, float, float]] = []
    for owner, name, label in STAGES:
        setattr(owner, name, timed(getattr(owner, name), label, times))
    started = time.perf_counter()
    try:
        code = main(["build", *sys.argv[1:]])
    finally:
        print(report(times, time.perf_counter() - started), file=sys.stderr)
    sys.exit(code)
