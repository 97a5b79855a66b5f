"""The only writer of the index: builds a new generation beside the live one and swaps it in.

``index/`` holds generation folders and a ``current`` symlink. A rebuild hard-links the live
generation's files into a new folder (Whoosh never rewrites a file in place), applies the
changes there, writes the facet store, renames the folder and atomically replaces the symlink.
A reader sees the old index or the new one, never a half-built one; a crash or Ctrl-C mid-way
leaves the old index serving and only a ``*.building`` folder, which the next rebuild removes.
One rebuild at a time: a second one is refused while the lock is held.

Incremental by default: a document whose content hash is unchanged is neither re-read by the
tagger nor rewritten; changed ones are replaced and removed ones deleted. ``full`` redoes all.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from multiprocessing import get_context
from pathlib import Path

from whoosh import index as whoosh_index

from search.errors import NothingIndexedError, RebuildInProgressError
from search.extract.corrections import Corrections
from search.index.facet_build import build_facets
from search.index.facets import FILE_ARRAYS, FILE_VALUES
from search.index.generations import (
    CURRENT,
    META,
    current_generation,
    schema_version,
)
from search.index.ingest import read_sources
from search.index.schema import SCHEMA_VERSION, build_schema
from search.models import Document, RebuildReport, Skipped

LOCK = ".rebuild.lock"

Progress = Callable[[int, int], None]


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


def rebuild(
    sources: Iterable[Path],
    index_dir: Path,
    *,
    full: bool = False,
    jobs: int = 1,
    corrections: Corrections | None = None,
    progress: Progress | None = None,
) -> RebuildReport:
    """Bring the index in ``index_dir`` up to date with ``sources``."""
    start = time.monotonic()
    index_dir.mkdir(parents=True, exist_ok=True)
    report = RebuildReport()
    with _exclusive(index_dir):
        _remove_leftovers(index_dir)
        live = None if full else _reusable_generation(index_dir)
        report.full = live is None
        generation = f"gen-{time.time_ns()}"
        building = index_dir / f"{generation}.building"
        try:
            _copy_generation(live, building)
            items = list(read_sources(sources))
            _apply(building, items, report, jobs, corrections, progress)
            store = build_facets(whoosh_index.open_dir(str(building), schema=build_schema()))
            store.save(building)
            report.documents = int(store.live.sum())
            report.persons = len(store.facets["person"].values)
            report.places = len(store.facets["place"].values)
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


def _copy_generation(live: Path | None, building: Path) -> None:
    if live is None:
        building.mkdir()
        whoosh_index.create_in(str(building), build_schema())
        return
    building.mkdir()
    ours = {META, FILE_ARRAYS, FILE_VALUES}
    for item in live.iterdir():
        if item.is_file() and not item.name.endswith(".lock") and item.name not in ours:
            os.link(item, building / item.name)


def _apply(folder: Path, items: list, report: RebuildReport, jobs: int,
           corrections: Corrections | None, progress: Progress | None) -> None:
    ix = whoosh_index.open_dir(str(folder), schema=build_schema())
    existing = _stored_hashes(ix)
    seen: dict[str, str] = {}
    todo: list[Document] = []
    for item in items:
        if isinstance(item, Skipped):
            report.skipped.append(item)
        elif item.id in seen:
            report.skipped.append(Skipped(item.path, f"duplicate id {item.id!r} "
                                                     f"(first in {seen[item.id]})"))
        else:
            seen[item.id] = item.path
            if existing.get(item.id) == item.content_hash:
                report.unchanged += 1
            else:
                todo.append(item)
    if not seen:
        raise NothingIndexedError(
            "nothing could be indexed; the index was left as it was", report.skipped
        )
    writer = ix.writer(limitmb=256)
    try:
        for done, fields in enumerate(_extracted(todo, jobs, corrections), 1):
            writer.update_document(**fields)
            report.indexed += 1
            if progress:
                progress(done, len(todo))
        for doc_id in existing.keys() - seen.keys():
            writer.delete_by_term("id", doc_id)
            report.removed += 1
    except BaseException:
        writer.cancel()
        raise
    writer.commit(optimize=report.full)


def _stored_hashes(ix) -> dict[str, str]:
    with ix.reader() as reader:
        return {f["id"]: f["content_hash"] for _, f in reader.iter_docs()}


def _extracted(docs: list[Document], jobs: int, corrections) -> Iterator[dict]:
    """Index fields of each document, the tagger running in ``jobs`` worker processes."""
    if jobs <= 1 or len(docs) < 2 * jobs:
        _init_worker(corrections)
        yield from map(_document_fields, docs)
        return
    with get_context("fork").Pool(jobs, _init_worker, (corrections,)) as pool:
        yield from pool.imap(_document_fields, docs, chunksize=16)


_CORRECTIONS: Corrections | None = None


def _init_worker(corrections: Corrections | None) -> None:
    global _CORRECTIONS
    _CORRECTIONS = corrections


def _document_fields(doc: Document) -> dict:
    from search.extract.pipeline import extract  # the tagger loads in the process that uses it

    ex = extract(doc.body, title=doc.title, published=doc.published, corrections=_CORRECTIONS)
    return {
        "id": doc.id, "title": doc.title, "body": doc.body, "path": doc.path,
        "content_hash": doc.content_hash, "published": ex.published or "",
        "url": doc.url, "source": doc.source,
        "extraction": json.dumps(ex.to_json(), ensure_ascii=False),
        "person": ",".join(p.replace(",", " ") for p in ex.persons),
        "place": ",".join(p.replace(",", " ") for p in ex.places),
    }


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


def _reusable_generation(index_dir: Path) -> Path | None:
    """The live generation, when it was built by this version (else a full rebuild)."""
    live = current_generation(index_dir)
    return live if live is not None and schema_version(live) == SCHEMA_VERSION else None
