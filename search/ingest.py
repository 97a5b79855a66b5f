"""Reading article files into :class:`~search.models.Document`s, reporting what cannot be read.

A broken file never stops a rebuild: it becomes a :class:`Skipped` with the reason, and every
other file is still read.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from search.models import Document

SUFFIXES = (".txt",)
TITLE_MAX = 120


@dataclass(frozen=True, slots=True)
class Skipped:
    """A source that could not be indexed, and why (shown in the rebuild summary)."""

    path: str
    reason: str


def discover(sources: Iterable[Path]) -> Iterator[Path]:
    """Article files under each source, a folder searched recursively or a single file."""
    for source in sources:
        if source.is_dir():
            yield from sorted(p for p in source.rglob("*") if p.suffix in SUFFIXES and p.is_file())
        else:
            yield source


def read_text_article(path: Path, root: Path | None = None) -> Document | Skipped:
    """One ``.txt`` file is one article; its first non-empty line is the headline."""
    try:
        raw = path.read_bytes()
    except OSError as err:
        return Skipped(str(path), f"cannot read: {err.strerror}")
    if b"\x00" in raw:
        return Skipped(str(path), "binary file (contains NUL bytes)")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        return Skipped(str(path), f"not UTF-8 (byte {err.start})")
    if not text.strip():
        return Skipped(str(path), "empty file")
    doc_id = str(path.relative_to(root)) if root and path.is_relative_to(root) else path.name
    return Document(
        id=doc_id,
        title=headline(text),
        body=text,
        content_hash=hashlib.sha256(raw).hexdigest(),
        path=str(path),
    )


def headline(text: str) -> str:
    """The first non-empty line, shortened at a word boundary."""
    first = next(line.strip() for line in text.splitlines() if line.strip())
    if len(first) <= TITLE_MAX:
        return first
    cut = first.rfind(" ", 0, TITLE_MAX)
    return first[: cut if cut > 0 else TITLE_MAX] + "…"


def read_sources(sources: Iterable[Path]) -> Iterator[Document | Skipped]:
    for source in sources:
        if not source.exists():
            yield Skipped(str(source), "no such file or folder")
            continue
        root = source if source.is_dir() else source.parent
        for path in discover([source]):
            yield read_text_article(path, root)
