"""The plain data the engine passes around: documents in, search results out.

Plain dataclasses, no Whoosh or Flask objects, so that the CLI, the web app and the tests all
speak the same shapes: the JSON of ``talaash search --json`` and of ``/api/search`` is
:meth:`SearchResult.to_json`.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


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


@dataclass(slots=True)
class SearchResult:
    query: str
    total: int
    hits: list[Hit] = field(default_factory=list)
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    sort: str = "relevance"
    page: int = 1
    per_page: int = 10

    def to_json(self) -> dict:
        return asdict(self)
