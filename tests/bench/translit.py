"""The cost of reading a Latin query word as Hindi (issue 14: "well under a millisecond"):
each distinct word of the Latin query table (``tests/cases/translit-queries.tsv``) looked up
in the key map of a built index (:meth:`search.translit.keymap.KeyMap.candidates`, what a
search does once per Latin word), every word several times, one core.

:mod:`tests.bench.scale` runs :func:`measure` on each size's index for the results table.
Run alone on any index: ``python -m tests.bench.translit --index DIR`` (default: the seeds,
indexed in a temporary folder).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from search.index.generations import current_generation
from search.index.writer import rebuild
from search.translit.keymap import for_generation
from tests.bench.timing import percentile, pin_to_one_core
from tests.eval.translit import REPO, load_rows

ROUNDS = 20


def table_words() -> list[str]:
    """The distinct words of the table's Latin queries, in table order."""
    return list(dict.fromkeys(w for row in load_rows() for w in row.latin.lower().split()))


def measure(index: Path, rounds: int = ROUNDS) -> dict:
    """Microseconds of each lookup (every table word, ``rounds`` times), and the map's size;
    ``{}`` for an index built without a key map."""
    km = for_generation(current_generation(index))
    if km is None:
        return {}
    words = table_words()
    for word in words:  # the first touch of a memory-mapped page is no lookup's cost
        km.candidates(word)
    micros = []
    for _ in range(rounds):
        for word in words:
            start = time.perf_counter_ns()
            km.candidates(word)
            micros.append((time.perf_counter_ns() - start) / 1000)
    return {"words": len(words), "keymap_words": len(km), "lookup_us": micros}


def summary(r: dict) -> str:
    """``"p50 / p95 µs"`` line of :func:`measure`'s figures."""
    if not r:
        return "no key map in this index"
    us = r["lookup_us"]
    return (f"{percentile(us, 50):,.0f} / {percentile(us, 95):,.0f} µs "
            f"({r['words']} table words × {len(us) // r['words']}, "
            f"key map of {r['keymap_words']:,} words)")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--index", help="a built index (default: the seeds, indexed now)")
    ap.add_argument("--rounds", type=int, default=ROUNDS)
    args, _ = ap.parse_known_args(argv)
    pin_to_one_core()
    with tempfile.TemporaryDirectory(prefix="talaash-translit-bench-") as tmp:
        index = Path(args.index) if args.index else Path(tmp) / "index"
        if not args.index:
            rebuild([REPO / "seeds"], index)
        print(f"key-map lookup of a Latin query word, p50 / p95: "
              f"{summary(measure(index, args.rounds))}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
