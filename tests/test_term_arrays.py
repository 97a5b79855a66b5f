"""The postings kept as arrays beside each segment are Whoosh's own postings: the same
documents, weights, positions and lengths for every term, across segments and deletions; and
a search answers the same with them as without them."""

from __future__ import annotations

import shutil
from dataclasses import replace

import numpy as np
import pytest
from whoosh.matching.wrappers import FilterMatcher

from search.engine import Engine
from search.index import term_arrays
from search.index.term_arrays import FIELDS, TermArrays
from search.index.writer import rebuild
from search.models import SearchRequest
from search.query.matches import TermDocs
from search.query.scoring import Statistics
from tests.conftest import SEEDS

QUERIES = ["मास्को", "किम जोंग उन", "पुतिन", "रूस उत्तर कोरिया", '"उत्तर कोरिया"', "सितंबर",
           "किम -पुतिन", "मास्को OR प्योंगयांग", "बुलेट प्रूफ", "रूस के", '"रूस के"', "उन",
           "मास्*", "कोई नहीं शब्द", '"किम जोंग उन"', "ट्रेन"]


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    root = tmp_path_factory.mktemp("arrays")
    shutil.copytree(SEEDS, root / "src")
    rebuild([root / "src"], root / "index")
    # A second segment and a deleted document: postings are read across leaf readers.
    first = sorted((root / "src").glob("*.txt"))[0]
    first.write_text(first.read_text(encoding="utf-8") + "\nमास्को में पुतिन और किम।",
                     encoding="utf-8")
    (root / "src" / "extra.txt").write_text("मास्को में पुतिन और किम। रूस के उत्तर कोरिया से संबंध।",
                                           encoding="utf-8")
    rebuild([root / "src"], root / "index")
    return root / "index"


@pytest.fixture(scope="module")
def engine(index):
    with Engine(index) as e:
        yield e


@pytest.fixture
def searcher(engine):
    """A searcher lent for one test, given back after it."""
    with engine.searcher(engine.generation()) as s:
        yield s


def test_every_segment_has_arrays(engine, searcher):
    gen = engine.generation()
    assert gen.term_docs.arrays is not None
    assert len(list(searcher.reader().leaf_readers())) >= 2


@pytest.mark.parametrize("field", FIELDS)
def test_every_term_has_whooshs_postings(engine, field, searcher):
    gen = engine.generation()
    reader = searcher.reader()
    arrays = gen.term_docs.arrays
    fmt = searcher.schema[field].format
    everything = np.ones(gen.store.n_docs, dtype=bool)
    terms = [t.decode("utf-8") for t in reader.lexicon(field)]
    assert terms
    for term in terms:
        ids, weights, positions = [], [], []
        for leaf, base in reader.leaf_readers():
            if (field, term) not in leaf:
                continue
            m = leaf.postings(field, term)
            if isinstance(m, FilterMatcher):  # deleted documents stay in the arrays too
                m = m.child
                m.reset()
            while m.is_active():
                ids.append(m.id() + base)
                weights.append(m.weight())
                positions += [(m.id() + base, p) for p in fmt.decode_positions(m.value())]
                m.next()
        docs, w = arrays.postings(field, term)
        assert docs.tolist() == ids, term
        assert np.allclose(w, weights), term
        assert arrays.docs(field, term).tolist() == ids, term
        if term.startswith("="):
            pdocs, pos = arrays.positions(field, term, everything)
            assert list(zip(pdocs.tolist(), pos.tolist(), strict=True)) == positions, term


@pytest.mark.parametrize("field", FIELDS)
def test_lengths_and_prefixes_are_whooshs(engine, field, searcher):
    gen = engine.generation()
    arrays = gen.term_docs.arrays
    lengths = arrays.lengths(field)
    for d in range(gen.store.n_docs):
        assert lengths[d] == (searcher.doc_field_length(d, field, 0) or 0)
    for prefix in ("=म", "=कि", "र", "=", "=zz"):
        expected = sorted({t.decode("utf-8") for t in searcher.reader().expand_prefix(field,
                                                                                      prefix)})
        assert arrays.expand_prefix(field, prefix) == expected


@pytest.mark.parametrize("text", QUERIES)
def test_a_search_answers_the_same_without_the_arrays(engine, text, searcher):
    gen = engine.generation()
    req = SearchRequest(q=text, per_page=50)
    with_arrays = engine._search(gen, searcher, req)
    plain = replace(gen, term_docs=TermDocs(), stats=None)
    without = engine._search(plain, searcher, req)
    assert [(h.id, h.score, h.snippet) for h in with_arrays.hits] == [
        (h.id, h.score, h.snippet) for h in without.hits]
    assert with_arrays.total == without.total
    assert with_arrays.facets == without.facets


def test_an_index_without_arrays_is_searched_through_whoosh(index, tmp_path):
    copy = tmp_path / "index"
    shutil.copytree(index, copy, symlinks=True)
    gen = (copy / "current").resolve()
    for path in gen.glob(f"*{term_arrays.SUFFIX}.*"):
        path.unlink()
    with Engine(copy) as e, Engine(index) as original:
        assert e.generation().term_docs.arrays is None
        req = SearchRequest(q="पुतिन")
        assert e.search(req).total == original.search(req).total > 0


def test_ensure_builds_missing_arrays_and_drops_stale_ones(index, tmp_path):
    copy = tmp_path / "index"
    shutil.copytree(index, copy, symlinks=True)
    gen = (copy / "current").resolve()
    victim = next(gen.glob(f"*.body{term_arrays.SUFFIX}.docs.npy"))
    victim.unlink()
    (gen / f"MAIN_gone.body{term_arrays.SUFFIX}.docs.npy").write_bytes(b"")
    with Engine(copy) as e, e.searcher(e.generation()) as searcher:
        reader = searcher.reader()
        assert TermArrays.load(gen, reader) is None
        assert term_arrays.ensure(gen, reader) == 1
        assert TermArrays.load(gen, reader) is not None
    assert not (gen / f"MAIN_gone.body{term_arrays.SUFFIX}.docs.npy").exists()


def test_scores_with_arrays_are_whooshs_statistics(engine, searcher):
    gen = engine.generation()
    n = gen.store.n_docs
    plain, fast = Statistics(searcher, n), Statistics(searcher, n, gen.term_docs)
    for field in FIELDS:
        # A document without the field (a title that is only a first sentence is not
        # searched) has no length in the arrays, and Whoosh's default of 1: no term of the
        # field is in it, so the length is never read.
        both = np.flatnonzero(fast.lengths(searcher, field) > 0)
        assert np.array_equal(plain.lengths(searcher, field)[both],
                              fast.lengths(searcher, field)[both])


@pytest.mark.parametrize("word", ["पुतिम", "मास्कों", "कोरय", "राष्ट्रपती", "टरेन", "सितम्बर"])
def test_spelling_candidates_are_whooshs(engine, word, searcher):
    from search.analysis.normalize import fold
    from search.query.suggest import _within

    gen = engine.generation()
    reader = searcher.reader()
    term = "=" + fold(word)
    for maxdist in (1, 2):
        assert sorted(_within(reader, term, maxdist, gen.term_docs.arrays)) == sorted(
            _within(reader, term, maxdist, None))


@pytest.mark.parametrize("text", QUERIES)
def test_snippet_spans_by_block_are_whooshs(engine, text, searcher):
    from search.index.schema import SEARCH_FIELDS
    from search.query.builder import QueryBuilder
    from search.query.highlight import posting_spans, query_terms
    from search.query.syntax import parse

    gen = engine.generation()
    reader = searcher.reader()
    q = QueryBuilder(SEARCH_FIELDS, reader=reader).build(parse(text).tree)
    terms = query_terms(q, reader, ["body"]) if q is not None else set()
    docs = np.flatnonzero(gen.store.live).tolist()  # a deleted article is never a hit
    assert posting_spans(reader, "body", docs, terms, gen.term_docs.arrays) == posting_spans(
        reader, "body", docs, terms)


def test_exact_frequencies_are_whooshs(engine, searcher):
    """The key map's vocabulary read from the arrays equals Whoosh's ``iter_prefix`` over
    every field, across segments and with a deleted document."""
    from search.translit import keymap

    gen = engine.generation()
    reader = searcher.reader()
    fast = term_arrays.exact_frequencies(gen.folder, reader, keymap.MAX_WORD)
    assert fast and fast == keymap.vocabulary(reader)


def test_block_values_read_directly_are_the_matchers(engine, searcher):
    """Every postings block of the body's terms, read at its offset from the term arrays
    without opening the term's matcher, holds the values Whoosh's matcher decodes there."""
    from search.query.highlight import _block_values

    gen = engine.generation()
    reader = searcher.reader()
    arrays = gen.term_docs.arrays
    fmt = reader.schema["body"].format
    leaves = [leaf for leaf, _ in reader.leaf_readers()]
    docs = np.flatnonzero(gen.store.live).tolist()
    checked = 0
    for term in list(reader.lexicon("body"))[:200]:
        term = term.decode("utf-8")
        for number, seek, _ in arrays.blocks_of("body", term, docs):
            m = leaves[number].postings("body", term)
            m = m.child if isinstance(m, FilterMatcher) else m
            m._goto(seek)
            m._read_values()
            assert list(_block_values(leaves[number], seek, fmt)) == list(m._values)
            checked += 1
    assert checked
    assert _block_values(object(), 0, fmt) is None  # not a Whoosh 3 leaf: the matcher path
