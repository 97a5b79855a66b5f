"""The search page and the document page: short views that parse, call the engine, render.

One route serves the whole page and the results fragment. It returns the fragment only when
htmx asks to swap the results region (``HX-Target: results``); a history restore or a boosted
load, which also send ``HX-Request``, get the full page, and every response says so in
``Vary``.
"""

from __future__ import annotations

from flask import Blueprint, abort, current_app, render_template, request, url_for
from markupsafe import Markup
from werkzeug.datastructures import MultiDict

from search.errors import IndexStateError, SearchError
from web.answers import document_answer, facet_answer, search_answer
from web.params import ParamError, query_string, search_request, toggle
from web.render import annotated_body

bp = Blueprint("ui", __name__)

VARY = "HX-Request, HX-Target, HX-History-Restore-Request"
FACET_LABELS = {"person": "लोग (People)", "place": "जगहें (Places)", "date": "तारीख़ (Dates)"}


def wants_fragment() -> bool:
    return (
        request.headers.get("HX-Request") == "true"
        and request.headers.get("HX-Target") == "results"
        and request.headers.get("HX-History-Restore-Request") != "true"
    )


@bp.after_request
def _vary(response):
    response.headers.add("Vary", VARY)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    return response


@bp.route("/")
def search_page():
    error = result = suggestion = None
    try:
        answer = search_answer(request.args)
        req, result, suggestion = answer.req, answer.result, answer.suggestion
    except (ParamError, SearchError) as err:
        error, req = str(err), search_request(MultiDict(), current_app.config["PER_PAGE"])
    except IndexStateError as err:
        return render_template("unavailable.html", message=str(err)), 503
    context = {
        "req": req, "result": result, "error": error, "suggestion": suggestion,
        "labels": FACET_LABELS, "qs": query_string, "toggle": toggle, "safe": Markup,
    }
    context["fragment"] = wants_fragment()
    template = "_results.html" if context["fragment"] else "search.html"
    return render_template(template, **context), 400 if error else 200


@bp.route("/facets/<facet>")
def facet_page(facet: str):
    """All values of one facet, paged and searchable: the page behind a facet's "more"; for
    htmx, the fragment that replaces the facet's "more" block."""
    try:
        answer = facet_answer(facet, request.args)
    except (ParamError, SearchError) as err:
        return render_template("unavailable.html", message=str(err)), 400
    except IndexStateError as err:
        return render_template("unavailable.html", message=str(err)), 503
    context = {**vars(answer), "labels": FACET_LABELS, "qs": query_string, "toggle": toggle}
    template = "_facet_page.html" if request.headers.get("HX-Request") == "true" else "facet.html"
    return render_template(template, **context)


@bp.route("/doc/<path:doc_id>")
def document_page(doc_id: str):
    try:
        doc = document_answer(doc_id, request.args)
    except IndexStateError as err:
        return render_template("unavailable.html", message=str(err)), 503
    if doc is None:
        abort(404)
    req = search_request(MultiDict(), current_app.config["PER_PAGE"])
    annotated = annotated_body(doc.body, doc.matches, doc.mentions, url_for("ui.search_page"))
    return render_template("document.html", doc=doc, q=request.args.get("q", ""), req=req,
                           qs=query_string, annotated=annotated)


@bp.app_errorhandler(404)
def not_found(_err):
    if request.path.startswith("/api/"):
        return {"error": "no such API endpoint or document"}, 404
    return render_template("not_found.html"), 404


@bp.app_errorhandler(405)
def not_allowed(_err):
    return {"error": "method not allowed"}, 405


@bp.app_errorhandler(500)
def server_error(_err):
    """A bug of ours: the reader gets a message, in JSON on the API, never a traceback."""
    message = "खोज में गड़बड़ी हुई; फिर से कोशिश करें (internal error; please try again)"
    if request.path.startswith("/api/"):
        return {"error": message}, 500
    return render_template("unavailable.html", message=message), 500
