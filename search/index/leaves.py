"""The committed segments of an index as the end of a rebuild reads them, without an index
reader.

Whoosh's index reader copies every segment's term index into memory when it is opened (0.06-0.1
s at 10,000 articles), while the end of a rebuild (:mod:`search.index.writer`: the catalog, the
term arrays, the key map's vocabulary) mostly asks for the segments' ids. :class:`Leaves`
answers ``leaf_readers()`` from the table of contents and opens a segment's own reader only
when more is asked of it (the term arrays of a segment that Whoosh merged).
"""

from __future__ import annotations

from whoosh.codec.base import Segment
from whoosh.reading import SegmentReader


class Leaves:
    """The committed index as the end of a rebuild reads it: its segments, in the order an
    index reader numbers them, each opened as a reader only when more than its id is asked
    for (the term arrays of a segment Whoosh merged). Opening the index's reader copied every
    segment's term index into memory, 0.06-0.1 s at 10,000 articles, for the ids."""

    def __init__(self, ix) -> None:
        self._ix = ix
        self._opened: list[SegmentReader] = []

    def leaf_readers(self) -> list[tuple[_Leaf, int]]:
        leaves, base = [], 0
        for segment in self._ix._segments():
            leaves.append((_Leaf(self, segment), base))
            base += segment.doc_count_all()
        return leaves

    def open(self, segment: Segment) -> SegmentReader:
        reader = SegmentReader(self._ix.storage, self._ix.schema, segment)
        self._opened.append(reader)
        return reader

    def __enter__(self) -> Leaves:
        return self

    def __exit__(self, *exc) -> None:
        for reader in self._opened:
            reader.close()


class _Leaf:
    """One segment of :class:`Leaves`: its ``segment()``, and whatever else a segment reader
    has, from one opened on first use."""

    def __init__(self, leaves: Leaves, segment: Segment) -> None:
        self._leaves, self._segment, self._reader = leaves, segment, None

    def segment(self) -> Segment:
        return self._segment

    def doc_count_all(self) -> int:
        return self._segment.doc_count_all()

    def __getattr__(self, name: str):
        if name.startswith("__") or name in ("_leaves", "_segment", "_reader"):
            raise AttributeError(name)
        if self._reader is None:
            self._reader = self._leaves.open(self._segment)
        return getattr(self._reader, name)
