"""Every plain data type the engine passes between its parts: articles in, names and dates
found in them, search requests and results out.

Plain dataclasses, no Whoosh or Flask objects, so that extraction, the index, the CLI, the web
app and the tests all speak the same shapes: the JSON of ``talaash search --json`` and of
``/api/search`` is :meth:`SearchResult.to_json`, that of ``talaash extract`` is
:meth:`Extraction.to_json`. (Token types and the query's syntax tree stay beside the code that
makes them: :class:`search.analysis.tokenize.Word`, :mod:`search.query.syntax`.)
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import asdict, dataclass, field
from typing import NamedTuple

#: Mention kinds.
PERSON = "person"
PLACE = "place"

# --- articles -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Document:
    """One article as ingested: ``id`` is stable across rebuilds (its path or its own id)."""

    id: str
    title: str
    body: str
    content_hash: str
    path: str = ""
    published: str | None = None
    url: str = ""
    source: str = ""
    #: Whether ``title`` is a headline (given, or the article's own headline line) rather than
    #: its first sentence: only a headline is searched as a title, since a first sentence is
    #: already in the body and would count twice, and at double weight.
    headline: bool = True


@dataclass(frozen=True, slots=True)
class Skipped:
    """A source (file, or file:line) that could not be indexed, and why."""

    path: str
    reason: str


@dataclass(frozen=True, slots=True)
class CleanText:
    """An article with its noise taken out and what the noise told us kept."""

    title: str
    body: str
    timestamp: str | None
    source: str | None
    #: Whether ``title`` is the article's headline line, not its first sentence.
    headline: bool = True


# --- what extraction finds -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PartialDate:
    """A date known to the year, the month or the day: ``2023``, ``2023-09``, ``2023-09-17``.

    The one parser and formatter of the date values that facets, filters, date ranges and
    labels use, so that ``2023-09`` means the same thing everywhere."""

    year: int
    month: int | None = None
    day: int | None = None

    _FORM = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", re.ASCII)

    @classmethod
    def parse(cls, value: str | None) -> PartialDate | None:
        """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` (ASCII digits, a real calendar date), else
        None."""
        m = cls._FORM.fullmatch(value or "")
        if m is None:
            return None
        year = int(m[1])
        month = int(m[2]) if m[2] is not None else None
        day = int(m[3]) if m[3] is not None else None
        try:
            dt.date(year, 1 if month is None else month, 1 if day is None else day)
        except ValueError:
            return None
        return cls(year, month, day)

    @property
    def granularity(self) -> str:
        """"year", "month" or "day"."""
        return "year" if self.month is None else "month" if self.day is None else "day"

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month or 1, self.day or 1)

    @property
    def last_day(self) -> dt.date:
        if self.day is not None:
            return self.first_day
        if self.month is not None:
            nxt = dt.date(self.year + self.month // 12, self.month % 12 + 1, 1)
            return nxt - dt.timedelta(days=1)
        return dt.date(self.year, 12, 31)

    def iso(self) -> str:
        return self.first_day.isoformat()[: {"year": 4, "month": 7, "day": 10}[self.granularity]]

    def __str__(self) -> str:
        return self.iso()


@dataclass(frozen=True, slots=True)
class DateMention:
    """One date: ``text == raw[start:end]``; ``value`` is ISO 8601 at ``granularity``
    ("day", "month" or "year"), or ``--MM-DD`` for a day whose year is not known. For a date
    taken from caller metadata, ``text`` is the metadata string and ``start:end`` slice it."""

    text: str
    start: int
    end: int
    value: str
    granularity: str


@dataclass(frozen=True, slots=True)
class Mention:
    """One name in the text: ``text == raw[start:end]``; ``canonical`` is its display name."""

    text: str
    start: int
    end: int
    kind: str
    canonical: str


@dataclass(frozen=True, slots=True)
class RawSpan:
    """What a tagger or gazetteer found, before resolution. ``canonical`` is known for
    gazetteer places."""

    start: int
    end: int
    kind: str
    canonical: str | None = None


class EntitySpan(NamedTuple):
    """A name the tagger found in raw text: ``label`` is "PER", "LOC" or "ORG".
    ``confidence`` is the CRF's marginal probability that its weakest word is inside an entity
    of this label (1.0 for a name only the list of known names found)."""

    start: int
    end: int
    label: str
    text: str
    confidence: float = 1.0


@dataclass(frozen=True, slots=True)
class Place:
    """One place: its Hindi display name, kind, English name and ISO alpha-2 country."""

    canonical: str
    kind: str
    english: str
    country: str


@dataclass(frozen=True, slots=True)
class PlaceMatch:
    """A place named in raw text: ``surface`` is ``text[start:end]``."""

    start: int
    end: int
    surface: str
    place: Place


@dataclass
class Extraction:
    """What ``talaash extract`` prints for one document (``to_json``)."""

    title: str
    published: str | None
    persons: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)

    def to_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict) -> Extraction:
        return cls(
            title=data.get("title", ""),
            published=data.get("published"),
            persons=data.get("persons", []),
            places=data.get("places", []),
            dates=[DateMention(**d) for d in data.get("dates", [])],
            mentions=[Mention(**m) for m in data.get("mentions", [])],
        )


# --- the index ------------------------------------------------------------------------------


@dataclass
class RebuildReport:
    """What a rebuild did, for its summary line."""

    indexed: int = 0
    unchanged: int = 0
    removed: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    documents: int = 0
    persons: int = 0
    places: int = 0
    seconds: float = 0.0
    generation: str = ""
    full: bool = False
    #: What the rebuild found and cleared from one that was killed (a stale lock, leftovers).
    notices: list[str] = field(default_factory=list)
    #: Indexed articles longer than extraction reads (search.extract.article.EXTRACT_LIMIT).
    truncated: int = 0
    #: Where the indexed articles' publication dates came from: metadata, text, path, none.
    date_sources: dict[str, int] = field(default_factory=dict)


# --- searching ------------------------------------------------------------------------------


@dataclass(frozen=True)
class SearchRequest:
    """Everything a search can ask: the query, facet selections (OR within a facet, AND
    across facets; ``date`` is the publication date, ``mentioned`` a date in the text), a
    publication-date range, sort order and page."""

    q: str = ""
    person: tuple[str, ...] = ()
    place: tuple[str, ...] = ()
    date: tuple[str, ...] = ()
    date_from: str | None = None
    date_to: str | None = None
    sort: str | None = None
    page: int = 1
    per_page: int = 10
    #: How many values of each person/place facet to return (selected ones always are).
    facet_size: int = 10
    #: The last word is still being typed: it also matches its completions.
    prefix_last: bool = False
    #: Search words in Latin letters only as written, not also as the Hindi words they may
    #: spell (search/translit).
    literal: bool = False
    #: Show the results of a respelling instead when the query finds few articles and the
    #: respelling many more (search/query/suggest.py); the page and the API ask for it.
    respell: bool = False
    #: Dates the articles mention (``YYYY[-MM[-DD]]``, OR-ed), not their publication dates.
    mentioned: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class FacetValue:
    value: str
    count: int
    selected: bool = False


@dataclass(frozen=True, slots=True)
class Hit:
    """One result. ``snippet`` is HTML: the article's text escaped, matches in ``<mark>``."""

    id: str
    title: str
    snippet: str
    published: str | None
    persons: list[str]
    places: list[str]
    score: float | None
    #: The title as HTML: escaped, the query's words in ``<mark>``.
    title_html: str = ""
    #: False for a hit listed after those with every word of the query, as having only some.
    all_words: bool = True


@dataclass(slots=True)
class SearchResult:
    query: str
    #: Every listed article: those with all the query's words, then those with some.
    total: int
    hits: list[Hit] = field(default_factory=list)
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)
    #: How many values each facet has for this search (``facets`` holds the top ones).
    facet_totals: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    sort: str = "relevance"
    page: int = 1
    per_page: int = 10
    #: How many of ``total`` have every word of the query (the set the facets count).
    total_all_words: int = 0
    #: What was searched when Latin words were read as Hindi ones: "खोजा गया: पुतिन मास्को
    #: (putin moscow)"; empty otherwise.
    transliterated: str = ""
    #: The respelling of ``query`` whose results these are ("showing results for …"), when
    #: the query as typed found few articles and it many more; empty otherwise.
    showing_results_for: str = ""

    def to_json(self) -> dict:
        """``asdict(self)``, written out: asdict deep-copies every value one by one, 1.4 ms
        of an API answer (``tests/test_models.py`` holds the two equal)."""
        return {
            "query": self.query, "total": self.total,
            "hits": [_hit_json(h) for h in self.hits],
            "facets": {name: [{"value": v.value, "count": v.count, "selected": v.selected}
                              for v in values] for name, values in self.facets.items()},
            "facet_totals": dict(self.facet_totals), "notes": list(self.notes),
            "sort": self.sort, "page": self.page, "per_page": self.per_page,
            "total_all_words": self.total_all_words, "transliterated": self.transliterated,
            "showing_results_for": self.showing_results_for,
        }


def _hit_json(h: Hit) -> dict:
    return {"id": h.id, "title": h.title, "snippet": h.snippet, "published": h.published,
            "persons": list(h.persons), "places": list(h.places), "score": h.score,
            "title_html": h.title_html, "all_words": h.all_words}


@dataclass
class DocumentView:
    """One article for its own page: text, the spans of the query's words (``matches``), the
    people and places in it with collection-wide names, and its metadata."""

    id: str
    title: str
    body: str
    published: str | None
    url: str
    source: str
    persons: list[str]
    places: list[str]
    dates: list[DateMention] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    matches: list[tuple[int, int]] = field(default_factory=list)
    #: The headline for the article's own page (a title cut with "…" whole again), and the
    #: spans of the query's words in it.
    headline: str = ""
    headline_matches: list[tuple[int, int]] = field(default_factory=list)
