"""Every article a search finds, as CSV (``/export.csv``) or JSON lines (``/export.jsonl``),
with the search page's parameters: id, title, date, url, people, places, snippet.

Streamed: the engine yields rows a chunk at a time and each row is written as it comes, so an
export of 100,000 articles never holds them all. The row count is the search's total (its
articles with every word, then those with only some); ``X-Total-Count`` says it up front.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from contextlib import closing
from dataclasses import asdict

from flask import Blueprint, Response, current_app, request, stream_with_context

from search.query.listing import ExportRow
from web import engine_of
from web.params import search_request

bp = Blueprint("exports", __name__)

COLUMNS = ("id", "title", "date", "url", "people", "places", "snippet")
#: People and places share one CSV cell each, joined by this.
JOIN = "; "


def _rows():
    """(total, rows); ParamError or SearchError (400) and IndexStateError (503) go to the
    app's handlers before anything is streamed."""
    req = search_request(request.args, current_app.config["PER_PAGE"])
    return engine_of(current_app).export(req)


def csv_lines(rows: Iterator[ExportRow]) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    with closing(rows):  # a download cut short gives the engine's searcher back
        for row in rows:
            writer.writerow([row.id, row.title, row.date, row.url, JOIN.join(row.people),
                             JOIN.join(row.places), row.snippet])
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def jsonl_lines(rows: Iterator[ExportRow]) -> Iterator[str]:
    with closing(rows):
        for row in rows:
            yield json.dumps(asdict(row), ensure_ascii=False) + "\n"


def _stream(lines: Iterator[str], mimetype: str, filename: str, total: int) -> Response:
    return Response(stream_with_context(lines), mimetype=mimetype, headers={
        "Content-Disposition": f'attachment; filename="{filename}"',
        "X-Total-Count": str(total)})


@bp.get("/export.csv")
def export_csv():
    total, rows = _rows()
    return _stream(csv_lines(rows), "text/csv", "talaash.csv", total)


@bp.get("/export.jsonl")
def export_jsonl():
    total, rows = _rows()
    return _stream(jsonl_lines(rows), "application/x-ndjson", "talaash.jsonl", total)
