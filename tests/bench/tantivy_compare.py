"""tantivy (pip ``tantivy``, the Python binding of the Rust engine) on the same articles.

Title and body are indexed with a regex tokenizer, ``[\\p{L}\\p{M}\\p{N}]+`` then lowercase:
letters keep their vowel signs and virama (tantivy's default tokenizer splits words at the
virama, U+094D, which is not alphanumeric), with no stemming or spelling folding. The person
and place facet fields are talaash's own extraction, read from the talaash index
(:mod:`tests.bench.engine_side`), so both engines facet on the same values; year is the
publication year. Each query is parsed with AND between words and a title boost of 2, like
talaash, then answers top-10 (ids and titles read from the store) + count, and one terms
aggregation (tantivy's facet counting) gives the counts of person, place and year (two passes
over the matches: ``search`` and ``aggregate``). No snippets.
"""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

import tantivy

TOKENIZER = r"[\p{L}\p{M}\p{N}]+"
AGGREGATION = {
    "person": {"terms": {"field": "person", "size": 10}},
    "place": {"terms": {"field": "place", "size": 10}},
    "year": {"terms": {"field": "year", "size": 100}},
}


def _analyzer():
    return (tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.regex(TOKENIZER))
            .filter(tantivy.Filter.lowercase()).build())


def _schema():
    sb = tantivy.SchemaBuilder()
    sb.add_text_field("id", stored=True, tokenizer_name="raw")
    sb.add_text_field("title", stored=True, tokenizer_name="hindi")
    sb.add_text_field("body", tokenizer_name="hindi")
    sb.add_text_field("person", fast=True, tokenizer_name="raw")
    sb.add_text_field("place", fast=True, tokenizer_name="raw")
    sb.add_integer_field("year", indexed=True, fast=True)
    return sb.build()


def build(docs_jsonl: Path, folder: Path) -> dict:
    """A fresh tantivy index of the exported articles; seconds and documents."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    start = time.perf_counter()
    index = tantivy.Index(_schema(), path=str(folder))
    index.register_tokenizer("hindi", _analyzer())
    writer = index.writer(heap_size=256_000_000, num_threads=2)
    n = 0
    with docs_jsonl.open(encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            doc = tantivy.Document(id=d["id"], title=d["title"], body=d["body"])
            if d["year"] is not None:
                doc.add_integer("year", d["year"])
            for name in ("person", "place"):
                for value in d[name]:
                    doc.add_text(name, value)
            writer.add_document(doc)
            n += 1
    writer.commit()
    writer.wait_merging_threads()
    return {"documents": n, "seconds": time.perf_counter() - start}


def open_index(folder: Path):
    index = tantivy.Index.open(str(folder))
    index.register_tokenizer("hindi", _analyzer())
    index.reload()
    return index


def search(index, searcher, q: str) -> dict:
    """Top-10, count and three facets' counts for one query."""
    query, _errors = index.parse_query_lenient(q, ["title", "body"], field_boosts={"title": 2.0},
                                               conjunction_by_default=True)
    result = searcher.search(query, limit=10, count=True)
    hits = [searcher.doc(address) for _, address in result.hits]
    facets = searcher.aggregate(query, AGGREGATION)
    return {"total": result.count, "ids": [h["id"][0] for h in hits],
            "facets": {name: [(b["key"], b["doc_count"]) for b in facets[name]["buckets"]]
                       for name in AGGREGATION}}


def time_queries(folder: Path, queries: list[str], warmup: list[str]) -> list[float]:
    index = open_index(folder)
    searcher = index.searcher()
    for q in warmup:
        search(index, searcher, q)
    seconds = []
    for q in queries:
        start = time.perf_counter()
        search(index, searcher, q)
        seconds.append(time.perf_counter() - start)
    return seconds
