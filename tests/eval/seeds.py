"""Document-level extraction on the five seed articles, against what a reader lists.

The gold lists (``tests/cases/seed_entities.json``) were written by reading the articles.
Names compare in any spelling (their folded keys). Run: ``python -m tests.eval.seeds``.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path

from search.extract.collection import unify
from search.extract.names import name_key
from search.extract.pipeline import extract
from search.models import Extraction

REPO = Path(__file__).resolve().parents[2]
GOLD = REPO / "tests" / "cases" / "seed_entities.json"


@dataclass
class SeedScore:
    seed: str
    extraction: Extraction
    gold: dict

    def keys(self, names) -> set[tuple[str, ...]]:
        return {name_key(n) for n in names}

    def found(self, kind: str) -> set[tuple[str, ...]]:
        return self.keys(self.extraction.persons if kind == "persons" else self.extraction.places)

    def expected(self, kind: str) -> set[tuple[str, ...]]:
        return self.keys(self.gold[kind])

    def allowed(self, kind: str) -> set[tuple[str, ...]]:
        extra = self.gold.get("places_allowed", []) if kind == "places" else []
        return self.expected(kind) | self.keys(extra)

    def precision_recall(self, kind: str) -> tuple[float, float]:
        found, allowed, expected = self.found(kind), self.allowed(kind), self.expected(kind)
        precision = len(found & allowed) / len(found) if found else 1.0
        recall = len(found & expected) / len(expected) if expected else 1.0
        return precision, recall


def score_seeds() -> list[SeedScore]:
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    paths = sorted((REPO / "seeds").glob("*.txt"))
    extractions = unify([extract(p.read_text(encoding="utf-8")) for p in paths])
    pairs = zip(paths, extractions, strict=True)
    return [SeedScore(p.name[:3], ex, gold[p.name[:3]]) for p, ex in pairs]


def main(argv: list[str] | None = None) -> int:
    scores = score_seeds()
    print("seed articles, document level (P = found names a reader lists or accepts, "
          "R = a reader's names found)")
    print(f"{'seed':<6}{'persons P':>11}{'R':>7}{'places P':>11}{'R':>7}  published")
    for s in scores:
        pp, pr = s.precision_recall("persons")
        lp, lr = s.precision_recall("places")
        pub = s.extraction.published or "-"
        print(f"{s.seed:<6}{pp:>11.2f}{pr:>7.2f}{lp:>11.2f}{lr:>7.2f}  {pub}")
        for kind in ("persons", "places"):
            extra = sorted(" ".join(k) for k in s.found(kind) - s.allowed(kind))
            missing = sorted(" ".join(k) for k in s.expected(kind) - s.found(kind))
            if extra or missing:
                print(f"      {kind}: unexpected {extra} missing {missing}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
