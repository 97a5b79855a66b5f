"""The only writer of the index: builds a new generation beside the live one and swaps it in.

``index/`` holds generation folders and a ``current`` symlink. A rebuild hard-links the live
generation's files into a new folder (Whoosh never rewrites a file in place), applies the
changes there, writes the facet store, renames the folder and atomically replaces the symlink.
A reader sees the old index or the new one, never a half-built one; a crash or Ctrl-C mid-way
leaves the old index serving and only a ``*.building`` folder, which the next rebuild removes.
One rebuild at a time: a second one is refused while the lock is held. The lock file names the
pid that holds it, so a rebuild that finds the lock of a process that died (SIGKILL, power
loss) says so; whatever such a rebuild left (a ``.building`` folder, a generation it renamed but
never swapped in) is removed with a message. Every new file and folder is fsynced before the
swap, and the folder after it, so that after a power loss ``current`` never names a
generation whose files did not reach the disk.

Incremental by default: a document whose content hash is unchanged is neither re-read by the
tagger nor rewritten; changed ones are replaced and removed ones deleted. ``full`` redoes all.

Extraction and Whoosh's indexing cost about the same per article, and Whoosh writes in one
process, so a writer fed by extraction workers used one core for half the work. Instead each of
``jobs`` worker processes extracts a contiguous share of the articles and writes it as a Whoosh
segment of its own; the writer then adds those segments to the index unmerged (what Whoosh's
``MpWriter(multisegment=True)`` does, but with a fixed share per worker, so that document
numbers follow the order of the sources on every rebuild). A full rebuild with ``--jobs N``
gives N segments (fewer for fewer than ``N * MIN_SHARE`` articles).
"""

from __future__ import annotations

import json
import os
import shutil
import time
from collections import Counter
from collections.abc import Callable, Iterable
from multiprocessing import get_context
from pathlib import Path

import numpy as np
from whoosh import index as whoosh_index
from whoosh.codec.base import Segment
from whoosh.writing import SegmentWriter

from search.errors import NothingIndexedError
from search.extract.article import is_over_limit
from search.extract.corrections import Corrections
from search.extract.published import date_from_path, date_source, path_for_date
from search.index import block_writer, extractions, segment_arrays, term_arrays, text_postings
from search.index.facet_build import (
    FILE_CATALOG,
    Catalog,
    FacetInput,
    build_facets,
    facet_input,
    live_documents,
)
from search.index.facets import FILE_ARRAYS, FILE_VALUES
from search.index.generations import (
    CURRENT,
    META,
    current_generation,
    schema_version,
)
from search.index.ingest import read_articles
from search.index.leaves import Leaves
from search.index.posting_pool import GroupedPostingPool
from search.index.recovery import checkpoint, fsync_dir, fsync_tree, generations, remove_leftovers
from search.index.recovery import exclusive as _exclusive
from search.index.schema import SCHEMA_VERSION, build_schema
from search.index.term_values import worker_schema
from search.models import Document, Extraction, RebuildReport, Skipped
from search.translit import keymap

#: Fewer articles than this per worker are not worth a process (and a segment) of their own.
#: 50, not 200: an incremental rebuild of 100 changed articles then extracts them in two
#: workers (10,000-article bench, 1% changed, interleaved 3 pairs: 4.3-5.9 s -> 3.5-3.7 s
#: wall, CPU +10% for the second process).
MIN_SHARE = 50
#: Memory of each writer's posting pool, in MB; beyond it Whoosh sorts runs on disk.
LIMIT_MB = 256
#: Articles extracted at once: their sentences are tagged together.
EXTRACT_BATCH = 8

Progress = Callable[[int, int], None]

def rebuild(sources: Iterable[Path], index_dir: Path, *, full: bool = False, jobs: int = 1,
            corrections: Corrections | None = None,
            progress: Progress | None = None) -> RebuildReport:
    """Bring the index in ``index_dir`` up to date with ``sources``."""
    start = time.monotonic()
    index_dir.mkdir(parents=True, exist_ok=True)
    report = RebuildReport()
    with _exclusive(index_dir, report.notices):
        remove_leftovers(index_dir, report.notices)
        live = None if full else _reusable_generation(index_dir)
        report.full = live is None
        generation = f"gen-{time.time_ns()}"
        building = index_dir / f"{generation}.building"
        try:
            _copy_generation(live, building)
            catalog = Catalog.load(live)
            _apply(building, sources, report, jobs, corrections, progress, catalog)
            ix = whoosh_index.open_dir(str(building), schema=build_schema())
            store = build_facets(ix, catalog)
            store.save(building)
            with Leaves(ix) as reader:
                term_arrays.ensure(building, reader)  # segments Whoosh merged
                names = [n for f in store.facets.values() for n in f.values]
                vocabulary = term_arrays.exact_frequencies(building, reader, keymap.MAX_WORD)
                keymap.write(building, reader, names, vocabulary, live,
                             catalog.readings_of)  # the key map of Latin queries
                catalog.save(building, reader)  # with the keys and readings asked for
            report.documents = int(store.live.sum())
            report.persons = len(store.facets["person"].values)
            report.places = len(store.facets["place"].values)
            (building / META).write_text(json.dumps({"schema_version": SCHEMA_VERSION}))
            checkpoint("writing")
            fsync_tree(building)
            building.rename(index_dir / generation)
            fsync_dir(index_dir)
        except BaseException:
            shutil.rmtree(building, ignore_errors=True)
            raise
        checkpoint("swapping")
        _swap(index_dir, generation)
        fsync_dir(index_dir)
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
    ours = {META, FILE_ARRAYS, FILE_VALUES, FILE_CATALOG}
    for item in live.iterdir():
        if item.is_file() and not item.name.endswith(".lock") and item.name not in ours:
            os.link(item, building / item.name)


def _apply(folder: Path, sources: Iterable[Path], report: RebuildReport, jobs: int,
           corrections: Corrections | None, progress: Progress | None, catalog: Catalog) -> None:
    """Delete what changed or went, write what is new or changed as new segments, commit."""
    ix = whoosh_index.open_dir(str(folder), schema=build_schema())
    existing, numbers = live_documents(ix, catalog)
    todo, seen = _changes(read_articles(sources, existing), existing, report)
    writer = _GraftingWriter(ix, limitmb=LIMIT_MB)
    try:
        # What delete_by_term("id", ...) deletes, without the searcher it opens (a reader of
        # every segment's term index, 0.07 s at 10,000 articles).
        for doc_id in [d.id for d in todo if d.id in existing] + sorted(existing.keys() - seen):
            for docnum in numbers[doc_id]:
                writer.delete_document(docnum)
        report.removed = len(existing.keys() - seen)
        segments = _write_segments(folder, todo, jobs, corrections, progress)
        for segment, inputs in segments:
            catalog.add(segment.segment_id(), list(inputs))
        report.indexed = len(todo)
        report.truncated = sum(1 for d in todo if is_over_limit(d.body))
        report.date_sources = dict(Counter(date_source(d) for d in todo))
    except BaseException:
        writer.cancel()
        raise
    writer.commit_with([segment for segment, _ in segments], optimize=report.full)


def _changes(items: Iterable, existing: dict[str, str],
             report: RebuildReport) -> tuple[list[Document], set[str]]:
    """The documents to (re)index, and the ids of all the sources hold; skipped items and
    unchanged documents are counted in ``report``. Articles are read one by one and only the
    changed ones are cleaned and kept: a large archive is never all in memory twice."""
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
                todo.append(item.document())
    if not seen:
        raise NothingIndexedError(
            "nothing could be indexed; the index was left as it was", report.skipped
        )
    return todo, set(seen)


class _GraftingWriter(SegmentWriter):
    """The index's writer (it holds the lock and makes the deletions), which commits segments
    written by other processes as they are, as Whoosh's ``MpWriter`` does for its
    ``multisegment`` sub-writers (Whoosh is frozen upstream, so these internals are stable)."""

    def commit_with(self, segments: list, optimize: bool) -> None:
        self._check_state()
        final = self._merge_segments(None, optimize, None)  # the merge policy, old segments
        if self._added:  # Whoosh merged old segments into this writer's own
            final.append(self._finalize_segment())
        else:
            self._close_segment()
        self._commit_toc(final + segments)
        self._finish()


def _shares(n_docs: int, jobs: int) -> list[tuple[int, int]]:
    """Contiguous ``[start, stop)`` shares of the documents, one per worker."""
    n = max(1, min(jobs, n_docs // MIN_SHARE))
    return [(i * n_docs // n, (i + 1) * n_docs // n) for i in range(n)]


def _write_segments(folder: Path, docs: list[Document], jobs: int, corrections,
                    progress: Progress | None) -> list[tuple[Segment, list[FacetInput]]]:
    """A new segment per share of ``docs`` (in worker processes when there are several),
    each with the catalog inputs of its documents."""
    if not docs:
        return []
    from search.extract.pipeline import load_models  # the tagger loads only when needed

    load_models()  # before forking: the workers share the loaded models
    shares = _shares(len(docs), jobs)
    if len(shares) == 1:
        _init_worker(corrections, docs, None)
        return [_write_segment(str(folder), 0, len(docs), progress)]
    context = get_context("fork")  # the workers inherit docs and models, nothing is pickled
    done = context.Value("q", 0)
    with context.Pool(len(shares), _init_worker, (corrections, docs, done)) as pool:
        result = pool.starmap_async(_write_segment, [(str(folder), *s) for s in shares])
        while not result.ready():
            result.wait(0.5)
            if progress:
                progress(done.value, len(docs))
        return result.get()  # raises what a worker raised


_CORRECTIONS: Corrections | None = None
_DOCS: list[Document] = []
_DONE = None


def _init_worker(corrections: Corrections | None, docs: list[Document], done) -> None:
    global _CORRECTIONS, _DOCS, _DONE
    _CORRECTIONS, _DOCS, _DONE = corrections, docs, done


def _write_segment(folder: str, start: int, stop: int,
                   progress: Progress | None = None) -> tuple[Segment, list[FacetInput]]:
    """Extract and index ``_DOCS[start:stop]`` into a new segment of the index in
    ``folder``, unlocked (the rebuild's own writer holds the lock and commits it)."""
    ix = whoosh_index.open_dir(folder, schema=worker_schema())
    writer = _SegmentBuilder(ix, Path(folder), _lk=False, limitmb=LIMIT_MB)
    inputs = []
    try:
        for first in range(start, stop, EXTRACT_BATCH):
            batch = _documents_fields(_DOCS[first : min(first + EXTRACT_BATCH, stop)])
            if first == start:
                checkpoint("extracting")
            for i, (fields, found) in enumerate(batch, first):
                writer.add_document(**fields)
                inputs.append(found)
                if _DONE is not None:
                    with _DONE.get_lock():
                        _DONE.value += 1
                elif progress:
                    progress(i + 1, len(_DOCS))
    except BaseException:
        writer._close_segment()  # its files; the temporary folder is the rebuild's to remove
        raise
    return writer._finalize_segment(), inputs  # with its term arrays


class _SegmentBuilder(SegmentWriter):
    """A writer of one new segment, documents in order: text postings noted as columns
    (``text_postings``), all grouped by term (``posting_pool``), written a block at a time
    (``block_writer``), term arrays made from the pool (``segment_arrays``)."""

    def __init__(self, ix, folder: Path, **kwargs) -> None:
        super().__init__(ix, **kwargs)
        self.pool.cleanup()
        self.pool = GroupedPostingPool(text_postings.TextColumns(self.schema))
        self._folder = folder
        self._blocks = segment_arrays.BlockLog(term_arrays.FIELDS)
        self._blocks.watch(self.fieldwriter)

    def add_document(self, **fields) -> None:
        text_postings.add_document(self, fields)

    def _flush_segment(self) -> None:
        block_writer.flush_segment(self, self._blocks)

    def _finalize_segment(self) -> Segment:
        # Whoosh's own steps, with the term arrays taken while the pool still holds the
        # postings, and written once the segment is assembled (its compound file would take
        # in any file named after the segment that exists before).
        self._flush_segment()
        arrays = segment_arrays.field_arrays(self.pool, self._blocks, self.schema,
                                             self._field_lengths())
        self._close_segment()
        self._assemble_segment()
        segment = self.get_segment()
        term_arrays.save_segment(self._folder, segment.segment_id(), arrays)
        return segment

    def _field_lengths(self) -> dict[str, np.ndarray]:
        """Every document's length in each field of the term arrays, as Whoosh stored it."""
        segment = self.get_segment()
        reader = self.codec.per_document_reader(self.storage, segment)
        try:
            # Whoosh answers None for a length stored as 0 (no posting of the field asks).
            n = segment.doc_count_all()
            return {f: np.fromiter((reader.doc_field_length(d, f, 0) or 0 for d in range(n)),
                                   dtype=np.uint32, count=n)
                    for f in term_arrays.FIELDS}
        finally:
            reader.close()

    def per_document_reader(self):
        return _Lengths(super().per_document_reader())


class _Lengths:
    """Field lengths of a new segment, each read once (the rest of a per-document reader is
    not used while postings are written)."""

    def __init__(self, reader) -> None:
        self._reader = reader
        self._lengths: dict[tuple[int, str], int] = {}

    def doc_field_length(self, docnum: int, fieldname: str, default: int = 0) -> int:
        key = (docnum, fieldname)
        if key not in self._lengths:
            self._lengths[key] = self._reader.doc_field_length(docnum, fieldname, default)
        return self._lengths[key]

    def close(self) -> None:
        self._reader.close()


def _documents_fields(docs: list[Document]) -> list[tuple[dict, FacetInput]]:
    """The index fields of each document, and its catalog input; the documents are
    extracted together (:func:`search.extract.pipeline.extract_many`)."""
    from search.extract.pipeline import extract_many

    articles = [(doc.body, doc.title, _published(doc)) for doc in docs]
    found = extract_many(articles, corrections=_CORRECTIONS)
    return [_document_fields(doc, ex) for doc, ex in zip(docs, found, strict=True)]


def _published(doc: Document) -> str | None:
    if date_source(doc) == "path":  # the last resort: a date in the file's name or folders
        return date_from_path(path_for_date(doc))  # it also dates 13 सितंबर in the text
    return doc.published


def _document_fields(doc: Document, ex: Extraction) -> tuple[dict, FacetInput]:
    """The index fields of a document, and its catalog input."""
    fields = {
        "id": doc.id, "title": doc.title if doc.headline else "",
        # A first sentence standing in for a missing headline is shown, not searched as one.
        "_stored_title": doc.title, "body": doc.body, "path": doc.path,
        "content_hash": doc.content_hash, "published": ex.published or "",
        "url": doc.url, "source": doc.source,
        "extraction": extractions.to_column(ex),
        "person": ",".join(p.replace(",", " ") for p in ex.persons),
        "place": ",".join(p.replace(",", " ") for p in ex.places),
    }
    return fields, facet_input(fields, ex)


def _swap(index_dir: Path, generation: str) -> None:
    tmp_link = index_dir / f".{CURRENT}.{os.getpid()}"
    tmp_link.unlink(missing_ok=True)
    tmp_link.symlink_to(generation)
    os.replace(tmp_link, index_dir / CURRENT)


def _prune(index_dir: Path, keep: int) -> None:
    """Keep the current generation and the one before it (searches in flight may use it)."""
    live = current_generation(index_dir)
    for old in generations(index_dir)[:-keep]:
        if old != live:
            shutil.rmtree(old, ignore_errors=True)


def _reusable_generation(index_dir: Path) -> Path | None:
    """The live generation, when it was built by this version (else a full rebuild)."""
    live = current_generation(index_dir)
    return live if live is not None and schema_version(live) == SCHEMA_VERSION else None
