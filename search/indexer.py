"""The only writer of the index: builds a new generation beside the live one and swaps it in.

``index/`` holds generation folders and a ``current`` symlink. A rebuild writes a new
generation under a temporary name, renames it, then atomically replaces the symlink: a reader
sees the old index or the new one, never a half-built one, and a crash mid-way leaves the old
index serving and only a ``*.building`` folder that the next rebuild removes. One rebuild at a
time: a second one is refused while the lock is held.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from whoosh import index as whoosh_index

from search.ingest import Skipped, read_sources
from search.models import Document
from search.schema import SCHEMA_VERSION, build_schema

CURRENT = "current"
LOCK = ".rebuild.lock"
META = "talaash.json"


class IndexStateError(RuntimeError):
    """A problem with the index a user can act on; the message says what to do."""


class RebuildInProgressError(IndexStateError):
    pass


class IndexMissingError(IndexStateError):
    pass


@dataclass
class RebuildReport:
    indexed: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    seconds: float = 0.0
    generation: str = ""


@contextmanager
def _exclusive(index_dir: Path) -> Iterator[None]:
    with open(index_dir / LOCK, "w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise RebuildInProgressError(
                f"another rebuild of {index_dir} is running; wait for it to finish"
            ) from None
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def rebuild(sources: Iterable[Path], index_dir: Path) -> RebuildReport:
    """Index every readable article of ``sources`` into a new generation and swap it in."""
    start = time.monotonic()
    index_dir.mkdir(parents=True, exist_ok=True)
    report = RebuildReport()
    with _exclusive(index_dir):
        _remove_leftovers(index_dir)
        generation = f"gen-{time.time_ns()}"
        building = index_dir / f"{generation}.building"
        building.mkdir()
        try:
            _build(building, read_sources(sources), report)
            (building / META).write_text(json.dumps({"schema_version": SCHEMA_VERSION}))
            building.rename(index_dir / generation)
        except BaseException:
            shutil.rmtree(building, ignore_errors=True)
            raise
        _swap(index_dir, generation)
        _prune(index_dir, keep=2)
    report.generation = generation
    report.seconds = time.monotonic() - start
    return report


def _build(folder: Path, items: Iterable[Document | Skipped], report: RebuildReport) -> None:
    ix = whoosh_index.create_in(str(folder), build_schema())
    writer = ix.writer(limitmb=256)
    try:
        for item in items:
            if isinstance(item, Skipped):
                report.skipped.append(item)
                continue
            writer.add_document(
                id=item.id, title=item.title, body=item.body,
                path=item.path, content_hash=item.content_hash,
            )
            report.indexed += 1
    except BaseException:
        writer.cancel()
        raise
    writer.commit()


def _swap(index_dir: Path, generation: str) -> None:
    tmp_link = index_dir / f".{CURRENT}.{os.getpid()}"
    tmp_link.unlink(missing_ok=True)
    tmp_link.symlink_to(generation)
    os.replace(tmp_link, index_dir / CURRENT)


def _generations(index_dir: Path) -> list[Path]:
    return sorted(p for p in index_dir.glob("gen-*") if p.is_dir() and p.suffix != ".building")


def _remove_leftovers(index_dir: Path) -> None:
    for leftover in index_dir.glob("gen-*.building"):
        shutil.rmtree(leftover, ignore_errors=True)


def _prune(index_dir: Path, keep: int) -> None:
    """Keep the current generation and the one before it (searches in flight may use it)."""
    live = current_generation(index_dir)
    for old in _generations(index_dir)[:-keep]:
        if old != live:
            shutil.rmtree(old, ignore_errors=True)


def current_generation(index_dir: Path) -> Path | None:
    link = index_dir / CURRENT
    return link.resolve() if link.is_symlink() and link.resolve().is_dir() else None


def open_index(index_dir: Path) -> whoosh_index.Index:
    """The live index, opened with this version's schema; a clear error when there is none or
    it was built by another version."""
    folder = current_generation(index_dir)
    if folder is None:
        raise IndexMissingError(f"no index in {index_dir}; build one with: talaash rebuild")
    try:
        meta = json.loads((folder / META).read_text())
    except (OSError, ValueError):
        meta = {}
    if meta.get("schema_version") != SCHEMA_VERSION:
        raise IndexMissingError(
            f"the index in {index_dir} was built by another version of talaash; "
            "rebuild it with: talaash rebuild --full"
        )
    return whoosh_index.open_dir(str(folder), schema=build_schema())
