"""Retrieval on XQuAD-hi through the product's own commands: ``talaash rebuild`` over a JSONL
of the paragraphs, then ``talaash search --batch`` with every question, beside Whoosh's
default analyzer (``StandardAnalyzer`` with Whoosh's own ``QueryParser``, OR-group) in the
same run.

This measures what a user gets: the search box's AND with its fall-back to any word, the
title boost, extraction running during the rebuild. Run: ``python -m tests.eval.retrieval_cli``.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from whoosh import qparser
from whoosh.analysis import StandardAnalyzer
from whoosh.fields import ID, TEXT, Schema

from tests.eval.xquad import RetrievalSet, load, score
from tests.ram_storage import IsolatedRamStorage
from tests.shared_data import missing_reason, shared_dir

TALAASH = [sys.executable, "-m", "web.cli"]


def talaash_runs(data: RetrievalSet, tmp: Path) -> tuple[dict[str, list[str]], float]:
    corpus = tmp / "xquad.jsonl"
    with corpus.open("w", encoding="utf-8") as f:
        for doc in data.docs:
            record = {"id": doc["id"], "title": doc["title"].replace("_", " "),
                      "text": doc["text"]}
            f.write(json.dumps(record, ensure_ascii=False) + "\n")
    start = time.perf_counter()
    subprocess.run([*TALAASH, "rebuild", "--source", str(corpus), "--index", str(tmp / "ix")],
                   check=True, capture_output=True)
    built = time.perf_counter() - start
    questions = "\n".join(q for _, q in data.queries) + "\n"
    out = subprocess.run([*TALAASH, "search", "--index", str(tmp / "ix"), "--limit", "100",
                          "--batch", "-"], input=questions, text=True, check=True,
                         capture_output=True).stdout
    results = [json.loads(line) for line in out.splitlines()]
    runs = {qid: [h["id"] for h in r["hits"]] for (qid, _), r in zip(data.queries, results,
                                                                      strict=True)}
    return runs, built


def whoosh_default_runs(data: RetrievalSet) -> dict[str, list[str]]:
    analyzer = StandardAnalyzer()
    schema = Schema(id=ID(stored=True, unique=True), title=TEXT(analyzer=analyzer),
                    body=TEXT(analyzer=analyzer))
    ix = IsolatedRamStorage().create_index(schema)
    with ix.writer() as w:
        for doc in data.docs:
            w.add_document(id=doc["id"], title=doc["title"].replace("_", " "), body=doc["text"])
    parser = qparser.MultifieldParser(["title", "body"], schema, group=qparser.OrGroup)
    runs = {}
    with ix.searcher() as s:
        for qid, text in data.queries:
            runs[qid] = [h["id"] for h in s.search(parser.parse(text), limit=100)]
    return runs


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", help="the shared folder (default ../shared)")
    args, _ = ap.parse_known_args(argv)
    folder = shared_dir(args.shared) / "data" / "xquad-hi"
    reason = missing_reason(folder)
    if reason:
        print(f"CLI retrieval eval skipped: {reason}")
        return 0
    data = load(folder)
    with tempfile.TemporaryDirectory() as tmp:
        ours, built = talaash_runs(data, Path(tmp))
    rows = {"whoosh-default": score(whoosh_default_runs(data), data.qrels),
            "talaash (CLI)": score(ours, data.qrels)}
    print(f"XQuAD-hi through talaash rebuild + search --batch ({len(data.docs)} paragraphs, "
          f"{len(data.queries)} questions; rebuild {built:.1f}s)")
    print(f"{'system':<16}{'nDCG@10':>10}{'Recall@10':>11}{'MRR@10':>9}{'Recall@100':>12}")
    for name, r in rows.items():
        print(f"{name:<16}{r['nDCG@10']:>10.3f}{r['Recall@10']:>11.3f}{r['MRR@10']:>9.3f}"
              f"{r['Recall@100']:>12.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
