"""The data a search page and a search API call both render (Datasette's "one data function,
two renderings"): parse the request, search, and offer a respelling when nothing matched."""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app
from werkzeug.datastructures import MultiDict

from search.models import DocumentView, FacetValue, SearchRequest, SearchResult
from web import engine_of
from web.params import facet_page_args, search_request


@dataclass
class SearchAnswer:
    req: SearchRequest
    result: SearchResult
    #: A respelling of the query that finds something, when the query found nothing.
    suggestion: str | None


def search_answer(args: MultiDict) -> SearchAnswer:
    """Raises ParamError or SearchError (bad input) and IndexStateError (no usable index)."""
    engine = engine_of(current_app)
    req = search_request(args, current_app.config["PER_PAGE"])
    result = engine.search(req)
    suggestion = None
    if result.total == 0 and req.q.strip():
        suggestion = engine.did_you_mean(req.q, req.prefix_last)
    return SearchAnswer(req, result, suggestion)


def document_answer(doc_id: str, args: MultiDict) -> DocumentView | None:
    """The article and its matches for the request's ``q``; None when there is no such id."""
    return engine_of(current_app).document(doc_id, args.get("q", ""))


@dataclass
class FacetAnswer:
    req: SearchRequest
    facet: str
    contains: str
    offset: int
    limit: int
    values: list[FacetValue]
    total: int


def facet_answer(facet: str, args: MultiDict) -> FacetAnswer:
    """A page of one facet's values under the request's search and filters."""
    req = search_request(args, current_app.config["PER_PAGE"])
    contains, offset, limit = facet_page_args(args)
    values, total = engine_of(current_app).facet_values(req, facet, contains, offset, limit)
    return FacetAnswer(req, facet, contains, offset, limit, values, total)
