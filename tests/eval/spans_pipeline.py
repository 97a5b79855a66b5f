"""Person and place spans of the FULL extraction pipeline, beside the bare tagger, per data set.

:mod:`tests.eval.extraction` scores the tagger; a user gets what
:func:`search.extract.pipeline.extract` makes of it (gazetteer, alias linking, the place rules,
other occurrences), and issue 9 found the pipeline scoring *below* the tagger on held-out
sentences. So both are scored here on the same sentences, with the same exact-span rule
(start, end and label all equal; titles outside person spans, edge punctuation trimmed, as
:mod:`training.corpus` unifies the data):

- ``ilner-dev``: IL-NER's dev file (never trained on), labels NEP → PER, NEL → LOC;
- ``hiner-held-out``: the HiNER fifth that :func:`training.corpus.is_held_out` keeps out of
  training;
- ``held-out-test``: the two above together, the test split of :mod:`tests.eval.extraction`;
- ``multiconer-dev``: MultiCoNER II Hindi dev (Wikipedia sentences, questions, queries; the
  tagger trains on MultiCoNER II train only), its fine types mapped to MultiCoNER's own coarse
  groups (:data:`training.corpus.MULTICONER_LABELS`): Person (Artist, Athlete, Cleric,
  Politician, Scientist, SportsManager, OtherPER) → PER, Location (HumanSettlement, Facility,
  Station, OtherLOC) → LOC; the rest is O for this score.

Beside each row's F1 stand the figures before issue 9's tagger work (:data:`BEFORE`).

``--errors`` also prints each data set's errors by kind and what the pipeline changes
(:mod:`tests.eval.span_errors`).

Run: ``make eval`` or ``python -m tests.eval.spans_pipeline [--shared DIR] [--json FILE]
[--errors]``.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

from search.extract.ner.tagger import Tagger
from search.extract.pipeline import extract
from search.models import PERSON, PLACE
from tests.eval.extraction import LABELS, Spans, score
from tests.eval.span_errors import format_errors
from tests.shared_data import missing_reason, shared_dir
from training.corpus import (
    HINER,
    ILNER,
    Repairs,
    RuntimeSentence,
    is_held_out,
    read_file,
    read_multiconer,
    runtime_sentence,
)

_KIND_LABELS = {PERSON: "PER", PLACE: "LOC"}
#: F1 before issue 9's tagger work (model and pipeline of commit 8c4d20d), printed beside
#: today's figures: ``(PER, LOC)`` per data set and system.
BEFORE = {
    "ilner-dev": {"tagger": (0.614, 0.853), "pipeline": (0.629, 0.846)},
    "hiner-held-out": {"tagger": (0.748, 0.925), "pipeline": (0.741, 0.919)},
    "multiconer-dev": {"tagger": (0.360, 0.398), "pipeline": (0.356, 0.431)},
    "held-out-test": {"tagger": (0.725, 0.917), "pipeline": (0.722, 0.911)},
}


def data_sets(shared: Path) -> dict[str, Path]:
    data = shared / "data"
    return {
        "ilner-dev": data / "ilner" / "ilner-hi-dev.txt",
        "hiner-held-out": data / "hiner" / "hiner-dev.conll",
        "multiconer-dev": data / "multiconer2-hi" / "hi-dev.conll",
    }


def load_sentences(name: str, path: Path) -> list[RuntimeSentence]:
    """One data set's sentences as the tagger meets raw text (tokens joined by spaces)."""
    repairs = Repairs()
    if name == "ilner-dev":
        sentences = read_file(path, ILNER, repairs)
    elif name == "hiner-held-out":
        sentences = [s for s in read_file(path, HINER, repairs) if is_held_out(s)]
    else:
        with path.open(encoding="utf-8") as f:
            sentences = list(read_multiconer(f))
    return [runtime_sentence(s) for s in sentences]


def tagger_system(tagger: Tagger) -> Callable[[RuntimeSentence], Spans]:
    return lambda s: {(e.start, e.end, e.label) for e in tagger.spans(s.text)
                      if e.label in LABELS}


def pipeline_system(sentence: RuntimeSentence) -> Spans:
    """The mentions :func:`extract` keeps, as the index would store them."""
    return {(m.start, m.end, _KIND_LABELS[m.kind]) for m in extract(sentence.text).mentions
            if m.kind in _KIND_LABELS}


def predict(sentences: list[RuntimeSentence], systems: dict) -> dict[str, tuple]:
    """Per system, each sentence's predicted spans and the seconds it took."""
    out = {}
    for name, system in systems.items():
        started = time.perf_counter()
        predicted = [system(s) for s in sentences]
        out[name] = (predicted, time.perf_counter() - started)
    return out


def figures(sentences: list[RuntimeSentence], predictions: dict[str, tuple]) -> dict:
    gold = [set(s.gold) for s in sentences]
    result: dict = {"sentences": len(sentences)}
    for name, (predicted, seconds) in predictions.items():
        result[name] = {label: score(gold, predicted, label) for label in LABELS}
        result[name]["seconds"] = seconds
    return result


def format_table(results: dict[str, dict[str, dict]]) -> str:
    head = (f"{'data set (sentences)':<22}{'system':<10}"
            + "".join(f"{label + ' ' + m:>9}" for label in LABELS for m in ("P", "R", "F1"))
            + f"{'gold PER/LOC':>15}{'s':>7}{'before PER/LOC F1':>19}")
    lines = [head]
    for data, systems in results.items():
        for system, r in systems.items():
            if system == "sentences":
                continue
            cells = "".join(f"{r[label][m]:>9.3f}" for label in LABELS for m in ("P", "R", "F1"))
            gold = f"{r['PER']['gold']}/{r['LOC']['gold']}"
            label = f"{data} ({systems['sentences']})"
            before = BEFORE.get(data, {}).get(system)
            was = f"{before[0]:.3f}/{before[1]:.3f}" if before else "n/a"
            lines.append(f"{label:<22}{system:<10}{cells}{gold:>15}{r['seconds']:>7.1f}{was:>19}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", help="the shared folder (default ../shared)")
    ap.add_argument("--json", help="also write the figures to this file")
    ap.add_argument("--errors", action="store_true", help="also print the errors by kind")
    args = ap.parse_args(argv)
    files = data_sets(shared_dir(args.shared))
    reason = missing_reason(*files.values())
    if reason:
        print(f"pipeline span eval skipped: {reason}")
        return 0
    systems = {"tagger": tagger_system(Tagger.load()), "pipeline": pipeline_system}
    results, runs = {}, {}
    for name, path in files.items():
        sentences = load_sentences(name, path)
        runs[name] = (sentences, predict(sentences, systems))
        results[name] = figures(*runs[name])
    # IL-NER dev + the HiNER fifth: the held-out test of tests.eval.extraction and issue 9.
    both = [runs["ilner-dev"], runs["hiner-held-out"]]
    results["held-out-test"] = figures(
        [s for sentences, _ in both for s in sentences],
        {name: ([p for _, pr in both for p in pr[name][0]], sum(pr[name][1] for _, pr in both))
         for name in systems})
    print("person and place spans, bare tagger vs the full extract() pipeline; exact-match "
          "span scores (start, end and label)")
    print(format_table(results))
    if args.errors:
        for name, (sentences, predictions) in runs.items():
            print(f"{name}: errors by kind")
            print("\n".join(format_errors([set(s.gold) for s in sentences], predictions,
                                           LABELS)))
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
