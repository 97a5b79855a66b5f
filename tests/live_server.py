"""``talaash serve`` on a free loopback port, for the tests a real browser drives, and the
Chromium they drive it with (Debian's, never a downloaded one)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-quic"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serving(index: Path, log: Path | None = None, *options: str) -> Iterator[str]:
    """The base URL of a server on ``index``, up and answering; stopped afterwards. Its
    output goes to ``log`` (or nowhere)."""
    port = free_port()
    out = log.open("wb") if log else subprocess.DEVNULL
    proc = subprocess.Popen(
        [sys.executable, "-m", "web.cli", "serve", "--index", str(index), "--port", str(port),
         *options], stdout=out, stderr=subprocess.STDOUT, env={**os.environ})
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(base + "/api/search", timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail("talaash serve did not start: "
                                + (log.read_text() if log else "(no log)"))
                time.sleep(0.1)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        if log:
            out.close()
