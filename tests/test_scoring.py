"""The numpy ranking is Whoosh's own BM25F: the same scores, in the same order, as Whoosh
scoring every match (``limit=None``), and answers None for what it does not score."""

from __future__ import annotations

import shutil

import numpy as np
import pytest

from search.engine import Engine
from search.index.schema import SEARCH_FIELDS
from search.index.writer import rebuild
from search.query.builder import QueryBuilder
from search.query.scoring import Statistics, top_hits
from search.query.syntax import parse
from tests.conftest import SEEDS

QUERIES = ["मास्को", "किम जोंग उन", "पुतिन", "रूस उत्तर कोरिया", '"उत्तर कोरिया"', "सितंबर",
           "किम -पुतिन", "मास्को OR प्योंगयांग", "बुलेट प्रूफ", "रूस के", "उन", "कोई नहीं शब्द"]


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    root = tmp_path_factory.mktemp("scoring")
    shutil.copytree(SEEDS, root / "src")
    # A second segment, so that postings are read across leaf readers with offsets.
    rebuild([root / "src"], root / "index")
    (root / "src" / "extra.txt").write_text("मास्को में पुतिन और किम। रूस के उत्तर कोरिया से संबंध।",
                                           encoding="utf-8")
    rebuild([root / "src"], root / "index")
    with Engine(root / "index") as e:
        yield e


@pytest.fixture
def searcher(engine):
    """A searcher lent for one test, given back after it."""
    with engine.searcher(engine.generation()) as s:
        yield s


def _exhaustive(searcher, q) -> list[tuple[int, float]]:
    hits = searcher.search(q, limit=None, optimize=False)
    return sorted(((h.docnum, round(h.score, 6)) for h in hits), key=lambda p: (-p[1], p[0]))


@pytest.mark.parametrize("text", QUERIES)
def test_numpy_ranking_is_whooshs_bm25f(engine, text, searcher):
    gen = engine.generation()
    q = QueryBuilder(SEARCH_FIELDS, reader=searcher.reader()).build(parse(text).tree)
    if q is None:
        pytest.skip("nothing to search for")
    n = gen.store.n_docs
    ranked = top_hits(searcher, q, np.ones(n, dtype=bool), Statistics(searcher, n), n)
    assert ranked is not None, f"{q} should be scored in numpy"
    assert [(d, round(s, 6)) for d, s in ranked] == _exhaustive(searcher, q)


def test_prefixes_are_left_to_whoosh(engine, searcher):
    gen = engine.generation()
    q = QueryBuilder(SEARCH_FIELDS, reader=searcher.reader()).build(parse("मास्*").tree)
    n = gen.store.n_docs
    assert top_hits(searcher, q, np.ones(n, dtype=bool), Statistics(searcher, n), 10) is None


def test_phrase_masks_are_whooshs_phrases(engine, searcher):
    """Every two- and three-word run of exact terms in the seeds, as a phrase, in both fields:
    the positions read from posting blocks find exactly the documents Whoosh's matcher finds."""
    from whoosh import query as wq

    from search.analysis.analyzer import analyze_tokens
    from search.query.matches import TermDocs, phrase_mask

    gen = engine.generation()
    n = gen.store.n_docs
    body = searcher.stored_fields(0)["body"]
    exact = [t.term for t in analyze_tokens(body) if t.exact]
    phrases = [exact[i:i + k] for k in (2, 3) for i in range(0, min(len(exact) - k, 120), 7)]
    phrases += [["=किम", "=जोंग", "=उन"], ["=नहीं", "=शबद"]]
    cache = TermDocs()
    for words in phrases:
        for field in ("body", "title"):
            q = wq.Phrase(field, words)
            expected = np.zeros(n, dtype=bool)
            expected[list(searcher.docs_for_query(q))] = True
            assert (phrase_mask(searcher, q, n, cache) == expected).all(), (field, words)
