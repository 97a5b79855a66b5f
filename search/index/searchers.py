"""Whoosh searchers on one generation, lent to one request at a time.

Opening a searcher reads every segment's files and keeps them open, so searchers are reused
between requests. A searcher that belonged to a thread (``threading.local``) stayed open as long
as the thread lived, even idle: after a rebuild, every idle serving thread held file handles on
a generation the writer had pruned. A pool per generation lends a searcher for one request and
takes it back; when a rebuild swaps in a new generation the old pool is retired, its idle
searchers are closed at once and the lent ones when they come back, so nothing pins a pruned
generation longer than the request that was using it.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from search.index.generations import close_searcher

#: Idle searchers kept per generation: more threads than this opening at once is rare, and a
#: searcher beyond it is closed rather than kept.
MAX_IDLE = 16


class SearcherPool:
    """The searchers of one generation; thread-safe."""

    def __init__(self, open_searcher: Callable[[], object], max_idle: int = MAX_IDLE):
        self._open_searcher = open_searcher
        self._max_idle = max_idle
        self._lock = threading.Lock()
        self._idle: list = []
        self._lent = 0
        self._retired = False

    @property
    def open_count(self) -> int:
        """Searchers open now, idle or lent."""
        with self._lock:
            return len(self._idle) + self._lent

    def take(self):
        """A searcher for the caller alone until :meth:`give_back`. A retired pool still
        lends (a request that began on this generation finishes on it); what it lends is
        closed when given back."""
        with self._lock:
            self._lent += 1
            if self._idle:
                return self._idle.pop()
        try:
            return self._open_searcher()
        except BaseException:
            with self._lock:
                self._lent -= 1
            raise

    def give_back(self, searcher) -> None:
        with self._lock:
            self._lent -= 1
            if not self._retired and len(self._idle) < self._max_idle:
                self._idle.append(searcher)
                return
        close_searcher(searcher)

    @contextmanager
    def lend(self):
        searcher = self.take()
        try:
            yield searcher
        finally:
            self.give_back(searcher)

    def retire(self) -> None:
        """No more reuse: close the idle searchers now and each lent one when it returns."""
        with self._lock:
            self._retired = True
            idle, self._idle = self._idle, []
        for searcher in idle:
            close_searcher(searcher)


class LentIterator:
    """An iterator that holds a lent searcher until it is exhausted or closed (a streamed
    export reads stored fields as the client downloads). ``close()`` is what a WSGI server
    calls on a response's body; garbage collection releases an abandoned one too."""

    def __init__(self, rows: Iterator, pool: SearcherPool, searcher):
        self._rows = rows
        self._release = weakref.finalize(self, pool.give_back, searcher)

    def __iter__(self) -> LentIterator:
        return self

    def __next__(self):
        try:
            return next(self._rows)
        except BaseException:
            self.close()
            raise

    def close(self) -> None:
        close = getattr(self._rows, "close", None)
        if close is not None:
            close()
        self._release()
