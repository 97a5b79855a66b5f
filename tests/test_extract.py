"""Extraction end to end: the seeds as a reader lists them, the traps, and ``talaash extract``."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from search.cli import main
from search.extract.pipeline import extract
from tests.eval.seeds import score_seeds

#: People a reader lists whom the tagger misses (Korean names whose parts are common Hindi
#: words: पार्क "park", जिन "whom"). Strict: a fix must move them out of this list.
KNOWN_MISSES = {"000": {"पार्क जिन"}, "002": {"री प्योंग-चोल", "पाक जोंग-चोन"}}


@pytest.fixture(scope="module")
def seeds():
    return {s.seed: s for s in score_seeds()}


@pytest.mark.parametrize("seed", ["000", "001", "002", "003", "004"])
def test_seed_people_are_the_ones_a_reader_lists_under_one_name(seeds, seed):
    s = seeds[seed]
    assert s.found("persons") <= s.expected("persons")  # nobody who is not there
    missing = s.expected("persons") - s.found("persons")
    assert missing == s.keys(KNOWN_MISSES.get(seed, set()))
    assert len(s.extraction.persons) == len(s.found("persons"))  # one name each


@pytest.mark.parametrize("seed", ["000", "001", "002", "003", "004"])
def test_seed_places_are_the_ones_a_reader_lists_under_one_name(seeds, seed):
    s = seeds[seed]
    assert s.expected("places") <= s.found("places") <= s.allowed("places")
    assert len(s.extraction.places) == len(s.found("places"))


@pytest.mark.parametrize("seed", ["000", "001", "002", "003", "004"])
def test_seed_traps_and_publication_dates(seeds, seed):
    s = seeds[seed]
    names = set(s.extraction.persons) | set(s.extraction.places)
    assert not names & set(s.gold["forbidden"])
    assert s.extraction.published == s.gold["published"]


def test_putin_has_one_name_across_the_seeds(seeds):
    putins = {p for s in seeds.values() for p in s.extraction.persons if "पुतिन" in p}
    assert putins == {"व्लादिमीर पुतिन"}


@pytest.mark.parametrize(
    "text, persons, places",
    [
        pytest.param("किम जोंग उन ने कहा कि उन पर दबाव है।", ["किम जोंग उन"], [],
                     id="pronoun-un-is-no-person"),
        pytest.param("न्यूयॉर्क टाइम्स ने बताया कि राष्ट्रपति व्लादिमीर पुतिन मॉस्को में हैं।",
                     ["व्लादिमीर पुतिन"], ["मॉस्को"], id="newspaper-is-no-place"),
        pytest.param("क्रेमलिन ने कहा कि व्हाइट हाउस गलत है।", [], [],
                     id="institutions-are-organisations"),
        pytest.param("उत्तर कोरियाई और रूसी अधिकारी मिले।", [], [],
                     id="adjectives-are-no-places"),
        pytest.param("मास्को और मॉस्को एक ही शहर है।", [], ["मॉस्को"],
                     id="one-place-one-name"),
    ],
)
def test_extraction_traps(text, persons, places):
    ex = extract(text)
    assert ex.persons == persons
    assert ex.places == places


def test_extract_prints_the_documented_json(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("मॉस्को, 13 सितम्बर। पुतिन ने किम से मुलाकात की।\n2023-09-17 18:58:04\n",
                    encoding="utf-8")
    result = CliRunner().invoke(main, ["extract", str(path)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert set(data) == {"title", "published", "persons", "places", "dates", "mentions"}
    assert data["published"] == "2023-09-17"
    assert {"text": "13 सितम्बर", "value": "2023-09-13", "granularity": "day"}.items() <= (
        data["dates"][0].items())
    text = path.read_text(encoding="utf-8")
    for m in data["mentions"]:
        assert text[m["start"] : m["end"]] == m["text"]
        assert m["kind"] in ("person", "place")


def test_extract_lines_prints_one_object_per_line():
    result = CliRunner().invoke(main, ["extract", "--lines"],
                                input="पुतिन मॉस्को में थे।\nनेता किम जोंग उन प्योंगयांग लौटे।\n")
    assert result.exit_code == 0
    objects = [json.loads(line) for line in result.output.splitlines()]
    assert [o["places"] for o in objects] == [["मॉस्को"], ["प्योंगयांग"]]


def test_extract_applies_a_corrections_file(tmp_path):
    corrections = tmp_path / "fix.tsv"
    corrections.write_text("block\tplace\tमॉस्को\nadd\tperson\tपार्क जिन\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["extract", "--corrections", str(corrections), "-"],
                                input="विदेश मंत्री पार्क जिन मॉस्को गए।")
    data = json.loads(result.output)
    assert data["persons"] == ["पार्क जिन"] and data["places"] == []


def test_extract_reports_a_bad_corrections_file(tmp_path):
    corrections = tmp_path / "fix.tsv"
    corrections.write_text("delete\tplace\tमॉस्को\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["extract", "--corrections", str(corrections), "-"],
                                input="x")
    assert result.exit_code == 1
    assert "fix.tsv:1: unknown action 'delete'" in result.output
