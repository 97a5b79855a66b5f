"""What the collection knows about one person or place: the data of an entity page.

Everything is counted from the facet store's arrays, never by reading articles: the documents
of a name are one slice of its facet's pairs, the histogram is the month facet counted over
them, and the people and places mentioned beside it are the person and place facets counted
over them (one ``bincount`` each). Only the spellings seen are read from stored extractions,
of a bounded sample of the name's newest articles, since the store keeps display names only.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace

import numpy as np
from whoosh.idsets import DocIdSet

from search.analysis.normalize import fold
from search.extract.collection import NameTables
from search.index import extractions
from search.index.facets import NO_DATE, FacetStore
from search.index.schema import SEARCH_FIELDS
from search.models import PERSON, PLACE, FacetValue, Hit, Mention, SearchRequest
from search.query.builder import QueryBuilder
from search.query.facets import filters as facet_filters
from search.query.highlight import query_terms
from search.query.listing import by_date, hits_of
from search.query.syntax import parse

#: The URL word of each kind of entity, and the facet that holds its names.
KINDS = {"person": PERSON, "place": PLACE}
#: Co-mentioned names listed per facet.
CO_MENTIONS = 15
#: Newest articles whose stored mentions give the spellings seen.
SPELLING_SAMPLE = 200


@dataclass
class EntityProfile:
    """One entity under a search's filters (``total`` of its articles match them)."""

    facet: str
    name: str
    total: int
    #: Every article naming it, whatever the filters: the page's headline count.
    overall: int
    #: (spelling, mentions) in the sampled articles, most frequent first.
    spellings: list[tuple[str, int]]
    #: Articles by month of publication (``YYYY-MM``), oldest first; counted without the
    #: date filters, so the histogram still shows every month while one is chosen.
    months: list[FacetValue]
    #: Articles naming it with no publication date, or only a year.
    undated: int
    people: list[FacetValue] = field(default_factory=list)
    places: list[FacetValue] = field(default_factory=list)
    latest: list[Hit] = field(default_factory=list)
    relevant: list[Hit] = field(default_factory=list)

    #: The ``corrections.tsv`` lines that block, add or alias the name (see
    #: :func:`correction_lines`).
    corrections: dict[str, list[str]] = field(default_factory=dict)

    def to_json(self) -> dict:
        return asdict(self)


def resolve_name(store: FacetStore, facet: str, name: str) -> str | None:
    """The facet value ``name`` stands for: itself, the same name in another spelling
    (folded), or the collection's display name for it; None when the index has no such name."""
    f = store.facets[facet]
    if f.value_index(name) is not None:
        return name
    tables = NameTables(store.names.get("person", {}), store.names.get("place", {}))
    shown = tables.display(KINDS[facet], name)
    if f.value_index(shown) is not None:
        return shown
    needle = fold(name)
    for i, value in enumerate(f.values):
        if f.folded(i) == needle:
            return value
    return None


def profile_counts(store: FacetStore, facet: str, name: str, scope: np.ndarray,
                   dated_scope: np.ndarray) -> EntityProfile:
    """The counts of an entity page. ``scope`` is the search's documents under all its
    filters, ``dated_scope`` the same without its date filters (for the histogram)."""
    own = store.facets[facet].mask([name], store.n_docs) & store.live
    docs = own & scope
    months = store.facets["month"]
    by_month = months.counts(own & dated_scope)
    present = np.flatnonzero(by_month)
    month_values = sorted((FacetValue(months.values[i], int(by_month[i]), False)
                           for i in present.tolist()), key=lambda v: v.value)
    dated = int(by_month.sum())
    return EntityProfile(
        facet=facet, name=name, total=int(docs.sum()), overall=int(own.sum()), spellings=[],
        months=month_values, undated=int((own & dated_scope).sum()) - dated,
        people=co_mentions(store, "person", docs, name if facet == "person" else None),
        places=co_mentions(store, "place", docs, name if facet == "place" else None),
    )


def co_mentions(store: FacetStore, facet: str, docs: np.ndarray, exclude: str | None,
                size: int = CO_MENTIONS) -> list[FacetValue]:
    """The ``size`` names of ``facet`` in most of ``docs`` (ties in name order), without the
    entity itself."""
    f = store.facets[facet]
    counts = f.counts(docs)
    if exclude is not None and (i := f.value_index(exclude)) is not None:
        counts[i] = 0
    present = np.flatnonzero(counts)
    order = present[np.lexsort((present, -counts[present]))][:size]
    return [FacetValue(f.values[i], int(counts[i]), False) for i in order.tolist()]


def newest_docs(store: FacetStore, docs: np.ndarray, limit: int) -> list[int]:
    """Up to ``limit`` document numbers of the mask ``docs``, newest first (undated last)."""
    found = np.flatnonzero(docs)
    days = store.published[found].astype(np.int64)
    key = np.where(days == NO_DATE, 2**62, -days)
    return found[np.lexsort((found, key))][:limit].tolist()


def spellings_seen(mentions_of: Callable[[int], list[Mention]], docnums: list[int],
                   tables: NameTables, kind: str, name: str) -> list[tuple[str, int]]:
    """How the articles ``docnums`` write the entity: each mention whose collection-wide
    name is ``name``, by its text as written."""
    seen: Counter = Counter()
    for docnum in docnums:
        for m in mentions_of(docnum):
            if m.kind == kind and tables.display(kind, m.canonical) == name:
                seen[" ".join(m.text.split())] += 1
    return sorted(seen.items(), key=lambda item: (-item[1], item[0]))


def correction_lines(facet: str, name: str, spellings: list[tuple[str, int]]
                     ) -> dict[str, list[str]]:
    """The exact ``corrections.tsv`` lines (tab-separated) that block the name, add it
    wherever it appears, or report another spelling as this name."""
    kind = KINDS[facet]
    others = [s for s, _ in spellings if fold(s) != fold(name)]
    return {
        "block": [f"block\t{kind}\t{name}"],
        "add": [f"add\t{kind}\t{name}"],
        "alias": [f"alias\t{kind}\t{s}\t{name}" for s in others],
    }


def and_of(store: FacetStore, selections: dict[str, tuple[str, ...]]) -> np.ndarray:
    """Documents naming every one of the selected names (an entity page narrows by each
    name it is given, where the search page ORs the values of one facet)."""
    out = store.live.copy()
    for facet, names in selections.items():
        for name in names:
            out &= store.facets[facet].mask([name], store.n_docs)
    return out


class _Mask(DocIdSet):
    """A boolean mask as a Whoosh search filter."""

    def __init__(self, mask: np.ndarray):
        self.mask = mask

    def __contains__(self, docnum: int) -> bool:
        return 0 <= docnum < self.mask.size and bool(self.mask[docnum])

    def __iter__(self):
        return iter(np.flatnonzero(self.mask).tolist())

    def __len__(self) -> int:
        return int(np.count_nonzero(self.mask))


def entity_profile(searcher, store: FacetStore, arrays, plan, facet: str, name: str,
                   req: SearchRequest, articles: int) -> EntityProfile:
    """The whole entity page of ``name`` under the search ``req`` (its query ``plan``): the
    request's people and places narrow it one by one (AND), its dates as on the search."""
    found = plan.matched | plan.partial if plan.partial is not None else plan.matched
    undated_scope = found & and_of(store, {"person": req.person, "place": req.place})
    scope = undated_scope.copy()
    for mask in facet_filters(store, replace(req, person=(), place=())).values():
        scope &= mask
    profile = profile_counts(store, facet, name, scope, undated_scope)
    own = store.facets[facet].mask([name], store.n_docs) & store.live
    tables = NameTables(store.names.get("person", {}), store.names.get("place", {}))
    profile.spellings = spellings_seen(lambda d: _mentions(searcher, d),
                                       newest_docs(store, own, SPELLING_SAMPLE), tables,
                                       KINDS[facet], name)
    docs = own & scope
    reader = searcher.reader()
    query = plan.query if req.q.strip() else QueryBuilder(
        SEARCH_FIELDS, reader=reader, default_op="or").build(parse(name).tree)
    terms = query_terms(query, reader, ["body"])
    profile.latest = hits_of(searcher, store, by_date(store, docs)[:articles].tolist(), terms,
                             arrays)
    if query is not None and docs.any():
        ranked = searcher.search(query, limit=articles, filter=_Mask(docs))
        profile.relevant = hits_of(searcher, store, [h.docnum for h in ranked], terms, arrays,
                                   [round(h.score, 4) for h in ranked])
    profile.corrections = correction_lines(facet, name, profile.spellings)
    return profile


def _mentions(searcher, docnum: int) -> list[Mention]:
    return extractions.read(searcher.reader(), docnum).mentions
