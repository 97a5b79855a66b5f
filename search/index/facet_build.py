"""Building the facet store of an index generation from its stored extractions.

Runs at the end of every rebuild, over every live document. It needs no tagger: each
document's extraction was stored when it was indexed, so an incremental rebuild re-reads only
changed articles, yet names are unified across the whole collection again (a new article can
change which spelling of a name is the most frequent).
"""

from __future__ import annotations

import datetime as dt
import json

import numpy as np

from search.extract.collection import name_tables, unify
from search.index.facets import FACETS, NO_DATE, Facet, FacetStore
from search.models import DateMention, Extraction, Mention

EPOCH = dt.date(1970, 1, 1)


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
        pairs["mentioned"] += [(docnum, d.value[:4]) for d in ex.dates if d.value[:1] != "-"]
        _add_publication(pairs, published, docnum, fields.get("published", ""))
    facets = {name: Facet.build(p) for name, p in pairs.items()}
    return FacetStore(n_docs, facets, published, live, {"person": tables.people,
                                                        "place": tables.places})


def extraction_of(fields: dict) -> Extraction:
    """A document's stored extraction."""
    data = json.loads(fields.get("extraction") or "{}")
    return Extraction(
        title=data.get("title", ""),
        published=data.get("published"),
        persons=data.get("persons", []),
        places=data.get("places", []),
        dates=[DateMention(**d) for d in data.get("dates", [])],
        mentions=[Mention(**m) for m in data.get("mentions", [])],
    )


def _add_publication(pairs, published, docnum: int, value: str) -> None:
    """Year, month and day facets of an ISO publication date of any granularity; the sort
    key is its first day."""
    parts = value.split("-")
    try:
        first = dt.date(int(parts[0]), int(parts[1]) if len(parts) > 1 else 1,
                        int(parts[2][:2]) if len(parts) > 2 else 1)
    except (ValueError, IndexError):
        return
    published[docnum] = (first - EPOCH).days
    iso = first.isoformat()
    pairs["year"].append((docnum, iso[:4]))
    if len(parts) > 1:
        pairs["month"].append((docnum, iso[:7]))
    if len(parts) > 2:
        pairs["day"].append((docnum, iso))
