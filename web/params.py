"""From a request's query string to a :class:`~search.engine.SearchRequest`, and back.

The URL is the state: every search (query, filters, sort, page) is a query string, and every
link the UI shows (a facet value, a chip, a page) is built here by one helper, so that it works
with and without JavaScript and can be bookmarked and shared.
"""

from __future__ import annotations

from urllib.parse import quote_plus

from werkzeug.datastructures import MultiDict

# The engine's own caps: the web app refuses what the engine would.
from search.engine import MAX_FACET_SIZE, MAX_PAGE, MAX_QUERY_CHARS, SORTS
from search.models import PartialDate, SearchRequest

LIST_PARAMS = ("person", "place", "date", "mentioned")
#: The list parameters whose values are dates (drilled down: 2023 → 2023-09 → 2023-09-17).
DATE_PARAMS = ("date", "mentioned")
DEFAULT_PER_PAGE = 10
#: The page sizes the page offers (any size from 1 to 100 is accepted).
PER_PAGE_CHOICES = (10, 20, 50)
#: Facet values per page of a facet's own listing.
FACET_PAGE = 50
#: Values of each person, place and mentioned facet in an answer: the API's default, and what
#: the search page shows (its "more" and search box fetch the rest from /facets/<facet>: a
#: keystroke's HTML stays small).
DEFAULT_FACET_SIZE = 10
PAGE_FACET_SIZE = 5
DATE_HELP = "use YYYY, YYYY-MM or YYYY-MM-DD"


class ParamError(ValueError):
    """A parameter the user (or a script) got wrong; the message says which and how, in
    English (the API's word) and in Hindi (``hindi``, for the page)."""

    def __init__(self, message: str, param: str = "", hindi: str = ""):
        super().__init__(message)
        self.param = param
        self.hindi = hindi or "यह खोज समझ नहीं आई"


def _int(args: MultiDict, name: str, default: int, low: int, high: int) -> int:
    raw = args.get(name, "").strip()
    if not raw:
        return default
    # isascii: '²' and '५' pass isdigit() but are no page number int() can read.
    if not (raw.isascii() and raw.isdigit()) or not low <= int(raw) <= high:
        raise ParamError(f"'{name}' must be a whole number from {low} to {high}, not {raw!r}",
                         name, f"'{name}' {low} से {high} तक की पूरी संख्या होनी चाहिए")
    return int(raw)


def _date(args: MultiDict, name: str) -> str | None:
    raw = args.get(name, "").strip() or None
    if raw is not None and PartialDate.parse(raw) is None:
        raise ParamError(f"{raw!r} is not a date; {DATE_HELP}", name,
                         f"“{raw}” तारीख़ नहीं है; YYYY, YYYY-MM या YYYY-MM-DD लिखें")
    return raw


def _flag(args: MultiDict, name: str) -> bool:
    raw = args.get(name, "").strip().lower()
    if raw in ("", "0", "false", "no", "off"):
        return False
    if raw in ("1", "true", "yes", "on"):
        return True
    raise ParamError(f"'{name}' must be 1 or 0, not {raw!r}", name,
                     f"'{name}' 1 या 0 होना चाहिए")


def search_request(args: MultiDict, per_page: int = DEFAULT_PER_PAGE,
                   facet_size: int = DEFAULT_FACET_SIZE) -> SearchRequest:
    """The search a query string asks for; :class:`ParamError` for a bad parameter. A range
    given backwards (from after to) is read the right way round."""
    q = args.get("q", "")
    if len(q) > MAX_QUERY_CHARS:
        raise ParamError(f"the query is longer than {MAX_QUERY_CHARS} characters", "q",
                         f"खोज {MAX_QUERY_CHARS} अक्षरों से लंबी है")
    sort = args.get("sort", "").strip() or None
    if sort is not None and sort not in SORTS:
        raise ParamError(f"'sort' must be one of {', '.join(SORTS)}, not {sort!r}", "sort",
                         "क्रम (sort) इनमें से एक हो: " + ", ".join(SORTS))
    values = {name: tuple(dict.fromkeys(v for v in args.getlist(name) if v.strip()))
              for name in LIST_PARAMS}
    for name in DATE_PARAMS:
        for value in values[name]:
            if PartialDate.parse(value) is None:
                raise ParamError(f"{value!r} is not a date; {DATE_HELP}", name,
                                 f"“{value}” तारीख़ नहीं है; YYYY, YYYY-MM या YYYY-MM-DD लिखें")
    date_from, date_to = _date(args, "from"), _date(args, "to")
    if range_is_reversed(date_from, date_to):
        date_from, date_to = date_to, date_from
    return SearchRequest(
        q=q,
        person=values["person"],
        place=values["place"],
        date=values["date"],
        mentioned=values["mentioned"],
        date_from=date_from,
        date_to=date_to,
        sort=sort,
        page=_int(args, "page", 1, 1, MAX_PAGE),
        per_page=_int(args, "per_page", per_page, 1, 100),
        facet_size=_int(args, "facet_size", facet_size, 1, MAX_FACET_SIZE),
        prefix_last=_flag(args, "prefix_last"),
        literal=_flag(args, "literal"),
        respell=not _flag(args, "as_typed"),
    )


def range_is_reversed(date_from: str | None, date_to: str | None) -> bool:
    start, end = PartialDate.parse(date_from), PartialDate.parse(date_to)
    return start is not None and end is not None and start.first_day > end.last_day


def lenient_request(args: MultiDict, per_page: int = DEFAULT_PER_PAGE,
                    facet_size: int = DEFAULT_FACET_SIZE
                    ) -> tuple[SearchRequest, list[ParamError]]:
    """The search with every bad parameter left out (a long query cut to the limit), and the
    errors: a page with a mistake in it keeps the rest of the user's search on screen."""
    args = MultiDict(args)
    errors: list[ParamError] = []
    for _ in range(len(args) + 1):
        try:
            return search_request(args, per_page, facet_size), errors
        except ParamError as err:
            errors.append(err)
            if err.param == "q":
                args["q"] = args.get("q", "")[:MAX_QUERY_CHARS]
            elif err.param in DATE_PARAMS:
                args.setlist(err.param,
                             [v for v in args.getlist(err.param) if PartialDate.parse(v)])
            else:
                args.poplist(err.param)
    return search_request(MultiDict(), per_page, facet_size), errors


def facet_page_args(args: MultiDict) -> tuple[str, int, int]:
    """``contains``, ``offset`` and ``limit`` of a request for one facet's values."""
    contains = args.get("contains", "")
    if len(contains) > MAX_QUERY_CHARS:
        raise ParamError(f"'contains' is longer than {MAX_QUERY_CHARS} characters", "contains",
                         f"नाम की खोज {MAX_QUERY_CHARS} अक्षरों से लंबी है")
    return (contains, _int(args, "offset", 0, 0, 10_000_000),
            _int(args, "limit", FACET_PAGE, 1, MAX_FACET_SIZE))


#: Suggestions offered per keystroke, and the most a caller may ask for.
SUGGESTIONS = 8
MAX_SUGGESTIONS = 20


def suggest_args(args: MultiDict) -> tuple[str, int]:
    """``q`` and ``limit`` of a request for suggestions while typing."""
    q = args.get("q", "")
    if len(q) > MAX_QUERY_CHARS:
        raise ParamError(f"the query is longer than {MAX_QUERY_CHARS} characters", "q",
                         f"खोज {MAX_QUERY_CHARS} अक्षरों से लंबी है")
    return q, _int(args, "limit", SUGGESTIONS, 1, MAX_SUGGESTIONS)


def state_pairs(req: SearchRequest, **changes) -> list[tuple[str, str]]:
    """The (name, value) pairs of ``req`` with ``changes`` applied, in link order; page 1
    unless a page is given. A link's query string and a form's hidden fields are both these."""
    state = {
        "q": req.q, "person": list(req.person), "place": list(req.place),
        "date": list(req.date), "mentioned": list(req.mentioned),
        "from": req.date_from, "to": req.date_to,
        "sort": req.sort, "page": None,
        "per_page": req.per_page if req.per_page != DEFAULT_PER_PAGE else None,
        "literal": "1" if req.literal else None,
        "as_typed": None if req.respell else 1,
    }
    state.update(changes)
    return [(key, str(v)) for key, value in state.items()
            for v in (value if isinstance(value, list) else [value]) if v not in (None, "")]


def query_string(req: SearchRequest, **changes) -> str:
    """``?…`` for ``req`` with ``changes`` applied; page 1 unless a page is given."""
    pairs = [f"{key}={iri(value)}" for key, value in state_pairs(req, **changes)]
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
    elif facet in DATE_PARAMS:
        # Drilling down replaces the coarser date it refines (2023 → 2023-09).
        current = [d for d in current if not value.startswith(d) and not d.startswith(value)]
        current.append(value)
    else:
        current.append(value)
    return query_string(req, **{facet: current})
