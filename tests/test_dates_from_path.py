"""Publication dates from file and folder names (issue 15): a table of paths, ambiguous ones
included, and the rule that the path is the last resort after metadata and the text."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from search.cli import main
from search.engine import Engine
from search.extract.published import date_from_path
from tests.cases import load


@pytest.mark.parametrize("path, expected", load("dates-from-path", "path", "expected"))
def test_date_from_path(path, expected):
    assert date_from_path(path) == (expected or None)


def test_path_is_the_last_resort(tmp_path):
    """Metadata wins, then the text's dateline or timestamp, then the path; the rebuild
    summary says how many came from where."""
    src = tmp_path / "src"
    (src / "2021" / "06" / "07").mkdir(parents=True)
    (src / "2021" / "06" / "07" / "story.txt").write_text(
        "मॉस्को में बैठक हुई।\nपुतिन ने कहा कि बातचीत 13 सितंबर को जारी रहेगी।\n", encoding="utf-8")
    (src / "DJ-2020-APR-01.txt").write_text(
        "नई दिल्ली, 5 अक्टूबर 2023 (आईएएनएस)। बैठक हुई।\n", encoding="utf-8")
    (src / "03-04-2020.txt").write_text("बैठक में चर्चा हुई।\n", encoding="utf-8")
    (src / "2019-01-02.jsonl").write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in [
        {"id": "meta", "title": "t", "text": "बैठक हुई।", "published": "2022-02-03"},
        {"id": "file", "title": "t", "text": "बैठक हुई।"},
    ]) + "\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["rebuild", "--source", str(src),
                                       "--index", str(tmp_path / "index")])
    assert result.exit_code == 0, result.output
    summary = "dates of the 5 indexed: 1 from metadata, 1 from the text, 2 from the path, 1 none"
    assert summary in result.output, result.output
    search = CliRunner().invoke(main, ["search", "--index", str(tmp_path / "index"),
                                       "--json", "--limit", "10", ""])
    published = {h["id"]: h["published"] for h in json.loads(search.output)["hits"]}
    assert published == {"2021/06/07/story.txt": "2021-06-07",
                         "DJ-2020-APR-01.txt": "2023-10-05", "03-04-2020.txt": None,
                         "meta": "2022-02-03", "file": "2019-01-02"}
    # A date without a year in a path-dated article takes the path's year (the closest).
    doc = CliRunner().invoke(main, ["search", "--index", str(tmp_path / "index"), "--json",
                                    "बातचीत"])
    assert json.loads(doc.output)["hits"][0]["id"] == "2021/06/07/story.txt"
    with Engine(tmp_path / "index") as engine:
        dates = engine.document("2021/06/07/story.txt").dates
    assert [d.value for d in dates] == ["2021-09-13"]
