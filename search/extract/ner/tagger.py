"""The shipped person/place/organisation tagger: raw Hindi text in, character spans out.

A model file is useless without the exact features it was trained with, so every model has a
sidecar ``.json`` naming its feature set, its word-cluster file and its list of known names;
:meth:`Tagger.load` reads them together. The shipped model lives in ``search/data`` and is
read through :mod:`importlib.resources`, so it works from a wheel as well as from a checkout;
it never needs the training data. ``TALAASH_NER_MODEL`` names another model file (with its
sidecar) for the whole product, so that a candidate model can be measured end to end
(``training.tune``, ``tests.eval.news_dev``) without touching the shipped one.

Spans are in the raw text's coordinates (``text[span.start:span.end] == span.text``), never
start or end on punctuation, and follow the training convention: titles (श्री, राष्ट्रपति)
are outside person spans.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
from collections.abc import Iterable, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import pycrfsuite

from search import cache
from search.analysis.normalize import fold
from search.extract.doc import Doc
from search.extract.names import TITLES, name_key
from search.extract.ner.decode import UNDECODED_OPTIONS, CrfDecoder, CrfModel
from search.extract.ner.features import FeatureSet, Featurizer
from search.extract.ner.known_names import NameLexicon
from search.extract.ner.tokens import NerToken
from search.models import EntitySpan

MODEL_NAME = "ner-hi.crfsuite"
MODEL_ENV = "TALAASH_NER_MODEL"
LABELS = ("PER", "LOC", "ORG")


def bio_spans(labels: Iterable[str]) -> list[tuple[int, int, str]]:
    """``(first, last + 1, label)`` token spans of BIO labels; a stray I- begins a span."""
    spans: list[tuple[int, int, str]] = []
    for i, tag in enumerate(labels):
        if tag == "O":
            continue
        prefix, label = tag.split("-", 1)
        if prefix == "I" and spans and spans[-1][1] == i and spans[-1][2] == label:
            spans[-1] = (spans[-1][0], i + 1, label)
        else:
            spans.append((i, i + 1, label))
    return spans


def _is_word(token: str) -> bool:
    return any(ch.isalnum() for ch in token)


def parse_clusters(text: str) -> dict[str, tuple[str, ...]]:
    """Word → cluster ids coarse to fine, one word a line (``training.clusters`` writes it)."""
    clusters = {}
    for line in text.splitlines():
        word, *ids = line.split("\t")
        if word and ids:
            clusters[word] = tuple(ids)
    return clusters


def sidecar_path(model: Path) -> Path:
    """Where a model's feature description is kept."""
    return model.with_suffix(".json")


def _read_resource(name: str) -> bytes:
    return (resources.files("search") / "data" / name).read_bytes()


def load_people(meta: dict[str, Any], read: Any) -> NameLexicon | None:
    """The sidecar's list of names from training (folded parts, one name a line)."""
    if not meta.get("people"):
        return None
    lines = read(meta["people"]).decode("utf-8").splitlines()
    return NameLexicon(line.split() for line in lines if line.strip())


def complete_names(
    spans: list[tuple[int, int, str]], names: list[tuple[int, int, bool]]
) -> list[tuple[int, int, str]]:
    """Person spans grown to the known full names they overlap (किम जोंग → किम जोंग उन), and
    trusted names added as persons unless a longer span holds them; where spans then overlap,
    trusted names win, then persons, then the rest (see :mod:`search.extract.ner.people`)."""
    ranked: list[tuple[int, tuple[int, int, str]]] = []
    for first, stop, label in spans:
        if label == "PER":
            for n_first, n_stop, _trusted in names:
                if n_first < stop and first < n_stop:
                    first, stop = min(first, n_first), max(stop, n_stop)
        ranked.append((0 if label == "PER" else 1, (first, stop, label)))
    for n_first, n_stop, trusted in names:
        held = any(f <= n_first and n_stop <= s and s - f > n_stop - n_first for f, s, _ in spans)
        if trusted and not held:
            ranked.append((-1, (n_first, n_stop, "PER")))
    kept: list[tuple[int, int, str]] = []
    for _rank, span in sorted(ranked):
        if all(span[1] <= k[0] or k[1] <= span[0] for k in kept):
            kept.append(span)
    return sorted(kept)


#: Marks that separate two people and never stand inside one name.
LIST_MARKS = frozenset(",;")


def split_lists(
    spans: list[tuple[int, int, str]], texts: Sequence[str]
) -> list[tuple[int, int, str]]:
    """Person spans cut at a comma: a list of people (विदेश मंत्री ब्लिंकन, राजदूत संधू) is
    never one name. A piece loses its leading titles (राजदूत संधू is संधू), and a piece of
    titles only is no person."""
    found = []
    for first, stop, label in spans:
        if label != "PER" or not any(texts[k] in LIST_MARKS for k in range(first, stop)):
            found.append((first, stop, label))
            continue
        start = first
        for k in range(first, stop + 1):
            if k == stop or texts[k] in LIST_MARKS:
                start = _past_titles(texts, start, k)  # its own titles stay outside it
                if start < k:
                    found.append((start, k, label))
                start = k + 1
    return found


def load_feature_set(meta: dict[str, Any], read: Any) -> FeatureSet:
    """The :class:`FeatureSet` a sidecar describes; ``read(name) -> bytes`` finds its files."""
    clusters = {}
    if meta.get("clusters"):
        clusters = parse_clusters(read(meta["clusters"]).decode("utf-8"))
    gazetteer = None
    if meta.get("gazetteer"):
        from search.extract.gazetteer import load_gazetteer

        gazetteer = load_gazetteer()
    return FeatureSet(meta["feature_set"], clusters=clusters, gazetteer=gazetteer,
                      options=frozenset(meta.get("feature_options", ())))


def _weighted_features(crf: pycrfsuite.Tagger, model: bytes) -> frozenset[str]:
    """The features the model has a weight for (see :class:`Featurizer`). CRFsuite gives
    them only through a text dump of the whole model, parsed in Python (3 s, most of an
    incremental rebuild's start), so they are kept in the user's cache, by the model's hash."""
    name = f"ner-features-{hashlib.sha256(model).hexdigest()[:20]}.json"
    cached = cache.load_json(name)
    if isinstance(cached, list):
        return frozenset(cached)
    features = frozenset(feature for feature, _label in crf.info().state_features)
    cache.save_json(name, sorted(features))
    return features


class Tagger:
    """A trained CRF and its features. CRFsuite's tagger keeps the sentence it is tagging in
    itself, so one tagger shared by threads (the process-wide one of the pipeline) tags one
    sentence at a time, under a lock."""

    def __init__(
        self, model: bytes, feature_set: FeatureSet, people: NameLexicon | None = None
    ) -> None:
        # CRFsuite reads the model in place, without a copy: the bytes must live as long as
        # the tagger, or it reads freed memory.
        self._model = model
        self._crf = pycrfsuite.Tagger()
        self._crf.open_inmemory(self._model)
        self._lock = threading.Lock()
        self.featurizer = Featurizer(feature_set, known=_weighted_features(self._crf, self._model))
        self.people = people
        self._weights = CrfModel.from_bytes(model)
        self._decoder: CrfDecoder | None = None
        labels = self._weights.labels
        #: For each label, the columns (of a tokens × labels marginals matrix, in the model's
        #: label order) of the B- and I- labels whose marginals add up to its entity's (a
        #: person's for O).
        self._columns = {tag: [labels.index(f"{p}-{entity}") for p in "BI"
                               if f"{p}-{entity}" in labels]
                         for tag in {*labels, "O"}
                         for entity in [tag[2:] if tag != "O" else "PER"]}
        #: The same columns as a pair per label, a missing one as an extra column of zeros,
        #: so a sentence's entity marginals are two gathers and one addition.
        self._pairs = {tag: (*cols, len(labels), len(labels))[:2]
                       for tag, cols in self._columns.items()}

    @classmethod
    def load(cls, path: str | Path | None = None) -> Tagger:
        """The shipped model, or the model at ``path`` (default: ``$TALAASH_NER_MODEL``) with
        its sidecar beside it."""
        path = path or os.environ.get(MODEL_ENV) or None
        if path is None:
            meta = json.loads(_read_resource(sidecar_path(Path(MODEL_NAME)).name))
            read, model = _read_resource, _read_resource(MODEL_NAME)
        else:
            path = Path(path)
            meta = json.loads(sidecar_path(path).read_text(encoding="utf-8"))
            read, model = (lambda name: (path.parent / name).read_bytes()), path.read_bytes()
        return cls(model, load_feature_set(meta, read), load_people(meta, read))

    def tag_tokens(self, tokens: Sequence[str]) -> list[str]:
        """BIO labels (B-PER, I-LOC, O ...) for one sentence's tokens."""
        return self.tag_with_marginals(tokens)[0]

    def tag_with_marginals(self, tokens: Sequence[str]) -> tuple[list[str], list[float]]:
        """BIO labels for one sentence's tokens and, for each token, the marginal probability
        that it is inside an entity of its label (B- and I- together), or for a token
        labelled O, inside a person's name: how close the call was. CRFsuite computes the
        marginals in one forward-backward pass, on the first ask."""
        if not tokens:
            return [], []
        try:
            labels, probs = self._crfsuite(self.featurizer.sentence(tokens))
        except (UnicodeEncodeError, SystemError):  # a lone surrogate cannot reach CRFsuite
            clean = [t.encode("utf-8", "replace").decode("utf-8") for t in tokens]
            labels, probs = self._crfsuite(self.featurizer.sentence(clean))
        return labels, self._entity_marginals(tokens, labels, probs)

    def _crfsuite(self, features: list[list[str]]) -> tuple[list[str], np.ndarray]:
        """CRFsuite's labels of one sentence and its tokens × labels marginals (in the
        model's label order, as the decoder gives them)."""
        with self._lock:
            labels = list(self._crf.tag(features))
            marginal = self._crf.marginal
            probs = np.array([[marginal(label, i) for label in self._weights.labels]
                              for i in range(len(labels))])
        return labels, probs

    def _entity_marginals(self, tokens: Sequence[str], labels: Sequence[str],
                          probs: np.ndarray) -> list[float]:
        """Each token's marginal of its label's entity (B- and I- together; a person's for
        O), from its row of ``probs``; 0.0 for punctuation labelled O, which is never a
        name."""
        # Token by token (``probs[i, columns].sum()``) this was 6% of a rebuild worker's time.
        # At most two columns are added, so a + b (b = 0.0 where there is no second) is the
        # same float as numpy's sum of them.
        if not labels:
            return []
        pairs = self._pairs
        cols = np.array([pairs[tag] for tag in labels], dtype=np.intp)
        padded = np.zeros((len(labels), probs.shape[1] + 1))
        padded[:, :-1] = probs
        rows = np.arange(len(labels))
        sums = (padded[rows, cols[:, 0]] + padded[rows, cols[:, 1]]).tolist()
        return [v if tag != "O" or _is_word(tokens[i]) else 0.0
                for i, (tag, v) in enumerate(zip(labels, sums, strict=True))]

    @property
    def decoder(self) -> CrfDecoder:
        """The numpy decoder of this model with the current featurizer (the same labels as
        CRFsuite, see :mod:`search.extract.ner.decode`)."""
        if self._decoder is None or self._decoder.featurizer is not self.featurizer:
            self._decoder = CrfDecoder(self._weights, self.featurizer)
        return self._decoder

    def tag_sentences(self, sentences: Sequence[Sequence[str]]) -> list[list[str]]:
        """BIO labels of each sentence's tokens, all decoded at once (:attr:`decoder`)."""
        return [labels for labels, _ in self.tagged_sentences(sentences)]

    def tagged_sentences(self, sentences: Sequence[Sequence[str]]
                         ) -> list[tuple[list[str], list[float]]]:
        """:meth:`tag_with_marginals` of each sentence, all decoded at once by the numpy
        decoder (its Viterbi and forward-backward give CRFsuite's labels and marginals); a
        sentence whose text CRFsuite cannot take as it is (a lone surrogate, a NUL) is tagged
        by CRFsuite, as :meth:`tag_tokens` does."""
        if self.featurizer.options & UNDECODED_OPTIONS:  # features the decoder does not build
            return [self.tag_with_marginals(tokens) for tokens in sentences]
        plain = [_plain(tokens) for tokens in sentences]
        decoded = iter(self.decoder.tag_with_marginals(
            [t for t, ok in zip(sentences, plain, strict=True) if ok and t]))
        out = []
        for tokens, ok in zip(sentences, plain, strict=True):
            if not ok:
                out.append(self.tag_with_marginals(tokens))
            elif not tokens:
                out.append(([], []))
            else:
                labels, probs = next(decoded)
                out.append((labels, self._entity_marginals(tokens, labels, probs)))
        return out

    def sentence_spans(self, text: str, tokens: Sequence[NerToken],
                       doubtful: float | None = None,
                       tagged: tuple[list[str], list[float]] | None = None
                       ) -> list[EntitySpan]:
        """Spans of one sentence of ``text``, tagged as a unit (``tagged``: its labels and
        marginals when already tagged), each with its confidence (the lowest marginal of its
        words). With ``doubtful``, the runs of words labelled O whose marginal of being in a
        person's name reaches it are persons too."""
        found = []
        texts = [t.text for t in tokens]
        labels, marginals = self.tag_with_marginals(texts) if tagged is None else tagged
        spans = split_lists(bio_spans(labels), texts)
        added = _doubtful_runs(texts, labels, marginals, doubtful) if doubtful else []
        weighed = {i for first, stop, _ in added for i in range(first, stop)}
        weighed.update(i for i, tag in enumerate(labels) if tag != "O")
        spans = sorted(spans + added)
        if self.people is not None:
            keys = [name_key(t) for t in texts]
            spans = complete_names(self.people.split_joined(spans, keys), self.people.matches(keys))
        for first, stop, label in spans:
            inside = list(tokens[first:stop])
            while inside and not _is_word(inside[0].text):
                inside.pop(0)
            while inside and not _is_word(inside[-1].text):
                inside.pop()
            if not inside:
                continue
            start, end = inside[0].start, inside[-1].end
            named = range(_name_start(texts, first, stop) if label == "PER" else first, stop)
            confidence = min((marginals[i] for i in named if i in weighed
                              and (labels[i] == "O" or labels[i][2:] == label)), default=1.0)
            found.append(EntitySpan(start, end, label, text[start:end], confidence))
        return found

    def spans(self, text: str | Doc, doubtful: float | None = None) -> list[EntitySpan]:
        """Every entity of raw ``text`` (or of a :class:`Doc`'s text), in order, with offsets
        into it (``doubtful``: see :meth:`sentence_spans`)."""
        return self.spans_of([Doc.of(text)], doubtful)[0]

    def spans_of(self, docs: Sequence[Doc], doubtful: float | None = None
                 ) -> list[list[EntitySpan]]:
        """:meth:`spans` of each of several articles, their sentences decoded together (the
        decoder's cost is mostly per step of the longest sentence, not per sentence)."""
        sentences = [(i, tokens) for i, doc in enumerate(docs) for tokens in doc.sentences]
        tagged = self.tagged_sentences([[t.text for t in tokens] for _, tokens in sentences])
        found: list[list[EntitySpan]] = [[] for _ in docs]
        for (i, tokens), labelled in zip(sentences, tagged, strict=True):
            found[i] += self.sentence_spans(docs[i].text, tokens, doubtful, labelled)
        return found


def _past_titles(texts: Sequence[str], first: int, stop: int) -> int:
    """The first token of ``first..stop - 1`` after its leading titles and marks (डॉ .
    हर्षवर्धन: हर्षवर्धन), which stay outside a person's name, as in training; ``stop`` when
    nothing else is there."""
    i = first
    while i < stop and (not _is_word(texts[i]) or fold(texts[i]) in TITLES):
        i += 1
    return i


def _name_start(texts: Sequence[str], first: int, stop: int) -> int:
    """Where the name of a person span begins (:func:`_past_titles`), or ``first`` when it is
    nothing but titles. The span's confidence is its name's: HiNER puts titles inside persons
    and IL-NER outside, so the tagger is rarely sure of a title, and a sure name after one
    (0.91 after डॉ at 0.58) was doubted for it."""
    start = _past_titles(texts, first, stop)
    return start if start < stop else first


def _plain(tokens: Sequence[str]) -> bool:
    """Whether CRFsuite reads these tokens as they are: valid UTF-8 without a NUL (it would
    end a feature there)."""
    try:
        text = "".join(tokens).encode("utf-8")
    except UnicodeEncodeError:
        return False
    return b"\0" not in text


def _doubtful_runs(texts: Sequence[str], labels: Sequence[str], marginals: Sequence[float],
                   floor: float) -> list[tuple[int, int, str]]:
    """Maximal runs of word tokens labelled O whose person marginal reaches ``floor``."""
    runs: list[tuple[int, int, str]] = []
    for i, (token, tag, p) in enumerate(zip(texts, labels, marginals, strict=True)):
        if tag != "O" or p < floor or not _is_word(token):
            continue
        if runs and runs[-1][1] == i:
            runs[-1] = (runs[-1][0], i + 1, "PER")
        else:
            runs.append((i, i + 1, "PER"))
    return runs
