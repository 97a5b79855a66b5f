"""The Whoosh schema of the index, and its version.

The analyzer is pickled into the index with the schema, so the analyzer's module-level classes
must stay importable; an index whose version differs from :data:`SCHEMA_VERSION` is rebuilt
rather than opened with a schema it was not built with.
"""

from __future__ import annotations

from whoosh.fields import ID, STORED, TEXT, Schema

from search.analysis import ANALYSIS_VERSION, HindiAnalyzer

#: Bump on any change to fields or analysis; part of every index's metadata.
SCHEMA_VERSION = f"1.{ANALYSIS_VERSION}"

#: Text fields searched by default, with their weights: a word in the headline counts double.
SEARCH_FIELDS = {"title": 2.0, "body": 1.0}


def build_schema() -> Schema:
    analyzer = HindiAnalyzer()
    return Schema(
        id=ID(stored=True, unique=True),
        title=TEXT(analyzer=analyzer, stored=True),
        body=TEXT(analyzer=analyzer, stored=True),
        path=STORED(),
        content_hash=STORED(),
    )
