"""The index end to end on the seeds: every spelling, facets, filters, and the rebuild's
promises (incremental, atomic, one at a time, nothing lost on bad input)."""

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

from search.cli import main
from search.engine import Engine
from search.errors import RebuildInProgressError, SearchError
from search.index.generations import CURRENT, current_generation
from search.index.writer import _exclusive, rebuild
from search.models import SearchRequest
from tests.conftest import SEEDS

ALL = {"000", "001", "002", "003", "004"}


@pytest.fixture(scope="module")
def seed_index(tmp_path_factory) -> Path:
    index = tmp_path_factory.mktemp("index")
    report = rebuild([SEEDS], index)
    assert report.indexed == 5 and not report.skipped
    return index


def _search_json(index: Path, *args: str) -> dict:
    result = CliRunner().invoke(main, ["search", "--index", str(index), "--json", *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def _ids(result: dict) -> set[str]:
    return {h["id"][:3] for h in result["hits"]}


@pytest.mark.parametrize(
    "query, expected",
    [
        *[pytest.param(q, ALL, id=f"moscow-{q}") for q in ("मॉस्को", "मास्को")],
        *[pytest.param(q, ALL, id=f"putin-{q}") for q in ("पुतिन", "व्लादिमीर पुतिन",
                                                          "व्लादिमिर पुतिन")],
        *[pytest.param(q, ALL, id=f"kim-{q}") for q in ('"किम जोंग उन"', '"किम जोंग-उन"',
                                                        "किम जोंग उन")],
        *[pytest.param(q, {"000", "001", "003"}, id=f"cosmodrome-{q}")
          for q in ("कॉस्मोड्रोम", "कोस्मोड्रोम")],
        *[pytest.param(q, {"000", "001", "002"}, id=f"bulletproof-{q}")
          for q in ("बुलेट-प्रूफ", "बुलेटप्रूफ", "बुलेट प्रूफ")],
        *[pytest.param(q, {"003"}, id=f"september-{q}") for q in ("सितंबर", "सितम्बर")],
    ],
)
def test_every_spelling_finds_every_seed_that_has_any(seed_index, query, expected):
    assert _ids(_search_json(seed_index, query)) == expected


def _facet(result: dict, name: str) -> dict[str, int]:
    return {v["value"]: v["count"] for v in result["facets"][name]}


def test_person_facet_lists_each_person_once_with_true_counts(seed_index):
    people = _facet(_search_json(seed_index, ""), "person")
    assert people["व्लादिमीर पुतिन"] == 5
    assert people["किम जोंग उन"] == 5
    assert people["किम जोंग-इल"] == 1
    assert not {"व्लादिमिर पुतिन", "पुतिन", "किम", "किम जोंग-उन", "उन"} & people.keys()


def test_filtering_by_the_father_leaves_the_one_article_naming_him(seed_index):
    result = _search_json(seed_index, "--person", "किम जोंग-इल", "")
    assert _ids(result) == {"000"} and result["total"] == 1


def test_faceting_is_disjunctive_within_and_conjunctive_across(seed_index):
    one = _search_json(seed_index, "--person", "किम जोंग-इल", "")
    people = {v["value"]: (v["count"], v["selected"]) for v in one["facets"]["person"]}
    assert people["किम जोंग-इल"] == (1, True)
    assert people["व्लादिमीर पुतिन"] == (5, False)  # counted as if the selection were not made
    both = _search_json(seed_index, "--person", "किम जोंग-इल", "--person", "सर्गेई लावरोव", "")
    assert _ids(both) == {"000", "001"}  # OR within a facet
    across = _search_json(seed_index, "--person", "सर्गेई लावरोव", "--place", "चीन", "")
    assert _ids(across) == {"001"}  # AND across facets
    none = _search_json(seed_index, "--person", "किम जोंग-इल", "--place", "चीन", "")
    assert none["total"] == 0


def test_date_facet_and_filter_use_the_publication_date(seed_index):
    everything = _search_json(seed_index, "")
    assert _facet(everything, "date") == {"2023": 1}
    drilled = _search_json(seed_index, "--date", "2023", "")
    assert [(v["value"], v["count"], v["selected"]) for v in drilled["facets"]["date"]] == [
        ("2023", 1, True), ("2023-09", 1, False)]
    assert _ids(drilled) == {"001"}
    assert _ids(_search_json(seed_index, "--from", "2023-09-17", "--to", "2023-09-17", "")) == {
        "001"}
    assert _search_json(seed_index, "--to", "2022", "")["total"] == 0


def test_empty_query_browses_everything_newest_first(seed_index):
    result = _search_json(seed_index, "")
    assert result["total"] == 5 and result["sort"] == "newest"
    assert result["hits"][0]["id"].startswith("001")  # the only dated article comes first


def test_snippets_mark_the_words_as_written_and_escape_text(seed_index):
    hit = next(h for h in _search_json(seed_index, "मास्को")["hits"] if h["id"][:3] == "003")
    assert "<mark>मॉस्को</mark>" in hit["snippet"]
    assert "#" not in hit["snippet"]


def test_hits_carry_people_places_and_dates(seed_index):
    hit = next(h for h in _search_json(seed_index, "लावरोव")["hits"])
    assert hit["id"].startswith("001") and hit["published"] == "2023-09-17"
    assert "सर्गेई लावरोव" in hit["persons"] and "चीन" in hit["places"]


@pytest.mark.parametrize("query", ["पुतिन?", "क्या किम रूस गए?", '"', "((", "NOT", "*", "?"])
def test_search_never_fails_on_user_input(seed_index, query):
    result = _search_json(seed_index, query)
    assert isinstance(result["total"], int)


def test_batch_prints_one_json_object_per_query(seed_index):
    result = CliRunner().invoke(main, ["search", "--index", str(seed_index), "--batch", "-"],
                                input="मॉस्को\nकिम जोंग-इल\n")
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.output.splitlines()]
    assert [r["query"] for r in lines] == ["मॉस्को", "किम जोंग-इल"]


@pytest.mark.parametrize(
    "request_, message",
    [
        pytest.param(SearchRequest(date=("2023-13",)), "not a date", id="bad-month"),
        pytest.param(SearchRequest(date_from="yesterday"), "not a date", id="bad-from"),
        pytest.param(SearchRequest(sort="sideways"), "sort must be", id="bad-sort"),
        pytest.param(SearchRequest(page=0), "page must be", id="bad-page"),
    ],
)
def test_bad_parameters_get_a_clear_message(seed_index, request_, message):
    with Engine(seed_index) as engine, pytest.raises(SearchError, match=message):
        engine.search(request_)


def _copy_seeds(tmp_path: Path) -> Path:
    src = tmp_path / "src"
    shutil.copytree(SEEDS, src)
    return src


def test_rebuild_is_incremental(tmp_path):
    src, index = _copy_seeds(tmp_path), tmp_path / "index"
    assert rebuild([src], index).indexed == 5
    again = rebuild([src], index)
    assert (again.indexed, again.unchanged, again.removed, again.full) == (0, 5, 0, False)
    (src / "003_95d13e42d2544966.txt").write_text("मॉस्को में लावरोव ने कहा।", encoding="utf-8")
    (src / "004_b301b58a1966a28f.txt").unlink()
    changed = rebuild([src], index)
    assert (changed.indexed, changed.unchanged, changed.removed) == (1, 3, 1)
    assert changed.documents == 4
    people = _facet(_search_json(index, ""), "person")
    assert people["व्लादिमीर पुतिन"] == 3
    full = rebuild([src], index, full=True)
    assert (full.indexed, full.unchanged, full.full) == (4, 0, True)


def test_a_second_rebuild_is_refused_while_one_runs(tmp_path):
    index = tmp_path / "index"
    index.mkdir()
    with _exclusive(index), pytest.raises(RebuildInProgressError, match="another rebuild"):
        rebuild([SEEDS], index)
    result = CliRunner().invoke(main, ["rebuild", "--index", str(index)])
    assert result.exit_code == 0  # the lock was released


def test_a_rebuild_that_fails_midway_leaves_the_old_index(tmp_path, monkeypatch):
    src, index = _copy_seeds(tmp_path), tmp_path / "index"
    rebuild([src], index)
    before = current_generation(index)
    (src / "new.txt").write_text("नया लेख: पुतिन।", encoding="utf-8")

    def explode(*_):
        raise KeyboardInterrupt

    monkeypatch.setattr("search.index.writer._document_fields", explode)
    with pytest.raises(KeyboardInterrupt):
        rebuild([src], index)
    assert current_generation(index) == before
    assert not list(index.glob("*.building"))
    assert _search_json(index, "मॉस्को")["total"] == 5


def test_nothing_indexable_exits_non_zero_and_keeps_the_index(tmp_path):
    index = tmp_path / "index"
    rebuild([SEEDS], index)
    before = current_generation(index)
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "bad.txt").write_bytes(b"\xff\xfe")
    result = CliRunner().invoke(main, ["rebuild", "--source", str(empty), "--index", str(index)])
    assert result.exit_code == 1
    assert "nothing could be indexed" in result.output
    assert "bad.txt:1: not UTF-8" in result.output
    assert current_generation(index) == before


def test_bad_files_are_reported_and_the_rest_indexed(tmp_path):
    src = _copy_seeds(tmp_path)
    (src / "broken.jsonl").write_text('{"id": "x", "text": "किम"}\n{oops\n', encoding="utf-8")
    (src / "binary.txt").write_bytes(b"\x00\x01\x02")
    result = CliRunner().invoke(main, ["rebuild", "--source", str(src),
                                       "--index", str(tmp_path / "ix")])
    assert result.exit_code == 3, result.output  # updated, but not with everything
    assert "indexed 6" in result.output and "skipped 2" in result.output
    assert "broken.jsonl:2: bad JSON" in result.output
    assert "binary.txt: binary file" in result.output


def _corpus(folder: Path, copies: int) -> None:
    folder.mkdir()
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    for i in range(copies):
        (folder / f"{i:04d}.txt").write_text(texts[i % 5] + f"\nप्रति {i}", encoding="utf-8")


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_a_killed_rebuild_leaves_the_old_index_readable_and_the_next_one_working(tmp_path):
    src, index = tmp_path / "src", tmp_path / "index"
    _corpus(src, 400)
    rebuild([SEEDS], index)
    before = current_generation(index)
    cmd = [sys.executable, "-m", "search.cli", "rebuild", "--source", str(src),
           "--index", str(index), "--full"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            env={**os.environ, "PYTHONUNBUFFERED": "1"})
    deadline = time.monotonic() + 60
    while not list(index.glob("*.building")) and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.5)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert list(index.glob("*.building")), "the rebuild was killed before it started"
    assert current_generation(index) == before
    assert (index / CURRENT).is_symlink()
    assert _search_json(index, "मॉस्को")["total"] == 5
    report = rebuild([SEEDS], index)
    assert report.documents == 5
    assert not list(index.glob("*.building"))


def test_an_incremental_rebuild_leaves_the_previous_generations_files_as_they_were(tmp_path):
    """The new generation starts as hard links to the live one's files: whatever it rewrites
    (the key map of Latin queries, the facet store) must be a new file, or the generation
    still serving (and kept for searches in flight) would change under them."""
    src, index = _copy_seeds(tmp_path), tmp_path / "index"
    rebuild([src], index)
    before = current_generation(index)
    files = {p.name: p.read_bytes() for p in sorted(before.iterdir()) if p.is_file()}
    (src / "new.txt").write_text("नया लेख: ज़ाम्बेज़ी नदी के किनारे त्सोंगा गांव।",
                                 encoding="utf-8")
    rebuild([src], index)
    after = current_generation(index)
    assert after != before
    assert {p.name: p.read_bytes() for p in sorted(before.iterdir()) if p.is_file()} == files
    assert (after / "translit.word.npy").read_bytes() != files["translit.word.npy"]


def test_an_incremental_rebuild_keys_the_words_as_a_full_key_map_would(tmp_path):
    """The key map that takes the keys of the words it still has from the previous
    generation's map is byte for byte the one keyed from scratch, after an article is
    added, one changed and one removed."""
    from whoosh import index as whoosh_index

    from search.index import term_arrays
    from search.index.facets import FacetStore
    from search.index.schema import build_schema
    from search.translit import keymap

    src, index = _copy_seeds(tmp_path), tmp_path / "index"
    rebuild([src], index)
    before = current_generation(index)
    assert (before / keymap.RULES).read_text() == keymap.rules_digest()
    assert len(keymap._previous_keys(before, keymap._exonym_rows())) > 500
    first, *rest = sorted(src.glob("*.txt"))
    first.unlink()
    rest[0].write_text(rest[0].read_text(encoding="utf-8") + "\nमोज़ाम्बिक और ज़ाम्बिया।",
                       encoding="utf-8")
    (src / "new.txt").write_text("नया लेख: ज़ाम्बेज़ी नदी के किनारे त्सोंगा गांव।",
                                 encoding="utf-8")
    rebuild([src], index)
    live = current_generation(index)
    ix = whoosh_index.open_dir(str(live), schema=build_schema())
    names = [n for f in FacetStore.load(live).facets.values() for n in f.values]
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    with ix.reader() as reader:
        vocabulary = term_arrays.exact_frequencies(live, reader, keymap.MAX_WORD)
        keymap.write(scratch, reader, names, vocabulary)
    for name in (*keymap.FILES, keymap.CHANCE):
        path = f"translit.{name}.npy"
        assert (scratch / path).read_bytes() == (live / path).read_bytes(), path
    assert keymap._previous_keys(scratch, keymap._exonym_rows())
    (scratch / "translit.key.npy").write_bytes(b"damaged")
    assert keymap._previous_keys(scratch, keymap._exonym_rows()) == {}  # all keyed again


def test_the_catalog_keeps_the_name_keys_the_facets_were_counted_with(tmp_path):
    """Every name of the facets is keyed once and kept with the catalog for the next
    rebuild, as :func:`name_key` keys it, and so are the readings of their words (the key
    map's spellings); those of other rules are not taken."""
    import pickle

    from search.analysis.normalize import readings
    from search.extract.names import name_key
    from search.index.facet_build import FILE_CATALOG, Catalog
    from search.index.facets import FacetStore

    src, index = _copy_seeds(tmp_path), tmp_path / "index"
    rebuild([src], index)
    live = current_generation(index)
    known = Catalog.load(live)._known
    names = {name for inputs in Catalog.load(live).segments.values() for found in inputs
             if found is not None for _, name, _ in found.names}
    assert set(known) == names and all(known[n] == name_key(n) for n in names)
    forms = Catalog.load(live)._known_readings
    words = {w for f in FacetStore.load(live).facets.values() for v in f.values for w in v.split()}
    assert words <= set(forms) and all(forms[w] == readings(w) for w in forms)
    saved = pickle.loads((live / FILE_CATALOG).read_bytes())
    (live / FILE_CATALOG).write_bytes(pickle.dumps(saved | {"key_rules": "other"}))
    assert Catalog.load(live)._known == {} and Catalog.load(live)._known_readings == {}


def test_the_extraction_is_a_column_that_hits_do_not_read(seed_index):
    """Each article's extraction is kept beside its stored fields, not in them (every hit of
    a page reads those), and reads back as what extraction found."""
    from search.extract.pipeline import extract
    from search.index import extractions
    from search.index.generations import open_index

    ids = []
    with open_index(seed_index).searcher() as searcher:
        for docnum, fields in searcher.reader().iter_docs():
            ids.append(fields["id"])
            assert extractions.FIELD not in fields
            stored = extractions.read(searcher.reader(), docnum)
            found = extract(fields["body"], title=fields["title"],
                            published=fields.get("published") or None)
            assert stored.mentions and [m.text for m in stored.mentions] == \
                [m.text for m in found.mentions]
    with Engine(seed_index) as engine:
        for doc_id in ids:
            doc = engine.document(doc_id)
            assert doc is not None and doc.mentions
