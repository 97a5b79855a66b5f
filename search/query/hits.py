"""One result of a page from its stored fields: the title and the snippet, both marked.

The body's matches come from the postings (:func:`~search.query.highlight.posting_spans`).
A title taken from the article's headline line or first sentence (shortened with "…" when
long: :mod:`search.index.ingest`) is the start of the body, so its matches are the body's
before its end and it need not be tokenized again; any other title (one given by metadata) is
marked word by word. Marking every title word by word was a fifth of a search.
"""

from __future__ import annotations

from html import escape

from search.index.facets import FacetStore
from search.models import Hit
from search.query.highlight import mark, matched_spans, snippet

ELLIPSIS = "…"


def title_spans(title: str, body: str, body_spans: list[tuple[int, int]],
                terms: set[str]) -> list[tuple[int, int]]:
    """The spans of ``terms`` in ``title``, given the body's (sorted, merged) spans.

    A title that is the body's start, up to a space or the body's end (a trailing "…"
    aside), holds the same words at the same offsets: no word crosses a space, so the body's
    spans ending within it are exactly the title's."""
    core = title[:-1] if title.endswith(ELLIPSIS) else title
    end = len(core)
    if core and body.startswith(core) and (end == len(body) or body[end].isspace()):
        return [span for span in body_spans if span[1] <= end]
    return matched_spans(title, terms)


def page_hit(searcher, store: FacetStore, docnum: int, score: float | None,
             spans: list[tuple[int, int]], terms: set[str]) -> Hit:
    """The hit of ``docnum``; ``spans`` are the matches of ``terms`` in its body."""
    fields = searcher.stored_fields(docnum)
    title, body = fields["title"], fields["body"]
    return Hit(
        id=fields["id"],
        title=title,
        title_html=mark(title, title_spans(title, body, spans, terms)) if terms
        else escape(title),
        snippet=snippet(body, set(), spans=spans),
        published=fields.get("published") or None,
        persons=store.facets["person"].values_of(docnum),
        places=store.facets["place"].values_of(docnum),
        score=score,
    )
