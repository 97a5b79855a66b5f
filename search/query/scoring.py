"""BM25F over numpy arrays: the top hits of a word query without walking Whoosh's matchers.

Whoosh scores a match in Python, some 10 µs a document, so ranking a common word costs 90 ms
at 10,000 articles and about a second at 100,000, although only ten hits are shown. For the
queries the search box builds most (terms, their OR and AND, NOT, and the phrase bonus of
AndMaybe), the score is Whoosh's own BM25F, computed here for every matching document at once
from the term's posting arrays (document numbers and weights) and the field lengths as Whoosh
stores them. Anything else (prefixes, spans) returns None and Whoosh ranks it, so the answer
is the same either way; ``tests/test_scoring.py`` holds the two to the same ranking.

Reading posting blocks uses the W3 codec's block attributes: Whoosh is frozen upstream and
pinned here, and the test above fails if that reading ever disagrees with Whoosh's.
"""

from __future__ import annotations

import threading
from math import log

import numpy as np
from whoosh import query as wq
from whoosh.scoring import BM25F

from search.query.matches import TermDocs, posting_blocks, query_mask


class HindiBM25F(BM25F):
    """Whoosh's BM25F with the idf of Robertson and Lucene, ``log(1 + (N - n + 0.5) /
    (n + 0.5))``, instead of Whoosh's ``log(N / (n + 1)) + 1``. Whoosh's ``+ 1`` gives a word
    in half the articles a third of a rare word's weight, where Lucene gives it a tenth, so a
    question's common words outvote its one telling word. Measured on XQuAD-hi among
    distractors: nDCG@10 0.9456 -> 0.9468, and 0.9524 -> 0.9527 on the answer passages alone."""

    def idf(self, searcher, fieldname, text):
        parent = searcher.get_parent()
        n = parent.doc_frequency(fieldname, text)
        total = parent.doc_count_all()
        return log(1 + (total - n + 0.5) / (n + 0.5))


class Statistics:
    """Per generation: field lengths as Whoosh scores them, and posting arrays of terms."""

    def __init__(self, searcher, n_docs: int, term_docs: TermDocs | None = None):
        self.n_docs = n_docs
        #: The generation's cached term arrays, which a phrase's candidates are read from.
        self.term_docs = term_docs or TermDocs()
        self.weighting = searcher.weighting
        self._lengths: dict[str, np.ndarray] = {}
        self._postings: dict[tuple[str, str], tuple[np.ndarray, np.ndarray]] = {}
        self._lock = threading.Lock()

    def lengths(self, searcher, field: str) -> np.ndarray:
        with self._lock:
            found = self._lengths.get(field)
        if found is None:
            if self.term_docs.arrays is not None:
                found = self.term_docs.arrays.lengths(field)
            else:
                found = np.array([searcher.doc_field_length(d, field, 1)
                                  for d in range(self.n_docs)], dtype=np.float64)
            with self._lock:
                self._lengths[field] = found
        return found

    def postings(self, reader, field: str, term: str) -> tuple[np.ndarray, np.ndarray]:
        """Document numbers and weights of a term's postings."""
        if self.term_docs.arrays is not None:
            return self.term_docs.arrays.postings(field, term)
        key = (field, term)
        with self._lock:
            found = self._postings.get(key)
        if found is None:
            found = _read_postings(reader, field, term)
            if found[0].size >= 256:
                with self._lock:
                    if len(self._postings) < 4096:
                        self._postings[key] = found
        return found


def _read_postings(reader, field: str, term: str) -> tuple[np.ndarray, np.ndarray]:
    ids: list = []
    weights: list = []
    for m, base in posting_blocks(reader, field, term):
        m._read_weights()
        ids.extend(d + base for d in m._ids)
        weights.extend(m._weights)
    return np.array(ids, dtype=np.int64), np.array(weights, dtype=np.float64)


def top_hits(searcher, q: wq.Query, allowed: np.ndarray, stats: Statistics, limit: int
             ) -> list[tuple[int, float]] | None:
    """The ``limit`` best ``(docnum, score)`` among ``allowed`` documents, best first (ties:
    the lower document number, as Whoosh), or None when ``q`` has parts scored elsewhere."""
    if not isinstance(stats.weighting, BM25F) or not _scorable(q):
        return None
    mask, scores = _score(searcher, q, stats)
    mask &= allowed
    docs = np.flatnonzero(mask)
    if docs.size > limit:
        kth = np.partition(scores[docs], docs.size - limit)[docs.size - limit]
        docs = docs[scores[docs] >= kth]
    order = docs[np.lexsort((docs, -scores[docs]))][:limit]
    return [(int(d), float(scores[d])) for d in order]


def _scorable(q: wq.Query) -> bool:
    if isinstance(q, wq.Term | wq.Phrase):
        return True
    if isinstance(q, wq.Or | wq.And):
        return all(_scorable(s) for s in q.subqueries)
    if isinstance(q, wq.AndNot | wq.AndMaybe):
        return _scorable(q.a) and _scorable(q.b)
    return False


def _score(searcher, q: wq.Query, stats: Statistics) -> tuple[np.ndarray, np.ndarray]:
    """(matching mask, score of every matching document) of ``q``."""
    n = stats.n_docs
    if isinstance(q, wq.Term):
        return _term(searcher, q.fieldname, q.text, q.boost, stats)
    if isinstance(q, wq.Phrase):
        mask = query_mask(searcher, q, n, stats.term_docs)
        scores = np.zeros(n)
        for word in q.words:
            scores += _term(searcher, q.fieldname, word, 1.0, stats)[1]
        return mask, np.where(mask, scores * q.boost, 0.0)
    if isinstance(q, wq.Or | wq.And):
        parts = [_score(searcher, s, stats) for s in q.subqueries]
        mask = np.zeros(n, dtype=bool) if isinstance(q, wq.Or) else np.ones(n, dtype=bool)
        for m, _ in parts:
            mask = mask | m if isinstance(q, wq.Or) else mask & m
        scores = sum((s for _, s in parts), np.zeros(n))
        return mask, np.where(mask, scores * q.boost, 0.0)
    a_mask, a_scores = _score(searcher, q.a, stats)
    b_mask, b_scores = _score(searcher, q.b, stats)
    if isinstance(q, wq.AndNot):
        mask = a_mask & ~b_mask
        return mask, np.where(mask, a_scores, 0.0)
    return a_mask, np.where(a_mask, a_scores + np.where(b_mask, b_scores, 0.0), 0.0)


def _term(searcher, field: str, text: str, boost: float, stats: Statistics
          ) -> tuple[np.ndarray, np.ndarray]:
    """Whoosh's BM25F of one term for every document (0 where it is absent)."""
    n = stats.n_docs
    mask, scores = np.zeros(n, dtype=bool), np.zeros(n)
    reader = searcher.reader()
    ids, weights = stats.postings(reader, field, text)
    if ids.size == 0:
        return mask, scores
    w = stats.weighting
    b = w._field_B.get(field, w.B)
    idf = searcher.idf(field, text)
    avgfl = searcher.avg_field_length(field) or 1
    fl = stats.lengths(searcher, field)[ids]
    term_scores = idf * ((weights * (w.K1 + 1)) / (weights + w.K1 * ((1 - b) + b * fl / avgfl)))
    keep = ids < n
    mask[ids[keep]] = True
    scores[ids[keep]] = term_scores[keep] * boost
    return mask, scores
