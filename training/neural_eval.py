"""Issue 9's measurement: the BiLSTM-CRF of :mod:`training.neural` beside the shipped CRF, alone
and voted with it, on the sentences and with the scorer of :mod:`tests.eval.spans_pipeline`.

Both taggers run behind the same interface (:class:`NeuralTagger` is a
:class:`search.extract.ner.tagger.Tagger` whose labels and marginals come from the network), so
they meet the same tokens, sentence splits, list splitting and known-name completion; only the
labels and marginals differ. ``vote@θ`` keeps every CRF span and adds each neural span that
overlaps none of them when its confidence (lowest entity marginal of its words) reaches θ;
``hybrid@θ`` takes persons from the network and the rest from the CRF, adding the network's
other spans the same way (:func:`search.extract.ner.neural.combine`).
θ is chosen on the tuning carve-out of train (``--tune``); the CRF trained on those sentences
too, so there it looks better than it is, which only makes the vote more cautious.

Run (the torch venv of :mod:`training.neural`; ``--onnx`` runs the exported model as a product
would, with :mod:`training.neural_tagger`)::

    PYTHONPATH=$PWD /tmp/nvenv/bin/python -m training.neural_eval --model /tmp/nn1 --onnx \
        --shared ../shared [--tune --crf /tmp/crf-fit/ner-hi.crfsuite] [--cost] \
        [--news-dev vote:0.8]

``--tune`` needs a CRF trained without the carve-out (``mkdir /tmp/crf-fit; python -m
training.tune --shared ../shared --out /tmp/crf-fit --no-pipeline``); ``--news-dev MODE:θ`` runs
:mod:`tests.eval.news_dev` with the product tagging through :mod:`training.neural_cli`.

Figures of 2026-12-07 (issue 9). nn1: the default model (best epoch 19 of 20); nn2: the same
with ``--gazetteer`` (best epoch 15). PER / LOC span F1, tagger alone:

=====================  ==============  ==============  ==============  ==============
tuning carve-out       CRF (fit only)  nn1             nn1 hybrid@0.9  nn2
=====================  ==============  ==============  ==============  ==============
all (5802 sentences)   0.756 / 0.896   0.810 / 0.899   0.811 / 0.902   0.808 / 0.906
IL-NER                 0.759 / 0.849   0.815 / 0.857   0.816 / 0.855   0.799 / 0.862
HiNER                  0.747 / 0.928   0.817 / 0.930   0.819 / 0.933   0.799 / 0.937
MultiCoNER II          0.763 / 0.755   0.802 / 0.755   0.803 / 0.766   0.818 / 0.766
=====================  ==============  ==============  ==============  ==============

===================  =============  =============  =============  =============  =============
held out (test)      shipped CRF    nn1            nn1 hyb@0.9    nn2            nn2 hyb@0.9
===================  =============  =============  =============  =============  =============
IL-NER dev           0.695 / 0.850  0.727 / 0.843  0.733 / 0.851  0.697 / 0.858  0.708 / 0.852
HiNER held-out       0.755 / 0.924  0.778 / 0.914  0.781 / 0.927  0.780 / 0.925  0.782 / 0.929
MultiCoNER II dev    0.798 / 0.824  0.798 / 0.770  0.799 / 0.830  0.769 / 0.760  0.774 / 0.821
===================  =============  =============  =============  =============  =============

IL-NER dev has 129 gold persons: 0.03 F1 is about four names. Of its 37 persons that the CRF misses
outright (no overlapping person span), nn1 finds 9 exactly and nn2 10 (भगत सिंह, महात्मा गांधी,
हॉवर्ड थुरमन, पुतिन, द्रोणाचार्य ...), but each also loses 8-11 that the CRF finds. ``vote@0.8``
(the CRF plus the network's sure spans that it misses) on test: nn1 0.718 / 0.850, 0.776 / 0.925,
0.798 / 0.836; nn2 0.727 / 0.855, 0.769 / 0.929, 0.804 / 0.821. On the carve-out the network beats
the CRF everywhere (+0.04 to +0.07 PER); on test (where the shipped CRF has also trained on the
carve-out, the networks not) the gain depends on the run: IL-NER PER +0.038 (nn1 hybrid) or +0.013
(nn2 hybrid), +0.002 for nn2 alone, the carve-out's pick. news-dev (document level, the full
pipeline; person / place F1): CRF 0.854 / 0.876; nn1 vote@0.8 0.844 / 0.874, hybrid@0.9 0.745 /
0.872; nn2 vote@0.8 0.844 / 0.876, hybrid@0.9 0.791 / 0.874: the pipeline's confidence rules are
the CRF's, and the network's persons lose there. Cost (``--cost``, 40 news-dev articles,
interleaved, one thread): CRF 7.6-7.8 ms an article, network 32.7-33.8 ms (×4.3-4.4, most of it
onnxruntime calls, numpy decoding and encoding in Python). Not wired in: it does not clearly pay.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import torch

from search.extract.ner.tagger import Tagger
from tests.eval.extraction import LABELS, score
from tests.eval.spans_pipeline import data_sets, load_sentences
from training.corpus import load_split, runtime_sentence
from training.neural import Crf, Encoder, crf_arrays
from training.neural_tagger import NeuralTagger, Vocab, combine

THRESHOLDS = (0.5, 0.7, 0.8, 0.9, 0.95)


def load_neural(folder: Path, people) -> NeuralTagger:
    meta = json.loads((folder / "vocab.json").read_text(encoding="utf-8"))
    from search.extract.ner.tagger import _read_resource, parse_clusters

    clusters = parse_clusters(_read_resource("ner-hi-clusters.tsv").decode("utf-8"))
    gazetteer = None
    if meta.get("gazetteer"):
        from search.extract.gazetteer import load_gazetteer

        gazetteer = load_gazetteer()
    vocab = Vocab(meta["words"], meta["chars"], clusters, meta["cluster_ids"], gazetteer)
    state = torch.load(folder / "model.pt")
    encoder = Encoder(len(vocab.words), len(vocab.chars), vocab.channels,
                      hidden=state["hidden"])
    encoder.load_state_dict(state["encoder"])
    encoder.eval()
    crf = Crf()
    crf.load_state_dict(state["crf"])

    def emissions(w, c, k):
        with torch.no_grad():
            return encoder(torch.from_numpy(w), torch.from_numpy(c), torch.from_numpy(k)).numpy()

    return NeuralTagger(emissions, vocab, crf_arrays(crf), people)


def spans_of(tagger: Tagger, texts: list[str]) -> list[list]:
    from search.extract.doc import Doc

    found = []
    for lo in range(0, len(texts), 200):
        found += tagger.spans_of([Doc.of(t) for t in texts[lo:lo + 200]])
    return found


def evaluate(name: str, sentences, crf: Tagger, neural: NeuralTagger,
             thetas: Sequence[float]) -> dict:
    texts = [s.text for s in sentences]
    gold = [set(s.gold) for s in sentences]
    started = time.perf_counter()
    c = spans_of(crf, texts)
    t_crf = time.perf_counter() - started
    started = time.perf_counter()
    n = spans_of(neural, texts)
    t_nn = time.perf_counter() - started
    systems = {"crf": [{(e.start, e.end, e.label) for e in s if e.label in LABELS} for s in c],
               "neural": [{(e.start, e.end, e.label) for e in s if e.label in LABELS} for s in n]}
    for mode, options in (("vote", thetas), ("hybrid", (None, *thetas))):
        for theta in options:
            systems[f"{mode}@{theta}"] = [
                {(e.start, e.end, e.label) for e in combine(a, b, mode, theta)
                 if e.label in LABELS} for a, b in zip(c, n, strict=True)]
    result = {"sentences": len(sentences), "seconds": {"crf": t_crf, "neural": t_nn}}
    for system, pred in systems.items():
        result[system] = {lab: score(gold, pred, lab) for lab in LABELS}
        # paired: gold persons this system finds that the CRF misses, and the reverse
        won = sum(len({x for x in g & p if x[2] == "PER"} - c) for g, p, c in
                  zip(gold, pred, systems["crf"], strict=True))
        lost = sum(len({x for x in g & c if x[2] == "PER"} - p) for g, p, c in
                   zip(gold, pred, systems["crf"], strict=True))
        result[system]["PER gold found vs crf"] = (won, lost)
    lines = [f"{name} ({len(sentences)} sentences; s crf {t_crf:.1f} neural {t_nn:.1f})"]
    for system in systems:
        r = result[system]
        lines.append(f"  {system:<12}" + "".join(
            f"  {lab} P {r[lab]['P']:.3f} R {r[lab]['R']:.3f} F1 {r[lab]['F1']:.3f}"
            for lab in LABELS) + "  PER +{} -{} vs crf".format(*r["PER gold found vs crf"]))
    print("\n".join(lines), flush=True)
    return result


def cost(shared: Path, crf: Tagger, neural: NeuralTagger, rounds: int = 3) -> dict:
    """Tagging seconds per news-dev article, the CRF (as the pipeline asks it, with doubtful
    persons) and the network, interleaved A, B, A, B (the machine is shared): their ratio."""
    from search.extract.doc import Doc

    path = shared / "data" / "news-dev" / "articles.jsonl"
    texts = [json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines()]
    runs: dict[str, list[float]] = {"crf": [], "neural": []}
    for _ in range(rounds):
        for name, tagger, doubtful in (("crf", crf, 0.3), ("neural", neural, None)):
            docs = [Doc.of(t) for t in texts]
            for d in docs:
                _ = d.sentences  # tokenizing is shared work: not the tagger's cost
            started = time.perf_counter()
            for d in docs:
                tagger.spans(d, doubtful)
            runs[name].append((time.perf_counter() - started) / len(docs))
    best = {name: min(v) for name, v in runs.items()}
    print(f"news-dev ({len(texts)} articles), ms per article, best of {rounds} interleaved: "
          f"crf {1000 * best['crf']:.1f}, neural {1000 * best['neural']:.1f}, "
          f"ratio {best['neural'] / best['crf']:.2f}; all runs "
          + json.dumps({k: [round(1000 * x, 1) for x in v] for k, v in runs.items()}))
    return {"ms_per_article": {k: 1000 * v for k, v in best.items()}, "runs": runs}


def news_dev(shared: Path, setting: str) -> int:
    """:mod:`tests.eval.news_dev` with the product's command line run by
    :mod:`training.neural_cli`, the network named by ``setting`` (``folder:mode:confidence``)
    tagging beside the CRF."""
    import os
    import subprocess

    from tests.eval import news_dev as nd
    from training.neural_tagger import NETWORK_ENV

    os.environ[NETWORK_ENV] = setting

    def talaash(*args: str) -> str:
        done = subprocess.run([sys.executable, "-m", "training.neural_cli", *args], cwd=nd.REPO,
                              capture_output=True, text=True, encoding="utf-8")
        if done.returncode:
            raise RuntimeError(f"talaash {args[0]} failed ({done.returncode}): {done.stderr}")
        return done.stdout

    nd._talaash = talaash
    return nd.main(["--shared", str(shared)])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", required=True, help="folder written by training.neural")
    ap.add_argument("--shared", default="../shared")
    ap.add_argument("--tune", action="store_true", help="score the tuning carve-out only")
    ap.add_argument("--crf", help="CRF model file (default: the shipped one); for --tune, one "
                    "trained without the carve-out (python -m training.tune --out DIR)")
    ap.add_argument("--onnx", action="store_true",
                    help="run the exported model.onnx with onnxruntime (the product's path)")
    ap.add_argument("--cost", action="store_true", help="only time both on news-dev")
    ap.add_argument("--news-dev", metavar="MODE[:CONFIDENCE]",
                    help="only run tests.eval.news_dev with --model beside the CRF (vote:0.8)")
    ap.add_argument("--json", help="also write the figures to this file")
    args = ap.parse_args(argv)
    torch.set_num_threads(1)
    if args.news_dev:
        return news_dev(Path(args.shared), f"{args.model}:{args.news_dev}")
    crf = Tagger.load(args.crf)
    neural = (NeuralTagger.load_onnx(Path(args.model), crf.people) if args.onnx
              else load_neural(Path(args.model), crf.people))
    results = {}
    if args.cost:
        results["cost"] = cost(Path(args.shared), crf, neural)
    elif args.tune:
        _fit, dev = load_split(Path(args.shared)).dev_carve_out()
        dev_rt = [runtime_sentence(s) for s in dev]
        results["tuning-carve-out"] = evaluate("tuning carve-out of train", dev_rt, crf,
                                               neural, THRESHOLDS)
        for source in sorted({s.source for s in dev_rt}):
            results[f"tuning {source}"] = evaluate(
                f"tuning carve-out, {source}", [s for s in dev_rt if s.source == source], crf,
                neural, THRESHOLDS)
    else:
        for name, path in data_sets(Path(args.shared)).items():
            results[name] = evaluate(name, load_sentences(name, path), crf, neural, THRESHOLDS)
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
