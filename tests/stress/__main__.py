"""``make stress``: serving through a full and an incremental rebuild, and memory under load.

On loopback only, bounded in time: ``talaash serve`` (gunicorn) over an index of articles made
from the seeds; ``wrk`` (Debian) puts steady load on the JSON API and the pages while a checker
thread records every answer to a few fixed searches. Measured, each with requests/s and
p50/p95/p99 latency: no rebuild; a full rebuild; an incremental one. The rebuilds run at lower
priority (``nice -n 10``, ``--jobs 1``). It fails (exit 1) when a request failed or when an
answer was neither the old generation's nor the new one's (a mix). Then a load run of
``--rss-seconds`` (600 for the issue's ten minutes) reports the server's RSS before and after.

    python -m tests.stress [--articles 300] [--seconds 10] [--rss-seconds 120]
"""

from __future__ import annotations

import argparse
import json
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote

#: Steady load that leaves the niced rebuild some of the 2 cores of a small machine.
CONNECTIONS = 4
REPO = Path(__file__).resolve().parents[2]
SEEDS = REPO / "seeds"
TALAASH = Path(sys.executable).with_name("talaash")
#: The searches the checker compares across generations (the API: data, not markup).
CHECKED = ["/api/search?q=" + quote("मॉस्को"), "/api/search?q=" + quote("पुतिन किम"),
           "/api/search?person=" + quote("व्लादिमीर पुतिन"), "/api/search"]
LOADED = [*CHECKED, "/?q=" + quote("मॉस्को"), "/api/search?q=" + quote("रूस") + "&sort=newest",
          "/api/search?q=" + quote("प्र*"), "/?q=" + quote("किम जोंग")]
LUA = """
local paths = {%s}
local i = 0
request = function()
  i = i %% #paths + 1
  return wrk.format("GET", paths[i])
end
done = function(summary, latency, requests)
  io.write(string.format('STRESS {"requests": %%d, "seconds": %%.3f, "errors": %%d, ' ..
    '"non2xx": %%d, "p50": %%.2f, "p95": %%.2f, "p99": %%.2f}\\n', summary.requests,
    summary.duration / 1e6, summary.errors.connect + summary.errors.read +
    summary.errors.write + summary.errors.timeout, summary.errors.status,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000))
end
"""


def corpus(folder: Path, n: int, version: int) -> None:
    """``n`` articles from the seeds' texts; ``version`` changes some and adds others, so that
    each generation answers the checked searches differently."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n + 20 * version):
        text = texts[i % len(texts)] + f"\nप्रति {i}"
        if i % 50 == 0 and version:
            text += f"\nमॉस्को संस्करण {version}"
        (folder / f"{i:05d}.txt").write_text(text, encoding="utf-8")


class Checker(threading.Thread):
    """Asks the checked searches in a loop and keeps every distinct answer and every failure."""

    def __init__(self, base: str):
        super().__init__(daemon=True)
        self.base, self.stop = base, threading.Event()
        self.seen: dict[str, set[str]] = {u: set() for u in CHECKED}
        self.failures: list[str] = []
        self.count = 0

    def run(self) -> None:
        while not self.stop.is_set():
            for url in CHECKED:
                try:
                    with urllib.request.urlopen(self.base + url, timeout=30) as r:
                        self.seen[url].add(r.read().decode("utf-8"))
                except Exception as err:  # any failure is what we count
                    self.failures.append(f"{url}: {err}")
                self.count += 1


def answers(base: str) -> dict[str, str]:
    out = {}
    for url in CHECKED:
        with urllib.request.urlopen(base + url, timeout=30) as r:
            out[url] = r.read().decode("utf-8")
    return out


def wrk(base: str, seconds: float | None, script: Path, until=None) -> dict:
    """One wrk run; with ``until`` (a process), it runs until that process ends."""
    duration = seconds if until is None else 3600
    proc = subprocess.Popen(["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{int(duration)}s",
                             "--timeout", "30s", "-s", str(script), base],
                            stdout=subprocess.PIPE, text=True)
    if until is not None:
        until.wait()
        proc.send_signal(signal.SIGINT)  # wrk stops and prints its summary
    out = proc.communicate(timeout=duration + 60)[0]
    line = next(ln for ln in out.splitlines() if ln.startswith("STRESS "))
    result = json.loads(line[len("STRESS "):])
    result["rps"] = round(result["requests"] / max(result["seconds"], 1e-9), 1)
    return result


def rss_kb(pids: list[int]) -> int:
    total = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total


def server_pids(master: int) -> list[int]:
    children = Path(f"/proc/{master}/task/{master}/children")
    return [master, *map(int, children.read_text().split())] if children.exists() else [master]


def rebuild_cmd(src: Path, index: Path, full: bool) -> list[str]:
    cmd = ["nice", "-n", "10", str(TALAASH), "rebuild", "--source", str(src), "--index",
           str(index), "--jobs", "1"]
    return cmd + (["--full"] if full else [])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=300)
    ap.add_argument("--seconds", type=float, default=10, help="length of the no-rebuild run")
    ap.add_argument("--rss-seconds", type=float, default=120)
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args()
    if not shutil.which("wrk"):
        print("wrk is missing: apt-get install wrk (make stress does it as root)")
        return 1
    root = Path(tempfile.mkdtemp(prefix="talaash-stress-"))
    src, index = root / "src", root / "index"
    corpus(src, args.articles, 0)
    subprocess.run([str(TALAASH), "rebuild", "--source", str(src), "--index", str(index),
                    "--jobs", "2"], check=True, capture_output=True)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    base = f"http://127.0.0.1:{port}"
    script = root / "paths.lua"
    script.write_text(LUA % ", ".join(json.dumps(p) for p in LOADED))
    server = subprocess.Popen([str(TALAASH), "serve", "--index", str(index), "--port",
                               str(port), "--workers", str(args.workers)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    failed, report = False, {"articles": args.articles, "workers": args.workers}
    try:
        for _ in range(300):
            try:
                answers(base)
                break
            except OSError:
                time.sleep(0.1)
        for _ in range(3):  # warm the workers' caches of every path
            for p in LOADED:
                urllib.request.urlopen(base + p, timeout=30).read()
        report["no rebuild"] = wrk(base, args.seconds, script)
        print("no rebuild:", report["no rebuild"], flush=True)
        for name, version, full in (("full rebuild", 1, True), ("incremental rebuild", 2, False)):
            before = answers(base)
            corpus(src, args.articles, version)
            checker = Checker(base)
            checker.start()
            started = time.monotonic()
            rebuild = subprocess.Popen(rebuild_cmd(src, index, full), stdout=subprocess.PIPE,
                                       stderr=subprocess.STDOUT, text=True)
            load = wrk(base, None, script, until=rebuild)
            load["rebuild seconds"] = round(time.monotonic() - started, 1)
            time.sleep(1)
            checker.stop.set()
            checker.join(60)
            after = answers(base)
            mixed = [u for u in CHECKED if checker.seen[u] - {before[u], after[u]}]
            load.update(checked=checker.count, failures=len(checker.failures),
                        mixed=len(mixed), changed=sum(before[u] != after[u] for u in CHECKED),
                        rebuild_exit=rebuild.returncode)
            report[name] = load
            print(f"{name}:", load, flush=True)
            if load["errors"] or load["non2xx"] or checker.failures or mixed \
                    or rebuild.returncode != 0:
                failed = True
                print(f"{name}: FAILED {load} {checker.failures[:3]} mixed={mixed}",
                      file=sys.stderr)
        pids = server_pids(server.pid)
        rss_before = rss_kb(pids)
        report["load for RSS"] = wrk(base, args.rss_seconds, script)
        report["rss"] = {"before MB": round(rss_before / 1024, 1),
                         "after MB": round(rss_kb(server_pids(server.pid)) / 1024, 1),
                         "seconds": args.rss_seconds}
    finally:
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(root, ignore_errors=True)
    print(json.dumps(report, ensure_ascii=False, indent=1))
    for name in ("no rebuild", "full rebuild", "incremental rebuild", "load for RSS"):
        r = report.get(name)
        if r:
            print(f"{name:20} {r['rps']:8.1f} req/s  p50 {r['p50']:7.1f} ms  p95 "
                  f"{r['p95']:7.1f} ms  p99 {r['p99']:7.1f} ms  errors {r['errors']}"
                  f"  non-2xx {r['non2xx']}" + (f"  mixed {r['mixed']} of {r['checked']} "
                                                f"checked" if "mixed" in r else ""))
    if "rss" in report:
        print(f"server RSS {report['rss']['before MB']} MB -> {report['rss']['after MB']} MB "
              f"over {args.rss_seconds:.0f} s of load")
    print("FAILED" if failed else "ok: zero failed requests, no answer mixed generations")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
