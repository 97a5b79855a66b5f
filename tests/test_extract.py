"""Extraction end to end: the seeds as a reader lists them, the traps, and ``talaash extract``."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from search.cli import main
from search.extract.pipeline import extract
from tests.eval.seeds import score_seeds

#: Person precision and recall per seed as the general mechanisms achieve them (issue 9),
#: with no hand list of well-known people (the seed-drawn one was removed): the floor a change
#: must not go below. किम जोंग उन (उन is the pronoun "them", never inside a tagged name) is
#: cut to किम जोंग where the model does not know the full name.
SEED_PERSON_FLOOR = {"000": (0.75, 0.6), "001": (0.8, 0.8), "002": (1.0, 0.7),
                     "003": (0.5, 0.5), "004": (0.5, 0.5)}


@pytest.fixture(scope="module")
def seeds():
    return {s.seed: s for s in score_seeds()}


@pytest.mark.parametrize("seed", ["000", "001", "002", "003", "004"])
def test_seed_people_reach_their_measured_figures_under_one_name(seeds, seed):
    s = seeds[seed]
    precision, recall = s.precision_recall("persons")
    floor_p, floor_r = SEED_PERSON_FLOOR[seed]
    assert precision >= floor_p and recall >= floor_r, (precision, recall)
    assert len(s.extraction.persons) == len(s.found("persons"))  # one name each


#: Place recall per seed as the general mechanisms achieve it (issue 9): the gazetteer built
#: from external sources by training/build_places.py, which has none of the seeds' small
#: Russian towns in their spelling (कोम्सोमोल्स्क-ऑन-अमूर in 000, खासन and उस्सूरीस्क in 002,
#: खासन in 004 are left to the tagger, which misses them), and the tagger. The floor a change
#: must not go below.
SEED_PLACE_RECALL_FLOOR = {"000": 12 / 13, "001": 1.0, "002": 10 / 12, "003": 1.0, "004": 8 / 9}


_FAR_EASTERN = ("the tagger takes the adjective सुदूर पूर्वी (Far Eastern) for a place, "
                "alone or before कोम्सोमोल्स्क-ऑन-अमूर; the hand-written सुदूर पूर्व entry that hid "
                "it was drawn from the seeds and is gone (issue 9)")


@pytest.mark.parametrize("seed", [
    pytest.param("000", marks=pytest.mark.xfail(strict=True, reason=(
        _FAR_EASTERN + "; and व्लादिवोस्तोक बंदरगाह (the port) stays a place of its own, a "
        "facility: बंदरगाह continues place names in the training data"))),
    pytest.param("001", marks=pytest.mark.xfail(strict=True, reason=(
        "the tagger tags प्रशांत बंदरगाह शहर (Pacific port city) as a place; "
        "trimmed to प्रशांत बंदरगाह, an ordinary phrase that no general filter catches yet"))),
    pytest.param("002", marks=pytest.mark.xfail(strict=True, reason=_FAR_EASTERN)),
    "003", "004"])
def test_seed_places_are_the_ones_a_reader_lists_under_one_name(seeds, seed):
    s = seeds[seed]
    # A place is listed in its article's own spelling (वोस्तोचन कोस्मोड्रोम), which may be
    # none of the gold's: compared as the gazetteer's place it names.
    found, expected = _as_places(s.extraction.places), _as_places(s.gold["places"])
    allowed = _as_places(s.gold["places"] + s.gold.get("places_allowed", []))
    assert found <= allowed
    assert len(expected & found) / len(expected) >= SEED_PLACE_RECALL_FLOOR[seed] - 1e-9
    assert len(s.extraction.places) == len(found)


def _as_places(names) -> set[str]:
    from search.extract.gazetteer import load_gazetteer

    gazetteer = load_gazetteer()
    places = {name: gazetteer.lookup(name.split()) for name in names}
    return {p.canonical if p is not None else name for name, p in places.items()}


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
        pytest.param("किम जोंग-उन ने कहा कि उन पर दबाव है।", ["किम जोंग-उन"], [],
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


# --- bounded and linear (issue 9) ---------------------------------------------------------

_SENTENCE = ("रामपुर में राम कुमार ने कहा कि दिल्ली और मुंबई के बीच 12 नई ट्रेनें चलेंगी। "
             "सचिन तेंदुलकर ने लखनऊ में बल्लेबाजी की।\n")


def _article(chars: int) -> str:
    return (_SENTENCE * (chars // len(_SENTENCE) + 1))[:chars]


def _best_cpu_seconds(texts: list[str], runs: int = 5) -> list[float]:
    """Each text's least CPU time over ``runs`` rounds, the texts taking turns: CPU time, not
    wall time, because other processes on a busy machine stretch the one and not the other,
    and in turns so that a slow spell falls on both."""
    import time

    best = [float("inf")] * len(texts)
    for _ in range(runs):
        for i, text in enumerate(texts):
            start = time.process_time()
            extract(text)
            best[i] = min(best[i], time.process_time() - start)
    return best


def test_extraction_time_grows_linearly_with_article_length():
    """A twice longer article costs about twice as much: at most 3× (quadratic would be 4×,
    and was: a 4.8 MB article took ten minutes)."""
    extract(_article(2_000))  # load the models first
    short, long = _best_cpu_seconds([_article(15_000), _article(30_000)])
    assert long <= 3.0 * short, (short, long)


def test_an_over_long_article_is_extracted_from_its_beginning_only():
    from search.extract.article import EXTRACT_LIMIT, extraction_text, is_over_limit

    text = _article(3 * EXTRACT_LIMIT) + " अंत में पेरिस।"
    assert is_over_limit(text) and len(extraction_text(text)) <= EXTRACT_LIMIT
    assert "पेरिस" not in extract(text).places  # past the limit: not read
    assert "लखनऊ" in extract(text).places


def test_a_rebuild_with_an_over_long_article_indexes_it_and_the_rest(tmp_path):
    """A 50 MB article in a real rebuild takes minutes to index (Whoosh analyses every word;
    ~100 s measured), so this one is three times the limit: the bound is the same."""
    from search.extract.article import EXTRACT_LIMIT

    source = tmp_path / "src"
    source.mkdir()
    (source / "big.txt").write_text(_article(3 * EXTRACT_LIMIT) + " अंत में पेरिस।",
                                    encoding="utf-8")
    for i in range(3):
        (source / f"a{i}.txt").write_text(f"खबर {i}\nपुतिन ने मॉस्को में कहा।\n",
                                          encoding="utf-8")
    index = tmp_path / "index"
    result = CliRunner().invoke(main, ["rebuild", "--source", str(source), "--index",
                                       str(index), "--full"])
    assert result.exit_code == 0, result.output
    assert "indexed 4" in result.output
    assert "1 longer than" in result.output
    found = CliRunner().invoke(main, ["search", "--index", str(index), "--json", "पेरिस"])
    assert json.loads(found.output)["total"] == 1  # the tail is searchable


def test_articles_extracted_together_are_extracted_as_one_by_one(seed_texts):
    """A rebuild extracts a few articles at once (their sentences tagged together): the
    results are exactly those of one article at a time."""
    from search.extract.pipeline import extract_many

    texts = list(seed_texts.values())
    together = extract_many([(t, None, "2020-01-01" if i % 2 else None)
                             for i, t in enumerate(texts)])
    one_by_one = [extract(t, published="2020-01-01" if i % 2 else None)
                  for i, t in enumerate(texts)]
    assert [e.to_json() for e in together] == [e.to_json() for e in one_by_one]
