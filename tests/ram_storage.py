"""Whoosh's in-memory storage with a temporary folder of this process's own.

``RamStorage.temp_storage`` puts the column files a writer spills to disk in
``<tmp>/MAIN.tmp``, the same folder for every process: two test runs at once (a clean clone's
``make test`` beside the suite) deleted each other's files (FileNotFoundError in
``_readback``). Here each process gets a folder of its own, removed when it exits.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from functools import cache

from whoosh.filedb.filestore import FileStorage, RamStorage


@cache
def _process_folder() -> str:
    folder = tempfile.mkdtemp(prefix="talaash-ram-")
    atexit.register(shutil.rmtree, folder, True)
    return folder


class IsolatedRamStorage(RamStorage):
    """A :class:`RamStorage` whose temporary storage no other process shares."""

    def temp_storage(self, name: str | None = None) -> FileStorage:
        return FileStorage(tempfile.mkdtemp(dir=_process_folder())).create()
