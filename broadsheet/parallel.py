"""Work on every core: inputs processed (here) and pages rendered (`write`) in forked workers.

Workers are forked when the work is ready, so they start with everything the
main process holds (rules, templates, the site's plan) without pickling it;
each task sent is small (a few file names, a range of page numbers) and only
small results come back. Tasks are submitted a few at a time, so neither the
inputs nor the results are ever all in memory at once. Where `fork` does not
exist, or the work is too small to pay for starting workers, it runs inline.
"""

from __future__ import annotations

import gc
import multiprocessing
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from typing import Callable, Generic, Iterator, Mapping, Sequence, TypeVar

from broadsheet.cache import Cache
from broadsheet.cache_codec import encode_results, pack_body, pack_terms, shared
from broadsheet.clean import Rules
from broadsheet.inputs import Keyed, Unkeyed
from broadsheet.model import Rejected
from broadsheet.process import Result, content_digest, process, source_key
from broadsheet.read import load_source

Task = TypeVar("Task")
Outcome = TypeVar("Outcome")
IN_FLIGHT_PER_WORKER = 4
SOURCES_PER_TASK = 16
INLINE_BELOW = 24  # fewer inputs to process than this are not worth starting workers


@dataclass(frozen=True, slots=True)
class _Processing:
    """What a worker needs to process inputs (handed over by fork)."""

    code: str
    rules: Rules
    max_bytes: int


@dataclass(frozen=True, slots=True)
class _Done:
    rel: str
    key: str  # of the bytes actually processed (the file may have changed since it was keyed)
    content: str  # the hash of those bytes (`content_digest`); "" if they could not be read
    results: tuple[Result, ...]
    encoded: bytes | None  # `results` as the cache stores them; None if they cannot be cached
    bodies: dict[str, bytes]  # body hash → packed HTML
    terms: dict[str, bytes]  # terms key → packed search terms


@dataclass(frozen=True, slots=True)
class Sources:
    """What `process_sources` made of the sources."""

    results: dict[str, tuple[str, tuple[Result, ...]]]  # rel → (key, results), every readable source
    keyed: dict[str, Keyed]  # the unkeyed sources, keyed from the bytes their worker read
    unreadable: list[Rejected]  # the unkeyed sources that could not be read


def process_sources(
    keyed: Mapping[str, Keyed],
    unkeyed: Sequence[Unkeyed],
    known: Mapping[str, tuple[Result, ...]],
    cache: Cache,
    job: tuple[str, Rules, int, int],
) -> Sources:
    """Results for every source: from `known` (by key), the cache, or processing (all of `unkeyed`).

    `job` is (code digest, rules, max input bytes, workers). Fresh results go
    to the cache as they arrive.
    """
    code, rules, max_bytes, workers = job
    out = {rel: (item.key, known[item.key]) for rel, item in keyed.items() if item.key in known}
    missing = [item for rel, item in keyed.items() if rel not in out]
    hits = cache.results([item.key for item in missing])
    out.update((item.source.rel, (item.key, hits[item.key])) for item in missing if item.key in hits)
    pending: list[Keyed | Unkeyed] = [item for item in missing if item.key not in hits]
    pending.extend(unkeyed)
    fresh: dict[str, Unkeyed] = {item.source.rel: item for item in unkeyed}
    done_keyed: dict[str, Keyed] = {}
    unreadable: list[Rejected] = []
    tasks = chunks(pending, SOURCES_PER_TASK)
    batch: list[_Done] = []
    for done_list in fork_map(_process_task, _Processing(code, rules, max_bytes), tasks, workers if len(pending) >= INLINE_BELOW else 1):
        for done in done_list:
            if done.rel in fresh:
                if not done.content:  # as `key_sources` would have found it
                    unreadable.extend(item for item in done.results if isinstance(item, Rejected))
                    continue
                done_keyed[done.rel] = fresh[done.rel].keyed(done.key, done.content)
            out[done.rel] = (done.key, tuple(map(shared, done.results)))  # unpickled: its strings are copies
            batch.append(done)
        if len(batch) >= 256:
            cache.store((done.key, done.encoded, done.bodies, done.terms) for done in batch)
            batch.clear()
    cache.store((done.key, done.encoded, done.bodies, done.terms) for done in batch)
    return Sources(out, done_keyed, unreadable)


def _process_task(job: _Processing, items: Sequence[Keyed | Unkeyed]) -> list[_Done]:
    done: list[_Done] = []
    for item in items:
        source = item.source
        loaded = load_source(source, job.max_bytes)
        if isinstance(loaded, Rejected):
            done.append(_Done(source.rel, item.key if isinstance(item, Keyed) else "", "", (loaded,), None, {}, {}))
            continue
        content = content_digest(*loaded)
        key = source_key(job.code, job.rules, source, content)
        processed = process(source, *loaded, job.rules)
        bodies = {digest: pack_body(html) for digest, html in processed.bodies.items()}
        terms = {key: pack_terms(counts) for key, counts in processed.terms.items()}
        done.append(_Done(source.rel, key, content, processed.results, encode_results(processed.results), bodies, terms))
    return done

_job: object = None  # what the forked workers were given, set once by `_start` in each of them


def fork_map(
    run: Callable[[object, Task], Outcome],
    job: object,
    tasks: Sequence[Task],
    workers: int,
) -> Iterator[Outcome]:
    """`run(job, task)` for every task, in task order, on up to `workers` processes.

    `run` must be a module-level function; `job` is handed to the workers by
    fork, never pickled, so it may be large (and must not be changed while
    this runs).
    """
    if workers <= 1 or len(tasks) <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        for task in tasks:
            yield run(job, task)
        return
    context = multiprocessing.get_context("fork")
    # Objects the workers inherit stay shared only while nothing writes to them: frozen, the
    # collector never visits them (its bookkeeping would copy every page it touched).
    gc.freeze()
    try:
        yield from _pooled(run, job, tasks, workers, context)
    finally:
        gc.unfreeze()


def _pooled(run: Callable[[object, Task], Outcome], job: object, tasks: Sequence[Task], workers: int, context) -> Iterator[Outcome]:
    with ProcessPoolExecutor(max_workers=min(workers, len(tasks)), mp_context=context, initializer=_start, initargs=(job,)) as pool:
        pending: deque[Future] = deque()
        upcoming = iter(tasks)
        for task in upcoming:
            pending.append(pool.submit(_call, run, task))
            if len(pending) >= workers * IN_FLIGHT_PER_WORKER:
                break
        while pending:
            outcome = pending.popleft().result()
            for task in upcoming:
                pending.append(pool.submit(_call, run, task))
                break
            yield outcome


class Forked(Generic[Outcome]):
    """`make()` computed in one forked process while the caller goes on.

    With `items`, `make()` gives an iterable and the result is its list: the
    child sends each item as it is made, so neither process ever holds the
    whole list pickled (the search index at 100,000 articles: a hundred MB).
    """

    def __init__(self, make: Callable[[], Outcome], workers: int, *, items: bool = False) -> None:
        self._make: Callable[[], Outcome] | None = (lambda: list(make())) if items else make  # type: ignore[call-overload]
        self._items = items
        self._process = None
        if workers > 1 and "fork" in multiprocessing.get_all_start_methods():
            context = multiprocessing.get_context("fork")
            self._receiving, sending = context.Pipe(duplex=False)
            gc.freeze()  # as in fork_map: what the child inherits stays shared
            try:
                self._process = context.Process(target=_send, args=(sending, make, items), daemon=True)
                self._process.start()
            finally:
                gc.unfreeze()
            sending.close()
            self._make = None

    def result(self) -> Outcome:
        """What `make()` returned (or raised), waiting for it if need be; once only."""
        if self._process is None:
            make, self._make = self._make, None
            if make is None:
                raise RuntimeError("the result was already taken")
            return make()
        made = []
        try:
            while (message := self._receiving.recv())[0] == _ITEM:
                made.append(message[1])
        except EOFError:
            raise RuntimeError("the forked worker ended without a result") from None
        finally:
            self.cancel()
        done, value = message
        if not done:
            raise value
        return made if self._items else value  # type: ignore[return-value]

    def cancel(self) -> None:
        """Stop the worker if it is still at work (the result is no longer wanted)."""
        if self._process is not None:
            if self._process.is_alive():
                self._process.terminate()
            self._process.join()
            self._receiving.close()
            self._process = None
        self._make = None


_ITEM = "item"  # the first of a message holding one item of a list being made (`Forked(items=True)`)


def _send(connection, make: Callable[[], object], items: bool) -> None:
    try:
        if items:
            for item in make():  # type: ignore[attr-defined]
                connection.send((_ITEM, item))
            outcome: tuple[object, object] = (True, None)
        else:
            outcome = (True, make())
    except Exception as error:  # handed to the parent, which raises it
        outcome = (False, error)
    try:
        connection.send(outcome)
    except Exception as error:  # e.g. an exception that cannot be pickled
        connection.send((False, RuntimeError(f"forked worker: {outcome[1]!r} ({error})")))
    connection.close()


def chunks(items: Sequence[Task], size: int) -> list[Sequence[Task]]:
    return [items[start : start + size] for start in range(0, len(items), size)]


def _start(job: object) -> None:
    global _job
    _job = job


def _call(run: Callable[[object, Task], Outcome], task: Task) -> Outcome:
    return run(_job, task)
