"""talaash at 10,000 and 100,000 articles beside tantivy: rebuild, index size, the JSON API
over HTTP (latency, throughput, memory), the HTML fragment per keystroke (issue 11).

For each size: a corpus of real sentences (:mod:`tests.bench.corpus`), cached and reused while
its parameters and source text are unchanged; a full ``talaash rebuild --jobs 2`` into a fresh
folder (every run, unless ``--reuse-index``); an incremental rebuild with 1% of the articles
changed; ``talaash serve`` as a subprocess for the query mix (:mod:`tests.bench.queries`), 8
concurrent clients and a longer load run with the server's RSS sampled; the same mix in-process
on :class:`search.engine.Engine` and on tantivy (:mod:`tests.bench.tantivy_compare`). Writes a
markdown table to ``tests/bench/results/`` with what the mix found beside it (``--compare``).

Run: ``make bench`` (10,000 and 100,000), ``make bench-quick`` (10,000), or
``python -m tests.bench.scale [--sizes 10000,100000] [--reuse-index] [--compare FILE]``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from search.index.generations import current_generation, schema_version
from search.index.schema import SCHEMA_VERSION
from tests.bench import answers as answer_file
from tests.bench import report, tantivy_compare
from tests.bench import translit as translit_bench
from tests.bench.corpus import (
    CorpusSpec,
    article_files,
    article_sentences,
    change_files,
    fingerprint,
    write_corpus,
)
from tests.bench.queries import Query, query_mix
from tests.bench.server import (
    FRAGMENT_HEADERS,
    TALAASH,
    Client,
    Load,
    Server,
    load_run,
    tree_rss,
)
from tests.shared_data import REPO, missing_reason, shared_dir

RESULTS = Path(__file__).resolve().parent / "results"
DEFAULT_SIZES = (10_000, 100_000)
#: More distinct queries than any result cache is likely to hold, rotated in order by the
#: load runs, so that throughput is the engine's and not its cache's.
THROUGHPUT_QUERIES = 1500


def default_cache() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(os.environ.get("TALAASH_BENCH_CACHE") or Path(base) / "talaash-bench")


def _log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


# --- corpus and rebuilds ----------------------------------------------------------------------


def ensure_corpus(cache: Path, data: Path, n_docs: int) -> tuple[Path, dict]:
    """The cached corpus of ``n_docs`` articles (written now if absent or stale), and its
    vocabulary (document frequencies)."""
    spec = CorpusSpec(n_docs)
    key = fingerprint(spec, data)
    home = cache / f"{n_docs}-{key}"
    for stale in cache.glob(f"{n_docs}-*"):
        if stale != home:
            _log(f"removing stale cache {stale}")
            shutil.rmtree(stale, ignore_errors=True)
    done = home / "corpus.json"
    if not done.exists():
        shutil.rmtree(home, ignore_errors=True)
        _log(f"writing {n_docs:,} articles to {home / 'src'}")
        df = write_corpus(home / "src", article_sentences(data), spec)
        (home / "vocabulary.json").write_text(json.dumps(df, ensure_ascii=False),
                                              encoding="utf-8")
        done.write_text(json.dumps({"key": key, "sources": [str(p) for p in article_files(data)]}))
    else:
        _log(f"reusing the corpus in {home / 'src'}")
    return home, json.loads((home / "vocabulary.json").read_text(encoding="utf-8"))


def timed_rebuild(src: Path, index: Path, log: Path) -> dict:
    """``talaash rebuild --jobs 2`` as a subprocess (from a folder without corrections.tsv),
    with the peak RSS of all its processes."""
    start, peak = time.perf_counter(), 0
    with log.open("w") as out:
        proc = subprocess.Popen([str(TALAASH), "rebuild", "--source", str(src), "--index",
                                 str(index), "--jobs", "2"],
                                stdout=out, stderr=subprocess.STDOUT, cwd=log.parent)
        while proc.poll() is None:
            peak = max(peak, tree_rss(proc.pid))
            time.sleep(0.5)
    seconds = time.perf_counter() - start
    if proc.returncode:
        raise RuntimeError(f"talaash rebuild failed ({proc.returncode}): see {log}")
    summary = [ln for ln in log.read_text().splitlines() if " rebuild of " in ln][-1]
    indexed = int(summary.split("indexed ", 1)[1].split(",", 1)[0])
    return {"seconds": seconds, "indexed": indexed, "rate": indexed / seconds,
            "peak_rss": peak, "summary": summary, "code": report.git_state(),
            "at": time.strftime("%Y-%m-%d %H:%M")}


def ensure_index(home: Path, reuse: bool) -> dict | None:
    """A full rebuild into a fresh folder that then replaces the cached index; with ``reuse``,
    the cached index is kept when it was built by this schema version (None: not measured)."""
    index = home / "index"
    live = current_generation(index)
    measured = home / "rebuild.json"
    if reuse and live is not None and schema_version(live) == SCHEMA_VERSION:
        _log(f"reusing the index in {index} (--reuse-index: rebuild not measured now)")
        return _earlier_rebuild(home)
    measured.unlink(missing_ok=True)
    fresh = home / "index.new"
    shutil.rmtree(fresh, ignore_errors=True)
    _log(f"full rebuild into {fresh}")
    result = timed_rebuild(home / "src", fresh, home / "rebuild-full.log")
    shutil.rmtree(index, ignore_errors=True)
    fresh.rename(index)
    measured.write_text(json.dumps(result))
    _log(result["summary"])
    return result


def _earlier_rebuild(home: Path) -> dict | None:
    """What the rebuild that made the cached index measured (its log when the figures were
    not saved), or None."""
    measured, log = home / "rebuild.json", home / "rebuild-full.log"
    if measured.exists():
        return json.loads(measured.read_text()) | {"reused": True}
    lines = [ln for ln in log.read_text().splitlines() if " rebuild of " in ln] \
        if log.exists() else []
    if not lines:
        return None
    seconds = float(lines[-1].split(" in ", 1)[1].split("s:", 1)[0])
    indexed = int(lines[-1].split("indexed ", 1)[1].split(",", 1)[0])
    return {"seconds": seconds, "indexed": indexed, "rate": indexed / seconds, "peak_rss": 0,
            "summary": lines[-1], "reused": True, "code": {"commit": "?", "dirty": []},
            "at": time.strftime("%Y-%m-%d %H:%M", time.localtime(log.stat().st_mtime))}


def incremental(home: Path, fraction: float = 0.01) -> dict:
    """An incremental rebuild with ``fraction`` of the articles changed, on linked copies of
    the corpus and the index (the writer itself never writes through a link)."""
    work = home / "incremental"
    shutil.rmtree(work, ignore_errors=True)
    changed = change_files(home / "src", work / "src", fraction)
    live = current_generation(home / "index")
    shutil.copytree(live, work / "index" / live.name, copy_function=os.link)
    (work / "index" / "current").symlink_to(live.name)
    _log(f"incremental rebuild with {changed} articles changed")
    result = timed_rebuild(work / "src", work / "index", home / "rebuild-incremental.log")
    shutil.rmtree(work, ignore_errors=True)
    return result | {"changed": changed}


# --- queries ----------------------------------------------------------------------------------


def _child(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "tests.bench.engine_side", *args], check=True,
                   cwd=REPO, stdout=subprocess.DEVNULL)


def over_http(index: Path, home: Path, mix: list[Query], warmup: list[Query],
              wide: list[Query], args) -> dict:
    out: dict = {}
    with Server(index, home / "serve.log") as server:
        client = Client(server.port)
        for q in warmup:
            client.get(q.api_path())
        out["rss_warm"] = server.rss
        _log(f"API: {len(mix)} queries, one at a time")
        seconds, found, errors = [], {}, 0
        for q in mix:
            r = client.get(q.api_path())
            seconds.append(r.seconds)
            if r.status == 200:
                found[q.q] = {"kind": q.kind} | answer_file.answer(json.loads(r.body))
            else:
                errors += 1
        out |= {"api_seconds": seconds, "api_errors": errors, "answers": found,
                "rss_after_queries": server.rss, "pss_after_queries": server.pss,
                "processes": server.processes}
        gzip = FRAGMENT_HEADERS | {"Accept-Encoding": "gzip"}
        out["fragment_bytes"] = [len(client.get(q.page_path(), FRAGMENT_HEADERS).body)
                                 for q in mix]
        out["fragment_gzip_bytes"] = [len(client.get(q.page_path(), gzip).body) for q in mix]
        client.close()
        paths = [q.api_path() for q in wide]
        _log(f"throughput: {args.clients} clients for {args.throughput_seconds} s")
        out["throughput"] = load_run(server, paths, args.clients, args.throughput_seconds)
        _log(f"load run: {args.clients} clients for {args.soak_seconds} s, RSS sampled")
        out["soak"] = load_run(server, paths, args.clients, args.soak_seconds, sample_every=2)
        # RSS counts the index pages every worker maps in each of them; PSS shares them out.
        out["pss_after_soak"] = server.pss
    return out


def in_process(index: Path, home: Path, mix: list[Query], warmup: list[Query]) -> dict:
    spec, result = home / "engine-queries.json", home / "engine-times.json"
    spec.write_text(json.dumps({"queries": [q.q for q in mix], "warmup": [q.q for q in warmup]},
                               ensure_ascii=False), encoding="utf-8")
    _log("talaash in-process (Engine.search, child process)")
    _child("--index", str(index), "--time", str(spec), str(result))
    return json.loads(result.read_text())


def tantivy_side(index: Path, home: Path, mix: list[Query], warmup: list[Query]) -> dict:
    docs = home / "documents.jsonl"
    _log(f"exporting articles and talaash's facet values to {docs}")
    _child("--index", str(index), "--export", str(docs))
    folder = home / "tantivy"
    built = tantivy_compare.build(docs, folder)
    _log(f"tantivy: {built['documents']:,} articles indexed in {built['seconds']:.1f} s")
    seconds = tantivy_compare.time_queries(folder, [q.q for q in mix], [q.q for q in warmup])
    docs.unlink()
    return {"build": built, "bytes": folder_bytes(folder), "seconds": seconds}


def run_size(data: Path, n_docs: int, args) -> dict:
    home, df = ensure_corpus(args.cache, data, n_docs)
    sentences = article_sentences(data)
    r: dict = {"documents": n_docs, "cache": str(home)}
    r["rebuild"] = ensure_index(home, args.reuse_index)
    index = home / "index"
    r["index_bytes"] = folder_bytes(current_generation(index))
    r["incremental"] = incremental(home)
    mix = query_mix(df, sentences, n_docs, per_kind=args.per_kind)
    wide = query_mix(df, sentences, n_docs, per_kind=THROUGHPUT_QUERIES // 5,
                     typed_words=THROUGHPUT_QUERIES // 50, seed=6)
    seen = {q.q for q in mix}
    warmup = [q for q in wide if q.q not in seen][:5]
    r["mix"] = mix
    r["wide"] = len(wide)
    r["serve_code"] = report.git_state()
    r["http"] = over_http(index, home, mix, warmup, wide, args)
    r["engine"] = in_process(index, home, mix, warmup)
    r["tantivy"] = tantivy_side(index, home, mix, warmup)
    r["translit"] = translit_bench.measure(index)
    return r


def figures(ctx: dict, runs: list[dict]) -> str:
    """Every measured figure as JSON (the answers are in their own file)."""
    def plain(value):
        if isinstance(value, Query):
            return [value.kind, value.q]
        if isinstance(value, Load):
            return vars(value) | {"per_second": value.per_second}
        raise TypeError(type(value))

    runs = [r | {"http": {k: v for k, v in r["http"].items() if k != "answers"}} for r in runs]
    return json.dumps({"context": ctx, "runs": runs}, default=plain, ensure_ascii=False,
                      indent=1) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", help="the shared folder (default ../shared)")
    ap.add_argument("--sizes", default=",".join(map(str, DEFAULT_SIZES)),
                    help="corpus sizes, comma-separated (default %(default)s)")
    ap.add_argument("--cache", type=Path, default=default_cache(),
                    help="where corpora and indexes are kept (default %(default)s)")
    ap.add_argument("--reuse-index", action="store_true",
                    help="keep a cached index instead of measuring a full rebuild")
    ap.add_argument("--compare", type=Path, help="an earlier run's .answers.json")
    ap.add_argument("--results", type=Path, default=RESULTS)
    ap.add_argument("--per-kind", type=int, default=30)
    ap.add_argument("--clients", type=int, default=8)
    ap.add_argument("--throughput-seconds", type=int, default=20)
    ap.add_argument("--soak-seconds", type=int, default=60)
    args, _ = ap.parse_known_args(argv)
    if args.compare and not args.compare.is_file():
        ap.error(f"--compare: no such file {args.compare}")
    data = shared_dir(args.shared) / "data"
    reason = missing_reason(*article_files(data))
    if reason:
        print(f"scale benchmark skipped: {reason}")
        return 0
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    if hasattr(os, "sched_setaffinity"):  # the one-core benchmarks before may have pinned us
        os.sched_setaffinity(0, range(os.cpu_count() or 1))
    args.cache.mkdir(parents=True, exist_ok=True)
    started = report.context(sizes)
    runs = [run_size(data, n, args) for n in sizes]
    found = {str(r["documents"]): r["http"]["answers"] for r in runs}
    comparison = None
    if args.compare:
        comparison = (args.compare.name, answer_file.compare(answer_file.load(args.compare), found))
    text = report.markdown(started, runs, comparison)
    print(text)
    args.results.mkdir(parents=True, exist_ok=True)
    stem = report.stem(started, sizes, DEFAULT_SIZES)
    (args.results / f"{stem}.md").write_text(text, encoding="utf-8")
    answer_file.save(args.results / f"{stem}.answers.json", found)
    (args.results / f"{stem}.json").write_text(figures(started, runs), encoding="utf-8")
    print(f"written: {args.results / f'{stem}.md'}, {stem}.json (figures) and "
          f"{stem}.answers.json")
    differs = comparison is not None and any(comparison[1].values())
    return 1 if differs else 0


if __name__ == "__main__":
    sys.exit(main())

