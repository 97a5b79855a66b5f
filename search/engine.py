"""Running a reader's search: query, facet filters, disjunctive counts, sorting, snippets.

:class:`Engine` is the one call that the CLI and the web app both make. It opens the live
index generation once and notices when a rebuild swaps in a new one; a search that started on
the old generation finishes on it (the old folder is kept until the next rebuild). It returns
plain data (:class:`~search.models.SearchResult`) and never raises on what a user typed: bad
parameters raise :class:`SearchError` with a message for the user.
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np

from search.errors import IndexMissingError, SearchError
from search.extract.article import full_headline
from search.extract.collection import NameTables
from search.index import extractions
from search.index.facets import NO_DATE, FacetStore
from search.index.generations import CURRENT, current_generation, open_generation
from search.index.schema import SEARCH_FIELDS
from search.index.searchers import LentIterator, SearcherPool
from search.index.term_arrays import TermArrays
from search.models import (
    DocumentView,
    FacetValue,
    PartialDate,
    SearchRequest,
    SearchResult,
)
from search.query import entities, listing
from search.query.builder import QueryBuilder
from search.query.complete import NameCompleter, Suggestion
from search.query.facets import PAGED_FACETS, facet_counts, facet_page
from search.query.facets import filters as facet_filters
from search.query.highlight import matched_spans, posting_spans, query_terms
from search.query.hits import page_hit
from search.query.matches import MaskDocs, TermDocs, query_mask
from search.query.scoring import HindiBM25F, Statistics, top_hits
from search.query.strategy import ANY_WORD_NOTE, plan_matches
from search.query.suggest import did_you_mean, name_words, respelled, wants_respelling
from search.query.syntax import complete_last, parse
from search.translit.keymap import for_generation, forget
from search.translit.session import session as translit_session

SORTS = ("relevance", "newest", "oldest")
#: Caps on one request's work (the web app's parameters have the same ones).
MAX_PER_PAGE = 100
MAX_PAGE = 10_000
MAX_FACET_SIZE = 1000
MAX_QUERY_CHARS = 500
#: Recent results kept per engine: typing revisits prefixes, and htmx re-asks on history moves.
RECENT_RESULTS = 256


@dataclass
class _Generation:
    folder: Path
    ix: object
    store: FacetStore
    term_docs: TermDocs = field(default_factory=TermDocs)
    stats: Statistics | None = None
    completer: NameCompleter | None = None
    name_words: frozenset[str] | None = None
    #: What the ``current`` link pointed to when this generation was found live.
    target: str | None = None
    pool: SearcherPool | None = None


class Engine:
    """Searches one index folder; safe to share between threads."""

    def __init__(self, index_dir: Path):
        self.index_dir = Path(index_dir)
        self._lock = threading.Lock()
        self._gen: _Generation | None = None
        self._recent: OrderedDict[tuple, SearchResult] = OrderedDict()

    def __enter__(self) -> Engine:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        """Close the searchers (and their file handles) of the live generation: idle ones
        now, those still lent to a request when it ends."""
        with self._lock:
            gen, self._gen = self._gen, None
        if gen is not None:
            gen.pool.retire()
            forget(gen.folder)

    def searcher(self, gen: _Generation):
        """A searcher on ``gen`` for one request (``with engine.searcher(gen) as s``)."""
        return gen.pool.lend()

    def generation(self) -> _Generation:
        """The live generation, reopened when a rebuild has swapped in a new one. The check
        is one ``readlink`` of ``current`` (resolving the path cost 0.7 ms a search)."""
        target = _link_target(self.index_dir)
        gen = self._gen
        if gen is not None and target is not None and gen.target == target:
            return gen
        with self._lock:
            folder = current_generation(self.index_dir)
            if self._gen is None or self._gen.folder != folder:
                if folder is None:
                    raise IndexMissingError(
                        f"no index in {self.index_dir}; build one with: talaash rebuild")
                ix = open_generation(folder, self.index_dir)
                with ix.reader() as reader:
                    arrays = TermArrays.load(folder, reader)
                old, self._gen = self._gen, _Generation(folder, ix, FacetStore.load(folder),
                                                        TermDocs(arrays=arrays))
                self._gen.pool = SearcherPool(lambda: ix.searcher(weighting=HindiBM25F()))
                if old is not None:  # its searchers close as their requests end
                    old.pool.retire()
                    forget(old.folder)
                    self._recent.clear()
            # Read after resolving: a swap in between only makes the next search look again.
            self._gen.target = target if folder == self._gen.folder else None
            return self._gen

    def search(self, req: SearchRequest) -> SearchResult:
        """One search; a repeated request (typing goes back and forth over the same prefixes)
        is answered from a small cache of this generation's recent results."""
        _validate(req)
        gen = self.generation()
        key = (gen.folder, req)
        with self._lock:
            cached = self._recent.get(key)
            if cached is not None:
                self._recent.move_to_end(key)
                return cached
        with self.searcher(gen) as searcher:
            result = self._annotated(gen, searcher, req)
            if req.respell and wants_respelling(result):
                text = self._respelling(gen, searcher, req.q, req.prefix_last)
                if text is not None:
                    result = respelled(result, self._annotated(gen, searcher,
                                                               replace(req, q=text)), text)
        with self._lock:
            self._recent[key] = result
            while len(self._recent) > RECENT_RESULTS:
                self._recent.popitem(last=False)
        return result

    def _annotated(self, gen: _Generation, searcher, req: SearchRequest) -> SearchResult:
        with translit_session(gen.folder, literal=req.literal) as latin:
            result = self._search(gen, searcher, req)
            return latin.annotate(result, some_words=ANY_WORD_NOTE in result.notes)

    def _search(self, gen: _Generation, searcher, req: SearchRequest) -> SearchResult:
        parsed = parse(req.q)
        sort = req.sort or ("relevance" if req.q.strip() else "newest")
        result = SearchResult(query=req.q, total=0, notes=list(parsed.notes), sort=sort,
                              page=req.page, per_page=req.per_page)
        reader = searcher.reader()
        tree = complete_last(parsed.tree, req.q) if req.prefix_last else parsed.tree
        plan = plan_matches(reader, tree, req.q, result.notes,
                            lambda q: _query_mask(searcher, q, gen, req.q), self._names(gen),
                            gen.term_docs.vocabulary)
        masks = facet_filters(gen.store, req)
        final = plan.matched.copy()
        partial = plan.partial.copy() if plan.partial is not None else None
        for mask in masks.values():
            final &= mask
            if partial is not None:
                partial &= mask
        n_all = int(final.sum())
        n_partial = int(partial.sum()) if partial is not None else 0
        result.total = n_all + n_partial
        result.total_all_words = n_all
        result.facets, result.facet_totals = facet_counts(gen.store, plan.matched, masks, req,
                                                          req.facet_size)
        offset = (req.page - 1) * req.per_page
        docnums = _page(searcher, plan.query, final, gen, sort, offset, req.per_page,
                        filtered=bool(masks)) if offset < n_all else []
        partial_hits: list[tuple[int, float | None]] = []
        if n_partial and len(docnums) < req.per_page:
            skip = max(0, offset - n_all)
            partial_hits = _page(searcher, plan.any_query, partial, gen, sort, skip,
                                 req.per_page - len(docnums), filtered=True)
        terms = query_terms(plan.any_query if partial_hits else plan.query, reader, ["body"])
        shown = [d for d, _ in docnums + partial_hits]
        spans = posting_spans(reader, "body", shown, terms, gen.term_docs.arrays)
        result.hits = [page_hit(searcher, gen.store, d, score, spans[d], terms)
                       for d, score in docnums]
        result.hits += [replace(page_hit(searcher, gen.store, d, score, spans[d], terms),
                                all_words=False) for d, score in partial_hits]
        return result

    def facet_values(self, req: SearchRequest, facet: str, contains: str = "",
                     offset: int = 0, limit: int = 50) -> tuple[list[FacetValue], int]:
        """A page of one facet's values for a search (``contains`` narrows them, in any
        spelling), and how many there are: every value is reachable, not only the top ones."""
        _validate(req)
        if facet not in PAGED_FACETS:
            raise SearchError("फ़िल्टर person, place या mentioned हो "
                              "(facet must be person, place or mentioned)")
        gen = self.generation()
        with self.searcher(gen) as searcher:
            query = self._builder(gen, searcher).build(parse(req.q).tree)
            matched = _query_mask(searcher, query, gen, req.q)
        return facet_page(gen.store, matched, facet_filters(gen.store, req), req, facet,
                          contains, offset, limit)

    def document(self, doc_id: str, q: str = "") -> DocumentView | None:
        """The article with id ``doc_id``, its matches for query ``q`` marked; None if the
        index has no such article."""
        _validate_query(q)
        gen = self.generation()
        with self.searcher(gen) as searcher:
            docnum = searcher.document_number(id=doc_id)
            if docnum is None:
                return None
            fields = searcher.stored_fields(docnum)
            with translit_session(gen.folder):  # a Latin query marks its Hindi words here too
                query = self._builder(gen, searcher).build(parse(q).tree)
            terms = query_terms(query, searcher.reader(), ["body"])
            stored = extractions.read(searcher.reader(), docnum)
        headline = full_headline(fields["title"], fields["body"])
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
            headline=headline,
            headline_matches=matched_spans(headline, terms) if terms else [],
        )

    def suggest(self, q: str, limit: int = 8) -> list[Suggestion]:
        """People and places completing what is typed in ``q``, with their article counts."""
        _validate_query(q)
        gen = self.generation()
        with self._lock:
            if gen.completer is None:
                gen.completer = NameCompleter(gen.store, for_generation(gen.folder))
        return gen.completer.suggest(q, limit)

    def did_you_mean(self, q: str, typing: bool = False) -> str | None:
        """A respelling of ``q`` that finds something (``typing``: not of its last word)."""
        gen = self.generation()
        with self.searcher(gen) as searcher:
            suggestion = self._respelling(gen, searcher, q, typing)
            if suggestion is None:
                return None
            tree = parse(suggestion).tree
            query = self._builder(gen, searcher).build(
                complete_last(tree, suggestion) if typing else tree)
            return suggestion if _query_mask(searcher, query, gen, suggestion).any() else None

    def _names(self, gen: _Generation) -> frozenset[str]:
        """The folded words of the generation's people and places, computed once."""
        if gen.name_words is None:
            gen.name_words = name_words(v for kind in ("person", "place")
                                        for v in gen.store.facets[kind].values)
        return gen.name_words

    def _builder(self, gen: _Generation, searcher) -> QueryBuilder:
        return QueryBuilder(SEARCH_FIELDS, searcher.reader(), names=self._names(gen),
                            vocabulary=gen.term_docs.vocabulary)

    def _respelling(self, gen: _Generation, searcher, q: str, typing: bool) -> str | None:
        return did_you_mean(searcher, q, gen.term_docs.arrays, self._names(gen), typing)

    # Entity pages, feeds and exports (search/query/entities.py and listing.py).

    def _plan(self, gen: _Generation, searcher, req: SearchRequest):
        return plan_matches(searcher.reader(), parse(req.q).tree, req.q, [],
                            lambda q: _query_mask(searcher, q, gen, req.q), self._names(gen),
                            gen.term_docs.vocabulary)

    def entity(self, facet: str, name: str, req: SearchRequest, articles: int = 10
               ) -> entities.EntityProfile | None:
        """Everything about one person or place (``name`` in any spelling) within the
        search ``req``; None when the index has no such name."""
        _validate(req)
        gen = self.generation()
        value = entities.resolve_name(gen.store, facet, name) if facet in entities.KINDS else None
        if value is None:
            return None
        with self.searcher(gen) as searcher:
            return entities.entity_profile(searcher, gen.store, gen.term_docs.arrays,
                                           self._plan(gen, searcher, req), facet, value, req,
                                           articles)

    def export(self, req: SearchRequest, chunk: int = listing.CHUNK):
        """(how many, rows) of every article the search finds, those with every word first,
        each group by date (newest first unless ``sort`` is oldest); rows are read lazily."""
        _validate(req)
        gen = self.generation()
        searcher = gen.pool.take()
        try:
            plan = self._plan(gen, searcher, req)
            order = listing.export_order(gen.store, plan, facet_filters(gen.store, req).values(),
                                         oldest=req.sort == "oldest")
            terms = query_terms(plan.any_query if plan.partial is not None else plan.query,
                                searcher.reader(), ["body"])
        except BaseException:
            gen.pool.give_back(searcher)
            raise
        rows = listing.export_rows(searcher, gen.store, order, terms, gen.term_docs.arrays, chunk)
        return int(order.size), LentIterator(rows, gen.pool, searcher)


def _link_target(index_dir: Path) -> str | None:
    try:
        return os.readlink(index_dir / CURRENT)
    except OSError:
        return None


def _validate(req: SearchRequest) -> None:
    """Bad parameters, with a message in Hindi and English; the caps bound one request's work."""
    _validate_query(req.q)
    if not 1 <= req.page <= MAX_PAGE:
        raise SearchError(f"पृष्ठ 1 से {MAX_PAGE} तक होना चाहिए "
                          f"(page must be 1 or more, at most {MAX_PAGE})")
    if not 1 <= req.per_page <= MAX_PER_PAGE:
        raise SearchError(f"प्रति पृष्ठ 1 से {MAX_PER_PAGE} परिणाम "
                          f"(per_page must be between 1 and {MAX_PER_PAGE})")
    if not 1 <= req.facet_size <= MAX_FACET_SIZE:
        raise SearchError(f"हर फ़िल्टर में 1 से {MAX_FACET_SIZE} मान "
                          f"(facet_size must be between 1 and {MAX_FACET_SIZE})")
    if req.sort not in (None, *SORTS):
        raise SearchError(f"क्रम इनमें से एक हो: {', '.join(SORTS)} "
                          f"(sort must be one of {', '.join(SORTS)})")
    for value in (*req.date, *req.mentioned, req.date_from, req.date_to):
        if value is not None and PartialDate.parse(value) is None:
            raise SearchError(f"{value!r} तारीख़ नहीं है; YYYY, YYYY-MM या YYYY-MM-DD लिखें "
                              f"({value!r} is not a date; use YYYY, YYYY-MM or YYYY-MM-DD)")


def _validate_query(q: str) -> None:
    if len(q) > MAX_QUERY_CHARS:
        raise SearchError(f"खोज {MAX_QUERY_CHARS} अक्षरों से लंबी है "
                          f"(the query is longer than {MAX_QUERY_CHARS} characters)")


def _query_mask(searcher, query, gen: _Generation, text: str) -> np.ndarray:
    store = gen.store
    if not text.strip():
        return store.all_docs()
    if query is None:
        return np.zeros(store.n_docs, dtype=bool)
    return query_mask(searcher, query, store.n_docs, gen.term_docs) & store.live


def _page(searcher, query, final, gen: _Generation, sort, offset: int, count: int,
          filtered: bool) -> list[tuple[int, float | None]]:
    """``count`` hits of the documents in ``final`` from ``offset``, in ``sort`` order."""
    store = gen.store
    if sort == "relevance" and query is not None:
        if gen.stats is None:
            gen.stats = Statistics(searcher, store.n_docs, gen.term_docs)
        ranked = top_hits(searcher, query, final, gen.stats, offset + count)
        if ranked is None:
            allowed = MaskDocs(final) if filtered else None
            hits = searcher.search(query, limit=offset + count, filter=allowed)
            ranked = [(h.docnum, h.score) for h in hits]
        return [(d, round(score, 4)) for d, score in ranked[offset:]]
    docs = np.flatnonzero(final)
    days = store.published[docs].astype(np.int64)
    # Undated articles come last either way (NO_DATE is the smallest int32).
    key = np.where(days == NO_DATE, 2**62, days) if sort == "oldest" else -days
    order = np.lexsort((docs, key))
    return [(int(d), None) for d in docs[order][offset : offset + count]]

