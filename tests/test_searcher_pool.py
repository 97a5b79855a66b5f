"""Searchers are lent per request from a pool per generation (search/index/searchers.py), so
serving threads that sit idle after a rebuild hold nothing of the generation it replaced."""

from __future__ import annotations

import contextlib
import gc
import os
import shutil
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from search.engine import Engine
from search.index.writer import rebuild
from search.models import SearchRequest
from tests.conftest import SEEDS

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"),
                                reason="reads /proc/self to count open files and maps")

QUERIES = ["मास्को", "पुतिन", "किम जोंग", "उत्तर कोरिया", "", "रूस OR चीन"]


def _held(folder: Path) -> tuple[int, int]:
    """(open file descriptors, memory maps) of this process inside ``folder``."""
    prefix = str(folder.resolve()) + os.sep
    fds = 0
    for fd in os.listdir("/proc/self/fd"):
        with contextlib.suppress(OSError):
            fds += os.readlink(f"/proc/self/fd/{fd}").startswith(prefix)
    with open("/proc/self/maps") as maps:
        mapped = {line.split(maxsplit=5)[-1].strip() for line in maps if prefix in line}
    return fds, len(mapped)


@pytest.fixture
def source_and_index(tmp_path):
    shutil.copytree(SEEDS, tmp_path / "src")
    rebuild([tmp_path / "src"], tmp_path / "index")
    return tmp_path / "src", tmp_path / "index"


def _answers(engine: Engine) -> list[tuple]:
    return [(r.total, [h.id for h in r.hits])
            for r in (engine.search(SearchRequest(q=q)) for q in QUERIES)]


def test_threads_share_few_searchers_and_get_the_serial_answers(source_and_index):
    _, index = source_and_index
    with Engine(index) as engine:
        serial = _answers(engine)
        engine._recent.clear()  # make the threads search, not read the cache
        with ThreadPoolExecutor(8) as pool:
            parallel = list(pool.map(lambda _: _answers(engine), range(16)))
        assert all(answer == serial for answer in parallel)
        assert 1 <= engine.generation().pool.open_count <= 8


def test_idle_threads_hold_nothing_of_a_replaced_generation(source_and_index):
    src, index = source_and_index
    with Engine(index) as engine, ThreadPoolExecutor(4) as threads:
        list(threads.map(lambda _: _answers(engine), range(8)))
        old = engine.generation().folder
        assert _held(old)[0] > 0  # the idle searchers keep their segment files open
        (src / "new.txt").write_text("मास्को में एक नया लेख।", encoding="utf-8")
        rebuild([src], index)
        engine.search(SearchRequest(q="नया"))  # one request notices the swap
        gc.collect()
        assert engine.generation().folder != old
        assert _held(old) == (0, 0)  # the threads are alive and idle, and pin nothing


def test_a_search_begun_on_the_old_generation_finishes_on_it(source_and_index):
    src, index = source_and_index
    with Engine(index) as engine:
        total, rows = engine.export(SearchRequest(q=""), chunk=1)
        first = next(rows)
        old = engine.generation().folder
        (src / "new.txt").write_text("मास्को में एक नया लेख।", encoding="utf-8")
        rebuild([src], index)
        assert engine.generation().folder != old
        rest = list(rows)  # the lent searcher still reads the old generation
        assert 1 + len(rest) == total
        assert first.id not in {r.id for r in rest}
        gc.collect()
        assert _held(old) == (0, 0)  # given back when exhausted, closed as retired


def test_an_abandoned_export_gives_its_searcher_back(source_and_index):
    _, index = source_and_index
    with Engine(index) as engine:
        pool, folder = engine.generation().pool, engine.generation().folder
        _, rows = engine.export(SearchRequest(q=""), chunk=1)
        next(rows)
        lent = pool.open_count
        rows.close()
        with pool.lend():  # the returned searcher is reused, not a new one
            assert pool.open_count == lent
        _, rows = engine.export(SearchRequest(q=""), chunk=1)
        next(rows)
        del rows  # dropped without close(): garbage collection gives it back
        gc.collect()
        assert pool.open_count == lent
        engine.close()
        gc.collect()
        assert _held(folder) == (0, 0)


def test_close_closes_every_searcher(source_and_index):
    _, index = source_and_index
    engine = Engine(index)
    with ThreadPoolExecutor(4) as threads:
        list(threads.map(lambda _: _answers(engine), range(8)))
    folder = engine.generation().folder
    engine.close()
    gc.collect()
    assert _held(folder) == (0, 0)
