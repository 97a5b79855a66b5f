"""Entity tagging speed: the shipped tagger on real Hindi sentences, one core.

Extraction runs over every article on every rebuild, so its speed bounds the rebuild. The
tagger reads the same ~21,000 HiNER and IL-NER sentences (tokens joined by spaces) through
:meth:`search.extract.ner.tagger.Tagger.spans`, exactly as the product does: tokens, features, CRF
decoding and span offsets. "cold" starts every run with an empty feature cache and empty
normalization caches; "warm" is the steady state of a long rebuild.

Run: ``make bench`` or ``python -m tests.bench.extraction [--shared DIR] [--repeat N]``.
"""

from __future__ import annotations

import argparse
import sys
import time

from search.analysis.normalize import readings
from search.extract.ner.tagger import Tagger
from search.extract.ner.tokens import ner_tokens
from tests.bench.corpus import hindi_sentences, sentence_files
from tests.bench.timing import median_seconds, pin_to_one_core
from tests.shared_data import missing_reason, shared_dir


def _tag_all(tagger: Tagger, texts: list[str]) -> int:
    return sum(len(tagger.spans(text)) for text in texts)


def run(texts: list[str], repeat: int = 5) -> dict[str, float]:
    started = time.perf_counter()
    tagger = Tagger.load()
    load_seconds = time.perf_counter() - started
    n_tokens = sum(len(ner_tokens(t)) for t in texts)

    def clear_caches() -> None:
        readings.cache_clear()
        tagger.featurizer._cache.clear()

    cold = median_seconds(lambda: _tag_all(tagger, texts), repeat, setup=clear_caches)
    warm = median_seconds(lambda: _tag_all(tagger, texts), repeat)
    return {
        "sentences": len(texts),
        "tokens": n_tokens,
        "spans": _tag_all(tagger, texts),
        "load_seconds": load_seconds,
        "cold_sentences_per_s": len(texts) / cold,
        "warm_sentences_per_s": len(texts) / warm,
        "warm_tokens_per_s": n_tokens / warm,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", help="the shared folder (default ../shared)")
    ap.add_argument("--repeat", type=int, default=5)
    args, _ = ap.parse_known_args(argv)
    data = shared_dir(args.shared) / "data"
    reason = missing_reason(*sentence_files(data))
    if reason:
        print(f"extraction benchmark skipped: {reason}")
        return 0
    pin_to_one_core()
    r = run(hindi_sentences(data), args.repeat)
    print(f"entity tagging, one core, median of {args.repeat}: {r['sentences']:,} sentences, "
          f"{r['tokens']:,} tokens, {r['spans']:,} spans found; model loads in "
          f"{r['load_seconds']:.2f} s")
    print(f"  cold  {r['cold_sentences_per_s']:>8,.0f} sentences/s")
    print(f"  warm  {r['warm_sentences_per_s']:>8,.0f} sentences/s"
          f"   ({r['warm_tokens_per_s']:,.0f} tokens/s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
