"""Facet filters and disjunctive counts for one request, over the facet store's arrays.

A facet is counted as if its own selection were not applied (choosing मोदी still shows the
other people, so a reader can add one), and only its top values are turned into Python objects:
at 100,000 articles a facet has tens of thousands of values, and a keystroke needs ten of them.
Every value stays reachable through :func:`facet_page` (search and paging of one facet).
"""

from __future__ import annotations

import datetime as dt

import numpy as np

from search.analysis.normalize import fold
from search.index.facets import NO_DATE, Facet, FacetStore, day_number
from search.models import FacetValue, PartialDate, SearchRequest

#: The facets a request can select, and the store facets they read.
FACETS = ("person", "place", "date", "mentioned")
#: The facets whose values can be listed a page at a time (:func:`facet_page`).
PAGED_FACETS = ("person", "place", "mentioned")
#: A date value's length at each level: year, month, day.
YEAR, MONTH, DAY = 4, 7, 10


def filters(store: FacetStore, req: SearchRequest) -> dict[str, np.ndarray]:
    """One mask per constrained facet (``date`` combines selections and the range)."""
    n = store.n_docs
    out: dict[str, np.ndarray] = {}
    if req.person:
        out["person"] = store.facets["person"].mask(req.person, n)
    if req.place:
        out["place"] = store.facets["place"].mask(req.place, n)
    if req.date:
        mask = np.zeros(n, dtype=bool)
        for value in req.date:
            date = PartialDate.parse(value)
            mask |= store.facets[date.granularity].mask([date.iso()], n)
        out["date"] = mask
    if req.mentioned:  # every level is a value of its own: 2019 holds 2019-09-13's articles
        out["mentioned"] = store.facets["mentioned"].mask(req.mentioned, n)
    if req.date_from or req.date_to:
        lo = PartialDate.parse(req.date_from).first_day if req.date_from else dt.date.min
        hi = PartialDate.parse(req.date_to).last_day if req.date_to else dt.date.max
        days = store.published
        out["range"] = (days != NO_DATE) & (days >= day_number(lo)) & (days <= day_number(hi))
    return out


def base_mask(matched: np.ndarray, masks: dict[str, np.ndarray], own: str) -> np.ndarray:
    """The documents a facet is counted over: the query's, under every other facet's filter."""
    mask = matched.copy()
    for name, f in masks.items():
        if name != own:
            mask &= f
    return mask


def facet_counts(store: FacetStore, matched: np.ndarray, masks: dict[str, np.ndarray],
                 req: SearchRequest, size: int) -> tuple[dict[str, list[FacetValue]],
                                                         dict[str, int]]:
    """The top ``size`` values of each facet (selected ones always included), and how many
    values each facet has for this request."""
    out, totals = {}, {}
    for name in ("person", "place"):
        counts = store.facets[name].counts(base_mask(matched, masks, name))
        out[name] = _top(store, name, counts, getattr(req, name), size)
        totals[name] = int(np.count_nonzero(counts))
    out["date"] = _date_values(store, base_mask(matched, masks, "date"), req.date)
    totals["date"] = len(out["date"])
    out["mentioned"], totals["mentioned"] = _mentioned_values(
        store, base_mask(matched, masks, "mentioned"), req.mentioned, size)
    return out, totals


def facet_page(store: FacetStore, matched: np.ndarray, masks: dict[str, np.ndarray],
               req: SearchRequest, facet: str, contains: str, offset: int, limit: int,
               ) -> tuple[list[FacetValue], int]:
    """One page of a person or place facet's values (of ``mentioned``: its years), most
    frequent first, narrowed to the values that contain ``contains`` in any spelling (२०१९ is
    2019); and how many values match."""
    f = store.facets[facet]
    counts = f.counts(base_mask(matched, masks, facet))
    present = np.flatnonzero(counts)
    if facet == "mentioned":
        present = present[f.lengths[present] == YEAR]
    if contains.strip():
        needle = fold(contains)
        present = np.array([i for i in present.tolist() if needle in f.folded(i)], dtype=np.int64)
    order = _by_frequency(counts, present)
    selected = set(getattr(req, facet))
    page = order[offset : offset + limit].tolist()
    return [FacetValue(f.values[i], int(counts[i]), f.values[i] in selected) for i in page], int(
        order.size)


def _top(store: FacetStore, facet: str, counts: np.ndarray, selected, size: int
         ) -> list[FacetValue]:
    """The ``size`` most frequent values (ties by value order), then selected values that
    did not make it, with their counts (0 when the query excludes them)."""
    return _top_of(store.facets[facet], counts, np.flatnonzero(counts), selected, size)


def _top_of(f: Facet, counts: np.ndarray, present: np.ndarray, selected, size: int
            ) -> list[FacetValue]:
    """:func:`_top` among the value indexes ``present`` only."""
    if present.size > size:
        # argpartition finds the top ``size`` in linear time; ties at the cut are settled
        # exactly by taking every value as frequent as the last one kept.
        kth = np.partition(counts[present], present.size - size)[present.size - size]
        present = present[counts[present] >= kth]
    order = _by_frequency(counts, present)[:size]
    out = [FacetValue(f.values[i], int(counts[i]), f.values[i] in selected) for i in order]
    shown = {v.value for v in out}
    for value in selected:
        if value not in shown:
            i = f.value_index(value)
            out.append(FacetValue(value, int(counts[i]) if i is not None else 0, True))
    return out


def _every(store: FacetStore, facet: str, mask: np.ndarray, selected) -> list[FacetValue]:
    """Every value of a (date) facet that ``mask`` holds: the top list with no cut."""
    f = store.facets[facet]
    return _top(store, facet, f.counts(mask), selected, len(f.values))


def _by_frequency(counts: np.ndarray, present: np.ndarray) -> np.ndarray:
    """Value indexes most frequent first; ties in value order."""
    return present[np.lexsort((present, -counts[present]))]


def _date_values(store: FacetStore, mask: np.ndarray, selected) -> list[FacetValue]:
    """Years; under a selected year its months; under a selected month its days."""
    def at(level: int) -> list[str]:
        return [s for s in selected if len(s) == level]

    out: list[FacetValue] = []
    for year in sorted(_every(store, "year", mask, at(4)), key=lambda v: v.value, reverse=True):
        out.append(year)
        if not any(s[:4] == year.value for s in selected):
            continue
        for month in sorted(_every(store, "month", mask, at(7)), key=lambda v: v.value):
            if month.value[:4] != year.value:
                continue
            out.append(month)
            if any(s[:7] == month.value for s in selected):
                days = _every(store, "day", mask, at(10))
                out += sorted((d for d in days if d.value[:7] == month.value),
                              key=lambda v: v.value)
    return out


def _mentioned_values(store: FacetStore, mask: np.ndarray, selected, size: int
                      ) -> tuple[list[FacetValue], int]:
    """The years the articles mention, most mentioned first (the top ``size``, selected ones
    always), each selected year followed by its months and each selected month by its days in
    calendar order (at most 12 and 31); and how many years there are, for the facet's "all"."""
    f = store.facets["mentioned"]
    counts = f.counts(mask)
    present = np.flatnonzero(counts)
    years = present[f.lengths[present] == YEAR]
    out: list[FacetValue] = []
    for year in _top_of(f, counts, years, [s for s in selected if len(s) == YEAR], size):
        out.append(year)
        if any(s[:YEAR] == year.value for s in selected):
            for month in _within(f, counts, present, MONTH, year.value, selected):
                out.append(month)
                if any(s[:MONTH] == month.value for s in selected):
                    out += _within(f, counts, present, DAY, month.value, selected)
    return out, int(years.size)


def _within(f: Facet, counts: np.ndarray, present: np.ndarray, level: int, prefix: str, selected
            ) -> list[FacetValue]:
    """The values of one level under ``prefix`` (a year's months, a month's days) in calendar
    order, selected ones included even when no article here mentions them."""
    chosen = set(selected)
    found = {f.values[i]: int(counts[i]) for i in present[f.lengths[present] == level].tolist()
             if f.values[i].startswith(prefix)}
    found |= {s: found.get(s, 0) for s in chosen if len(s) == level and s.startswith(prefix)}
    return [FacetValue(v, n, v in chosen) for v, n in sorted(found.items())]
