"""Does a character span overlap any of these? In logarithmic time, so that a long article's
extraction does not compare every name with every other name.

Two spans overlap when ``a.start < b.end and b.start < a.end`` (:func:`overlaps`). People,
places, organisations and dates each ask it of hundreds of spans in a long article; a scan of
the list for each span made extraction quadratic in the article's length.
"""

from __future__ import annotations

from bisect import bisect_left, insort
from collections.abc import Iterable
from itertools import accumulate
from typing import Protocol


class Span(Protocol):
    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...


def overlaps(a: Span, b: Span) -> bool:
    return a.start < b.end and b.start < a.end


class SpanSet:
    """A fixed set of spans (they may overlap each other).

    Sorted by start, with the furthest end reached so far: the spans that start before a
    query's end are a prefix, and one of them reaches past the query's start exactly when the
    furthest end of that prefix does.
    """

    def __init__(self, spans: Iterable[Span]) -> None:
        ordered = sorted((s.start, s.end) for s in spans)
        self._starts = [start for start, _ in ordered]
        self._reach = list(accumulate((end for _, end in ordered), max))

    def overlap(self, start: int, end: int) -> bool:
        """Whether any span of the set overlaps ``start:end``."""
        before = bisect_left(self._starts, end)
        return before > 0 and self._reach[before - 1] > start

    def starting_in(self, start: int, end: int) -> int:
        """How many spans of the set start in ``start:end``."""
        return bisect_left(self._starts, end) - bisect_left(self._starts, start)


class DisjointSpans:
    """A growing set of spans that never overlap each other (each is checked before it is
    added). Ordered by (start, end), their ends never decrease, so the last span that starts
    before a query's end is the only one that can reach into it."""

    def __init__(self) -> None:
        self._spans: list[tuple[int, int]] = []

    def overlap(self, start: int, end: int) -> bool:
        before = bisect_left(self._spans, (end, -1))  # offsets are never negative
        return before > 0 and self._spans[before - 1][1] > start

    def add(self, start: int, end: int) -> None:
        insort(self._spans, (start, end))
