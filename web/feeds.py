"""An Atom feed of every search: ``/feed`` takes the search page's parameters and lists the
newest matching articles, so that a reader can follow a query in any feed reader.

The XML is built with ElementTree, which escapes every text and attribute: an article's title
cannot break the feed. Entries link to the article's page here; an article without a
publication date gets the time its index was built as its ``updated`` (Atom requires one).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from xml.etree import ElementTree as ET

from flask import Blueprint, Response, current_app, request, url_for

from search.models import PartialDate
from web import engine_of
from web.params import search_request

bp = Blueprint("feeds", __name__)

ATOM = "http://www.w3.org/2005/Atom"
#: Entries per feed.
ENTRIES = 50


def _time(value: str | None, fallback: dt.datetime) -> str:
    date = PartialDate.parse(value or "")
    if date is None:
        return fallback.isoformat(timespec="seconds")
    return dt.datetime.combine(date.first_day, dt.time(), dt.UTC).isoformat()


def _title(req) -> str:
    parts = ([f"“{req.q}”"] if req.q.strip() else []) + list(req.person) + list(req.place)
    parts += list(req.date) + [f"उल्लेख (mentions) {d}" for d in req.mentioned]
    return " · ".join(parts) if parts else "सभी लेख (all articles)"


def _add(parent, tag: str, text: str | None = None, **attrs) -> ET.Element:
    el = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
    if text is not None:
        el.text = text
    return el


@bp.get("/feed")
def feed():
    """Raises ParamError or SearchError (400) and IndexStateError (503) to the app's handlers."""
    req = search_request(request.args, current_app.config["PER_PAGE"])
    engine = engine_of(current_app)
    result = engine.search(replace(req, sort="newest", page=1, per_page=ENTRIES))
    built = dt.datetime.fromtimestamp(engine.generation().folder.stat().st_mtime, dt.UTC)
    raw = request.query_string.decode("ascii", "replace")
    search_url = url_for("ui.search_page", _external=True) + (f"?{raw}" if raw else "")
    ET.register_namespace("", ATOM)
    root = ET.Element(f"{{{ATOM}}}feed")
    _add(root, "title", f"तलाश: {_title(req)}")
    _add(root, "id", request.url)
    _add(root, "link", rel="self", href=request.url, type="application/atom+xml")
    _add(root, "link", rel="alternate", href=search_url, type="text/html")
    times = [_time(h.published, built) for h in result.hits]
    dated = [t for h, t in zip(result.hits, times, strict=True) if h.published]
    _add(root, "updated", max(dated) if dated else built.isoformat(timespec="seconds"))
    _add(_add(root, "author"), "name", "तलाश (talaash)")
    _add(root, "generator", "talaash")
    for hit, updated in zip(result.hits, times, strict=True):
        entry = _add(root, "entry")
        url = url_for("ui.document_page", doc_id=hit.id, _external=True)
        _add(entry, "title", hit.title)
        _add(entry, "id", url)
        _add(entry, "link", rel="alternate", href=url, type="text/html")
        _add(entry, "updated", updated)
        if hit.published:
            _add(entry, "published", updated)
        for name in (*hit.persons, *hit.places):
            _add(entry, "category", term=name)
        _add(entry, "summary", hit.snippet, type="html")
    body = ET.tostring(root, encoding="unicode", xml_declaration=True)
    return Response(body, mimetype="application/atom+xml")
