"""The ``talaash`` command line, through click's test runner."""

from __future__ import annotations

import json

from click.testing import CliRunner

from search.analysis.analyzer import analyze
from search.cli import main


def test_analyze_prints_a_table_of_terms_with_surfaces_and_offsets():
    result = CliRunner().invoke(main, ["analyze", "मॉस्को में"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split() == ["pos", "start", "end", "kind", "term", "surface"]
    rows = [line.split() for line in lines[1:]]
    assert ["0", "0", "6", "exact", "=मासको", "मॉस्को"] in rows
    assert ["0", "0", "6", "stem", "मोसक", "मॉस्को"] in rows
    assert ["1", "7", "10", "exact", "stop", "=में", "में"] in rows


def test_analyze_reads_standard_input_with_dash():
    result = CliRunner().invoke(main, ["analyze", "-"], input="सितम्बर")
    assert result.exit_code == 0
    assert "=सितंबर" in result.output


def test_analyze_lines_prints_one_json_array_per_line():
    text = "उत्तर कोरियाई\n\nबुलेट-प्रूफ\n"
    result = CliRunner().invoke(main, ["analyze", "--lines"], input=text)
    assert result.exit_code == 0
    arrays = [json.loads(line) for line in result.output.splitlines()]
    assert arrays == [analyze("उत्तर कोरियाई"), [], analyze("बुलेट-प्रूफ")]


def test_analyze_lines_refuses_a_text_argument():
    result = CliRunner().invoke(main, ["analyze", "--lines", "किम"])
    assert result.exit_code == 2
    assert "--lines reads standard input" in result.output
