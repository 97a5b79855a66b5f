"""CRFsuite's Viterbi decoding in numpy, from the model file's own weights: the same labels,
several times faster.

Tagging was most of extraction, and most of tagging was handing features to CRFsuite: every
token's ~27 feature strings encoded to UTF-8, copied into C++ strings and looked up one by one
in the model's attribute dictionary, for every token of every article, although news repeats
its words and a word's features depend on the word alone. Here a word's attributes are looked
up once (:class:`CrfDecoder`, cached per distinct word) and its scores come from a weight
matrix read from the binary model (:class:`CrfModel`).

The labels are CRFsuite's own, not an approximation of them: a token's score for a label is
the sum of its attributes' weights *in the order CRFsuite adds them* (``crf1dt_state_score``:
starting from 0, attribute by attribute, in the order of the token's feature list), so every
floating-point sum is the same; and Viterbi (``crf1dc_viterbi``) keeps the first of equal
maxima, as numpy's ``argmax`` does. Only the part of a token's list that belongs to the word
itself (the bias and its own features, which come first) is summed once per word; what its
neighbours tell it is added one attribute at a time. ``tests/test_ner_decode.py`` checks that
the labels equal CRFsuite's on real sentences, and ``tests.bench.index_digest`` that the index
is unchanged.

The model format is CRFsuite's ``crf1d`` file (``lib/crf/src/crf1d_model.c``): a header, the
features (type, source, destination, weight as a double), the label and attribute
dictionaries (CQDB databases, read here through their id-to-key arrays) and each attribute's
and label's feature references.
"""

from __future__ import annotations

import struct
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from search.extract.ner.features import _OFFSETS, Featurizer

_HEADER = struct.Struct("<4sI4sIIIIIIIII")
_CHUNK = 12  # a chunk's id, size and count
_FEATURE = np.dtype([("type", "<u4"), ("src", "<u4"), ("dst", "<u4"), ("weight", "<f8")])
_STATE, _TRANSITION = 0, 1
#: Feature options whose features :class:`CrfDecoder` does not build (a model trained with
#: them is tagged by CRFsuite).
UNDECODED_OPTIONS = frozenset({"wide", "title-near"})
_CACHE_LIMIT = 300_000
#: Word triples are far sparser than words: fewer are kept (each costs ~250 bytes).
_PAIRS_LIMIT = 100_000


def _cqdb_keys(buffer: bytes, offset: int) -> list[str]:
    """The keys of a CQDB database at ``offset``, by id (its backward array)."""
    chunk, _size, _flag, _order, n, backward = struct.unpack_from("<4sIIIII", buffer, offset)
    if chunk != b"CQDB":
        raise ValueError("not a CRFsuite model: no CQDB dictionary")
    keys = []
    for record in struct.unpack_from(f"<{n}I", buffer, offset + backward):
        _id, size = struct.unpack_from("<II", buffer, offset + record)
        start = offset + record + 8
        keys.append(buffer[start : start + size - 1].decode("utf-8"))  # without its NUL
    return keys


@dataclass(frozen=True)
class CrfModel:
    """A CRFsuite ``crf1d`` model's labels, attributes and weights."""

    labels: tuple[str, ...]
    #: Attribute → its row of :attr:`state`.
    attributes: dict[str, int]
    #: (attributes + 1) × labels: each attribute's weight for each label (0 where it has no
    #: feature); the last row is all zeros, for padding.
    state: np.ndarray
    #: labels × labels: the weight of going from one label to the next.
    transition: np.ndarray

    @classmethod
    def from_bytes(cls, model: bytes) -> CrfModel:
        """Read a model file's contents (what :meth:`pycrfsuite.Tagger.open_inmemory` reads)."""
        magic, _size, kind, _v, _nf, n_labels, n_attrs, off_features, off_labels, off_attrs, \
            _lrefs, _arefs = _HEADER.unpack_from(model, 0)
        if magic != b"lCRF" or kind != b"FOMC":
            raise ValueError("not a CRFsuite crf1d model")
        chunk, _chunk_size, n_features = struct.unpack_from("<4sII", model, off_features)
        if chunk != b"FEAT":
            raise ValueError("not a CRFsuite model: no features")
        features = np.frombuffer(model, _FEATURE, n_features, off_features + _CHUNK)
        labels = tuple(_cqdb_keys(model, off_labels))
        attributes = {key: i for i, key in enumerate(_cqdb_keys(model, off_attrs))}
        if len(labels) != n_labels or len(attributes) != n_attrs:
            raise ValueError("not a CRFsuite model: dictionaries of the wrong size")
        state = np.zeros((n_attrs + 1, n_labels))
        own = features[features["type"] == _STATE]
        state[own["src"], own["dst"]] = own["weight"]
        transition = np.zeros((n_labels, n_labels))
        moves = features[features["type"] == _TRANSITION]
        transition[moves["src"], moves["dst"]] = moves["weight"]
        return cls(labels, attributes, state, transition)

    def weighted(self) -> frozenset[str]:
        """The attributes that have a weight for some label (the others change no score)."""
        rows = np.flatnonzero(self.state[:-1].any(axis=1))
        names = list(self.attributes)
        return frozenset(names[i] for i in rows)


@dataclass(frozen=True, slots=True)
class _Coded:
    """A word's attributes as rows of the weight matrix."""

    folded: str | None  # None: the edge of a sentence
    coarse: str
    own: np.ndarray  # the summed scores of the bias and the word's own features
    #: The rows it adds to a neighbour two to its right, one to its right, one to its left and
    #: two to its left (what it is at offsets -2, -1, 1 and 2 from that neighbour).
    around: tuple[tuple[int, ...], ...]


class CrfDecoder:
    """Labels sentences as :meth:`pycrfsuite.Tagger.tag` does with the features of
    ``featurizer`` (which must be the features the model was trained with)."""

    def __init__(self, model: CrfModel, featurizer: Featurizer) -> None:
        self.model = model
        self.featurizer = featurizer
        self._pad = len(model.attributes)
        self._cache: dict[str, _Coded] = {}
        #: Folded (word before, word, word after), None at an edge → its bigram rows.
        self._pairs: dict[tuple, tuple[int, ...]] = {}
        self._bigrams_of = self._bigrams if featurizer.rich else lambda *_: ()
        #: Each bigram attribute of the model (``b-1=``, ``b+1=``, ``cb-1=``, ``cb+1=``) as
        #: a pair of words → its row, so a word's bigram rows are found without making
        #: their feature strings (a word triple seen once was most of them).
        self._pair_rows = _pair_rows(model.attributes)
        self._coarse = "cluster-bigrams" in featurizer.options
        edge = {o: self._rows(e) for o, e in featurizer._edges.items()}
        self._bias = self._rows(featurizer._bias)
        far_left, left, right, far_right = _OFFSETS
        nothing = np.zeros(len(model.labels))
        # Sentinels two and one before a sentence and one and two after it: a token at the
        # start gets the left edge's features (and nothing for two to its left), the one
        # after it the far-left edge's; likewise at the end.
        self._before = (_Coded(None, "^", nothing, ((), (), (), ())),
                        _Coded(None, "^", nothing, (edge[far_left], edge[left], (), ())))
        self._after = (_Coded(None, "$", nothing, ((), (), edge[right], edge[far_right])),
                       _Coded(None, "$", nothing, ((), (), (), ())))

    def _rows(self, features) -> tuple[int, ...]:
        """The rows of the features CRFsuite knows (it skips the others)."""
        get = self.model.attributes.get
        return tuple(r for r in map(get, features) if r is not None)

    def word(self, text: str) -> _Coded:
        coded = self._cache.get(text)
        if coded is None:
            if len(self._cache) >= _CACHE_LIMIT:
                self._cache.clear()
            described = self.featurizer.word(text)
            own = np.zeros(len(self.model.labels))
            for row in self._bias + self._rows(described.own):  # one by one, as CRFsuite adds
                own += self.model.state[row]
            around = tuple(self._rows(described.around[o]) for o in _OFFSETS)
            coded = self._cache[text] = _Coded(described.folded, described.coarse, own, around)
        return coded

    def _context(self, words: list[_Coded], flat: list[int], counts: list[int]) -> None:
        """Each token's rows after its own, in :meth:`Featurizer.sentence`'s order, appended
        to ``flat``, with their number per token appended to ``counts``."""
        pairs, bigrams_of = self._pairs, self._bigrams_of
        padded = [*self._before, *words, *self._after]
        for far_left, left, word, right, far_right in zip(padded, padded[1:], padded[2:],
                                                          padded[3:], padded[4:], strict=False):
            key = (left.folded, word.folded, right.folded)
            bigrams = pairs.get(key)
            if bigrams is None:
                bigrams = pairs[key] = bigrams_of(left, word, right)
            ctx = far_left.around[0] + left.around[1] + right.around[2] + far_right.around[3] \
                + bigrams
            flat += ctx
            counts.append(len(ctx))

    def _bigrams(self, before: _Coded, word: _Coded, after: _Coded) -> tuple[int, ...]:
        """The rows of a word's bigram features (and its cluster bigrams) between two
        neighbours (sentinels at the sentence's edges)."""
        if len(self._pairs) >= _PAIRS_LIMIT:
            self._pairs.clear()
        left = before.folded if before.folded is not None else "^"
        right = after.folded if after.folded is not None else "$"
        before_rows, after_rows, coarse_before, coarse_after = self._pair_rows
        # The rows of b-1=left|word and b+1=word|right, then of the cluster bigrams, in
        # that order, as _rows of those features gives them.
        found = (before_rows.get((left, word.folded)), after_rows.get((word.folded, right)))
        if self._coarse:
            found += (coarse_before.get((before.coarse, word.coarse)),
                      coarse_after.get((word.coarse, after.coarse)))
        return tuple(r for r in found if r is not None)

    def scores(self, sentences: Sequence[Sequence[str]]) -> np.ndarray:
        """tokens × labels: every token's score for each label (the sentences one after
        another), summed in CRFsuite's order."""
        coded = [[self.word(t) for t in tokens] for tokens in sentences]
        flat: list[int] = []
        counts: list[int] = []
        for words in coded:
            self._context(words, flat, counts)
        scores = np.array([w.own for words in coded for w in words])
        per_token = np.array(counts, dtype=np.intp)
        width = int(per_token.max(initial=0))
        rows = np.full((len(counts), width), self._pad, dtype=np.intp)
        first = np.cumsum(per_token) - per_token
        token = np.repeat(np.arange(len(counts)), per_token)
        rows[token, np.arange(len(flat)) - first[token]] = flat
        state = self.model.state
        for k in range(width):  # column by column: each token's next attribute
            scores += state[rows[:, k]]
        return scores

    def tag_with_marginals(self, sentences: Sequence[Sequence[str]]
                           ) -> list[tuple[list[str], np.ndarray]]:
        """BIO labels of each sentence (none empty), as CRFsuite's Viterbi gives them, and its
        tokens × labels marginals (:func:`marginals`)."""
        if not sentences:
            return []
        lengths = [len(s) for s in sentences]
        scores = self.scores(sentences)
        best = viterbi(scores, lengths, self.model.transition)
        probs = marginals(scores, lengths, self.model.transition)
        names = self.model.labels
        ends = np.cumsum(lengths).tolist()
        return [([names[i] for i in path], probs[end - n : end])
                for path, n, end in zip(best, lengths, ends, strict=True)]


def _pair_rows(attributes: dict[str, int]) -> tuple[dict[tuple[str, str], int], ...]:
    """The rows of the ``b-1=``, ``b+1=``, ``cb-1=`` and ``cb+1=`` attributes by the pair of
    words they join with ``|``. A word may hold a ``|`` itself, so an attribute is listed
    under every split at one: ``(a, b)`` finds exactly the attribute ``f"{a}|{b}"``."""
    tables: tuple[dict[tuple[str, str], int], ...] = ({}, {}, {}, {})
    prefixes = ("b-1=", "b+1=", "cb-1=", "cb+1=")
    for name, row in attributes.items():
        for prefix, table in zip(prefixes, tables, strict=True):
            if name.startswith(prefix):
                pair = name[len(prefix):]
                at = pair.find("|")
                while at >= 0:
                    table[(pair[:at], pair[at + 1:])] = row
                    at = pair.find("|", at + 1)
                break
    return tables


def _longest_first(lengths: Sequence[int]) -> tuple[list[int], np.ndarray, np.ndarray]:
    """The sentences longest first (so that those still going at a position are a prefix),
    their lengths and where each starts among the rows of the scores."""
    order = sorted(range(len(lengths)), key=lambda s: -lengths[s])
    sizes = np.array([lengths[s] for s in order], dtype=np.intp)
    starts = np.cumsum([0, *lengths[:-1]]).astype(np.intp)[order]
    return order, sizes, starts


def viterbi(scores: np.ndarray, lengths: Sequence[int], transition: np.ndarray) -> list[list[int]]:
    """The best label path of each sentence (``lengths`` tokens each, their rows of
    ``scores`` one after another), all sentences at once, with CRFsuite's arithmetic and
    its choice among equal scores (the first)."""
    order, sizes, starts = _longest_first(lengths)
    n, width, n_labels = len(order), int(sizes[0]), scores.shape[1]
    where = starts[:, None] + np.minimum(np.arange(width)[None, :], sizes[:, None] - 1)
    state = scores[where]  # sentences × positions × labels (padding repeats the last token)
    alpha = np.empty((n, width, n_labels))
    back = np.zeros((n, width, n_labels), dtype=np.intp)
    alpha[:, 0] = state[:, 0]
    going = np.searchsorted(-sizes, -np.arange(width), side="left")  # how many are longer
    step = np.empty((n, n_labels, n_labels))
    best = np.empty((n, n_labels))
    moves = transition[None, :, :]
    for t in range(1, width):
        k = int(going[t])
        np.add(alpha[:k, t - 1, :, None], moves, out=step[:k])  # from label i (axis 1) to j
        step[:k].argmax(axis=1, out=back[:k, t])
        step[:k].max(axis=1, out=best[:k])
        np.add(best[:k], state[:k, t], out=alpha[:k, t])
    # Back along the links, all sentences at once: those still going at position t are the
    # first going[t], and each one's label at t is already in ``label`` (its last one, or the
    # one the step after t gave). Converting all of ``back`` to lists instead was most of
    # Viterbi's time (its padding past each sentence's end included).
    label = alpha[np.arange(n), sizes - 1].argmax(axis=1)
    path = np.empty((n, width), dtype=np.intp)
    path[np.arange(n), sizes - 1] = label
    rows = np.arange(n)
    for t in range(width - 1, 0, -1):
        k = int(going[t])
        label[:k] = back[rows[:k], t, label[:k]]
        path[:k, t - 1] = label[:k]
    found = path.tolist()
    paths: list[list[int]] = [[] for _ in lengths]
    for s, length, labels in zip(order, sizes.tolist(), found, strict=True):
        paths[s] = labels[:length]
    return paths


def marginals(scores: np.ndarray, lengths: Sequence[int], transition: np.ndarray) -> np.ndarray:
    """tokens × labels: each token's probability of each label given its whole sentence
    (what :meth:`pycrfsuite.Tagger.marginal` answers), by forward-backward in log space,
    all sentences at once; the rows in the order of ``scores``."""
    order, sizes, starts = _longest_first(lengths)
    width = int(sizes[0]) if len(order) else 0
    steps = np.arange(width)[None, :]
    forward = starts[:, None] + np.minimum(steps, sizes[:, None] - 1)
    backward = starts[:, None] + np.maximum(sizes[:, None] - 1 - steps, 0)
    alpha = _log_forward(scores[forward], sizes, transition)
    # beta_t + state_t, computed forward over each sentence reversed with the transitions
    # transposed, then put back in order.
    gamma_reversed = _log_forward(scores[backward], sizes, transition.T)
    inside = steps < sizes[:, None]
    back_index = np.maximum(sizes[:, None] - 1 - steps, 0)
    gamma = np.take_along_axis(gamma_reversed, back_index[:, :, None], axis=1)
    last = alpha[np.arange(len(order)), sizes - 1]
    top = last.max(axis=1)
    log_z = top + np.log(np.exp(last - top[:, None]).sum(axis=1))
    log_prob = alpha[inside] + gamma[inside] - scores[forward[inside]]
    out = np.empty_like(scores)
    out[forward[inside]] = np.exp(log_prob - np.repeat(log_z, sizes)[:, None])
    return out


def _log_forward(state: np.ndarray, sizes: np.ndarray, moves: np.ndarray) -> np.ndarray:
    """sentences × positions × labels: log alpha of sentences sorted longest first (the
    positions past a sentence's end are left as they fall)."""
    n, width, n_labels = state.shape
    alpha = np.empty((n, width, n_labels))
    alpha[:, 0] = state[:, 0]
    going = np.searchsorted(-sizes, -np.arange(width), side="left")
    for t in range(1, width):
        k = int(going[t])
        step = alpha[:k, t - 1, :, None] + moves[None, :, :]  # from label i (axis 1) to j
        top = step.max(axis=1)
        alpha[:k, t] = top + np.log(np.exp(step - top[:, None, :]).sum(axis=1)) + state[:k, t]
    return alpha
