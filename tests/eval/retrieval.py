"""Retrieval quality on XQuAD-hi: talaash's Hindi analysis against Whoosh's default analyzer.

Both systems index the same 120 paragraphs (title and text, BM25F) and run the same 612
questions as bag-of-words OR queries, so the figures differ only by analysis and query
building. Rows:

- ``whoosh-standard``: ``StandardAnalyzer`` (``\\w`` tokens: vowel signs and virama lost);
- ``talaash-exact``: our tokenizer and normalizer, exact forms only (no stemming);
- ``talaash``: the product's analyzer and query builder (stems, readings, phrase bonus).

Run: ``make eval`` or ``python -m tests.eval.retrieval [--shared DIR] [--json FILE]``.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable

from whoosh import query as wq
from whoosh.analysis import StandardAnalyzer
from whoosh.fields import ID, TEXT, Schema

from search.analysis.analyzer import HindiAnalyzer, analyze_tokens
from search.query.builder import QueryBuilder
from search.query.syntax import parse
from tests.eval.xquad import RetrievalSet, load, score
from tests.ram_storage import IsolatedRamStorage
from tests.shared_data import missing_reason, shared_dir

FIELDS = {"title": 2.0, "body": 1.0}


def _index(data: RetrievalSet, analyzer):
    schema = Schema(
        id=ID(stored=True, unique=True),
        title=TEXT(analyzer=analyzer),
        body=TEXT(analyzer=analyzer),
    )
    ix = IsolatedRamStorage().create_index(schema)
    with ix.writer() as w:
        for doc in data.docs:
            w.add_document(id=doc["id"], title=doc["title"].replace("_", " "), body=doc["text"])
    return ix


def _run(ix, data: RetrievalSet, make_query: Callable) -> dict[str, list[str]]:
    runs = {}
    with ix.searcher() as s:
        reader = s.reader()
        for qid, text in data.queries:
            q = make_query(text, reader)
            hits = s.search(q, limit=100) if q is not None else []
            runs[qid] = [h["id"] for h in hits]
    return runs


def _or_terms(terms) -> wq.Query | None:
    unique = list(dict.fromkeys(terms))
    clauses = [wq.Term(f, t, boost=w) for f, w in FIELDS.items() for t in unique]
    return wq.Or(clauses) if clauses else None


def standard_query(text: str, reader) -> wq.Query | None:
    return _or_terms(t.text for t in StandardAnalyzer()(text))


def exact_query(text: str, reader) -> wq.Query | None:
    return _or_terms(t.term for t in analyze_tokens(text) if t.exact and not t.stopword)


def talaash_query(text: str, reader) -> wq.Query | None:
    return QueryBuilder(FIELDS, reader=reader, default_op="or").build(parse(text).tree)


SYSTEMS = {
    "whoosh-standard": (StandardAnalyzer, standard_query),
    "talaash-exact": (HindiAnalyzer, exact_query),
    "talaash": (HindiAnalyzer, talaash_query),
}


def evaluate(data: RetrievalSet) -> dict[str, dict[str, float]]:
    results = {}
    for name, (make_analyzer, make_query) in SYSTEMS.items():
        start = time.perf_counter()
        ix = _index(data, make_analyzer())
        runs = _run(ix, data, make_query)
        results[name] = score(runs, data.qrels) | {"seconds": time.perf_counter() - start}
    return results


def format_table(results: dict[str, dict[str, float]]) -> str:
    cols = ["nDCG@10", "Recall@10", "MRR@10", "Recall@100"]
    base = results["whoosh-standard"]["nDCG@10"] or 1.0
    lines = [f"{'system':<17}" + "".join(f"{c:>11}" for c in cols) + f"{'vs whoosh':>11}"]
    for name, r in results.items():
        lines.append(
            f"{name:<17}" + "".join(f"{r[c]:>11.3f}" for c in cols)
            + f"{r['nDCG@10'] / base:>10.2f}x"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", help="the shared folder (default ../shared)")
    ap.add_argument("--json", help="also write the figures to this file")
    args, _ = ap.parse_known_args(argv)
    folder = shared_dir(args.shared) / "data" / "xquad-hi"
    reason = missing_reason(folder)
    if reason:
        print(f"retrieval eval skipped: {reason}")
        return 0
    data = load(folder)
    results = evaluate(data)
    print(f"XQuAD-hi retrieval: {len(data.docs)} paragraphs, {len(data.queries)} questions")
    print(format_table(results))
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(results, f, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
