"""HTML for document text: every character escaped, and only our markup around it.

An article's people and places become links into the search, the query's words are marked,
and lines become paragraphs. Offsets come from the engine (they point into the stored text),
so what is linked and marked is exactly what the article wrote.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
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


#: Bar heights are classes h0…h10 (tenths of the tallest), never a style attribute: the page
#: runs under a CSP without 'unsafe-inline'.
BAR_STEPS = 10


@dataclass(frozen=True)
class Bar:
    value: str
    count: int
    height: int
    selected: bool


def histogram(dates) -> list[Bar]:
    """Bars of articles over time from the date facet: months when the facet has drilled into
    a year, else years; oldest first."""
    if not dates:
        return []
    finest = max(len(v.value) for v in dates)
    level = sorted((v for v in dates if len(v.value) == finest), key=lambda v: v.value)
    top = max(v.count for v in level) or 1
    return [Bar(v.value, v.count, round(BAR_STEPS * v.count / top), v.selected) for v in level]


#: Names a hit shows (its chips); the article page shows them all.
HIT_NAMES = 4


def hit_names(persons: list[str], places: list[str], limit: int = HIT_NAMES
              ) -> tuple[list[str], list[str]]:
    """The people and places a hit shows: half of ``limit`` each, a kind with fewer names
    leaving its room to the other (every chip is a filter link and a page link: a
    keystroke's fragment carries ten hits of them)."""
    n_places = min(len(places), max(limit // 2, limit - len(persons)))
    n_persons = min(len(persons), limit - n_places)
    return persons[:n_persons], places[:limit - n_persons]


def bar_heights(dates) -> dict[str, int]:
    """Each histogram bar's height by its date value; none when there would be a single bar.
    The date facet's list draws them in its rows (one display: every value with its label,
    count and bar), so a keystroke does not send the dates twice, as bars and as a list."""
    bars = histogram(dates)
    return {bar.value: bar.height for bar in bars} if len(bars) > 1 else {}


def page_numbers(page: int, last: int, around: int = 2) -> list[int | None]:
    """Page links to show: the first, the last, and ``around`` either side of the current
    one; None where pages are left out (shown as "…")."""
    keep = sorted({1, last, *range(max(1, page - around), min(last, page + around) + 1)})
    out: list[int | None] = []
    for n in keep:
        if out and n - out[-1] > 1:
            out.append(None)
        out.append(n)
    return out


def results_csv(result) -> str:
    """One row per hit of the result's page: what the page shows, as text."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["id", "title", "published", "persons", "places", "score"])
    for hit in result.hits:
        writer.writerow([hit.id, hit.title, hit.published or "", "; ".join(hit.persons),
                         "; ".join(hit.places), "" if hit.score is None else hit.score])
    return buffer.getvalue()
