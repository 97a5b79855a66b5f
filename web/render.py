"""HTML for document text: every character escaped, and only our markup around it.

An article's people and places become links into the search, the query's words are marked,
and lines become paragraphs. Offsets come from the engine (they point into the stored text),
so what is linked and marked is exactly what the article wrote.
"""

from __future__ import annotations

from urllib.parse import urlencode

from markupsafe import Markup, escape

from search.extract.dates import month_label
from search.models import PERSON, PartialDate
from search.query.highlight import mark


def date_label(value: str | None) -> str:
    """2023 → 2023; 2023-09 → सितंबर 2023; 2023-09-17 → 17 सितंबर 2023; anything else as is."""
    date = PartialDate.parse(value)
    if date is None:
        return value or ""
    if date.month is None:
        return str(date.year)
    day = "" if date.day is None else f"{date.day} "
    return f"{day}{month_label(date.month)} {date.year}"


def annotated_body(body: str, matches, mentions, search_url: str) -> Markup:
    """The article as paragraphs, with entity links and marked matches."""
    out, cursor = [], 0
    for m in sorted(mentions, key=lambda m: m.start):
        if m.start < cursor or m.end > len(body):
            continue
        out.append(mark(body, matches, cursor, m.start))
        facet = "person" if m.kind == PERSON else "place"
        href = f"{search_url}?{urlencode({facet: m.canonical})}"
        out.append(
            f'<a class="entity {facet}" href="{escape(href)}" title="{escape(m.canonical)}">'
            f"{mark(body, matches, m.start, m.end)}</a>"
        )
        cursor = m.end
    out.append(mark(body, matches, cursor, len(body)))
    paragraphs = [p.strip() for p in "".join(out).split("\n")]
    return Markup("".join(f"<p>{p}</p>\n" for p in paragraphs if p))
