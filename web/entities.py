"""Pages for people and places: ``/person/<name>``, ``/place/<name>`` and their JSON at
``/api/person/<name>``, ``/api/place/<name>``.

One data function (the engine's :meth:`~search.engine.Engine.entity`), two renderings. The
page takes the search's own parameters (``q``, ``person``, ``place``, ``date``, ``from``,
``to``): each name given narrows the page to the articles that also name it, so "together"
links are bookmarkable states like every other. A name the index does not know is a 404 with
a message in Hindi and English, never a 500.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from flask import Blueprint, current_app, jsonify, render_template, request

from search.query.entities import EntityProfile
from web import engine_of
from web.params import query_string, search_request
from web.render import BAR_STEPS

bp = Blueprint("entities", __name__)

KIND_LABELS = {"person": ("व्यक्ति", "person"), "place": ("जगह", "place")}
#: Articles in each of the page's two lists.
ARTICLES = 10


def _missing(facet: str, name: str) -> str:
    hindi, english = KIND_LABELS[facet]
    return (f"इस नाम का कोई {hindi} इन लेखों में नहीं मिला: “{name}” "
            f"(no {english} named {name!r} in the index)")


def _profile(facet: str, name: str) -> EntityProfile | None:
    """Raises ParamError or SearchError (bad input) and IndexStateError (no usable index)."""
    req = search_request(request.args, current_app.config["PER_PAGE"])
    return engine_of(current_app).entity(facet, name, req, ARTICLES)


@dataclass(frozen=True)
class MonthBar:
    value: str
    count: int
    height: int
    selected: bool


def month_bars(profile: EntityProfile, date_from: str | None, date_to: str | None
               ) -> list[MonthBar]:
    """The histogram's bars, heights in tenths of the busiest month (CSS classes h0…h10:
    the page's CSP allows no style attributes)."""
    top = max((m.count for m in profile.months), default=0) or 1
    chosen = date_from if date_from and date_from == date_to else None
    return [MonthBar(m.value, m.count, max(1, round(BAR_STEPS * m.count / top)),
                     m.value == chosen) for m in profile.months]


def entity_url(facet: str, name: str, qs: str = "") -> str:
    """The page of a person or place, with a query string (``?…``) or none. The name is an
    IRI path segment: ASCII specials percent-encoded (``/``, ``?``, ``#``, space), Devanagari
    as is, like :func:`web.params.iri` (a results fragment carries dozens of these links)."""
    path = "".join(ch if ord(ch) > 127 else quote(ch, safe="") for ch in name)
    return f"{request.script_root}/{facet}/{path}" + (qs if qs != "?" else "")


@bp.get("/<any(person, place):facet>/<path:name>")
def entity_page(facet: str, name: str):
    profile = _profile(facet, name)
    if profile is None:
        return render_template("entity_missing.html", message=_missing(facet, name),
                               facet=facet, name=name), 404
    req = search_request(request.args, current_app.config["PER_PAGE"])
    return render_template(
        "entity.html", p=profile, req=req, qs=query_string, kind=KIND_LABELS[facet],
        bars=month_bars(profile, req.date_from, req.date_to), entity_url=entity_url,
        filtered=profile.total != profile.overall)


@bp.get("/api/<any(person, place):facet>/<path:name>")
def api_entity(facet: str, name: str):
    profile = _profile(facet, name)
    if profile is None:
        response = jsonify({"error": _missing(facet, name)})
        response.status_code = 404
        return response
    return jsonify(profile.to_json())
