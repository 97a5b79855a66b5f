"""Work on a talaash index done in a child process, so that its memory never adds to the
benchmark's own or the server's: timing :class:`search.engine.Engine` in-process on the query
mix, and exporting every article with talaash's own extraction for the tantivy comparison.

``python -m tests.bench.engine_side --index DIR [--time QUERIES.json OUT.json]
[--export DOCS.jsonl]``
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import psutil

from search.engine import Engine
from search.index.facets import FacetStore
from search.index.generations import current_generation, open_index
from search.models import SearchRequest


def time_engine(index: Path, queries: list[str], warmup: list[str]) -> dict:
    """Seconds per query of one Engine, opened and warmed once as a server does."""
    engine = Engine(index)
    for q in warmup:
        engine.search(SearchRequest(q=q))
    seconds = []
    for q in queries:
        start = time.perf_counter()
        engine.search(SearchRequest(q=q))
        seconds.append(time.perf_counter() - start)
    return {"seconds": seconds, "rss": psutil.Process().memory_info().rss}


def export(index: Path, out: Path) -> int:
    """One JSON line per live article: id, title, body, publication year and the person and
    place facet values that talaash itself shows for it (its facet store)."""
    store = FacetStore.load(current_generation(index))
    n = 0
    with open_index(index).searcher() as s, out.open("w", encoding="utf-8") as f:
        for docnum, fields in s.reader().iter_docs():
            published = fields.get("published") or ""
            doc = {"id": fields["id"], "title": fields.get("title", ""),
                   "body": fields.get("body", ""),
                   "year": int(published[:4]) if published[:4].isdigit() else None,
                   "person": store.facets["person"].values_of(docnum),
                   "place": store.facets["place"].values_of(docnum)}
            f.write(json.dumps(doc, ensure_ascii=False) + "\n")
            n += 1
    return n


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--index", type=Path, required=True)
    ap.add_argument("--time", nargs=2, type=Path, metavar=("QUERIES", "OUT"))
    ap.add_argument("--export", type=Path)
    args = ap.parse_args(argv)
    if args.time:
        spec = json.loads(args.time[0].read_text(encoding="utf-8"))
        result = time_engine(args.index, spec["queries"], spec["warmup"])
        args.time[1].write_text(json.dumps(result))
    if args.export:
        print(export(args.index, args.export))
    return 0


if __name__ == "__main__":
    sys.exit(main())
