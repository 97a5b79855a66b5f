"""The JSON API: the same engine calls as the pages, as data.

``GET /api/search`` takes the page's parameters and returns the shape of
``talaash search --json``; ``GET /api/suggest?q=`` offers people and places while typing;
``GET /api/documents/<id>`` returns one article. Bad parameters get
400 with ``{"error": "…"}``; an index that is missing or being built by another version gets
503. Never a traceback.
"""

from __future__ import annotations

from dataclasses import asdict

from flask import Blueprint, current_app, jsonify, request

from search.errors import IndexStateError, SearchError
from web import engine_of, message_of
from web.answers import document_answer, facet_answer, search_answer
from web.params import ParamError, suggest_args

bp = Blueprint("api", __name__, url_prefix="/api")


def _error(message: str, status: int):
    response = jsonify({"error": message})
    response.status_code = status
    return response


@bp.get("/search")
def api_search():
    try:
        answer = search_answer(request.args)
    except (ParamError, SearchError) as err:
        return _error(message_of(err), 400)
    except IndexStateError as err:
        return _error(message_of(err), 503)
    data = answer.result.to_json()
    if answer.result.total == 0 and answer.req.q.strip():
        data["suggestion"] = answer.suggestion
    return jsonify(data)


@bp.get("/facets/<facet>")
def api_facet(facet: str):
    """One facet's values for a search: ``contains`` narrows them (any spelling), ``offset``
    and ``limit`` page through all of them."""
    try:
        answer = facet_answer(facet, request.args)
    except (ParamError, SearchError) as err:
        return _error(message_of(err), 400)
    except IndexStateError as err:
        return _error(message_of(err), 503)
    return jsonify({"facet": facet, "contains": answer.contains, "offset": answer.offset,
                    "limit": answer.limit, "total": answer.total,
                    "values": [asdict(v) for v in answer.values]})


@bp.get("/suggest")
def api_suggest():
    """People and places completing what is being typed: ``{"query", "suggestions": [{"value",
    "kind", "count"}]}``, those in most articles first (``limit``, 8, at most 20)."""
    try:
        q, limit = suggest_args(request.args)
        found = engine_of(current_app).suggest(q, limit)
    except (ParamError, SearchError) as err:
        return _error(message_of(err), 400)
    except IndexStateError as err:
        return _error(message_of(err), 503)
    return jsonify({"query": q, "suggestions": [s.to_json() for s in found]})


@bp.get("/documents/<path:doc_id>")
def api_document(doc_id: str):
    try:
        doc = document_answer(doc_id, request.args)
    except IndexStateError as err:
        return _error(message_of(err), 503)
    if doc is None:
        return _error(f"इस पहचान का कोई लेख नहीं: {doc_id!r} (no document with id {doc_id!r})", 404)
    return jsonify(asdict(doc))

