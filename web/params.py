"""From a request's query string to a :class:`~search.engine.SearchRequest`, and back.

The URL is the state: every search (query, filters, sort, page) is a query string, and every
link the UI shows (a facet value, a chip, a page) is built here by one helper, so that it works
with and without JavaScript and can be bookmarked and shared.
"""

from __future__ import annotations

from urllib.parse import quote_plus

from werkzeug.datastructures import MultiDict

from search.engine import SORTS
from search.models import SearchRequest

LIST_PARAMS = ("person", "place", "date")
MAX_QUERY_CHARS = 500
#: Facet values per response at most, and per page of a facet's own listing.
MAX_FACET_SIZE = 1000
FACET_PAGE = 50


class ParamError(ValueError):
    """A parameter the user (or a script) got wrong; the message says which and how."""


def _int(args: MultiDict, name: str, default: int, low: int, high: int) -> int:
    raw = args.get(name, "").strip()
    if not raw:
        return default
    # isascii: '²' and '५' pass isdigit() but are no page number int() can read.
    if not (raw.isascii() and raw.isdigit()) or not low <= int(raw) <= high:
        raise ParamError(f"'{name}' must be a whole number from {low} to {high}, not {raw!r}")
    return int(raw)


def search_request(args: MultiDict, per_page: int = 10) -> SearchRequest:
    """The search a query string asks for; :class:`ParamError` for a bad parameter."""
    q = args.get("q", "")
    if len(q) > MAX_QUERY_CHARS:
        raise ParamError(f"the query is longer than {MAX_QUERY_CHARS} characters")
    sort = args.get("sort", "").strip() or None
    if sort is not None and sort not in SORTS:
        raise ParamError(f"'sort' must be one of {', '.join(SORTS)}, not {sort!r}")
    values = {name: tuple(dict.fromkeys(v for v in args.getlist(name) if v.strip()))
              for name in LIST_PARAMS}
    return SearchRequest(
        q=q,
        person=values["person"],
        place=values["place"],
        date=values["date"],
        date_from=args.get("from", "").strip() or None,
        date_to=args.get("to", "").strip() or None,
        sort=sort,
        page=_int(args, "page", 1, 1, 10_000),
        per_page=_int(args, "per_page", per_page, 1, 100),
        facet_size=_int(args, "facet_size", 10, 1, MAX_FACET_SIZE),
    )


def facet_page_args(args: MultiDict) -> tuple[str, int, int]:
    """``contains``, ``offset`` and ``limit`` of a request for one facet's values."""
    contains = args.get("contains", "")
    if len(contains) > MAX_QUERY_CHARS:
        raise ParamError(f"'contains' is longer than {MAX_QUERY_CHARS} characters")
    return (contains, _int(args, "offset", 0, 0, 10_000_000),
            _int(args, "limit", FACET_PAGE, 1, MAX_FACET_SIZE))


def query_string(req: SearchRequest, **changes) -> str:
    """``?…`` for ``req`` with ``changes`` applied; page 1 unless a page is given."""
    state = {
        "q": req.q, "person": list(req.person), "place": list(req.place),
        "date": list(req.date), "from": req.date_from, "to": req.date_to,
        "sort": req.sort, "page": None,
    }
    state.update(changes)
    pairs = []
    for key, value in state.items():
        for v in value if isinstance(value, list) else [value]:
            if v not in (None, ""):
                pairs.append(f"{key}={iri(str(v))}")
    return "?" + "&".join(pairs) if pairs else "?"


def iri(value: str) -> str:
    """A query-string value with ASCII specials percent-encoded and Devanagari left as is:
    a link is an IRI, which browsers and htmx encode when they follow it, and a Hindi word
    takes a third of the bytes of its %E0%A4%.. form (every result carries a dozen links)."""
    return "".join(ch if ord(ch) > 127 else quote_plus(ch) for ch in value)


def toggle(req: SearchRequest, facet: str, value: str) -> str:
    """The link that selects ``value`` in ``facet``, or removes it when it is selected."""
    current = list(getattr(req, facet))
    if value in current:
        current.remove(value)
    elif facet == "date":
        # Drilling down replaces the coarser date it refines (2023 → 2023-09).
        current = [d for d in current if not value.startswith(d) and not d.startswith(value)]
        current.append(value)
    else:
        current.append(value)
    return query_string(req, **{facet: current})
