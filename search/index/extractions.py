"""Where each article's extraction is kept: a compressed column of its own, not a stored field.

Whoosh keeps a document's stored fields as one compressed pickle, so every hit of a results
page (which shows the title, the body's snippet and the facet store's names) also inflated
its extraction, a third of those bytes, only for the article page, the entity pages and a
facet build to read it. In a column (``schema.EXTRACTION``) it is read by docnum only there.
"""

from __future__ import annotations

import json

from search.models import Extraction

FIELD = "extraction"


def to_column(extraction: Extraction) -> bytes:
    """The column value of an extraction: its JSON, UTF-8."""
    return json.dumps(extraction.to_json(), ensure_ascii=False).encode("utf-8")


def from_value(value: bytes | str | None) -> Extraction:
    """An extraction from its column value (empty: an article indexed without one)."""
    return Extraction.from_json(json.loads(value or "{}"))


def read(reader, docnum: int) -> Extraction:
    """The extraction of ``docnum`` (a reader's document number, any segment)."""
    return from_value(reader.column_reader(FIELD)[docnum])
