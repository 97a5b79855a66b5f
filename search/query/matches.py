"""Which documents a query matches, as a numpy mask, from per-term posting arrays.

Facet counts need every matching document, not only the top ten. Whoosh's ``docs_for_query``
walks its matcher tree in Python, about 20 µs a document: 35 ms for a common word on 2,000
articles, seconds at 100,000. Reading a term's postings into an array costs about 1.5 µs a
document, and the commonest terms, the ones a reader types again and again, are kept in a
cache bounded in bytes. Boolean structure (AND, OR, NOT) is then numpy over those arrays;
only what needs positions (phrases and spans) goes through Whoosh's own matcher, restricted to
the documents its terms allow.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable

import numpy as np
from whoosh import query as wq
from whoosh.idsets import DocIdSet
from whoosh.matching.wrappers import FilterMatcher

from search.index.term_arrays import TermArrays

#: Bytes of posting arrays a generation keeps (int32 document numbers).
CACHE_BYTES = 64 * 1024 * 1024
#: Terms in fewer documents than this are cheap to read again and are not cached.
CACHE_MIN_DOCS = 256


class TermDocs:
    """Document-number arrays of terms of one index generation, the common ones cached.
    Safe to share between threads; each thread reads postings with its own reader."""

    def __init__(self, max_bytes: int = CACHE_BYTES, arrays: TermArrays | None = None):
        self.max_bytes = max_bytes
        #: The generation's postings as arrays, when its segments have them.
        self.arrays = arrays
        self._arrays: OrderedDict[tuple[str, str], np.ndarray] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    @property
    def vocabulary(self) -> Callable[[str, str], bool] | None:
        """``vocabulary(field, term)``: whether the index has the term, from the arrays'
        term lists (None without arrays: then the reader is asked)."""
        return self.arrays.has_term if self.arrays is not None else None

    def get(self, reader, field: str, term: str) -> np.ndarray:
        if self.arrays is not None:
            return self.arrays.docs(field, term)
        key = (field, term)
        with self._lock:
            found = self._arrays.get(key)
            if found is not None:
                self._arrays.move_to_end(key)
                return found
        if key not in reader:
            return np.zeros(0, dtype=np.int32)
        docs = np.fromiter(reader.postings(field, term).all_ids(), dtype=np.int32)
        if docs.size >= CACHE_MIN_DOCS:
            self._keep(key, docs)
        return docs

    def _keep(self, key: tuple[str, str], docs: np.ndarray) -> None:
        with self._lock:
            if key in self._arrays:
                return
            self._arrays[key] = docs
            self._bytes += docs.nbytes
            while self._bytes > self.max_bytes and self._arrays:
                _, old = self._arrays.popitem(last=False)
                self._bytes -= old.nbytes


def query_mask(searcher, q: wq.Query, n_docs: int, term_docs: TermDocs) -> np.ndarray:
    """The documents ``q`` matches, as a boolean mask of ``n_docs`` (deleted documents
    included: the caller ANDs the live mask)."""
    return _mask(searcher, q, n_docs, term_docs)


def _mask(searcher, q: wq.Query, n: int, term_docs: TermDocs) -> np.ndarray:
    if isinstance(q, wq.Term):
        return _docs_mask(term_docs.get(searcher.reader(), q.fieldname, q.text), n)
    if isinstance(q, wq.Or | wq.DisjunctionMax):
        out = np.zeros(n, dtype=bool)
        for sub in q.subqueries:
            out |= _mask(searcher, sub, n, term_docs)
        return out
    if isinstance(q, wq.And):
        out = np.ones(n, dtype=bool)
        for sub in q.subqueries:
            out &= _mask(searcher, sub, n, term_docs)
        return out
    if isinstance(q, wq.AndMaybe):
        return _mask(searcher, q.a, n, term_docs)
    if isinstance(q, wq.AndNot):
        return _mask(searcher, q.a, n, term_docs) & ~_mask(searcher, q.b, n, term_docs)
    if isinstance(q, wq.Prefix):
        out = np.zeros(n, dtype=bool)
        reader = searcher.reader()
        for text in expand_prefix(reader, q.fieldname, q.text, term_docs):
            docs = term_docs.get(reader, q.fieldname, text)
            out[docs[docs < n]] = True  # no mask of every document per expanded term
        return out
    return _positional(searcher, q, n, term_docs)


def expand_prefix(reader, field: str, prefix: str, term_docs: TermDocs) -> list[str]:
    """The indexed terms of ``field`` that start with ``prefix``."""
    if term_docs.arrays is not None:
        return term_docs.arrays.expand_prefix(field, prefix)
    return [t.decode("utf-8") if isinstance(t, bytes) else t
            for t in reader.expand_prefix(field, prefix)]


def _positional(searcher, q: wq.Query, n: int, term_docs: TermDocs) -> np.ndarray:
    """Phrases from the positions of the documents that hold all their words; spans and
    anything else through Whoosh's own matcher."""
    if isinstance(q, wq.Phrase) and q.slop == 1:
        return phrase_mask(searcher, q, n, term_docs)
    docs = np.fromiter(searcher.docs_for_query(q), dtype=np.int64)
    return _docs_mask(docs, n)


def phrase_mask(searcher, q: wq.Phrase, n: int, term_docs: TermDocs) -> np.ndarray:
    """The documents where ``q``'s words stand one after another (Whoosh's ``Phrase`` with
    slop 1). Candidates are the documents that hold every word (numpy over the cached term
    arrays); positions are decoded only for those, block by block, where Whoosh's phrase
    matcher walks every posting of every word."""
    reader = searcher.reader()
    candidates = np.ones(n, dtype=bool)
    for word in q.words:
        candidates &= _docs_mask(term_docs.get(reader, q.fieldname, word), n)
        if not candidates.any():
            return candidates
    if term_docs.arrays is not None:
        return _phrase_from_arrays(term_docs.arrays, q, candidates)
    fmt = searcher.schema[q.fieldname].format
    starts: dict[int, set[int]] | None = None
    for offset, word in enumerate(q.words):
        here = _positions(reader, q.fieldname, word, candidates, fmt)
        shifted = {d: {p - offset for p in ps} for d, ps in here.items()}
        starts = shifted if starts is None else {
            d: starts[d] & ps for d, ps in shifted.items() if d in starts and starts[d] & ps}
        if not starts:
            return np.zeros(n, dtype=bool)
    return _docs_mask(np.fromiter(starts, dtype=np.int64, count=len(starts)), n)


def _phrase_from_arrays(arrays: TermArrays, q: wq.Phrase, candidates: np.ndarray
                        ) -> np.ndarray:
    """The phrase's start positions as ``document << 32 | position`` keys, intersected word
    by word (each word's positions shifted back by its offset in the phrase)."""
    starts: np.ndarray | None = None
    for offset, word in enumerate(q.words):
        docs, positions = arrays.positions(q.fieldname, word, candidates)
        keys = np.unique((docs << 32) | (positions - offset + (1 << 31)))
        starts = keys if starts is None else np.intersect1d(starts, keys, assume_unique=True)
        if starts.size == 0:
            return np.zeros(candidates.size, dtype=bool)
    return _docs_mask(starts >> 32, candidates.size)


def posting_blocks(reader, field: str, term: str):
    """Each block of a term's postings as ``(matcher, base)``: the W3 codec's matcher with its
    block loaded (``_ids``) and the document number of its segment's first document. Deleted
    documents are not filtered (the live mask drops them). Whoosh is frozen upstream and pinned
    here; ``tests/test_scoring.py`` fails if this reading disagrees with Whoosh's own."""
    for leaf, base in reader.leaf_readers():
        if (field, term) not in leaf:
            continue
        m = leaf.postings(field, term)
        if isinstance(m, FilterMatcher):
            m = m.child
        while m.is_active():
            m._read_ids()
            yield m, base
            m._next_block()


def _positions(reader, field: str, word: str, wanted: np.ndarray, fmt
               ) -> dict[int, list[int]]:
    """Positions of ``word`` in the documents of the ``wanted`` mask (ids first, values
    decoded only for the wanted postings)."""
    found: dict[int, list[int]] = {}
    for m, base in posting_blocks(reader, field, word):
        ids = np.fromiter(m._ids, dtype=np.int64, count=len(m._ids)) + base
        hits = np.flatnonzero(wanted[ids[ids < wanted.size]])
        if hits.size:
            m._read_values()
            for i in hits.tolist():
                found[int(ids[i])] = fmt.decode_positions(m._values[i])
    return found


def _docs_mask(docs: np.ndarray, n: int) -> np.ndarray:
    mask = np.zeros(n, dtype=bool)
    mask[docs[docs < n]] = True
    return mask


class MaskDocs(DocIdSet):
    """A boolean mask over document numbers as the ``filter`` of a Whoosh search, so the
    facet filters need not become a Python set of every allowed document."""

    def __init__(self, mask: np.ndarray):
        self.mask = mask

    def __contains__(self, docnum: int) -> bool:
        return 0 <= docnum < self.mask.size and bool(self.mask[docnum])

    def __iter__(self):
        return iter(np.flatnonzero(self.mask).tolist())

    def __len__(self) -> int:
        return int(self.mask.sum())
