"""The search page and the document page: short views that parse, call the engine, render.

One route serves the whole page and the results fragment. It returns the fragment only when
htmx asks to swap the results region (``HX-Target: results``); a history restore or a boosted
load, which also send ``HX-Request``, get the full page, and every response says so in
``Vary``. A bad parameter never empties the page: the rest of the search is still shown, with
the message (Hindi and English) in place, with and without JavaScript.
"""

from __future__ import annotations

from flask import Blueprint, abort, current_app, render_template, request, url_for
from markupsafe import Markup

from search.errors import IndexStateError, SearchError
from search.query.highlight import mark
from web import engine_of
from web.answers import document_answer, facet_answer
from web.params import (
    MAX_QUERY_CHARS,
    PAGE_FACET_SIZE,
    PER_PAGE_CHOICES,
    ParamError,
    lenient_request,
    query_string,
    range_is_reversed,
    state_pairs,
    toggle,
)
from web.render import annotated_body, bar_heights, hit_names, page_numbers, results_csv

bp = Blueprint("ui", __name__)

VARY = "HX-Request, HX-Target, HX-History-Restore-Request"
FACET_LABELS = {"person": "लोग (People)", "place": "जगहें (Places)", "date": "तारीख़ (Dates)",
                "mentioned": "उल्लिखित तिथियाँ (Dates mentioned)"}
REVERSED_NOTE = "‘से’ की तारीख़ ‘तक’ के बाद थी; सीमा उलटकर खोजी गई (from was after to: swapped)"


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


def _search():
    """The request as far as it is good, its result (None when even that fails), a
    respelling, and the errors."""
    req, errors = lenient_request(request.args, current_app.config["PER_PAGE"],
                                  PAGE_FACET_SIZE)
    engine = engine_of(current_app)
    result = suggestion = None
    try:
        result = engine.search(req)
        if result.total == 0 and req.q.strip():
            suggestion = engine.did_you_mean(req.q, req.prefix_last)
    except SearchError as err:
        errors.append(ParamError(str(err)))
    return req, result, suggestion, errors


@bp.route("/")
def search_page():
    try:
        req, result, suggestion, errors = _search()
    except IndexStateError as err:
        if wants_fragment():
            return render_template("_unavailable_fragment.html", message=str(err)), 503
        return render_template("unavailable.html", message=str(err)), 503
    notes = list(dict.fromkeys(result.notes)) if result else []
    if range_is_reversed(request.args.get("from"), request.args.get("to")):
        notes.append(REVERSED_NOTE)
    context = {
        "req": req, "result": result, "errors": errors, "suggestion": suggestion,
        "notes": notes, "labels": FACET_LABELS, "qs": query_string, "toggle": toggle,
        "state_pairs": state_pairs,
        "safe": Markup, "raw": request.args, "max_q": MAX_QUERY_CHARS,
        "per_page_choices": PER_PAGE_CHOICES, "page_numbers": page_numbers, "hit_names": hit_names,
        # The date list's finest values are also its histogram: each row draws its bar.
        "bars": bar_heights(result.facets.get("date", [])) if result else {},
        # The page is the search page: a facet value's filter link can be relative.
        "toggle_base": "",
    }
    context["fragment"] = wants_fragment()
    template = "_results.html" if context["fragment"] else "search.html"
    return render_template(template, **context), 400 if errors else 200


@bp.route("/search.csv")
def search_csv():
    """The page's results as CSV (the same search as the page and /api/search)."""
    try:
        _, result, _, errors = _search()
    except IndexStateError as err:
        return {"error": str(err)}, 503
    if errors or result is None:
        return {"error": "; ".join(str(e) for e in errors)}, 400
    return current_app.response_class(
        results_csv(result), mimetype="text/csv",
        headers={"Content-Disposition": 'attachment; filename="talaash.csv"'})


@bp.route("/facets/<facet>")
def facet_page(facet: str):
    """All values of one facet, paged and searchable: the page behind a facet's "more"; for
    htmx, the fragment that replaces the facet's values (or, for a later page, the "next"
    link it follows)."""
    try:
        answer = facet_answer(facet, request.args)
    except (ParamError, SearchError) as err:
        return render_template("unavailable.html", message=str(err)), 400
    except IndexStateError as err:
        return render_template("unavailable.html", message=str(err)), 503
    # Absolute filter links: this page, or its values appended to another page's list.
    context = {**vars(answer), "labels": FACET_LABELS, "qs": query_string, "toggle": toggle,
               "max_q": MAX_QUERY_CHARS, "toggle_base": url_for("ui.search_page"),
               "state_pairs": state_pairs}
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
    # The search the reader came from travels in the link: back to it, filters and all.
    req, _ = lenient_request(request.args, current_app.config["PER_PAGE"])
    annotated = annotated_body(doc.body, doc.matches, doc.mentions, url_for("ui.search_page"))
    headline = Markup(mark(doc.headline, doc.headline_matches))
    return render_template("document.html", doc=doc, q=req.q, req=req, qs=query_string,
                           annotated=annotated, headline=headline,
                           max_q=MAX_QUERY_CHARS)


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
