"""Forked work: the same results as inline, failures raised where the result is taken."""

from __future__ import annotations

import os
import time

import pytest

from broadsheet.cache import CacheDamaged
from broadsheet.parallel import Forked


def _pid_and_sum() -> tuple[int, int]:
    return os.getpid(), sum(range(1000))


def _damaged() -> None:
    raise CacheDamaged("search terms abc are missing")


def test_forked_work_runs_in_another_process_and_gives_the_inline_result():
    forked = Forked(_pid_and_sum, workers=2)
    pid, total = forked.result()
    assert pid != os.getpid() and total == sum(range(1000))
    inline = Forked(_pid_and_sum, workers=1)
    assert inline.result() == (os.getpid(), total)


@pytest.mark.parametrize("workers", [1, 2])
def test_a_failure_in_forked_work_is_raised_where_the_result_is_taken(workers):
    forked = Forked(_damaged, workers=workers)
    with pytest.raises(CacheDamaged, match="abc are missing"):
        forked.result()


def test_work_no_longer_wanted_is_stopped():
    forked = Forked(lambda: time.sleep(30), workers=2)
    started = time.monotonic()
    forked.cancel()
    assert time.monotonic() - started < 10
    forked.cancel()  # twice is harmless


def _numbered_pids(count: int):
    for number in range(count):
        yield number, os.getpid()


def _items_then_failure():
    yield "first"
    raise CacheDamaged("terms of the second are missing")


@pytest.mark.parametrize("workers", [1, 2])
def test_items_made_in_another_process_arrive_as_the_inline_list(workers):
    made = Forked(lambda: _numbered_pids(500), workers=workers, items=True).result()
    assert [number for number, _ in made] == list(range(500))
    pids = {pid for _, pid in made}
    assert len(pids) == 1 and (pids == {os.getpid()}) == (workers == 1)


@pytest.mark.parametrize("workers", [1, 2])
def test_a_failure_after_some_items_is_raised_where_the_result_is_taken(workers):
    with pytest.raises(CacheDamaged, match="second are missing"):
        Forked(_items_then_failure, workers=workers, items=True).result()
