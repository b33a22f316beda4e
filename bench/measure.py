"""Run a command and measure it: wall time, and peak memory of its whole process tree.

Memory is sampled from /proc every few milliseconds: the peak of the summed
resident set (RSS) of the command and all its descendants (worker processes
included), which counts pages shared after fork once per process, so it
errs high, never low; and, less often, the peak of their summed proportional
set (PSS: a shared page split among its sharers), the memory the tree really
occupies. The largest single process's peak comes from the kernel's own
count (`ru_maxrss` from wait4) and cannot miss a short spike.
"""

from __future__ import annotations

import os
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

SAMPLE_SECONDS = 0.01
# Reading smaps_rollup walks every page table of the process: for a tree of
# gigabyte-sized processes, every 50 ms took a quarter of one of two cores
# from the build being measured. Every 250 ms: a few percent.
PSS_EVERY = 25  # samples
_PAGE = os.sysconf("SC_PAGE_SIZE")


@dataclass(frozen=True)
class Run:
    seconds: float
    tree_rss_mb: float  # peak of the sum over the process tree
    tree_pss_mb: float  # peak of the proportional sum over the process tree
    largest_rss_mb: float  # peak of the largest single process
    code: int
    stderr: str


def run(command: Sequence[str], cwd: Path | None = None, env: dict[str, str] | None = None) -> Run:
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = [0, 0]  # RSS pages, PSS kB
    done = threading.Event()
    sampler = threading.Thread(target=_sample, args=(process.pid, peak, done), daemon=True)
    sampler.start()
    stderr: list[bytes] = []
    reader = threading.Thread(target=lambda: stderr.append(process.stderr.read()), daemon=True)  # type: ignore[union-attr]
    reader.start()
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)  # reaped here, so Popen must not wait again
    done.set()
    sampler.join()
    reader.join()
    text = b"".join(stderr).decode("utf-8", "replace")
    return Run(seconds, peak[0] * _PAGE / 1e6, peak[1] / 1e3, usage.ru_maxrss / 1e3, process.returncode, text)


def _sample(root: int, peak: list[int], done: threading.Event) -> None:
    count = 0
    while not done.is_set():
        pids = _tree(root)
        peak[0] = max(peak[0], sum(_rss_pages(pid) for pid in pids))
        if count % PSS_EVERY == 0:
            peak[1] = max(peak[1], sum(_pss_kb(pid) for pid in pids))
        count += 1
        time.sleep(SAMPLE_SECONDS)


def _tree(root: int) -> list[int]:
    pids, pending = [], [root]
    while pending:
        pid = pending.pop()
        pids.append(pid)
        try:
            for task in os.listdir(f"/proc/{pid}/task"):
                with open(f"/proc/{pid}/task/{task}/children") as handle:
                    pending.extend(int(child) for child in handle.read().split())
        except OSError:
            continue  # it has just exited
    return pids


def _pss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as handle:
            for line in handle:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return 0


def _rss_pages(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm") as handle:
            return int(handle.read().split()[1])
    except (OSError, IndexError, ValueError):
        return 0
