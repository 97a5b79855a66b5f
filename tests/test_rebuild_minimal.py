"""The rebuild and search commands end to end on the seeds (the ``make run`` path)."""

from __future__ import annotations

import json

from click.testing import CliRunner

from search.cli import main
from tests.conftest import SEEDS


def test_rebuild_then_search_finds_every_spelling_of_moscow(tmp_path):
    runner = CliRunner()
    index = tmp_path / "index"
    built = runner.invoke(main, ["rebuild", "--source", str(SEEDS), "--index", str(index)])
    assert built.exit_code == 0, built.output
    assert "indexed 5 articles, skipped 0" in built.output
    for spelling in ("मॉस्को", "मास्को"):
        found = runner.invoke(main, ["search", "--index", str(index), "--json", spelling])
        assert found.exit_code == 0, found.output
        assert json.loads(found.output)["total"] == 5


def test_rebuild_reports_and_skips_a_broken_file(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "good.txt").write_text("मॉस्को में बैठक\nपुतिन और किम मिले।", encoding="utf-8")
    (src / "latin1.txt").write_bytes("caf\xe9".encode("latin-1"))
    (src / "empty.txt").write_text("   \n")
    result = CliRunner().invoke(
        main, ["rebuild", "--source", str(src), "--index", str(tmp_path / "ix")]
    )
    assert result.exit_code == 0
    assert "indexed 1 articles, skipped 2" in result.output
    assert "latin1.txt:1: not UTF-8" in result.output
    assert "empty.txt: empty file" in result.output


def test_search_without_an_index_says_how_to_build_one(tmp_path):
    result = CliRunner().invoke(main, ["search", "--index", str(tmp_path), "किम"])
    assert result.exit_code == 1
    assert "talaash rebuild" in result.output
