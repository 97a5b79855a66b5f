"""Serving the app with several worker processes, one per core.

Search is CPU-bound Python, so threads of one process share one core under the GIL. gunicorn
(a well-kept prefork server) runs ``workers`` processes, each with a few threads for slow
clients; each worker builds its own app after the fork, so its index handles and caches are its
own, while the index files themselves are shared through the page cache.
"""

from __future__ import annotations

import os

from gunicorn.app.base import BaseApplication


def default_workers() -> int:
    """One worker per core this process may use, at most four."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(1, min(4, cores or 1))


class TalaashServer(BaseApplication):
    """gunicorn configured in code: no config file is read, none is needed."""

    def __init__(self, config: dict, options: dict):
        self.app_config = config
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        from web import create_app

        return create_app(self.app_config)


def serve(config: dict, host: str, port: int, workers: int, threads: int) -> None:
    TalaashServer(config, {
        "bind": f"{host}:{port}",
        "workers": workers,
        "threads": threads,
        "worker_class": "gthread",
        # A request that takes longer than this is a bug; the worker is replaced.
        "timeout": 60,
        # A 500-character Devanagari query is ~4.5 KB percent-encoded, past gunicorn's default
        # request line (4,094 bytes), which would answer a bare 400 before the app sees it.
        "limit_request_line": 8190,
        "graceful_timeout": 10,
        "accesslog": None,
        "errorlog": "-",
        "loglevel": "warning",
        "proc_name": "talaash",
    }).run()
