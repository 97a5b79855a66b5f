"""The XQuAD-hi retrieval test set: 120 Wikipedia paragraphs, 612 questions, one relevant
paragraph each (Artetxe et al. 2020, CC BY-SA 4.0; read from ../shared/data, never copied)."""

from __future__ import annotations

import csv
import json
import math
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class RetrievalSet:
    docs: list[dict]
    queries: list[tuple[str, str]]
    qrels: dict[str, set[str]]


def load(folder: Path) -> RetrievalSet:
    with (folder / "corpus.jsonl").open(encoding="utf-8") as f:
        docs = [json.loads(line) for line in f if line.strip()]
    with (folder / "queries.tsv").open(encoding="utf-8", newline="") as f:
        queries = [(row[0], row[1]) for row in csv.reader(f, delimiter="\t") if row]
    qrels: dict[str, set[str]] = {}
    with (folder / "qrels.tsv").open(encoding="utf-8", newline="") as f:
        for row in csv.reader(f, delimiter="\t"):
            if row:
                qrels.setdefault(row[0], set()).add(row[1])
    return RetrievalSet(docs, queries, qrels)


def ndcg_at(ranked: list[str], relevant: set[str], k: int = 10) -> float:
    """Binary-relevance nDCG@k."""
    dcg = sum(1 / math.log2(i + 2) for i, d in enumerate(ranked[:k]) if d in relevant)
    ideal = sum(1 / math.log2(i + 2) for i in range(min(len(relevant), k)))
    return dcg / ideal if ideal else 0.0


def recall_at(ranked: list[str], relevant: set[str], k: int = 10) -> float:
    return len(set(ranked[:k]) & relevant) / len(relevant) if relevant else 0.0


def mrr_at(ranked: list[str], relevant: set[str], k: int = 10) -> float:
    for i, d in enumerate(ranked[:k]):
        if d in relevant:
            return 1 / (i + 1)
    return 0.0


def score(runs: dict[str, list[str]], qrels: dict[str, set[str]]) -> dict[str, float]:
    """Mean nDCG@10, Recall@10, MRR@10 and Recall@100 over every judged query."""
    qids = [q for q in qrels if q in runs]
    n = len(qids) or 1
    return {
        "nDCG@10": sum(ndcg_at(runs[q], qrels[q]) for q in qids) / n,
        "Recall@10": sum(recall_at(runs[q], qrels[q]) for q in qids) / n,
        "MRR@10": sum(mrr_at(runs[q], qrels[q]) for q in qids) / n,
        "Recall@100": sum(recall_at(runs[q], qrels[q], 100) for q in qids) / n,
        "queries": len(qids),
    }
