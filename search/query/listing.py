"""Articles as rows, for pages and files that list more than a search page shows: the
articles of an entity page, a feed, and the CSV and JSON-lines exports of a whole search.

An export walks every matching document in chunks: the order is one sort of the matching
document numbers (an int array, 400 KB at 100,000 articles), and each chunk's stored fields
and snippets are read only when the chunk is reached, so no more than one chunk of rows is
ever in memory.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from search.index.facets import NO_DATE, FacetStore
from search.models import Hit
from search.query.highlight import posting_spans, snippet

#: Rows read from the index at a time by an export.
CHUNK = 500
_TAG = re.compile(r"<[^>]*>")


@dataclass(frozen=True, slots=True)
class ExportRow:
    """One article of an export: what a spreadsheet or a script needs of it, as text."""

    id: str
    title: str
    date: str
    url: str
    people: list[str]
    places: list[str]
    snippet: str


def by_date(store: FacetStore, mask: np.ndarray, oldest: bool = False) -> np.ndarray:
    """The documents of ``mask``, newest first (``oldest``: oldest first); undated last."""
    docs = np.flatnonzero(mask)
    days = store.published[docs].astype(np.int64)
    key = np.where(days == NO_DATE, 2**62, days if oldest else -days)
    return docs[np.lexsort((docs, key))]


def export_order(store: FacetStore, plan, masks, oldest: bool = False) -> np.ndarray:
    """Every document a search finds (its query ``plan`` under the filter ``masks``): those
    with every word first, then those with some, each group by date."""
    groups = [plan.matched] + ([plan.partial] if plan.partial is not None else [])
    for mask in masks:
        groups = [g & mask for g in groups]
    return np.concatenate([by_date(store, g, oldest) for g in groups])


def hits_of(searcher, store: FacetStore, docnums: list[int], terms: set[str], arrays=None,
            scores: list[float | None] | None = None) -> list[Hit]:
    """Result rows for ``docnums``, with snippets marked for ``terms``."""
    spans = posting_spans(searcher.reader(), "body", docnums, terms, arrays)
    out = []
    for i, d in enumerate(docnums):
        fields = searcher.stored_fields(d)
        out.append(Hit(id=fields["id"], title=fields["title"],
                       snippet=snippet(fields["body"], set(), spans=spans.get(d, [])),
                       published=fields.get("published") or None,
                       persons=store.facets["person"].values_of(d),
                       places=store.facets["place"].values_of(d),
                       score=scores[i] if scores else None))
    return out


def export_rows(searcher, store: FacetStore, order: np.ndarray, terms: set[str], arrays=None,
                chunk: int = CHUNK) -> Iterator[ExportRow]:
    """One row per document of ``order``, read ``chunk`` documents at a time; the snippet
    is plain text (the page's snippet without its marks)."""
    for begin in range(0, order.size, chunk):
        docnums = order[begin : begin + chunk].tolist()
        for hit, d in zip(hits_of(searcher, store, docnums, terms, arrays), docnums,
                          strict=True):
            fields = searcher.stored_fields(d)
            yield ExportRow(hit.id, hit.title, hit.published or "", fields.get("url") or "",
                            hit.persons, hit.places, plain_text(hit.snippet))


def plain_text(marked: str) -> str:
    """A snippet's HTML as the text it shows."""
    return html.unescape(_TAG.sub("", marked))
