"""Person and place extraction on held-out Hindi sentences: gazetteer, baseline CRF, shipped model.

The test split (:mod:`training.corpus`: IL-NER dev + a fixed fifth of HiNER, never used for
training or tuning) is turned back into raw text (tokens joined by spaces) and every system
reads that text through the product's own tokens, so the figures measure what a rebuild gets.
A prediction counts only when its start, end and label all match a gold span (titles outside
person spans, punctuation trimmed from span edges, as the corpus module unifies them). Rows:

- ``gazetteer``: :mod:`search.extract.gazetteer` longest matches, as LOC (it has no persons);
- ``baseline-crf``: a CRF with plain lexical features (word, folded word, affixes, shape,
  folded words two either side), trained in this run on the same training split;
- ``shipped``: ``search/data/ner-hi.crfsuite`` as the product loads it (rich features, and
  person spans completed from the list of known names, :mod:`search.extract.ner.people`).

Run: ``make eval`` or ``python -m tests.eval.extraction [--shared DIR] [--json FILE]``.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from search.extract.gazetteer import load_gazetteer
from search.extract.ner.tagger import Tagger
from tests.shared_data import missing_reason, shared_dir
from training.corpus import RuntimeSentence, data_files, load_split, runtime_sentence
from training.train import train_baseline

LABELS = ("PER", "LOC")
Spans = set[tuple[int, int, str]]


def gazetteer_system() -> Callable[[RuntimeSentence], Spans]:
    """LOC spans from the gazetteer alone."""
    gazetteer = load_gazetteer()

    def find(sentence: RuntimeSentence) -> Spans:
        tokens = sentence.tokens
        return {
            (tokens[i].start, tokens[j - 1].end, "LOC")
            for i, j, _place in gazetteer.find_in_tokens([t.text for t in tokens])
        }

    return find


def tagger_system(tagger: Tagger) -> Callable[[RuntimeSentence], Spans]:
    return lambda sentence: {(s.start, s.end, s.label) for s in tagger.spans(sentence.text)}


def score(gold: Sequence[Spans], predicted: Sequence[Spans], label: str) -> dict[str, float]:
    """Span-level precision, recall and F1 for one label, over all sentences."""
    tp = n_gold = n_pred = 0
    for g, p in zip(gold, predicted, strict=True):
        g_label = {s for s in g if s[2] == label}
        p_label = {s for s in p if s[2] == label}
        tp += len(g_label & p_label)
        n_gold += len(g_label)
        n_pred += len(p_label)
    precision = tp / n_pred if n_pred else 0.0
    recall = tp / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"P": precision, "R": recall, "F1": f1, "gold": n_gold, "predicted": n_pred}


def evaluate(test: Sequence[RuntimeSentence], systems: dict) -> dict[str, dict]:
    """Per system and label, the span scores."""
    gold = [set(s.gold) for s in test]
    results: dict[str, dict] = {}
    for name, (system, labels) in systems.items():
        start = time.perf_counter()
        predicted = [system(s) for s in test]
        results[name] = {label: score(gold, predicted, label) for label in labels}
        results[name]["seconds"] = time.perf_counter() - start
    return results


def format_table(results: dict[str, dict]) -> str:
    head = f"{'system':<14}" + "".join(f"{label + ' ' + m:>9}" for label in LABELS
                                       for m in ("P", "R", "F1"))
    lines = [head]
    for name, r in results.items():
        cells = []
        for label in LABELS:
            if label in r:
                cells += [f"{r[label][m]:>9.3f}" for m in ("P", "R", "F1")]
            else:
                cells += [f"{'n/a':>9}"] * 3
        lines.append(f"{name:<14}" + "".join(cells))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", help="the shared folder (default ../shared)")
    ap.add_argument("--json", help="also write the figures to this file")
    args = ap.parse_args(argv)
    shared = shared_dir(args.shared)
    reason = missing_reason(*data_files(shared).values())
    if reason:
        print(f"extraction eval skipped: {reason}")
        return 0
    split = load_split(shared)
    test = [runtime_sentence(s) for s in split.test]
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        baseline_path = Path(folder) / "baseline.crfsuite"
        train_baseline(split, baseline_path)
        trained = time.perf_counter() - started
        systems = {
            "gazetteer": (gazetteer_system(), ("LOC",)),
            "baseline-crf": (tagger_system(Tagger.load(baseline_path)), LABELS),
            "shipped": (tagger_system(Tagger.load()), LABELS),
        }
        results = evaluate(test, systems)
    gold = {label: sum(1 for s in test for g in s.gold if g[2] == label) for label in LABELS}
    print(f"held-out test: {len(test):,} sentences (IL-NER dev + HiNER md5%5==0), "
          f"{gold['PER']:,} PER and {gold['LOC']:,} LOC spans; exact-match span scores; "
          f"baseline trained on {len(split.train):,} sentences in {trained:.0f} s")
    print(format_table(results))
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
