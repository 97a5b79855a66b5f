"""The BiLSTM-CRF of :mod:`training.neural` behind the tagger interface, run with onnxruntime,
and its combinations with the CRF (issue 9's experiment; not part of the product).

The network gives each token's tag scores (``model.onnx``), and the CRF layer's transitions are
decoded here in numpy (Viterbi labels, forward-backward marginals), so that it answers like
:class:`search.extract.ner.tagger.Tagger` and everything after tagging (list splitting, known
names, confidence rules) is the CRF tagger's own. No torch here: this is what a product module
would be, kept in ``training/`` because the measurement did not clearly pay (see
:mod:`training.neural_eval`). It needs ``onnxruntime``, which talaash does not depend on.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from search.analysis.normalize import fold
from search.extract.doc import Doc
from search.extract.ner.tagger import Tagger
from search.models import EntitySpan

TAGS = ("O", "B-PER", "I-PER", "B-LOC", "I-LOC", "B-ORG", "I-ORG")
MAX_CHARS = 20
PAD, UNK = 0, 1
#: The network's confidence (lowest entity marginal of a span's words) from which its span is
#: added beside the CRF's by default; training.neural_eval scores 0.5-0.95.
VOTE_CONFIDENCE = 0.8


def key(token: str) -> str:
    """A word's key for the word embedding: folded, as the CRF's word features."""
    return fold(token) or token


class Vocab:
    """Ids of words, characters, cluster ids and the gazetteer flag: the network's inputs."""

    def __init__(self, words: list[str], chars: list[str], clusters: dict[str, tuple[str, ...]],
                 cluster_ids: list[list[str]], gazetteer: Any = None) -> None:
        self.gazetteer = gazetteer
        self.words = words
        self.chars = chars
        self.clusters = clusters
        self.cluster_ids = cluster_ids
        self.word_index = {w: i for i, w in enumerate(words)}
        self.char_index = {c: i for i, c in enumerate(chars)}
        self.cluster_index = [{c: i for i, c in enumerate(level)} for level in cluster_ids]

    def to_json(self) -> dict:
        return {"words": self.words, "chars": self.chars, "cluster_ids": self.cluster_ids,
                "tags": list(TAGS), "max_chars": MAX_CHARS,
                "gazetteer": self.gazetteer is not None}

    @property
    def channels(self) -> list[int]:
        """Sizes of the per-token id channels: three cluster levels, then the gazetteer flag."""
        return [len(level) for level in self.cluster_ids] + ([3] if self.gazetteer else [])

    def encode(self, tokens: Sequence[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``(words [T], chars [T, MAX_CHARS], channels [T, C])`` int64 ids of one sentence
        (channels: :attr:`channels`; the gazetteer's is 2 for a word it knows, as the CRF's
        feature)."""
        n = len(tokens)
        w = np.array([self.word_index.get(key(t), UNK) for t in tokens], dtype=np.int64)
        c = np.zeros((n, MAX_CHARS), dtype=np.int64)
        k = np.zeros((n, len(self.channels)), dtype=np.int64)
        for i, t in enumerate(tokens):
            c[i, : min(len(t), MAX_CHARS)] = [self.char_index.get(ch, UNK) for ch in t[:MAX_CHARS]]
            ids = self.clusters.get(key(t), ())
            for level in range(3):
                k[i, level] = (self.cluster_index[level].get(ids[level], UNK)
                               if len(ids) > level else UNK)
            if self.gazetteer is not None:
                k[i, 3] = 2 if key(t) in self.gazetteer else 1
        return w, c, k


def decode(em: np.ndarray, trans: np.ndarray, start: np.ndarray,
           end: np.ndarray) -> tuple[list[int], np.ndarray]:
    """Viterbi tags and forward-backward marginals [T, K] of one sentence's emissions [T, K]."""
    t, k = em.shape
    score, back = start + em[0], np.zeros((t, k), dtype=np.int64)
    for i in range(1, t):
        cand = score[:, None] + trans
        back[i] = cand.argmax(0)
        score = cand.max(0) + em[i]
    best = [int((score + end).argmax())]
    for i in range(t - 1, 0, -1):
        best.append(int(back[i, best[-1]]))
    best.reverse()
    alpha = np.zeros((t, k))
    beta = np.zeros((t, k))
    alpha[0] = start + em[0]
    for i in range(1, t):
        alpha[i] = _lse(alpha[i - 1][:, None] + trans, 0) + em[i]
    beta[-1] = end
    for i in range(t - 2, -1, -1):
        beta[i] = _lse(trans + (em[i + 1] + beta[i + 1])[None, :], 1)
    log_z = _lse(alpha[-1] + end, 0)
    return best, np.exp(alpha + beta - log_z)


def _lse(x: np.ndarray, axis: int) -> np.ndarray:
    m = x.max(axis=axis, keepdims=True)
    return (m + np.log(np.exp(x - m).sum(axis=axis, keepdims=True))).squeeze(axis)


Emissions = Callable[[np.ndarray, np.ndarray, np.ndarray], np.ndarray]


class NeuralTagger(Tagger):
    """A :class:`Tagger` whose labels and marginals come from ``emissions`` (token ids [B, T]
    → tag scores [B, T, K]) and a CRF's transitions; the rest is the CRF tagger's own."""

    def __init__(self, emissions: Emissions, vocab: Vocab, arrays: dict[str, np.ndarray],
                 people: Any) -> None:  # no CRFsuite model: Tagger.__init__ is not called
        self.emissions = emissions
        self.vocab = vocab
        self.arrays = arrays
        self.people = people
        self._pairs = {tag: tuple(TAGS.index(f"{p}-{entity}") for p in "BI")
                       for tag in TAGS for entity in [tag[2:] if tag != "O" else "PER"]}

    @classmethod
    def load_onnx(cls, folder: Path, people: Any) -> NeuralTagger:
        """The exported network in ``folder`` (``model.onnx``, ``crf.json``, ``vocab.json``),
        on one thread (a rebuild runs one process per core)."""
        import onnxruntime

        from search.extract.ner.tagger import _read_resource, parse_clusters

        meta = json.loads((folder / "vocab.json").read_text(encoding="utf-8"))
        clusters = parse_clusters(_read_resource("ner-hi-clusters.tsv").decode("utf-8"))
        gazetteer = None
        if meta.get("gazetteer"):
            from search.extract.gazetteer import load_gazetteer

            gazetteer = load_gazetteer()
        vocab = Vocab(meta["words"], meta["chars"], clusters, meta["cluster_ids"], gazetteer)
        arrays = {name: np.array(v) for name, v in
                  json.loads((folder / "crf.json").read_text(encoding="utf-8")).items()}
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = options.inter_op_num_threads = 1
        session = onnxruntime.InferenceSession(str(folder / "model.onnx"), options,
                                               providers=["CPUExecutionProvider"])

        def emissions(w: np.ndarray, c: np.ndarray, k: np.ndarray) -> np.ndarray:
            return session.run(None, {"words": w, "chars": c, "channels": k})[0]

        return cls(emissions, vocab, arrays, people)

    def tag_with_marginals(self, tokens: Sequence[str]) -> tuple[list[str], list[float]]:
        return self.tagged_sentences([tokens])[0]

    def tagged_sentences(self, sentences: Sequence[Sequence[str]]
                         ) -> list[tuple[list[str], list[float]]]:
        """Labels and entity marginals of each sentence; sentences of one length are run
        together, without padding (a backward LSTM would read the padding first)."""
        out: list[tuple[list[str], list[float]]] = [([], []) for _ in sentences]
        by_length: dict[int, list[int]] = {}
        for i, tokens in enumerate(sentences):
            if tokens:
                by_length.setdefault(len(tokens), []).append(i)
        for group in by_length.values():
            encoded = [self.vocab.encode(sentences[i]) for i in group]
            em = self.emissions(*(np.stack([e[j] for e in encoded]) for j in range(3)))
            for r, i in enumerate(group):
                best, marg = decode(em[r].astype(np.float64), **self.arrays)
                labels = [TAGS[j] for j in best]
                out[i] = (labels, self._entity_marginals(sentences[i], labels, marg))
        return out


class VotingTagger:
    """The CRF and the network together, in one of two ways (:data:`MODES`):

    - ``vote``: the CRF's spans, plus the network's that overlap none of them and reach
      ``confidence``: what the CRF misses outright, when the network is sure;
    - ``hybrid``: persons from the network, the other labels from the CRF (a CRF span that is
      no person wins an overlap), plus the network's other spans as in ``vote``.
    """

    def __init__(self, crf: Tagger, neural: NeuralTagger, mode: str = "vote",
                 confidence: float | None = VOTE_CONFIDENCE) -> None:
        if mode not in MODES:
            raise ValueError(f"unknown mode {mode!r}: one of {', '.join(MODES)}")
        self.crf = crf
        self.neural = neural
        self.mode = mode
        self.confidence = confidence

    def spans(self, text: str | Doc, doubtful: float | None = None) -> list[EntitySpan]:
        return self.spans_of([Doc.of(text)], doubtful)[0]

    def spans_of(self, docs: Sequence[Doc], doubtful: float | None = None
                 ) -> list[list[EntitySpan]]:
        return [combine(crf, neural, self.mode, self.confidence) for crf, neural in zip(
            self.crf.spans_of(docs, doubtful), self.neural.spans_of(docs), strict=True)]


MODES = ("vote", "hybrid")
#: ``folder[:mode[:confidence]]`` of an exported network, for :mod:`training.neural_cli`.
NETWORK_ENV = "TALAASH_NER_NETWORK"


def _apart(span: EntitySpan, others: Sequence[EntitySpan]) -> bool:
    return all(span.end <= o.start or o.end <= span.start for o in others)


def combine(crf: list[EntitySpan], neural: list[EntitySpan], mode: str,
            confidence: float | None) -> list[EntitySpan]:
    """One sentence's or article's spans of the two taggers, combined by ``mode``."""
    if mode == "hybrid":
        kept = [c for c in crf if c.label != "PER"]
        kept += [e for e in neural if e.label == "PER" and _apart(e, kept)]
        candidates = [e for e in neural if e.label != "PER"]
    else:
        kept, candidates = list(crf), neural
    if confidence is not None:
        kept += [e for e in candidates if e.confidence >= confidence and _apart(e, kept)]
    return sorted(kept, key=lambda e: (e.start, e.end))


def with_network(crf: Tagger, setting: str | None = None) -> Tagger | VotingTagger:
    """The CRF, or the CRF with the network that ``setting`` (default: ``$TALAASH_NER_NETWORK``)
    names; for measuring the network end to end (:mod:`training.neural_cli`)."""
    import os

    setting = setting if setting is not None else os.environ.get(NETWORK_ENV, "")
    if not setting:
        return crf
    folder, *rest = setting.split(":")
    mode = rest[0] if rest else "vote"
    confidence = rest[1] if len(rest) > 1 else str(VOTE_CONFIDENCE)
    return VotingTagger(crf, NeuralTagger.load_onnx(Path(folder), crf.people), mode,
                        None if confidence == "none" else float(confidence))
