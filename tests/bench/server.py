"""``talaash serve`` as a subprocess, measured from outside over loopback HTTP.

Latency is client wall time with one persistent connection (``http.client``), one request at a
time. Throughput uses Debian's ``wrk`` when it is installed (a Lua script rotates the URLs),
else a threaded Python client; the result says which. Memory is the resident set of the server
and all its children (psutil).
"""

from __future__ import annotations

import contextlib
import http.client
import json
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import psutil

TALAASH = Path(sys.executable).with_name("talaash")
HOST = "127.0.0.1"
FRAGMENT_HEADERS = {"HX-Request": "true", "HX-Target": "results"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def tree_rss(pid: int, proportional: bool = False) -> int:
    """Resident bytes of a process and all its descendants; with ``proportional``, their PSS
    (each shared page counted once across them: worker processes forked from one parent)."""
    try:
        proc = psutil.Process(pid)
        procs = [proc, *proc.children(recursive=True)]
    except psutil.NoSuchProcess:
        return 0
    total = 0
    for p in procs:
        with contextlib.suppress(psutil.NoSuchProcess, psutil.AccessDenied):
            total += p.memory_full_info().pss if proportional else p.memory_info().rss
    return total


class Server:
    """``talaash serve --index DIR --port P`` for the length of a ``with`` block."""

    def __init__(self, index_dir: Path, log: Path):
        self.index_dir, self.log, self.port = index_dir, log, free_port()
        self.proc: subprocess.Popen | None = None

    def __enter__(self) -> Server:
        out = self.log.open("w")
        self.proc = subprocess.Popen(
            [str(TALAASH), "serve", "--index", str(self.index_dir), "--port", str(self.port)],
            stdout=out, stderr=subprocess.STDOUT, cwd=self.log.parent)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"talaash serve exited: see {self.log}")
            try:
                with socket.create_connection((HOST, self.port), timeout=1):
                    return self
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"talaash serve did not listen within 120 s: see {self.log}")

    def __exit__(self, *exc) -> None:
        assert self.proc is not None
        self.proc.terminate()
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()

    @property
    def rss(self) -> int:
        assert self.proc is not None
        return tree_rss(self.proc.pid)

    @property
    def pss(self) -> int:
        assert self.proc is not None
        return tree_rss(self.proc.pid, proportional=True)

    @property
    def processes(self) -> int:
        assert self.proc is not None
        return 1 + len(psutil.Process(self.proc.pid).children(recursive=True))


@dataclass
class Response:
    seconds: float
    status: int
    body: bytes


class Client:
    """One keep-alive connection, reopened if the server closes it."""

    def __init__(self, port: int, timeout: float = 120):
        self.port, self.timeout = port, timeout
        self.conn: http.client.HTTPConnection | None = None

    def get(self, path: str, headers: dict | None = None) -> Response:
        for attempt in (1, 2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection(HOST, self.port, timeout=self.timeout)
            start = time.perf_counter()
            try:
                self.conn.request("GET", path, headers=headers or {})
                r = self.conn.getresponse()
                body = r.read()
            except (http.client.HTTPException, ConnectionError):
                self.close()
                if attempt == 2:
                    raise
                continue
            seconds = time.perf_counter() - start
            if r.getheader("connection", "").lower() == "close":
                self.close()
            return Response(seconds, r.status, body)
        raise AssertionError("unreachable")

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None


@dataclass
class Load:
    """A fixed-duration run of concurrent clients."""

    tool: str
    seconds: float
    requests: int
    errors: int
    rss_samples: list[tuple[float, int]] = field(default_factory=list)

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


_WRK_SCRIPT = """\
local paths = {%s}
local step = math.floor(#paths / %d)
local next_thread = 0
function setup(thread)
  thread:set("offset", next_thread * step)
  next_thread = next_thread + 1
end
counter = 0
function request()
  local i = ((offset or 0) + counter) %% #paths + 1
  counter = counter + 1
  return wrk.format("GET", paths[i])
end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('WRKJSON {"requests": %%d, "duration_us": %%d, "connect": %%d, ' ..
    '"read": %%d, "write": %%d, "status": %%d, "timeout": %%d}\\n', summary.requests,
    summary.duration, e.connect, e.read, e.write, e.status, e.timeout))
end
"""


def load_run(server: Server, paths: list[str], clients: int, seconds: float,
             sample_every: float = 0.0) -> Load:
    """``clients`` concurrent connections for ``seconds``, each rotating through ``paths``
    from its own offset; the server's RSS sampled every ``sample_every`` seconds if > 0."""
    samples: list[tuple[float, int]] = []
    stop = threading.Event()

    def sample() -> None:
        start = time.monotonic()
        while not stop.wait(sample_every):
            samples.append((time.monotonic() - start, server.rss))

    sampler = threading.Thread(target=sample, daemon=True)
    if sample_every > 0:
        samples.append((0.0, server.rss))
        sampler.start()
    try:
        if shutil.which("wrk"):
            load = _wrk(server.port, paths, clients, seconds)
        else:
            load = _python_clients(server.port, paths, clients, seconds)
    finally:
        stop.set()
        if sampler.is_alive():
            sampler.join()
    load.rss_samples = samples
    return load


def _wrk(port: int, paths: list[str], clients: int, seconds: float) -> Load:
    threads = 2 if clients % 2 == 0 else 1
    lua = ", ".join(json.dumps(p) for p in paths)
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
        f.write(_WRK_SCRIPT % (lua, threads))
        script = f.name
    try:
        out = subprocess.run(
            ["wrk", f"-t{threads}", f"-c{clients}", f"-d{int(seconds)}s", "--timeout", "30s",
             "-s", script, f"http://{HOST}:{port}"],
            capture_output=True, text=True, check=True).stdout
    finally:
        Path(script).unlink()
    line = next(ln for ln in out.splitlines() if ln.startswith("WRKJSON "))
    r = json.loads(line.removeprefix("WRKJSON "))
    errors = sum(r[k] for k in ("connect", "read", "write", "status", "timeout"))
    return Load(f"wrk, {threads} threads, {clients} connections", r["duration_us"] / 1e6,
                r["requests"], errors)


def _python_clients(port: int, paths: list[str], clients: int, seconds: float) -> Load:
    counts = [[0, 0] for _ in range(clients)]
    deadline = time.monotonic() + seconds
    step = max(1, len(paths) // clients)

    def run(i: int) -> None:
        client, k = Client(port, timeout=30), i * step
        while time.monotonic() < deadline:
            try:
                ok = client.get(paths[k % len(paths)]).status == 200
            except OSError:
                ok = False
                client.close()
            counts[i][0 if ok else 1] += 1
            k += 1
        client.close()

    start = time.monotonic()
    workers = [threading.Thread(target=run, args=(i,)) for i in range(clients)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    return Load(f"Python threads, {clients} clients (wrk not installed)",
                time.monotonic() - start, sum(c[0] + c[1] for c in counts),
                sum(c[1] for c in counts))
