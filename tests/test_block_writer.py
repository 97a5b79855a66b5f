"""The rebuild's postings, written a block at a time, are Whoosh's bytes
(:mod:`search.index.block_writer`)."""

from __future__ import annotations

from pathlib import Path

import pytest
from whoosh.codec.base import Segment
from whoosh.codec.whoosh3 import W3Codec
from whoosh.filedb.compound import CompoundStorage
from whoosh.filedb.filestore import FileStorage
from whoosh.writing import SegmentWriter

from search.index.generations import current_generation
from search.index.writer import _SegmentBuilder, rebuild
from tests.conftest import SEEDS


def _segment_files(src: Path, index: Path) -> dict[str, bytes]:
    """Each file inside the segment's compound file (its directory holds their times)."""
    rebuild([src], index, full=True, jobs=1)
    storage = FileStorage(str(current_generation(index)))
    found = {}
    for name in storage.list():
        if name.endswith(".seg"):
            compound = CompoundStorage(storage.open_file(name), use_mmap=False)
            found.update({f"{name}/{part}": compound.open_file(part).read()
                          for part in sorted(compound.list())})
            compound.close()
    return found


@pytest.mark.parametrize("blocklimit", [128, 3])  # one block per term, and several
def test_segment_files_are_whooshs(tmp_path, monkeypatch, blocklimit):
    src = tmp_path / "src"
    src.mkdir()
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    for i in range(9):
        (src / f"{i}.txt").write_text(texts[i % len(texts)] + f"\nप्रति {i % 3}", encoding="utf-8")
    monkeypatch.setattr(Segment, "_random_id", classmethod(lambda cls, size=16: "s" * size))
    monkeypatch.setattr(W3Codec.__init__, "__defaults__", (blocklimit, 3, 1))
    ours = _segment_files(src, tmp_path / "ours")
    monkeypatch.setattr(_SegmentBuilder, "_flush_segment", SegmentWriter._flush_segment)
    whooshs = _segment_files(src, tmp_path / "whoosh")
    assert ours and ours == whooshs
