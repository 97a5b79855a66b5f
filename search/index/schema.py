"""The Whoosh schema of the index, and its version.

The analyzer is pickled into the index with the schema, so the analyzer's module-level classes
must stay importable; an index whose version differs from :data:`SCHEMA_VERSION` is rebuilt
rather than opened with a schema it was not built with.
"""

from __future__ import annotations

from whoosh.fields import ID, KEYWORD, STORED, TEXT, Schema

from search.analysis.analyzer import ANALYSIS_VERSION, HindiAnalyzer

#: Bump on any change to fields, analysis or the facet store's facets; part of every index's
#: metadata (4: the ``mentioned`` facet, which an older generation's store lacks).
SCHEMA_VERSION = f"4.{ANALYSIS_VERSION}"

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
        #: The article's extraction (JSON): mentions with offsets into ``body``, and dates.
        extraction=STORED(),
        #: The article's own names (before collection-wide unification), comma-separated:
        #: searchable as person:/place: terms and comparable with Whoosh's groupedby.
        person=KEYWORD(commas=True, scorable=False),
        place=KEYWORD(commas=True, scorable=False),
    )
