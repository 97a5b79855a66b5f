"""Analysis throughput: talaash's HindiAnalyzer beside Whoosh's StandardAnalyzer, one core.

Both analyze the same ~21,000 real Hindi sentences (HiNER + IL-NER) as indexing does
(positions and offsets on). Throughput is input words per second, the words being what our
tokenizer counts, so both figures share one denominator and the ratio is a ratio of times.
"cold" clears the normalization and stemming caches before every run; "warm" is the steady
state of a rebuild, where most words have been seen before.

Run: ``make bench`` or ``python -m tests.bench.analysis [--shared DIR]``.
"""

from __future__ import annotations

import argparse
import sys

from whoosh.analysis import StandardAnalyzer

from search.analysis.analyzer import HindiAnalyzer
from search.analysis.normalize import readings
from search.analysis.stem import stem
from search.analysis.tokenize import words
from tests.bench.corpus import hindi_sentences, sentence_files
from tests.bench.timing import median_seconds, pin_to_one_core
from tests.shared_data import missing_reason, shared_dir


def _consume(analyzer, texts: list[str]) -> int:
    n = 0
    for text in texts:
        for _ in analyzer(text, positions=True, chars=True, mode="index"):
            n += 1
    return n


def _clear_caches() -> None:
    readings.cache_clear()
    stem.cache_clear()


def run(texts: list[str], repeat: int = 5) -> dict[str, float]:
    n_words = sum(1 for t in texts for w in words(t) if w.parts == 1)
    ours, standard = HindiAnalyzer(), StandardAnalyzer()
    _consume(ours, texts)  # warm the cache once
    warm = median_seconds(lambda: _consume(ours, texts), repeat)
    cold = median_seconds(lambda: _consume(ours, texts), repeat, setup=_clear_caches)
    base = median_seconds(lambda: _consume(standard, texts), repeat)
    return {
        "sentences": len(texts),
        "words": n_words,
        "talaash_warm_words_per_s": n_words / warm,
        "talaash_cold_words_per_s": n_words / cold,
        "whoosh_standard_words_per_s": n_words / base,
        "terms_per_word": _consume(ours, texts) / n_words,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", help="the shared folder (default ../shared)")
    ap.add_argument("--repeat", type=int, default=5)
    args, _ = ap.parse_known_args(argv)
    data = shared_dir(args.shared) / "data"
    reason = missing_reason(*sentence_files(data))
    if reason:
        print(f"analysis benchmark skipped: {reason}")
        return 0
    pin_to_one_core()
    r = run(hindi_sentences(data), args.repeat)
    base = r["whoosh_standard_words_per_s"]
    print(f"analysis throughput, one core, median of {args.repeat}: "
          f"{r['sentences']:,} sentences, {r['words']:,} words")
    for name in ("talaash_warm", "talaash_cold", "whoosh_standard"):
        rate = r[f"{name}_words_per_s"]
        print(f"  {name:<16} {rate:>10,.0f} words/s   {rate / base:5.2f}x StandardAnalyzer")
    print(f"  talaash emits {r['terms_per_word']:.2f} index terms per word (exact + stem)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
