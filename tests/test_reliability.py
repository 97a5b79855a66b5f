"""Reliability of rebuilds: killed at each stage, the previous index still answers and the next
rebuild cleans up after it (with a message); bad documents are each reported with their file
and line while every good one is indexed, with a summary and a meaningful exit status."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from search.cli import EXIT_SKIPPED, main
from search.engine import Engine
from search.index.generations import current_generation
from search.index.recovery import LOCK, PAUSE_ENV
from search.index.writer import rebuild
from search.models import SearchRequest
from tests.conftest import SEEDS

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")


def _total(index: Path, q: str = "मॉस्को") -> int:
    with Engine(index) as engine:
        return engine.search(SearchRequest(q=q)).total


def _killed_at(stage: str, src: Path, index: Path) -> None:
    """Start ``talaash rebuild --full``, wait until it pauses at ``stage``, SIGKILL it (and
    any worker it started)."""
    cmd = [sys.executable, "-m", "search.cli", "rebuild", "--source", str(src),
           "--index", str(index), "--full"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, PAUSE_ENV: stage}, start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        for line in proc.stderr:
            if f"paused at {stage}" in line or time.monotonic() > deadline:
                break
        else:
            pytest.fail(f"the rebuild ended before it reached {stage}")
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        proc.stderr.close()


@pytest.mark.parametrize("stage", ["extracting", "writing", "swapping"])
def test_a_rebuild_killed_at_any_stage_leaves_the_old_index_and_the_next_one_cleans_up(
        tmp_path, stage):
    src, index = tmp_path / "src", tmp_path / "index"
    shutil.copytree(SEEDS, src)
    rebuild([src], index)
    before = current_generation(index)
    (src / "new.txt").write_text("मॉस्को में नया लेख।", encoding="utf-8")
    _killed_at(stage, src, index)
    assert current_generation(index) == before
    assert _total(index) == 5  # the old index still answers, unchanged
    assert (index / LOCK).read_text().strip(), "the killed rebuild's pid is in the lock"
    result = CliRunner().invoke(main, ["rebuild", "--source", str(src), "--index", str(index)])
    assert result.exit_code == 0, result.output
    assert "stale lock of rebuild pid" in result.output
    if stage != "swapping":
        assert ".building, left by a rebuild that did not finish" in result.output
    else:
        assert "stopped before it could swap it in" in result.output
    assert _total(index) == 6
    assert not list(index.glob("*.building"))
    assert len(list(index.glob("gen-*"))) <= 2
    again = CliRunner().invoke(main, ["rebuild", "--source", str(src), "--index", str(index)])
    assert "recovered" not in again.output  # a clean rebuild leaves nothing to report


def _bad_sources(root: Path) -> Path:
    src = root / "bad"
    shutil.copytree(SEEDS, src)
    (src / "latin1.txt").write_bytes("मॉस्को".encode() + b"\n\xe9t\xe9\n")
    (src / "empty.txt").write_bytes(b"")
    (src / "blank.txt").write_text("  \n\n", encoding="utf-8")
    (src / "binary.txt").write_bytes(b"\x7fELF\x00\x01\x02" * 100)
    deep = src.joinpath(*["गहरा"] * 40)
    deep.mkdir(parents=True)
    (deep / "deep.txt").write_text("गहरे फ़ोल्डर का लेख: पुतिन।", encoding="utf-8")
    (src / "loop").mkdir()
    (src / "loop" / "up").symlink_to("..")
    good = {"id": "j1", "title": "ठीक", "text": "जेसनएल का ठीक लेख।"}
    (src / "mixed.jsonl").write_text(
        json.dumps(good, ensure_ascii=False) + "\n{not json\n[1, 2]\n"
        + json.dumps({"id": "j2", "text": ""}) + "\n"
        + json.dumps({"id": "001_91d2b73f49f4527b.txt", "text": "दोहराई पहचान"}) + "\n",
        encoding="utf-8")
    (src / "rows.csv").write_text('id,title,text\nc1,ठीक,सीएसवी का ठीक लेख।\nc2,"खुला,उद्धरण\n',
                                  encoding="utf-8")
    (src / "noheader.csv").write_text("बस एक पंक्ति\n", encoding="utf-8")
    (src / "dup.jsonl").write_text(json.dumps({"id": "j1", "text": "वही पहचान फिर से।"},
                                              ensure_ascii=False) + "\n", encoding="utf-8")
    return src


def test_bad_documents_are_each_reported_and_every_good_one_indexed(tmp_path):
    src = _bad_sources(tmp_path)
    start = time.monotonic()
    result = CliRunner().invoke(main, ["rebuild", "--source", str(src),
                                       "--index", str(tmp_path / "ix")])
    assert time.monotonic() - start < 120
    out = result.output
    assert result.exit_code == EXIT_SKIPPED, out
    expected = [
        "latin1.txt:2: not UTF-8", "empty.txt: empty file", "blank.txt: empty file",
        "binary.txt: binary file", "loop/up: link to a folder, not followed",
        "mixed.jsonl:2: bad JSON", "mixed.jsonl:3: not an object",
        "mixed.jsonl:4: missing or empty 'text'", "mixed.jsonl:5: duplicate id",
        "noheader.csv: CSV needs a header row", "mixed.jsonl:1: duplicate id 'j1' (first in",
    ]
    for message in expected:
        assert message in out, message
    assert "rows.csv:" in out  # the unclosed quote, with its line
    # The five seeds, the deep article, j1 and c1.
    assert "indexed 8," in out and f"skipped {len(expected) + 1}" in out
    assert _total(tmp_path / "ix", "फ़ोल्डर") == 1
    assert _total(tmp_path / "ix", "सीएसवी") == 1


def test_a_rebuild_with_nothing_readable_exits_1_and_keeps_the_index(tmp_path):
    index = tmp_path / "index"
    rebuild([SEEDS], index)
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "bin.txt").write_bytes(b"\x00" * 10)
    result = CliRunner().invoke(main, ["rebuild", "--source", str(empty), "--index", str(index)])
    assert result.exit_code == 1 and "bin.txt: binary file" in result.output
    assert _total(index) == 5


def test_engine_reads_index_and_facets_of_one_generation(tmp_path, monkeypatch):
    """The swap race: the generation is resolved once per search, and its index and facet
    store are opened from that one folder."""
    import search.engine as engine_module

    index = tmp_path / "index"
    rebuild([SEEDS], index)
    opened = []
    real_open = engine_module.open_generation
    monkeypatch.setattr(engine_module, "open_generation",
                        lambda folder, *a: opened.append(folder) or real_open(folder, *a))
    real_load = engine_module.FacetStore.load
    monkeypatch.setattr(engine_module.FacetStore, "load",
                        staticmethod(lambda folder: opened.append(folder) or real_load(folder)))
    with Engine(index) as engine:
        engine.search(SearchRequest(q="मॉस्को"))
        assert len(set(opened)) == 1
