"""A new segment's text postings kept as columns of word occurrences and encoded all at once.

Whoosh's ``add_document`` asks each text field for its postings (``Format.word_values``: per
article, a dict of terms, a list of ``(position delta, start delta, length)`` tuples per term and
a pickle of each list) and hands every posting, one call each, to the posting pool: a fifth of
what indexing costs a rebuild worker, a Python step per word and per posting. Here an article's
text field adds its words' term ids, positions and offsets to typed arrays, a few C-level
extends per article (:meth:`TextColumns.add`), and when the segment is written the postings of
every term are grouped by one stable sort and their values encoded by numpy
(:func:`_encode`): the bytes ``Characters.encode`` / ``Positions.encode`` give (``pack_uint(n)``
and a protocol-2 pickle of the list of deltas, whose opcodes depend only on each integer's
size and each tuple's memo index), checked by ``tests/test_text_postings.py`` against Whoosh's
own encoding; the segment's files are unchanged (``tests/test_block_writer.py``, the rebuild's
index digest). The encoded postings go into the posting pool
(:class:`~search.index.posting_pool.GroupedPostingPool`) as if added one by one.
"""

from __future__ import annotations

from array import array
from itertools import chain

import numpy as np
from whoosh.formats import Characters

from search.analysis.tokenize import word_list
from search.index.term_values import _ANALYZER, WordCharacters, WordPositions, _word_term_bytes

_HEADER = np.frombuffer(b"\x80\x02]q\x00", dtype=np.uint8)  # PROTO 2, EMPTY_LIST, BINPUT 0
_BATCH = 1000  # the pickler's MARK ... APPENDS batches
#: Occurrences encoded together (a run ends at a term's end): ~100 MB of temporary arrays.
RUN = 1 << 20


class _Field:
    """One text field's occurrences: per word its term ids' count, position and offsets, per
    article its document number, word count and boost."""

    __slots__ = ("boosts", "chars", "counts", "docs", "ends", "fb", "nwords", "pos", "starts",
                 "tids")

    def __init__(self, chars: bool, fb: float) -> None:
        self.chars, self.fb = chars, fb
        self.tids, self.counts = array("i"), array("i")
        self.pos, self.starts, self.ends = array("i"), array("i"), array("i")
        self.docs, self.nwords, self.boosts = array("q"), array("q"), array("d")


class TextColumns:
    """The occurrences of the text fields of a segment, documents in increasing order."""

    def __init__(self, schema) -> None:
        self.fields: dict[str, _Field] = {}
        if not any(f.separate_spelling() or f.vector for _, f in schema.items()):
            for name, field in schema.items():
                fmt = field.format
                if (type(fmt) in (WordCharacters, WordPositions) and field.indexed
                        and field.scorable and field.analyzer == _ANALYZER):
                    self.fields[name] = _Field(isinstance(fmt, Characters), fmt.field_boost)
        self._term_ids: dict[bytes, int] = {}
        self.terms: list[bytes] = []
        self._word_ids: dict[str, tuple[int, ...]] = {}

    def _ids_of(self, text: str) -> tuple[int, ...]:
        ids = []
        for tbytes in _word_term_bytes(text):
            tid = self._term_ids.get(tbytes)
            if tid is None:
                tid = self._term_ids[tbytes] = len(self.terms)
                self.terms.append(tbytes)
            ids.append(tid)
        found = self._word_ids[text] = tuple(ids)
        return found

    def add(self, fieldname: str, docnum: int, value: str, boost: float) -> int:
        """Note a document's value of a text field; its length (the number of its terms'
        occurrences, what Whoosh sums from the postings' frequencies)."""
        words = word_list(value)
        if not words:
            return 0
        f = self.fields[fieldname]
        texts, starts, ends, poss, _ = zip(*words, strict=True)
        known = self._word_ids
        ids = [known.get(t) for t in texts]
        if None in ids:
            ids = [i if i is not None else self._ids_of(t) for i, t in zip(ids, texts,
                                                                            strict=True)]
        before = len(f.tids)
        f.tids.extend(chain.from_iterable(ids))
        f.counts.extend(map(len, ids))
        f.pos.extend(poss)
        if f.chars:
            f.starts.extend(starts)
            f.ends.extend(ends)
        f.docs.append(docnum)
        f.nwords.append(len(words))
        f.boosts.append(boost)
        return len(f.tids) - before

    def postings(self):
        """Every noted field's postings, term by term in UTF-8 order: ``(field, term bytes,
        document numbers, weights, value bytes end to end, their ends, (each posting's number
        of positions, the positions end to end))``; the columns are emptied."""
        rank = np.empty(len(self.terms), dtype=np.int32)
        rank[sorted(range(len(self.terms)), key=self.terms.__getitem__)] = np.arange(
            len(self.terms), dtype=np.int32)
        for name, f in self.fields.items():
            if len(f.tids):
                yield from ((name, *item) for item in _encode(f, rank, self.terms))
            self.fields[name] = _Field(f.chars, f.fb)


def _int_sizes(x: np.ndarray) -> np.ndarray:
    """Bytes of each integer as the pickler writes it: BININT1, BININT2 or BININT."""
    return np.where((x < 0) | (x > 0xFFFF), 5, np.where(x > 0xFF, 3, 2)).astype(np.int64)


def _put_ints(buf: np.ndarray, at: np.ndarray, x: np.ndarray, size: np.ndarray) -> None:
    buf[at] = np.where(size == 2, ord("K"), np.where(size == 3, ord("M"), ord("J")))
    u = x.astype(np.int64) & 0xFFFFFFFF
    buf[at + 1] = u & 0xFF
    wide = size >= 3
    buf[at[wide] + 2] = (u[wide] >> 8) & 0xFF
    wide = size == 5
    buf[at[wide] + 3] = (u[wide] >> 16) & 0xFF
    buf[at[wide] + 4] = (u[wide] >> 24) & 0xFF


def _encode(f: _Field, rank: np.ndarray, terms: list[bytes]):
    """Every term's postings of field ``f``, in term order, encoded a run of whole terms at a
    time: the occurrences are sorted once (as 32-bit columns), and the temporary arrays of the
    encoding, a dozen 64-bit values per occurrence, exist for one run only (all at once, they
    were ~6 GB in each worker at 50,000 articles)."""
    counts = np.frombuffer(f.counts, dtype=np.int32)
    tid = np.frombuffer(f.tids, dtype=np.int32)
    order = np.argsort(rank[tid], kind="stable")  # by term, then document and occurrence
    tid = tid[order]
    docs = np.frombuffer(f.docs, dtype=np.int64)
    doc = np.repeat(np.repeat(docs.astype(np.int32), np.frombuffer(f.nwords, dtype=np.int64)),
                    counts)[order]
    pos = np.repeat(np.frombuffer(f.pos, dtype=np.int32), counts)[order]
    start = end = None
    if f.chars:
        start = np.repeat(np.frombuffer(f.starts, dtype=np.int32), counts)[order]
        end = np.repeat(np.frombuffer(f.ends, dtype=np.int32), counts)[order]
    del order
    boost = np.ones(int(docs.max()) + 1, dtype=np.float64)
    boost[docs] = np.frombuffer(f.boosts, dtype=np.float64)
    term_starts = np.flatnonzero(np.append(True, tid[1:] != tid[:-1]))
    # Cut at the first term start at or after each multiple of RUN occurrences.
    cuts = np.unique(term_starts[np.minimum(np.searchsorted(
        term_starts, np.arange(0, tid.size, RUN)), term_starts.size - 1)]).tolist()
    for lo, hi in zip(cuts, [*cuts[1:], tid.size], strict=True):
        yield from _encode_run(f, terms, boost, tid[lo:hi], doc[lo:hi], pos[lo:hi],
                               None if start is None else start[lo:hi],
                               None if end is None else end[lo:hi])


def _encode_run(f: _Field, terms: list[bytes], boost: np.ndarray, tid: np.ndarray,
                doc: np.ndarray, pos: np.ndarray, start: np.ndarray | None,
                end: np.ndarray | None):
    """The postings of whole terms' occurrences (sorted by term, document and position)."""
    positions = pos
    pos = pos.astype(np.int64)
    n_occ = tid.size
    first = np.ones(n_occ, dtype=bool)
    first[1:] = (tid[1:] != tid[:-1]) | (doc[1:] != doc[:-1])
    pstart = np.flatnonzero(first)
    n = np.diff(np.append(pstart, n_occ))
    pidx = np.cumsum(first) - 1
    k = np.arange(n_occ) - pstart[pidx]  # index of the occurrence in its posting
    a = pos.copy()
    a[1:] -= np.where(first[1:], 0, pos[:-1])
    size_a = _int_sizes(a)
    item = size_a
    if f.chars:
        start, end = start.astype(np.int64), end.astype(np.int64)
        b = start.copy()
        b[1:] -= np.where(first[1:], 0, end[:-1])
        c = end - start
        memo = k + 1  # the list is memo 0, each tuple the next
        size_b, size_c = _int_sizes(b), _int_sizes(c)
        item = size_a + size_b + size_c + 1 + np.where(memo < 256, 2, 5)
    n_of = n[pidx]
    mark = (n_of > 1) & (k % _BATCH == 0)
    close = (k == n_of - 1) | ((n_of > 1) & (k % _BATCH == _BATCH - 1))
    occ_size = item + mark + close
    before = np.cumsum(occ_size) - occ_size
    at = before + 10 * pidx + 9  # 4 + 5 header bytes before, 1 STOP after each posting
    post_start = before[pstart] + 10 * np.arange(pstart.size)
    total = int(before[-1] + occ_size[-1]) + 10 * pstart.size
    post_end = np.append(post_start[1:], total)
    buf = np.zeros(total, dtype=np.uint8)
    for i, shift in enumerate((24, 16, 8, 0)):
        buf[post_start + i] = (n >> shift) & 0xFF
    for i, byte in enumerate(_HEADER):
        buf[post_start + 4 + i] = byte
    buf[post_end - 1] = ord(".")
    buf[at[mark]] = ord("(")
    at = at + mark
    _put_ints(buf, at, a, size_a)
    at = at + size_a
    if f.chars:
        _put_ints(buf, at, b, size_b)
        at = at + size_b
        _put_ints(buf, at, c, size_c)
        at = at + size_c
        buf[at] = 0x87  # TUPLE3
        small = memo < 256
        buf[at[small] + 1] = ord("q")  # BINPUT
        buf[at[small] + 2] = memo[small]
        big = ~small
        at_big, m = at[big], memo[big]
        buf[at_big + 1] = ord("r")  # LONG_BINPUT
        for i, shift in enumerate((0, 8, 16, 24)):
            buf[at_big + 2 + i] = (m >> shift) & 0xFF
        at = at + 1 + np.where(small, 2, 5)
    buf[at[close]] = np.where(n_of[close] == 1, ord("a"), ord("e"))  # APPEND, APPENDS
    values = buf.tobytes()
    del buf, a, pos, at
    docs = doc[pstart].astype(np.int64)
    weights = n.astype(np.float64) * f.fb * boost[docs]  # float(n) * fb, then * the boost
    ptid = tid[pstart]
    tstart = np.flatnonzero(np.append(True, ptid[1:] != ptid[:-1]))
    tcount = np.diff(np.append(tstart, ptid.size))
    # Each posting's value end from its term's first value, sliced per term as typed arrays.
    rel_ends = post_end - np.repeat(post_start[tstart], tcount)
    d_all, w_all, e_all = array("q"), array("d"), array("Q")
    d_all.frombytes(docs.tobytes())
    w_all.frombytes(weights.tobytes())
    e_all.frombytes(rel_ends.astype(np.uint64).tobytes())
    bounds = np.append(tstart, ptid.size).tolist()
    vbounds = np.append(post_start[tstart], total).tolist()
    # Each term's positions as they are, for the term arrays (which would decode the values).
    obounds = np.append(pstart[tstart], n_occ).tolist()
    counts = n.astype(np.uint32)
    for i, tid_i in enumerate(ptid[tstart].tolist()):
        lo, hi = bounds[i], bounds[i + 1]
        yield (terms[tid_i], d_all[lo:hi], w_all[lo:hi], values[vbounds[i]:vbounds[i + 1]],
               e_all[lo:hi], (counts[lo:hi], positions[obounds[i]:obounds[i + 1]]))

def add_document(writer, fields: dict) -> None:
    """``SegmentWriter.add_document`` of ``writer`` (whose pool holds :class:`TextColumns`),
    Whoosh's steps in Whoosh's order, with the text fields' postings noted in the columns."""
    text = writer.pool.text
    writer._check_state()
    perdocwriter, schema, docnum = writer.perdocwriter, writer.schema, writer.docnum
    docboost = writer._doc_boost(fields)
    fieldnames = sorted([name for name in fields if not name.startswith("_")])
    writer._check_fields(schema, fieldnames)
    perdocwriter.start_doc(docnum)
    try:
        for fieldname in fieldnames:
            value = fields.get(fieldname)
            if value is None:
                continue
            field = schema[fieldname]
            length = 0
            if field.indexed:
                fieldboost = writer._field_boost(fields, fieldname, docboost)
                if fieldname in text.fields and isinstance(value, str):
                    length = text.add(fieldname, docnum, value, fieldboost)
                else:
                    scorable = field.scorable
                    for tbytes, freq, weight, vbytes in field.index(value):
                        if scorable:
                            length += freq
                        writer.pool.add((fieldname, tbytes, docnum, weight * fieldboost, vbytes))
            # TextColumns takes no schema with spelling fields or vectors: none here.
            customval = fields.get(f"_stored_{fieldname}", value)
            perdocwriter.add_field(fieldname, field, customval if field.stored else None, length)
            column = field.column_type
            if column and customval is not None:
                perdocwriter.add_column_value(fieldname, column, field.to_column_value(customval))
    except Exception:
        perdocwriter.cancel_doc()
        raise
    perdocwriter.finish_doc()
    writer._added = True
    writer.docnum += 1
