"""Running a reader's search: query, facet filters, disjunctive counts, sorting, snippets.

:class:`Engine` is the one call that the CLI and the web app both make. It opens the live
index generation once and notices when a rebuild swaps in a new one; a search that started on
the old generation finishes on it (the old folder is kept until the next rebuild). It returns
plain data (:class:`~search.models.SearchResult`) and never raises on what a user typed: bad
parameters raise :class:`SearchError` with a message for the user.
"""

from __future__ import annotations

import datetime as dt
import json
import threading
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from search.errors import SearchError
from search.extract.collection import NameTables
from search.index.facets import NO_DATE, FacetStore, day_number
from search.index.generations import current_generation, open_index
from search.index.schema import SEARCH_FIELDS
from search.models import (
    DocumentView,
    Extraction,
    FacetValue,
    Hit,
    PartialDate,
    SearchRequest,
    SearchResult,
)
from search.query import syntax as qs
from search.query.builder import QueryBuilder
from search.query.highlight import matched_spans, query_terms, snippet
from search.query.suggest import did_you_mean
from search.query.syntax import parse

SORTS = ("relevance", "newest")
MAX_PER_PAGE = 100


@dataclass
class _Generation:
    folder: Path
    ix: object
    store: FacetStore


class Engine:
    """Searches one index folder; safe to share between threads."""

    def __init__(self, index_dir: Path):
        self.index_dir = Path(index_dir)
        self._lock = threading.Lock()
        self._gen: _Generation | None = None
        self._local = threading.local()

    def _searcher(self, gen: _Generation):
        """This thread's searcher on ``gen``: opening one reads every segment's files, so it
        is kept between searches and replaced when a rebuild swaps in a new generation."""
        local = self._local
        if getattr(local, "folder", None) != gen.folder:
            if getattr(local, "searcher", None) is not None:
                local.searcher.close()
            local.searcher, local.folder = gen.ix.searcher(), gen.folder
        return local.searcher

    def generation(self) -> _Generation:
        """The live generation, reopened when a rebuild has swapped in a new one."""
        folder = current_generation(self.index_dir)
        gen = self._gen
        if gen is not None and gen.folder == folder:
            return gen
        with self._lock:
            if self._gen is None or self._gen.folder != folder:
                ix = open_index(self.index_dir)
                self._gen = _Generation(folder, ix, FacetStore.load(folder))
            return self._gen

    def search(self, req: SearchRequest) -> SearchResult:
        _validate(req)
        gen = self.generation()
        parsed = parse(req.q)
        sort = req.sort or ("relevance" if req.q.strip() else "newest")
        result = SearchResult(query=req.q, total=0, notes=list(parsed.notes), sort=sort,
                              page=req.page, per_page=req.per_page)
        searcher = self._searcher(gen)
        reader = searcher.reader()
        query = QueryBuilder(SEARCH_FIELDS, reader=reader).build(parsed.tree)
        if query is None and req.q.strip() and parsed.tree is not None:
            result.notes.append("इस खोज में खोजने लायक कोई शब्द नहीं था (nothing to search for)")
        matched = _query_mask(searcher, query, gen.store, req.q)
        if not matched.any() and _has_several_words(parsed.tree):
            # A question rarely has all its words in one article: fall back to any of them.
            query = QueryBuilder(SEARCH_FIELDS, reader=reader, default_op="or").build(
                parsed.tree)
            matched = _query_mask(searcher, query, gen.store, req.q)
            if matched.any():
                result.notes.append(ANY_WORD_NOTE)
        filters = _filters(gen.store, req)
        final = matched.copy()
        for mask in filters.values():
            final &= mask
        result.total = int(final.sum())
        result.facets = _facet_counts(gen.store, matched, filters, req)
        docnums = _page(searcher, query, final, gen.store, sort, req)
        terms = query_terms(query, reader, ["body"])
        result.hits = [_hit(searcher, gen.store, d, s, terms) for d, s in docnums]
        return result

    def document(self, doc_id: str, q: str = "") -> DocumentView | None:
        """The article with id ``doc_id``, its matches for query ``q`` marked; None if the
        index has no such article."""
        gen = self.generation()
        searcher = self._searcher(gen)
        docnum = searcher.document_number(id=doc_id)
        if docnum is None:
            return None
        fields = searcher.stored_fields(docnum)
        query = QueryBuilder(SEARCH_FIELDS, reader=searcher.reader()).build(parse(q).tree)
        terms = query_terms(query, searcher.reader(), ["body"])
        stored = Extraction.from_json(json.loads(fields.get("extraction") or "{}"))
        names = gen.store.names
        tables = NameTables(names.get("person", {}), names.get("place", {}))
        mentions = [replace(m, canonical=tables.display(m.kind, m.canonical))
                    for m in stored.mentions]
        return DocumentView(
            id=fields["id"], title=fields["title"], body=fields["body"],
            published=fields.get("published") or None, url=fields.get("url") or "",
            source=fields.get("source") or "",
            persons=gen.store.facets["person"].values_of(docnum),
            places=gen.store.facets["place"].values_of(docnum),
            dates=stored.dates,
            mentions=mentions,
            matches=matched_spans(fields["body"], terms) if terms else [],
        )

    def did_you_mean(self, q: str) -> str | None:
        """A respelling of ``q`` from the index vocabulary that finds something."""
        gen = self.generation()
        suggestion = did_you_mean(self._searcher(gen), q)
        if suggestion and self.search(SearchRequest(q=suggestion, per_page=1)).total:
            return suggestion
        return None


ANY_WORD_NOTE = ("किसी लेख में सभी शब्द नहीं मिले; इनमें से किसी भी शब्द वाले लेख दिखाए गए हैं "
                 "(no article has every word; showing articles with any of them)")


def _has_several_words(tree) -> bool:
    """Whether a query is bare words (and phrases) AND-ed, the case an OR fallback helps."""
    return isinstance(tree, qs.And) and all(isinstance(i, qs.Word | qs.Phrase) for i in tree.items)


def _validate(req: SearchRequest) -> None:
    if req.page < 1:
        raise SearchError("page must be 1 or more")
    if not 1 <= req.per_page <= MAX_PER_PAGE:
        raise SearchError(f"per_page must be between 1 and {MAX_PER_PAGE}")
    if req.sort not in (None, *SORTS):
        raise SearchError(f"sort must be one of {', '.join(SORTS)}")
    for value in (*req.date, req.date_from, req.date_to):
        if value is not None and PartialDate.parse(value) is None:
            raise SearchError(f"{value!r} is not a date; use YYYY, YYYY-MM or YYYY-MM-DD")


def _query_mask(searcher, query, store: FacetStore, text: str) -> np.ndarray:
    if not text.strip():
        return store.all_docs()
    mask = np.zeros(store.n_docs, dtype=bool)
    if query is not None:
        docs = np.fromiter(searcher.docs_for_query(query), dtype=np.int64)
        mask[docs[docs < store.n_docs]] = True
    return mask & store.live


def _filters(store: FacetStore, req: SearchRequest) -> dict[str, np.ndarray]:
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
    if req.date_from or req.date_to:
        lo = PartialDate.parse(req.date_from).first_day if req.date_from else dt.date.min
        hi = PartialDate.parse(req.date_to).last_day if req.date_to else dt.date.max
        days = store.published
        in_range = (days != NO_DATE) & (days >= day_number(lo)) & (days <= day_number(hi))
        out["range"] = in_range
    return out


def _facet_counts(store, matched, filters, req) -> dict[str, list[FacetValue]]:
    """Disjunctive counts: each facet as if its own selection were not applied."""

    def base(*own: str) -> np.ndarray:
        mask = matched.copy()
        for name, f in filters.items():
            if name not in own:
                mask &= f
        return mask

    return {
        "person": _values(store, "person", base("person"), req.person),
        "place": _values(store, "place", base("place"), req.place),
        "date": _date_values(store, base("date"), req.date),
    }


def _values(store, facet: str, mask, selected) -> list[FacetValue]:
    f = store.facets[facet]
    counts = f.counts(mask)
    present = np.flatnonzero(counts)
    order = present[np.lexsort((present, -counts[present]))]
    out = [FacetValue(f.values[i], int(counts[i]), f.values[i] in selected) for i in order]
    shown = {v.value for v in out}
    out += [FacetValue(v, 0, True) for v in selected if v not in shown]
    return out


def _date_values(store, mask, selected) -> list[FacetValue]:
    """Years; under a selected year its months; under a selected month its days."""
    def at(level: int) -> list[str]:
        return [s for s in selected if len(s) == level]

    years = _values(store, "year", mask, at(4))
    out: list[FacetValue] = []
    for year in sorted(years, key=lambda v: v.value, reverse=True):
        out.append(year)
        if any(s[:4] == year.value for s in selected):
            for month in sorted(_values(store, "month", mask, at(7)), key=lambda v: v.value):
                if month.value[:4] != year.value:
                    continue
                out.append(month)
                if any(s[:7] == month.value for s in selected):
                    days = _values(store, "day", mask, at(10))
                    out += sorted((d for d in days if d.value[:7] == month.value),
                                  key=lambda v: v.value)
    return out


def _page(searcher, query, final, store, sort, req) -> list[tuple[int, float | None]]:
    offset = (req.page - 1) * req.per_page
    if sort == "relevance" and query is not None:
        allowed = set(np.flatnonzero(final).tolist())
        hits = searcher.search(query, limit=offset + req.per_page, filter=allowed)
        return [(h.docnum, round(h.score, 4)) for h in hits[offset:]]
    docs = np.flatnonzero(final)
    order = np.lexsort((docs, -store.published[docs].astype(np.int64)))
    return [(int(d), None) for d in docs[order][offset : offset + req.per_page]]


def _hit(searcher, store: FacetStore, docnum: int, score, terms) -> Hit:
    fields = searcher.stored_fields(docnum)
    return Hit(
        id=fields["id"],
        title=fields["title"],
        snippet=snippet(fields["body"], terms),
        published=fields.get("published") or None,
        persons=store.facets["person"].values_of(docnum),
        places=store.facets["place"].values_of(docnum),
        score=score,
    )
