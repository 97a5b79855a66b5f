"""Running a reader's query against the index: parse, build, search, snippet.

The one call that the CLI and the web app both make; it returns plain
:class:`~search.models.SearchResult` data and never raises on what a user typed.
"""

from __future__ import annotations

from pathlib import Path

from whoosh import highlight

from search.indexer import open_index
from search.models import Hit, SearchResult
from search.query import QueryBuilder
from search.query_syntax import parse
from search.schema import SEARCH_FIELDS


class MarkFormatter(highlight.Formatter):
    """Wraps matched words in ``open``/``close`` marks; the text between is left as it is."""

    between = " … "

    def __init__(self, open_mark: str = "«", close_mark: str = "»"):
        self.open_mark = open_mark
        self.close_mark = close_mark

    def format_token(self, text, token, replace=False):
        return f"{self.open_mark}{highlight.get_text(text, token, replace)}{self.close_mark}"


def search(index_dir: Path, text: str, limit: int = 10) -> SearchResult:
    """The best ``limit`` hits for ``text``, with snippets."""
    parsed = parse(text)
    result = SearchResult(query=text, total=0, notes=list(parsed.notes))
    ix = open_index(index_dir)
    with ix.searcher() as searcher:
        builder = QueryBuilder(SEARCH_FIELDS, reader=searcher.reader())
        query = builder.build(parsed.tree)
        if query is None:
            return result
        hits = searcher.search(query, limit=limit)
        hits.fragmenter = highlight.ContextFragmenter(maxchars=240, surround=70)
        hits.formatter = MarkFormatter()
        result.total = len(hits)
        for hit in hits:
            snippet = hit.highlights("body", top=2) or hit["body"][:200]
            result.hits.append(Hit(hit["id"], hit["title"], snippet, round(hit.score, 4)))
    return result
