"""A new segment's term arrays from what its writer had, instead of decoding the segment back.

A rebuild worker wrote its segment and then read every posting of it back out of Whoosh's
blocks (each a zlib-compressed pickle) to build the segment's term arrays
(:mod:`search.index.term_arrays`): 5% of a worker's time, to recover what the worker had just
held in its posting pool. Here the arrays come from that pool (each term's documents, weights
and positions, in the order Whoosh wrote them; the positions as the text columns had them, not
unpickled again from the values) and from where Whoosh put each block in the postings file,
which :class:`BlockLog` notes as the blocks are written. The files are
byte for byte those decoding gives (``tests/test_rebuild_segments.py``; the rebuild's index
digest is unchanged). They are written after Whoosh assembles the segment's compound file,
which would take in any file named after the segment that exists before.
"""

from __future__ import annotations

import numpy as np
from whoosh.codec.whoosh3 import W3PostingsWriter

from search.analysis.analyzer import EXACT_MARK
from search.index import term_arrays
from search.index.posting_pool import GroupedPostingPool

_MAGIC_SIZE = 4  # W3's header before a term's first block
_EXACT = EXACT_MARK.encode("utf-8")


class BlockLog:
    """Where each block of the postings of ``fields`` starts: ``(field, term bytes)`` →
    ``[(index of its first posting in the term's, offset in the postings file)]``."""

    def __init__(self, fields: tuple[str, ...]) -> None:
        self.fields = fields
        self.blocks: dict[tuple[str, bytes], list[tuple[int, int]]] = {}

    def watch(self, fieldwriter) -> None:
        """Have ``fieldwriter`` (a W3 field writer, before it writes) note its blocks here."""
        fieldwriter._codec = _LoggingCodec(fieldwriter._codec, fieldwriter, self)


class _LoggingCodec:
    """The field writer's codec, whose postings writers note their blocks in a
    :class:`BlockLog` (only the field writer sees it: the segment keeps its own codec)."""

    def __init__(self, codec, fieldwriter, log: BlockLog) -> None:
        self._codec, self._fieldwriter, self._log = codec, fieldwriter, log

    def postings_writer(self, dbfile, byteids: bool = False):
        writer = self._codec.postings_writer(dbfile, byteids=byteids)
        if self._fieldwriter._fieldname in self._log.fields and type(writer) is W3PostingsWriter:
            writer.__class__ = _LoggingPostingsWriter
            writer._log, writer._fieldwriter = self._log, self._fieldwriter
        return writer

    def __getattr__(self, name: str):
        return getattr(self._codec, name)


class _LoggingPostingsWriter(W3PostingsWriter):
    def _write_block(self, last: bool = False):
        offset = self._postfile.tell() + (0 if self._blockcount else _MAGIC_SIZE)
        key = (self._fieldwriter._fieldname, self._fieldwriter._btext)
        found = self._log.blocks.setdefault(key, [])
        found.append((self._blockcount * self._blocklimit, offset))
        return super()._write_block(last)


def _exact(tbytes: bytes) -> bool:
    return tbytes.startswith(_EXACT)  # only exact forms keep their positions


def field_arrays(pool: GroupedPostingPool, log: BlockLog, schema,
                 lengths: dict[str, np.ndarray]) -> dict:
    """The term arrays of a new segment from its writer's ``pool`` and block ``log``, for
    :func:`search.index.term_arrays.save_segment`."""
    fields = {}
    for field in term_arrays.FIELDS:
        fmt = schema[field].format
        postings = ((tbytes.decode("utf-8"), docs, weights, values,
                     log.blocks.get((field, tbytes), []), positions)
                    for tbytes, docs, weights, values, positions
                    in pool.field_postings(field, _exact))
        fields[field] = term_arrays.field_arrays(postings, fmt, lengths[field])
    return fields
