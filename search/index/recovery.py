"""What keeps a rebuild safe to kill: its lock, the points where a test may stop it, fsync
before the swap, and clearing what a killed rebuild left behind (see :mod:`search.index.writer`).
"""

from __future__ import annotations

import fcntl
import os
import shutil
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from search.errors import RebuildInProgressError
from search.index.generations import CURRENT, current_generation

LOCK = ".rebuild.lock"

#: Set to a stage name (extracting, writing, swapping) to make a rebuild stop there for a
#: minute: how the crash-safety tests kill it at a known point. Unset in normal use.
PAUSE_ENV = "TALAASH_REBUILD_PAUSE"


def checkpoint(stage: str) -> None:
    if os.environ.get(PAUSE_ENV) == stage:
        print(f"rebuild paused at {stage} (pid {os.getpid()})", file=sys.stderr, flush=True)
        time.sleep(60)


@contextmanager
def exclusive(index_dir: Path, notices: list[str] | None = None) -> Iterator[None]:
    """The rebuild lock: ``flock`` (the kernel drops it when its process dies, so it can
    never be stale), with the holder's pid written inside for the messages."""
    with open(index_dir / LOCK, "a+") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            lock.seek(0)
            holder = lock.read().strip() or "unknown"
            raise RebuildInProgressError(
                f"another rebuild of {index_dir} is running (pid {holder}); wait for it to "
                "finish"
            ) from None
        try:
            lock.seek(0)
            previous = lock.read().strip()
            if previous and notices is not None:
                notices.append(f"cleared the stale lock of rebuild pid {previous}, which is no "
                               "longer running (it was killed or crashed)")
            lock.seek(0)
            lock.truncate()
            lock.write(str(os.getpid()))
            lock.flush()
            yield
            lock.seek(0)
            lock.truncate()  # a clean end leaves an empty lock: nothing to report next time
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def generations(index_dir: Path) -> list[Path]:
    return sorted(p for p in index_dir.glob("gen-*") if p.is_dir() and p.suffix != ".building")


def fsync_tree(folder: Path) -> None:
    """Every file of a new generation on disk (hard links of the old one are cheap: their
    pages are clean), then the folder's own entries."""
    for item in folder.iterdir():
        if item.is_file():
            fd = os.open(item, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
    fsync_dir(folder)


def fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def remove_leftovers(index_dir: Path, notices: list[str]) -> None:
    """What a killed rebuild left; called under the lock, so no rebuild is using any of it."""
    for leftover in sorted(index_dir.glob("gen-*.building")):
        shutil.rmtree(leftover, ignore_errors=True)
        notices.append(f"removed {leftover.name}, left by a rebuild that did not finish")
    for link in index_dir.glob(f".{CURRENT}.*"):
        link.unlink(missing_ok=True)
    live = current_generation(index_dir)
    for folder in generations(index_dir):
        if live is not None and folder.name > live.name:
            shutil.rmtree(folder, ignore_errors=True)
            notices.append(f"removed {folder.name}, built by a rebuild that was stopped "
                           "before it could swap it in")


