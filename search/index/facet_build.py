"""Building the facet store of an index generation from its stored extractions.

Runs at the end of every rebuild, over every live document. It needs no tagger: each
document's extraction was stored when it was indexed, so an incremental rebuild re-reads only
changed articles, yet names are unified across the whole collection again (a new article can
change which spelling of a name is the most frequent).
"""

from __future__ import annotations

import json

import numpy as np

from search.extract.collection import name_tables, unify
from search.index.facets import FACETS, NO_DATE, Facet, FacetStore, day_number
from search.models import Extraction, PartialDate


def build_facets(ix) -> FacetStore:
    """The facet store of the committed index ``ix``."""
    with ix.reader() as reader:
        n_docs = reader.doc_count_all()
        docs = [(docnum, fields) for docnum, fields in reader.iter_docs()]
    raw = [extraction_of(fields) for _, fields in docs]
    tables = name_tables(raw)
    extractions = unify(raw, tables)
    pairs: dict[str, list[tuple[int, str]]] = {name: [] for name in FACETS}
    published = np.full(n_docs, NO_DATE, dtype=np.int32)
    live = np.zeros(n_docs, dtype=bool)
    for (docnum, fields), ex in zip(docs, extractions, strict=True):
        live[docnum] = True
        pairs["person"] += [(docnum, p) for p in ex.persons]
        pairs["place"] += [(docnum, p) for p in ex.places]
        _add_publication(pairs, published, docnum, fields.get("published", ""))
    facets = {name: Facet.build(p) for name, p in pairs.items()}
    return FacetStore(n_docs, facets, published, live, {"person": tables.people,
                                                        "place": tables.places})


def extraction_of(fields: dict) -> Extraction:
    """A document's stored extraction."""
    return Extraction.from_json(json.loads(fields.get("extraction") or "{}"))


def _add_publication(pairs, published, docnum: int, value: str) -> None:
    """Year, month and day facets of a publication date of any granularity; the sort key is
    its first day."""
    date = PartialDate.parse(value)
    if date is None:
        return
    published[docnum] = day_number(date.first_day)
    pairs["year"].append((docnum, f"{date.year:04d}"))
    if date.month is not None:
        pairs["month"].append((docnum, date.iso()[:7]))
    if date.day is not None:
        pairs["day"].append((docnum, date.iso()))
