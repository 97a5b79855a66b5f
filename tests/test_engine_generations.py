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


def test_oldest_first_keeps_undated_articles_last(tmp_path):
    shutil.copytree(SEEDS, tmp_path / "src")
    (tmp_path / "src" / "old.txt").write_text("मास्को में एक पुराना लेख।\n2001-03-12 10:00:00",
                                             encoding="utf-8")
    rebuild([tmp_path / "src"], tmp_path / "index")
    with Engine(tmp_path / "index") as engine:
        newest = engine.search(SearchRequest(q="", sort="newest")).hits
        oldest = engine.search(SearchRequest(q="", sort="oldest")).hits
    dated = [h.published for h in oldest if h.published]
    assert dated == sorted(dated) and len(dated) >= 2
    assert [h.published for h in oldest][: len(dated)] == dated  # undated ones after
    assert [h.published for h in newest if h.published] == sorted(dated, reverse=True)
