"""The plain data the engine passes around: documents in, search results out.

Plain dataclasses, no Whoosh or Flask objects, so that the CLI, the web app and the tests all
speak the same shapes (the JSON API is ``dataclasses.asdict`` of a result).
"""

from __future__ import annotations

from dataclasses import dataclass, field


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
class Hit:
    id: str
    title: str
    snippet: str
    score: float


@dataclass(slots=True)
class SearchResult:
    query: str
    total: int
    hits: list[Hit] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
