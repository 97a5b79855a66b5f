"""Rebuild and query speed at 10,000+ articles, against Whoosh's own ``groupedby`` facets.

The corpus is built from real sentences of ../shared/data (HiNER, IL-NER, XQuAD-hi), six to
twelve per article, each article a ``.txt`` file ending in a timestamp line so that it has a
publication date. Figures (one machine, medians):

- full rebuild, articles/s, with ``--jobs 1`` and ``--jobs 2``;
- incremental rebuild with 1% of the files changed;
- index size on disk;
- query latency p50/p95 of :class:`search.engine.Engine` (query, facets, snippets) beside the
  same queries with Whoosh's ``groupedby`` person/place facets;
- server-side latency of the web UI's results fragment and of ``/api/search``.

Run: ``make bench`` or ``python -m tests.bench.index [--shared DIR] [--docs N]``.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from whoosh import sorting

from search.engine import Engine
from search.index.generations import current_generation, open_index
from search.index.schema import SEARCH_FIELDS
from search.index.writer import rebuild
from search.models import SearchRequest
from search.query.builder import QueryBuilder
from search.query.syntax import parse
from tests.bench.corpus import hindi_sentences, sentence_files
from tests.bench.timing import percentile
from tests.shared_data import missing_reason, shared_dir


def write_corpus(folder: Path, sentences: list[str], n_docs: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n_docs):
        body = " ".join(rng.sample(sentences, rng.randint(6, 12)))
        day = f"20{rng.randint(19, 24)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        (folder / f"{i // 1000:02d}" / f"{i:05d}.txt").parent.mkdir(exist_ok=True)
        (folder / f"{i // 1000:02d}" / f"{i:05d}.txt").write_text(
            f"{body}\n{day} 10:00:00\n", encoding="utf-8")


def change_files(folder: Path, fraction: float, seed: int = 11) -> int:
    files = sorted(folder.rglob("*.txt"))
    chosen = random.Random(seed).sample(files, max(1, int(len(files) * fraction)))
    for path in chosen:
        text = path.read_text(encoding="utf-8")
        path.write_text("अद्यतन: " + text, encoding="utf-8")
    return len(chosen)


def sample_queries(index: Path, n: int, seed: int = 3) -> list[SearchRequest]:
    """Single words, pairs and phrases drawn from the people and places the index holds,
    half of them with a facet filter."""
    engine = Engine(index)
    facets = engine.search(SearchRequest(per_page=1)).facets
    people = [v.value for v in facets["person"][:200]]
    places = [v.value for v in facets["place"][:200]]
    rng = random.Random(seed)
    out = []
    for i in range(n):
        name = rng.choice(people if i % 2 else places)
        q = rng.choice([name, f'"{name}"', f"{name} {rng.choice(places)}"])
        filt = {"place": (rng.choice(places),)} if i % 4 == 0 else {}
        out.append(SearchRequest(q=q, **filt))
    return out


def time_engine(index: Path, requests: list[SearchRequest]) -> list[float]:
    engine = Engine(index)
    engine.search(requests[0])  # open the index once, as a server does
    times = []
    for req in requests:
        start = time.perf_counter()
        engine.search(req)
        times.append(time.perf_counter() - start)
    return times


def time_groupedby(index: Path, requests: list[SearchRequest]) -> list[float]:
    ix = open_index(index)
    facets = {f: sorting.FieldFacet(f, allow_overlap=True) for f in ("person", "place")}
    times = []
    with ix.searcher() as s:
        builder = QueryBuilder(SEARCH_FIELDS, reader=s.reader())
        for req in requests:
            start = time.perf_counter()
            q = builder.build(parse(req.q).tree)
            results = s.search(q, limit=10, groupedby=facets)
            for f in facets:
                results.groups(f)
            times.append(time.perf_counter() - start)
    return times


def time_web(index: Path, requests: list[SearchRequest]) -> dict[str, list[float]]:
    """Server-side latency of the htmx results fragment and of the JSON API (Flask's test
    client: the app's own work, without a network between)."""
    from web import create_app
    from web.params import query_string

    client = create_app({"INDEX_DIR": str(index)}).test_client()
    client.get("/api/search")  # open the index once, as a server does
    headers = {"HX-Request": "true", "HX-Target": "results"}
    times: dict[str, list[float]] = {"fragment": [], "api": []}
    for req in requests:
        qs = query_string(req)
        for name, url, hdrs in (("fragment", "/" + qs, headers), ("api", "/api/search" + qs, {})):
            start = time.perf_counter()
            response = client.get(url, headers=hdrs)
            times[name].append(time.perf_counter() - start)
            assert response.status_code == 200, (url, response.status_code)
    return times


def _size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def run(data: Path, n_docs: int, n_queries: int) -> dict:
    out: dict = {"documents": n_docs}
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "src"
        write_corpus(src, hindi_sentences(data), n_docs)
        for jobs in (1, 2):
            index = Path(tmp) / f"index{jobs}"
            start = time.perf_counter()
            report = rebuild([src], index, jobs=jobs)
            out[f"rebuild_docs_per_s_jobs{jobs}"] = report.indexed / (time.perf_counter() - start)
        out["index_bytes"] = _size(current_generation(index))
        out["changed_files"] = change_files(src, 0.01)
        start = time.perf_counter()
        inc = rebuild([src], index, jobs=2)
        out["incremental_seconds"] = time.perf_counter() - start
        out["incremental_indexed"] = inc.indexed
        requests = sample_queries(index, n_queries)
        ours, whoosh = time_engine(index, requests), time_groupedby(index, requests)
        web = time_web(index, requests)
        for name, times in (("talaash", ours), ("groupedby", whoosh),
                            ("fragment", web["fragment"]), ("api", web["api"])):
            out[f"{name}_p50_ms"] = 1000 * statistics.median(times)
            out[f"{name}_p95_ms"] = 1000 * percentile(times, 95)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", help="the shared folder (default ../shared)")
    ap.add_argument("--docs", type=int, default=10_000)
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--json", help="also write the figures to this file")
    args, _ = ap.parse_known_args(argv)
    data = shared_dir(args.shared) / "data"
    reason = missing_reason(*sentence_files(data))
    if reason:
        print(f"index benchmark skipped: {reason}")
        return 0
    r = run(data, args.docs, args.queries)
    print(f"index benchmark: {r['documents']:,} articles from ../shared/data sentences")
    print(f"  full rebuild     {r['rebuild_docs_per_s_jobs1']:8.1f} articles/s (1 job)   "
          f"{r['rebuild_docs_per_s_jobs2']:8.1f} articles/s (2 jobs)")
    print(f"  incremental      {r['incremental_seconds']:8.1f} s with {r['changed_files']} "
          f"files changed ({r['incremental_indexed']} re-indexed)")
    print(f"  index size       {r['index_bytes'] / 2**20:8.1f} MiB")
    for name in ("talaash", "groupedby", "fragment", "api"):
        print(f"  query+facets {name:<10} p50 {r[f'{name}_p50_ms']:8.1f} ms   "
              f"p95 {r[f'{name}_p95_ms']:8.1f} ms")
    print(f"  groupedby / talaash p50: {r['groupedby_p50_ms'] / r['talaash_p50_ms']:.1f}x")
    if args.json:
        Path(args.json).write_text(json.dumps(r, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
