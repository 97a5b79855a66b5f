"""A posting pool for a segment written in document order, grouped by term instead of sorted.

Whoosh's ``PostingPool`` collects every posting of a new segment as a tuple ``(field, term,
docnum, weight, value)``, sorts them all and, beyond its memory limit, writes sorted runs to
disk as pickles and merges them back: at 5,000 articles per segment (about 7 million postings)
that spilling, sorting and merging was a fifth of a rebuild worker's time. A rebuild worker
adds its documents in increasing document number, so each term's postings already arrive in
order: grouped by ``(field, term)`` and with the groups sorted once, they come out in exactly
the order the sort gives, without comparing millions of tuples. Each group keeps its postings
in typed arrays (document numbers, weights, and the value bytes end to end), about 20 bytes a
posting plus the value itself, so a segment of 50,000 articles stays within a few GB.

A group whose postings arrive out of document order (Whoosh's spelling postings use document 0
for every word) is sorted as Whoosh would sort it, so the output is the sort's in every case.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Iterator

_EMPTY = b""


class _Postings:
    """One term's postings, in arrival order."""

    __slots__ = ("docs", "ends", "in_order", "positions", "values", "weights")

    def __init__(self) -> None:
        self.docs = array("q")
        self.weights = array("d")
        self.values = bytearray()
        self.ends = array("Q")
        self.in_order = True
        #: what the values encode, when the text columns gave it: (each posting's number of
        #: positions, the positions end to end)
        self.positions = None

    def value_list(self) -> list[bytes]:
        values = bytes(self.values)
        starts = [0, *self.ends[:-1]]
        return [values[a:b] for a, b in zip(starts, self.ends, strict=True)]

    def items(self) -> Iterator[tuple[int, float, bytes]]:
        values, start = self.values, 0
        for docnum, weight, end in zip(self.docs, self.weights, self.ends, strict=True):
            yield docnum, weight, bytes(values[start:end])
            start = end


def _joined(first: _Postings, then: _Postings) -> _Postings:
    out = _Postings()
    for part in (first, then):
        offset = len(out.values)
        out.docs.extend(part.docs)
        out.weights.extend(part.weights)
        out.values += part.values
        out.ends.extend(end + offset for end in part.ends)
    out.in_order = first.in_order and (first.docs[-1] < then.docs[0])
    out.positions = None
    return out


class GroupedPostingPool:
    """The interface of Whoosh's ``PostingPool`` that ``SegmentWriter`` uses (``add``,
    ``iter_postings``, ``cleanup``), for postings of one segment."""

    def __init__(self, text=None) -> None:
        self._terms: dict[tuple[str, bytes], _Postings] = {}
        self.fieldnames: set[str] = set()
        #: :class:`search.index.text_postings.TextColumns` holding the text fields' postings
        #: until they are asked for (:meth:`settle`)
        self.text = text

    def settle(self) -> None:
        """Take in the postings the text columns hold (they follow any added here for the
        same term: a term's postings are sorted when they are not in document order)."""
        if self.text is None:
            return
        for fieldname, tbytes, docs, weights, values, ends, positions in self.text.postings():
            key = (fieldname, tbytes)
            self.fieldnames.add(fieldname)
            postings = _Postings.__new__(_Postings)  # its arrays as they come
            postings.docs, postings.weights, postings.values, postings.ends = (
                docs, weights, values, ends)
            postings.in_order, postings.positions = True, positions
            older = self._terms.get(key)
            if older is not None:  # a value Whoosh's own path indexed (not a str)
                postings = _joined(older, postings)
            self._terms[key] = postings

    def add(self, item: tuple[str, bytes, int, float, bytes | None]) -> None:
        fieldname, tbytes, docnum, weight, vbytes = item
        key = (fieldname, tbytes)
        postings = self._terms.get(key)
        if postings is None:
            postings = self._terms[key] = _Postings()
            self.fieldnames.add(fieldname)
        # Appended here, not by a method of _Postings: this runs for every posting.
        docs = postings.docs
        if docs and docnum <= docs[-1]:
            postings.in_order = False
        docs.append(docnum)
        postings.weights.append(weight)
        if vbytes:
            postings.values += vbytes
        postings.ends.append(len(postings.values))

    def iter_postings(self) -> Iterator[tuple[str, bytes, int, float, bytes]]:
        """Every posting as ``(field, term, docnum, weight, value)`` in sorted order (a missing
        value as ``b""``, which is what Whoosh's field writer makes of it)."""
        self.settle()
        for key in sorted(self._terms):
            fieldname, tbytes = key
            postings = self._terms[key]
            found = postings.items()
            if not postings.in_order:
                found = sorted(found)
            for docnum, weight, value in found:
                yield fieldname, tbytes, docnum, weight, value

    def items(self) -> Iterator[tuple[str, bytes, int, float, bytes]]:
        return self.iter_postings()

    def field_postings(self, fieldname: str, with_values: Callable[[bytes], bool]
                       ) -> Iterator[tuple[bytes, list[int], list[float], list[bytes],
                                           tuple | None]]:
        """Each term of one field as ``(term, document numbers, weights, values, positions)``,
        in the order :meth:`iter_postings` gives them; for the terms ``with_values`` accepts,
        either their positions as the text columns gave them (each posting's count and the
        positions end to end, as numpy arrays) and no values, or, when they are not known, the
        values (and ``None``); for the others neither."""
        self.settle()
        for key in sorted(k for k in self._terms if k[0] == fieldname):
            postings = self._terms[key]
            wanted = with_values(key[1])
            positions = postings.positions if wanted else None
            if postings.in_order:
                docs, weights = postings.docs.tolist(), postings.weights.tolist()
                values = postings.value_list() if wanted and positions is None else []
            else:
                found = sorted(postings.items())
                docs, weights = [d for d, _, _ in found], [w for _, w, _ in found]
                values = [v for _, _, v in found] if wanted else []
            yield key[1], docs, weights, values, positions

    def cleanup(self) -> None:
        self._terms.clear()
