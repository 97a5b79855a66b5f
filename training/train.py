"""Retrain the shipped entity tagger from ../shared/data, the same way every time.

Run: ``make train-ner`` or ``python -m training.train --shared ../shared [--out PATH]
[--learn-clusters]``.

Reproducible by construction (two runs give byte-identical files): the split is decided by
sentence hashes (:mod:`training.corpus`), sentences are fed in file order, and the CRF's
hyperparameters are fixed here (chosen on a dev carve-out of train, never on the test split;
see :data:`CRF_PARAMS`). Writes four files side by side: the model, its ``.json`` sidecar
(feature set, file names, training facts, and the fingerprints of what its features were made
from, :mod:`training.provenance`), its word clusters and its list of known full names.

The word clusters are kept, not learnt again: a retrain reads the shipped
``search/data/ner-hi-clusters.tsv`` (learnt by :mod:`training.clusters` from training-side text
only) unless ``--learn-clusters`` asks for new ones. k-means on so little text is unstable: a
change of the tokenizer that moved a few dots gave clusters that agree on 43% of the words at
the coarsest level, and four CRFs identical but for the clusters scored news-dev person F1
0.796-0.828 while the span sets moved by 0.02 at most. With the clusters fixed, a retrain
measures the change that asked for it, not a new draw of the clusters.

Retrain whenever the gazetteer, a word list the features read or the tokenizer changes: the
test ``tests/test_tagger_provenance.py`` fails until then.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Iterable, Sequence
from pathlib import Path

import pycrfsuite

from search.analysis.normalize import fold
from search.extract.gazetteer import load_gazetteer
from search.extract.ner.features import LEXICAL, RICH, FeatureSet, Featurizer
from search.extract.ner.known_names import NameLexicon
from search.extract.ner.tagger import MODEL_NAME, parse_clusters, sidecar_path
from search.extract.ner.tokens import sentences as split_sentences
from training.clusters import learn_clusters, save_clusters
from training.corpus import (
    RuntimeSentence,
    Split,
    data_files,
    load_split,
    runtime_sentence,
)
from training.provenance import feature_fingerprint, feature_inputs, seed_texts

DEFAULT_OUT = Path(__file__).resolve().parent.parent / "search" / "data" / MODEL_NAME


def clusters_path(model: Path) -> Path:
    """Where a model's word clusters are written, beside it."""
    return model.with_name(model.stem + "-clusters.tsv")


#: The shipped word clusters, which a retrain keeps (see the module docstring).
SHIPPED_CLUSTERS = clusters_path(DEFAULT_OUT)
#: L-BFGS with elastic-net regularisation, chosen on the dev carve-out of train: c1 0.05-0.4
#: and c2 0.01-0.1 all gave person F1 0.74-0.76 there, so a larger L1 weight, which prunes the
#: model to 3.5 MB (c1 0.05: 4.8 MB), won; 300 iterations gained nothing over 150, and
#: minfreq 2 cost 2 points.
CRF_PARAMS = {
    "c1": 0.2,
    "c2": 0.1,
    "max_iterations": 150,
    "feature.minfreq": 1,
    "feature.possible_transitions": True,
}

#: The optional feature groups of the shipped model (see :data:`features.OPTIONS`): none.
#: Measured with ``python -m training.tune`` on the dev carve-out (MultiCoNER II in train), all
#: three against none: person F1 HiNER 0.735 → 0.756, IL-NER 0.743 → 0.740, MultiCoNER 0.762
#: → 0.769; place F1 0.924 → 0.925, 0.843 → 0.842, 0.740 → 0.733; news-dev person 0.729 →
#: 0.752 but place 0.702 → 0.683; ``oov`` alone changed little. Not worth 14% more features
#: per token (tagging time) for mixed gains.
FEATURE_OPTIONS: frozenset[str] = frozenset()
#: How many times the CRF sees each sentence of a source (1 when not listed): a source given
#: twice weighs twice in the likelihood. Clusters and the name list read each sentence once.
#: None: IL-NER twice, measured on the dev carve-out (pipeline PER / LOC F1, against once):
#: IL-NER 0.762 / 0.848 → 0.760 / 0.849, HiNER 0.756 / 0.912 → 0.759 / 0.911, MultiCoNER II
#: 0.760 / 0.660 → 0.746 / 0.662, for 25% more training time. With the ``wide`` and
#: ``title-near`` options as well: IL-NER 0.753 / 0.846, HiNER 0.761 / 0.912, MultiCoNER II
#: 0.757 / 0.656. Neither pays.
SOURCE_COPIES: dict[str, int] = {}


def xquad_file(shared: Path) -> Path:
    return shared / "data" / "xquad-hi" / "corpus.jsonl"


def unlabeled_sentences(train: Sequence[RuntimeSentence], shared: Path) -> list[list[str]]:
    """Folded token sequences of training-side text only: the training split's sentences and,
    when present, the XQuAD-hi paragraphs (never a test sentence)."""
    found = [[fold(t.text) or t.text for t in s.tokens] for s in train]
    path = xquad_file(shared)
    if path.exists():
        with path.open(encoding="utf-8") as f:
            for line in f:
                text = json.loads(line)["text"]
                found += [[fold(t.text) or t.text for t in s] for s in split_sentences(text)]
    return found


def person_names(sentence: RuntimeSentence) -> list[str]:
    return [sentence.text[start:end] for start, end, label in sentence.gold if label == "PER"]


def name_lexicon(train: Iterable[RuntimeSentence]) -> NameLexicon:
    """Every full name the training split tags as a person (the shipped name list)."""
    return NameLexicon.from_texts(n for sentence in train for n in person_names(sentence))


def train_crf(
    train: Sequence[RuntimeSentence],
    feature_set: FeatureSet,
    out: Path,
    meta: dict,
    params: dict | None = None,
) -> None:
    """Train a CRF on ``train`` in order and write it with its sidecar."""
    featurizer = Featurizer(feature_set)
    trainer = pycrfsuite.Trainer(algorithm="lbfgs", verbose=False)
    for sentence in train:
        trainer.append(featurizer.sentence([t.text for t in sentence.tokens]), sentence.labels)
    trainer.set_params(params or CRF_PARAMS)
    out.parent.mkdir(parents=True, exist_ok=True)
    trainer.train(str(out))
    meta = {"feature_set": feature_set.name, "feature_options": sorted(feature_set.options),
            **meta, "crf_params": params or CRF_PARAMS}
    sidecar_path(out).write_text(json.dumps(meta, ensure_ascii=False, indent=2) + "\n",
                                 encoding="utf-8")


def train_shipped(
    split: Split,
    shared: Path,
    out: Path,
    params: dict | None = None,
    options: frozenset[str] = FEATURE_OPTIONS,
    copies: dict[str, int] | None = None,
    learn: bool = False,
) -> dict:
    """Train the rich model (clusters and gazetteer features) and write the
    name list that completes its person spans; ``copies`` weighs sources
    (:data:`SOURCE_COPIES`); ``learn``: new clusters instead of the shipped ones."""
    train = [runtime_sentence(s) for s in split.train]
    started = time.perf_counter()
    learn = learn or not SHIPPED_CLUSTERS.exists()
    if learn:
        clusters = learn_clusters(unlabeled_sentences(train, shared))
    else:
        clusters = parse_clusters(SHIPPED_CLUSTERS.read_text(encoding="utf-8"))
    cluster_file = clusters_path(out)
    save_clusters(cluster_file, clusters)
    people = name_lexicon(train)
    people_file = out.with_name(out.stem + "-people.txt")
    people_file.write_text("\n".join(people.lines()) + "\n", encoding="utf-8")
    gazetteer = load_gazetteer()
    meta = {
        "clusters": cluster_file.name,
        "people": people_file.name,
        "gazetteer": gazetteer is not None,
        "train_sentences": len(train),
    }
    copies = SOURCE_COPIES if copies is None else copies
    if copies:
        meta["source_copies"] = dict(sorted(copies.items()))
    weighted = [s for s in train for _ in range(copies.get(s.source, 1))]
    feature_set = FeatureSet(RICH, clusters=clusters, gazetteer=gazetteer, options=options)
    meta["inputs"] = feature_inputs()
    meta["seed_features"] = feature_fingerprint(Featurizer(feature_set), seed_texts())
    train_crf(weighted, feature_set, out, meta, params)
    return {"clusters": len(clusters), "people": len(people), "gazetteer": gazetteer is not None,
            "learnt": learn, "seconds": time.perf_counter() - started}


def train_baseline(split: Split, out: Path) -> None:
    """The lexical baseline, for the evaluation: same data, same CRF, plain features."""
    train = [runtime_sentence(s) for s in split.train]
    train_crf(train, FeatureSet(LEXICAL), out, {"train_sentences": len(train)})


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", default="../shared", help="the shared folder (default ../shared)")
    ap.add_argument("--out", default=str(DEFAULT_OUT), help=f"model path (default {DEFAULT_OUT})")
    ap.add_argument("--learn-clusters", action="store_true",
                    help="learn new word clusters instead of keeping the shipped ones")
    args = ap.parse_args(argv)
    shared, out = Path(args.shared), Path(args.out)
    absent = [str(p) for p in data_files(shared).values() if not p.exists()]
    if absent:
        print(f"cannot train: shared data not found: {', '.join(absent)}", file=sys.stderr)
        return 1
    split = load_split(shared)
    print(f"train {len(split.train):,} sentences, test (held out, unused here) "
          f"{len(split.test):,}; {split.dropped_duplicates} train sentences dropped as "
          "duplicates of test sentences")
    print("tag repairs while reading:")
    print("\n".join(split.repairs.lines()))
    facts = train_shipped(split, shared, out, learn=args.learn_clusters)
    print(f"trained {out} ({out.stat().st_size / 1e6:.1f} MB) in {facts['seconds']:.0f} s; "
          f"{facts['clusters']:,} clustered words ({'learnt' if facts['learnt'] else 'kept'}), "
          f"{facts['people']:,} known names; "
          f"gazetteer features: {facts['gazetteer']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
