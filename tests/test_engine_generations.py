"""One Engine follows the live generation: a rebuild's swap is seen by the next search, and
between swaps the generation is not looked up again."""

import shutil

from search.engine import Engine
from search.index.writer import rebuild
from search.models import SearchRequest
from tests.conftest import SEEDS


def test_an_engine_sees_each_rebuild(tmp_path):
    shutil.copytree(SEEDS, tmp_path / "src")
    rebuild([tmp_path / "src"], tmp_path / "index")
    with Engine(tmp_path / "index") as engine:
        before = engine.search(SearchRequest(q="")).total
        first = engine.generation()
        assert engine.generation() is first
        (tmp_path / "src" / "new.txt").write_text("मास्को में एक नया लेख।", encoding="utf-8")
        rebuild([tmp_path / "src"], tmp_path / "index")
        assert engine.generation() is not first
        assert engine.search(SearchRequest(q="")).total == before + 1
