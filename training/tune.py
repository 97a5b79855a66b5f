"""Choose the tagger's data, features and CRF settings on the dev carve-out, never on test.

Trains a candidate exactly as :mod:`training.train` does, but on train minus its dev carve-out
(:meth:`training.corpus.Split.dev_carve_out`), and scores it on that carve-out per source
(IL-NER, HiNER, MultiCoNER II), as the bare tagger and through the full :func:`extract`
pipeline. ``--news-dev`` also runs :mod:`tests.eval.news_dev` with the candidate (news-dev is a
development set: the graded articles are others of the same kinds).

Run: ``python -m training.tune --shared ../shared [--c1 0.2 --c2 0.1] [--no-multiconer]
[--iterations N] [--options a,b] [--copies ilner=2] [--news-dev]``. It writes the candidate
under ``--out`` (a temporary folder by default) and prints one line per source.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from search.extract.ner.tagger import MODEL_ENV, MODEL_NAME, Tagger
from training.corpus import load_split, runtime_sentence
from training.train import CRF_PARAMS, FEATURE_OPTIONS, SOURCE_COPIES, train_shipped

LABELS = ("PER", "LOC")


def _score(gold, predicted, label):
    tp = n_gold = n_pred = 0
    for g, p in zip(gold, predicted, strict=True):
        g_label, p_label = {s for s in g if s[2] == label}, {s for s in p if s[2] == label}
        tp += len(g_label & p_label)
        n_gold, n_pred = n_gold + len(g_label), n_pred + len(p_label)
    precision, recall = tp / max(n_pred, 1), tp / max(n_gold, 1)
    return 2 * precision * recall / max(precision + recall, 1e-9)


def dev_figures(model: Path, dev, pipeline: bool = True) -> dict[str, dict[str, float]]:
    """Per source and system, PER and LOC exact-span F1 on ``dev``."""
    os.environ[MODEL_ENV] = str(model)
    tagger = Tagger.load(model)
    from search.extract.pipeline import extract

    kinds = {"person": "PER", "place": "LOC"}
    systems = {"tagger": lambda s: {(e.start, e.end, e.label) for e in tagger.spans(s.text)}}
    if pipeline:
        systems["pipeline"] = lambda s: {(m.start, m.end, kinds[m.kind])
                                         for m in extract(s.text).mentions if m.kind in kinds}
    out = {}
    for source in sorted({s.source for s in dev}):
        part = [s for s in dev if s.source == source]
        gold = [set(s.gold) for s in part]
        for name, system in systems.items():
            started = time.perf_counter()
            predicted = [system(s) for s in part]
            out[f"{source} {name}"] = {
                **{label: _score(gold, predicted, label) for label in LABELS},
                "ms": 1000 * (time.perf_counter() - started) / len(part),
            }
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", default="../shared")
    ap.add_argument("--out", help="folder for the candidate (default: a temporary one)")
    ap.add_argument("--no-multiconer", action="store_true")
    ap.add_argument("--c1", type=float, default=CRF_PARAMS["c1"])
    ap.add_argument("--c2", type=float, default=CRF_PARAMS["c2"])
    ap.add_argument("--iterations", type=int, default=CRF_PARAMS["max_iterations"])
    ap.add_argument("--no-pipeline", action="store_true")
    ap.add_argument("--options", default=",".join(sorted(FEATURE_OPTIONS)),
                    help="comma-separated feature options (default: the shipped ones)")
    ap.add_argument("--copies", default=",".join(f"{k}={v}" for k, v in SOURCE_COPIES.items()),
                    help="source=N,...: how often the CRF sees each source's sentences")
    ap.add_argument("--news-dev", action="store_true")
    ap.add_argument("--eval-only", action="store_true", help="score the candidate in --out")
    args = ap.parse_args(argv)
    shared = Path(args.shared)
    folder = Path(args.out or tempfile.mkdtemp(prefix="talaash-tune-"))
    model = folder / MODEL_NAME
    split = load_split(shared, multiconer=not args.no_multiconer)
    fit, dev = split.dev_carve_out()
    split.train = fit
    params = {**CRF_PARAMS, "c1": args.c1, "c2": args.c2, "max_iterations": args.iterations}
    if not args.eval_only:
        options = frozenset(o for o in args.options.split(",") if o)
        copies = {k: int(v) for k, v in (c.split("=") for c in args.copies.split(",") if c)}
        # Clusters learnt from the fit part only: the shipped ones have read the carve-out.
        facts = train_shipped(split, shared, model, params=params, options=options,
                              copies=copies, learn=True)
        print(f"{args}: trained on {len(fit):,} in {facts['seconds']:.0f} s, "
              f"{model.stat().st_size / 1e6:.1f} MB")
    for row, r in dev_figures(model, [runtime_sentence(s) for s in dev],
                              not args.no_pipeline).items():
        print(f"  {row:<22} PER {r['PER']:.3f}  LOC {r['LOC']:.3f}  {r['ms']:.2f} ms/sentence")
    if args.news_dev:
        subprocess.run([sys.executable, "-m", "tests.eval.news_dev", "--shared", str(shared)],
                       env={**os.environ, MODEL_ENV: str(model)}, check=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
