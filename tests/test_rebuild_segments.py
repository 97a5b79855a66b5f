"""A rebuild's workers each write a segment, and the catalog beside the index spares an
incremental rebuild from reading every stored document: neither may change what is indexed."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest
from whoosh import index as whoosh_index

from search.index import facet_build
from search.index.facet_build import FILE_CATALOG
from search.index.facets import FacetStore
from search.index.generations import current_generation
from search.index.schema import build_schema
from search.index.writer import rebuild
from tests.conftest import SEEDS


def _corpus(folder: Path, copies: int) -> Path:
    """``copies`` articles made of the seeds, each a little different."""
    folder.mkdir()
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    for i in range(copies):
        (folder / f"{i:03d}.txt").write_text(texts[i % 5] + f"\nप्रति {i}", encoding="utf-8")
    return folder


def _contents(index: Path) -> dict:
    """What a search can see, by document id: stored fields, terms, facet values."""
    gen = current_generation(index)
    ix = whoosh_index.open_dir(str(gen), schema=build_schema())
    with ix.reader() as reader:
        ids = {docnum: fields["id"] for docnum, fields in reader.iter_docs()}
        stored = {fields["id"]: fields for _, fields in reader.iter_docs()}
        postings = ((field, text, sorted(ids[d] for d in reader.postings(field, text).all_ids()
                                         if d in ids)) for field, text in reader.all_terms())
        terms = sorted(p for p in postings if p[2])  # a deleted document's terms may stay
        segments = len(list(reader.leaf_readers()))
    store = FacetStore.load(gen)
    facets = {name: sorted((facet.values[v], ids[int(d)]) for d, v in zip(facet.docs, facet.vals,
                                                                         strict=True))
              for name, facet in store.facets.items()}
    dated = sorted((ids[d], int(store.published[d])) for d in ids)
    return {"stored": stored, "terms": terms, "facets": facets, "names": store.names,
            "published": dated, "live": int(np.sum(store.live)), "segments": segments}


@pytest.fixture(scope="module")
def twelve(tmp_path_factory) -> tuple[Path, dict]:
    """Twelve articles indexed by one process: the reference."""
    home = tmp_path_factory.mktemp("twelve")
    src = _corpus(home / "src", 12)
    rebuild([src], home / "one", full=True, jobs=1)
    return src, _contents(home / "one")


def test_workers_write_one_segment_each_and_index_the_same(twelve, tmp_path, monkeypatch):
    src, one = twelve
    monkeypatch.setattr("search.index.writer.MIN_SHARE", 4)  # 12 articles: three shares
    report = rebuild([src], tmp_path / "three", full=True, jobs=3)
    assert report.indexed == 12
    three = _contents(tmp_path / "three")
    assert (one["segments"], three["segments"]) == (1, 3)
    assert {**three, "segments": 1} == one


def test_a_share_too_small_for_a_worker_is_indexed_in_process(twelve, tmp_path):
    src, one = twelve
    rebuild([src], tmp_path / "ix", full=True, jobs=4)  # 12 articles < 2 shares of MIN_SHARE
    assert _contents(tmp_path / "ix") == one


def test_an_incremental_rebuild_reads_only_what_changed(twelve, tmp_path, monkeypatch):
    src, _ = twelve
    copy = tmp_path / "src"
    shutil.copytree(src, copy)
    rebuild([copy], tmp_path / "ix", full=True)
    changed = (copy / "003.txt").read_text(encoding="utf-8")
    (copy / "003.txt").write_text(changed + "\nपुतिन ने कहा।", encoding="utf-8")
    (copy / "011.txt").unlink()

    def refuse(leaf):
        raise AssertionError("a stored document was read")

    monkeypatch.setattr(facet_build, "_read_segment", refuse)
    report = rebuild([copy], tmp_path / "ix")
    assert (report.indexed, report.unchanged, report.removed) == (1, 10, 1)
    monkeypatch.undo()
    rebuild([copy], tmp_path / "fresh", full=True)
    incremental, fresh = _contents(tmp_path / "ix"), _contents(tmp_path / "fresh")
    assert incremental["facets"] == fresh["facets"]
    assert {**incremental, "segments": 0} == {**fresh, "segments": 0}


def test_an_index_without_a_catalog_is_read_from_its_stored_documents(twelve, tmp_path):
    src, one = twelve
    index = tmp_path / "ix"
    rebuild([src], index, full=True)
    gen = current_generation(index)
    (gen / FILE_CATALOG).unlink()  # as an index written before the catalog existed
    report = rebuild([src], index)
    assert (report.indexed, report.unchanged) == (0, 12)
    assert (current_generation(index) / FILE_CATALOG).is_file()
    assert _contents(index) == one


def test_an_outdated_catalog_is_ignored(twelve, tmp_path, monkeypatch):
    src, one = twelve
    index = tmp_path / "ix"
    rebuild([src], index, full=True)
    monkeypatch.setattr(facet_build, "CATALOG_VERSION", facet_build.CATALOG_VERSION + 1)
    assert facet_build.Catalog.load(current_generation(index)).segments == {}
    assert rebuild([src], index).unchanged == 12
    assert _contents(index) == one


def test_a_catalog_of_the_earlier_layout_is_read_and_saved_anew(twelve, tmp_path):
    """Version 2 kept every segment's inputs in one pickle: read as they are; the next
    rebuild saves each segment's own pickle, and reads back the same inputs."""
    import pickle
    import shutil

    src = tmp_path / "src"
    shutil.copytree(twelve[0], src)
    index = tmp_path / "ix"
    rebuild([src], index, full=True)
    gen = current_generation(index)
    segments = facet_build.Catalog.load(gen).segments
    (gen / FILE_CATALOG).write_bytes(pickle.dumps({"version": 2, "segments": segments}))
    assert facet_build.Catalog.load(gen).segments == segments
    (src / "new.txt").write_text("नया लेख: ज़ाम्बेज़ी नदी के किनारे त्सोंगा गांव।",
                                 encoding="utf-8")
    assert rebuild([src], index).indexed == 1
    again = facet_build.Catalog.load(current_generation(index)).segments
    assert {sid: inputs for sid, inputs in again.items() if sid in segments} == segments
    assert rebuild([src], index).unchanged == 13


def test_a_segment_whoosh_merges_in_an_incremental_rebuild_gets_its_arrays(tmp_path):
    """The end of a rebuild opens a segment's reader only for a segment without term arrays:
    the one Whoosh's merge policy made of the small ones (the fifth article added alone)."""
    from whoosh import index as whoosh_index

    from search.index import term_arrays
    from search.index.schema import build_schema
    from tests.conftest import SEEDS

    src, index = tmp_path / "src", tmp_path / "ix"
    shutil.copytree(SEEDS, src)
    rebuild([src], index)
    sizes = []
    for i in range(5):
        (src / f"new-{i}.txt").write_text(f"नया लेख {i}: ज़ाम्बेज़ी नदी के किनारे त्सोंगा गांव।",
                                          encoding="utf-8")
        rebuild([src], index)
        gen = current_generation(index)
        segments = whoosh_index.open_dir(str(gen), schema=build_schema())._segments()
        sizes.append([s.doc_count_all() for s in segments])
        assert all(p.exists() for s in segments for p in term_arrays.files_of(gen, s.segment_id()))
    assert sizes[-1] == [9, 1]  # merged


def test_workers_write_the_term_arrays_that_decoding_their_segments_gives(twelve, tmp_path,
                                                                          monkeypatch):
    """The rebuild's workers build their segments' term arrays from their posting pools
    (:mod:`search.index.segment_arrays`): byte for byte what decoding the written segment
    gives, and none left for the rebuild's own process to decode."""
    from search.index import term_arrays

    src, _ = twelve
    monkeypatch.setattr("search.index.writer.MIN_SHARE", 4)
    decoded = []
    real_ensure = term_arrays.ensure
    monkeypatch.setattr(term_arrays, "ensure",
                        lambda folder, reader: decoded.append(real_ensure(folder, reader)))
    rebuild([src], tmp_path / "ix", full=True, jobs=2)
    assert decoded == [0]
    gen = current_generation(tmp_path / "ix")
    written = {p.name: p.read_bytes() for p in gen.glob(f"*{term_arrays.SUFFIX}.*")}
    assert written and not any(".seg" in name for name in written)
    for path in gen.glob(f"*{term_arrays.SUFFIX}.*"):
        path.unlink()
    ix = whoosh_index.open_dir(str(gen), schema=build_schema())
    with ix.reader() as reader:
        assert real_ensure(gen, reader) == 2
    assert {p.name: p.read_bytes() for p in gen.glob(f"*{term_arrays.SUFFIX}.*")} == written
