"""A new segment's postings written a block at a time, not a posting at a time.

Whoosh's ``FieldWriter.add_postings`` takes a segment's postings one by one from its pool and
hands each to the postings writer (``add_posting``: type checks, three appends, the statistics
of the block), asking the document's field length of every posting, and the postings file's
position (``StructFile.tell``, a system call) twice per term and once per block: about 8% of a
rebuild worker's time, for postings the pool (:mod:`search.index.posting_pool`) already holds
grouped by term, in document order, in arrays. Here each block of a term is filled from those
arrays in one step (its document numbers, weights, the non-empty values and the statistics
``add_posting`` would have kept, compared the same way) and written by Whoosh's own
``W3PostingsWriter._write_block``, so every byte of the postings and of the term index is what
Whoosh writes; the positions of the postings file and of the term index (asked twice per
term by ``OrderedHashWriter.add``) are counted from the bytes written. A term whose postings did
not arrive in document order goes through Whoosh's own path. ``tests/test_block_writer.py``
compares the segment files with Whoosh's; the rebuild's index digest is unchanged.
"""

from __future__ import annotations

from array import array

from whoosh.codec.whoosh3 import W3PostingsWriter, W3TermInfo
from whoosh.system import pack_int, pack_ushort

from search.index.posting_pool import GroupedPostingPool

_MAGIC_SIZE = 4  # W3's header before a term's first block


class _Counted:
    """The postings file, with its position counted instead of asked for."""

    def __init__(self, postfile, offset: int) -> None:
        self._file, self.offset = postfile, offset

    def write(self, data: bytes) -> None:
        self._file.write(data)
        self.offset += len(data)

    def write_int(self, n: int) -> None:
        self.write(pack_int(n))

    def tell(self) -> int:
        return self.offset


def flush_segment(writer, log=None) -> None:
    """``SegmentWriter._flush_segment`` of ``writer``, whose pool is a
    :class:`~search.index.posting_pool.GroupedPostingPool`, with :func:`write_postings`."""
    writer.perdocwriter.close()
    lengths = writer.per_document_reader() if writer.codec.length_stats else None
    write_postings(writer.fieldwriter, writer.schema, lengths, writer.pool, writer.docnum, log)
    writer.fieldwriter.close()
    if lengths is not None:
        lengths.close()


def write_postings(fieldwriter, schema, lengths, pool: GroupedPostingPool, n_docs: int,
                   log=None) -> None:
    """What ``fieldwriter.add_postings(schema, lengths, pool.iter_postings())`` writes, for a
    W3 field writer of a segment of ``n_docs`` documents; ``log``: a
    :class:`search.index.segment_arrays.BlockLog` to note the blocks of its fields in, as its
    postings writers would."""
    pool.settle()
    by_field: dict[str, list[bytes]] = {}
    for fieldname, tbytes in sorted(pool._terms):
        by_field.setdefault(fieldname, []).append(tbytes)
    # The term index asks its file's position twice per term, too (OrderedHashWriter.add).
    tindex = fieldwriter._tindex
    termfile = tindex.dbfile
    tindex.dbfile = _Counted(termfile, termfile.tell())
    try:
        _write_fields(fieldwriter, schema, lengths, pool, n_docs, log, by_field)
    finally:
        tindex.dbfile = termfile


def _write_fields(fieldwriter, schema, lengths, pool, n_docs, log, by_field) -> None:
    for fieldname, terms in by_field.items():
        fieldwriter.start_field(fieldname, schema[fieldname])
        writer = fieldwriter._postwriter
        writer._format = schema[fieldname].format
        counted = writer._postfile = _Counted(writer._postfile, writer._postfile.tell())
        field_lengths = None if lengths is None else [
            lengths.doc_field_length(d, fieldname) for d in range(n_docs)]
        logged = log is not None and fieldname in log.fields
        for tbytes in terms:
            postings = pool._terms[(fieldname, tbytes)]
            if not postings.in_order or not postings.docs or postings.docs[0] < 0:
                _whoosh_term(fieldwriter, fieldname, tbytes, postings, lengths)
                continue
            blocks = log.blocks.setdefault((fieldname, tbytes), []) if logged else None
            terminfo = _write_term(writer, counted, postings, field_lengths, blocks)
            fieldwriter._btext = tbytes
            fieldwriter._tindex.add(pack_ushort(fieldwriter._fieldid) + tbytes,
                                    terminfo.to_bytes())
        fieldwriter.finish_field()


def _write_term(writer: W3PostingsWriter, counted: _Counted, postings, field_lengths,
                blocks: list | None) -> W3TermInfo:
    """One term's blocks, as ``start_postings``, ``add_posting`` for each posting and
    ``finish_postings`` write them."""
    terminfo = W3TermInfo()
    writer._terminfo = terminfo
    writer._blockcount = 0
    start = counted.offset
    docs, weights, values, ends = postings.docs, postings.weights, postings.values, postings.ends
    limit, n = writer._blocklimit, len(docs)
    for first in range(0, n, limit):
        stop = min(first + limit, n)
        ids = docs[first:stop].tolist()
        ws = weights[first:stop].tolist()
        writer._ids = array("I", ids)
        writer._weights = array("f", ws)
        top = 0  # add_posting's running maximum, from 0, of the weights as given
        for w in ws:
            if w > top:
                top = w
        writer._maxweight = top
        vstart = ends[first - 1] if first else 0
        found = []
        for end in ends[first:stop]:
            if end > vstart:  # add_posting keeps only non-empty values
                found.append(bytes(values[vstart:end]))
            vstart = end
        writer._values = found
        minlength, maxlength = None, 0
        if field_lengths is not None:
            for d in ids:
                length = field_lengths[d]
                if length:
                    if minlength is None or length < minlength:
                        minlength = length
                    if length > maxlength:
                        maxlength = length
        writer._minlength, writer._maxlength = minlength, maxlength
        if blocks is not None:
            blocks.append((first, counted.offset + (0 if first else _MAGIC_SIZE)))
        W3PostingsWriter._write_block(writer, last=stop == n)  # Whoosh's own, not a log's
    terminfo.set_extent(start, counted.offset - start)
    writer._terminfo = None
    return terminfo


def _whoosh_term(fieldwriter, fieldname: str, tbytes: bytes, postings, lengths) -> None:
    """A term through Whoosh's own calls, as ``add_postings`` makes them (sorted postings)."""
    # add_postings' marker of a spelling word (document -1) is no posting
    found = [p for p in sorted(postings.items()) if p[0] != -1]
    if not found:
        return
    fieldwriter.start_term(tbytes)
    for docnum, weight, value in found:
        length = lengths.doc_field_length(docnum, fieldname) if lengths else 0
        fieldwriter.add(docnum, weight, value, length)
    fieldwriter.finish_term()
