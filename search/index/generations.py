"""Reading the index folder: which generation is live, and opening it.

``index/`` holds generation folders (``gen-<ns>``) and a ``current`` symlink that the writer
(:mod:`search.index.writer`) swaps atomically. Searching needs only this module, never the
writer or the tagger.
"""

from __future__ import annotations

import json
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.filedb.filestore import FileStorage, OverlayStorage

from search.errors import IndexMissingError
from search.index.schema import SCHEMA_VERSION, build_schema

CURRENT = "current"
#: Each generation's metadata: the schema version it was built with.
META = "talaash.json"


def schema_version(folder: Path) -> str | None:
    try:
        return json.loads((folder / META).read_text()).get("schema_version")
    except (OSError, ValueError):
        return None


def current_generation(index_dir: Path) -> Path | None:
    link = index_dir / CURRENT
    return link.resolve() if link.is_symlink() and link.resolve().is_dir() else None


def open_index(index_dir: Path) -> whoosh_index.Index:
    """The live index, opened with this version's schema; a clear error when there is none or
    it was built by another version."""
    folder = current_generation(index_dir)
    if folder is None:
        raise IndexMissingError(f"no index in {index_dir}; build one with: talaash rebuild")
    return open_generation(folder, index_dir)


def open_generation(folder: Path, index_dir: Path | None = None) -> whoosh_index.Index:
    """One generation folder, opened for reading with this version's schema.

    Not memory-mapped: Whoosh reads a memory-mapped compound segment through ``BytesIO``,
    which copies every file of the segment into each searcher (163 MiB a searcher for a
    107 MiB segment, per serving thread). Plain file reads go through the page cache that
    every process and thread shares."""
    if schema_version(folder) != SCHEMA_VERSION:
        raise IndexMissingError(
            f"the index in {index_dir or folder.parent} was built by another version of "
            "talaash; rebuild it with: talaash rebuild --full"
        )
    storage = FileStorage(str(folder), supports_mmap=False, readonly=True)
    return storage.open_index(schema=build_schema())


def close_searcher(searcher) -> None:
    """Close a searcher and the segment files it holds open.

    Whoosh's ``OverlayStorage`` does not close the compound segment file under it; with
    memory-mapping that file was closed once mapped, but read plainly (see
    :func:`open_generation`) its handle would stay open until garbage collection, holding
    on to generations the writer has pruned."""
    reader = searcher.reader()
    leaves = getattr(reader, "readers", None) or [reader]
    compound = [r._storage.a for r in leaves
                if isinstance(getattr(r, "_storage", None), OverlayStorage)]
    searcher.close()
    for storage in compound:
        if not storage.is_closed:
            storage.close()
