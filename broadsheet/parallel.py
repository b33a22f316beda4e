"""Run `process` over every input: cache hits first, misses in worker processes.

Inputs are handled in batches so the main process never holds every file's
bytes at once, and each worker gets its rules once (pool initializer), not
with every task.
"""

from __future__ import annotations

from concurrent.futures import Executor, ProcessPoolExecutor
from typing import Iterator, Sequence

from broadsheet.cache import Cache
from broadsheet.clean import Rules
from broadsheet.config import Config
from broadsheet.model import Rejected, RenderedArticle, SourceFile
from broadsheet.process import code_digest, process, source_key
from broadsheet.read import load_source

Result = RenderedArticle | Rejected
Task = tuple[SourceFile, bytes, bytes | None]
BATCH = 256  # inputs read and looked up in the cache at a time
TASK_SIZE = 16  # inputs per task sent to a worker
INLINE_BELOW = 24  # fewer misses than this are not worth starting workers

_worker_rules: Rules | None = None


def process_sources(sources: Sequence[SourceFile], rules: Rules, cache: Cache, config: Config) -> dict[str, tuple[Result, ...]]:
    """rel → results, for every source."""
    code = code_digest()
    results: dict[str, tuple[Result, ...]] = {}
    pending: list[tuple[str, Task]] = []
    for batch in _batches(sources, BATCH):
        keyed: dict[str, Task] = {}
        for source in batch:
            loaded = load_source(source, config.max_input_mb * 1_000_000)
            if isinstance(loaded, Rejected):
                results[source.rel] = (loaded,)
            else:
                keyed[source_key(code, rules, source, *loaded)] = (source, *loaded)
        hits = cache.get_many(list(keyed))
        for key, task in keyed.items():
            if key in hits:
                results[task[0].rel] = hits[key]
            else:
                pending.append((key, task))
    for (_, task), items in zip(pending, _run([task for _, task in pending], rules, config.workers)):
        results[task[0].rel] = items
    cache.put_many((key, results[task[0].rel]) for key, task in pending)
    return results


def _run(tasks: list[Task], rules: Rules, workers: int) -> Iterator[tuple[Result, ...]]:
    """Each task's results, in task order."""
    if workers <= 1 or len(tasks) < INLINE_BELOW:
        for task in tasks:
            yield process(*task, rules)
        return
    with _pool(rules, workers) as pool:
        for outputs in pool.map(_process_chunk, _batches(tasks, TASK_SIZE)):
            yield from outputs


def _pool(rules: Rules, workers: int) -> Executor:
    return ProcessPoolExecutor(max_workers=workers, initializer=_init_worker, initargs=(rules,))


def _init_worker(rules: Rules) -> None:
    global _worker_rules
    _worker_rules = rules


def _process_chunk(tasks: list[Task]) -> list[tuple[Result, ...]]:
    assert _worker_rules is not None, "worker started without rules"
    return [process(*task, _worker_rules) for task in tasks]


def _batches(items: Sequence, size: int) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield list(items[start : start + size])
