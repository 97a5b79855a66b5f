"""The Whoosh schema of the index, and its version.

The analyzer is pickled into the index with the schema, so the analyzer's module-level classes
must stay importable; an index whose version differs from :data:`SCHEMA_VERSION` is rebuilt
rather than opened with a schema it was not built with.
"""

from __future__ import annotations

from whoosh.columns import CompressedBytesColumn
from whoosh.fields import COLUMN, ID, KEYWORD, STORED, TEXT, Schema

from search.analysis.analyzer import ANALYSIS_VERSION, HindiAnalyzer

#: Bump on any change to fields, analysis or the facet store's facets; part of every index's
#: metadata (4: the ``mentioned`` facet, which an older generation's store lacks; 5: the
#: extraction in a column of its own, not in the stored fields every hit reads).
SCHEMA_VERSION = f"5.{ANALYSIS_VERSION}"

#: Text fields searched by default, with their weights: a word in the headline counts double.
SEARCH_FIELDS = {"title": 2.0, "body": 1.0}


def build_schema() -> Schema:
    """Text fields for search and display; everything else is stored for display and for
    building the facet store (:mod:`search.index.facet_build`), which does the filtering."""
    analyzer = HindiAnalyzer()
    return Schema(
        id=ID(stored=True, unique=True),
        title=TEXT(analyzer=analyzer, stored=True),
        #: Character offsets in the postings (``chars``): a hit's snippet marks its matches from
        #: them instead of re-tokenizing the whole article.
        body=TEXT(analyzer=analyzer, stored=True, chars=True),
        published=ID(stored=True),
        url=STORED(),
        source=STORED(),
        path=STORED(),
        content_hash=STORED(),
        #: The article's extraction (JSON, UTF-8): mentions with offsets into ``body``, and
        #: dates. A column, read by docnum where needed (:mod:`search.index.extractions`).
        extraction=COLUMN(CompressedBytesColumn()),
        #: The article's own names (before collection-wide unification), comma-separated:
        #: searchable as person:/place: terms and comparable with Whoosh's groupedby.
        person=KEYWORD(commas=True, scorable=False),
        place=KEYWORD(commas=True, scorable=False),
    )
