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
from itertools import chain

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


#: The ids of the sentinels around each sentence among the word ids: two before it and two
#: after it.
_BEFORE_FAR, _BEFORE, _AFTER, _AFTER_FAR = range(4)
_SENTINELS = 4


class CrfDecoder:
    """Labels sentences as :meth:`pycrfsuite.Tagger.tag` does with the features of
    ``featurizer`` (which must be the features the model was trained with).

    Each cached word has an id, and what it brings is kept in arrays by that id: its own
    summed scores, and the rows it adds to each of its four neighbours (one flat array of rows,
    with where each word's rows begin and how many there are), so that a batch's rows are
    gathered by numpy, not concatenated token by token in Python (that was two thirds of
    tagging)."""

    def __init__(self, model: CrfModel, featurizer: Featurizer) -> None:
        self.model = model
        self.featurizer = featurizer
        self._pad = len(model.attributes)
        self._bias = self._rows(featurizer._bias)
        self._edges = {o: self._rows(e) for o, e in featurizer._edges.items()}
        #: Each bigram attribute of the model (``b-1=``, ``b+1=``, then ``cb-1=``, ``cb+1=``)
        #: by its pair of words, as ids of :attr:`_vocab` (a word triple seen once was most of
        #: the bigram feature strings; none is made here).
        tables = _pair_rows(model.attributes) if featurizer.rich else ({}, {}, {}, {})
        if "cluster-bigrams" not in featurizer.options:
            tables = tables[:2]
        #: The words of the word bigrams and the clusters of the cluster bigrams, each
        #: with an id (the edges ``^`` and ``$`` among them).
        self._vocab = _vocabulary(tables[:2])
        self._cluster_vocab = _vocabulary(tables[2:])
        self._pairs = [_PairRows(t, self._vocab) for t in tables[:2]] + \
            [_PairRows(t, self._cluster_vocab) for t in tables[2:]]
        self._clear()

    def _rows(self, features) -> tuple[int, ...]:
        """The rows of the features CRFsuite knows (it skips the others)."""
        get = self.model.attributes.get
        return tuple(r for r in map(get, features) if r is not None)

    def _clear(self) -> None:
        """No word cached but the sentinels: a token at the start of a sentence gets the left
        edge's features (and nothing for two to its left), the one after it the far-left
        edge's; likewise at the end."""
        far_left, left, right, far_right = _OFFSETS
        edges = self._edges
        self._ids: dict[str, int] = {}
        self._size = 0
        self._own = np.zeros((0, len(self.model.labels)))
        #: word id × offset (in _OFFSETS order): where its rows begin in _flat, how many.
        self._starts = np.zeros((0, 4), dtype=np.intp)
        self._counts = np.zeros((0, 4), dtype=np.intp)
        #: word id → its id in _vocab (its folded form) and _cluster_vocab, -1 for none.
        self._word_vocab = np.zeros(0, dtype=np.intp)
        self._word_cluster = np.zeros(0, dtype=np.intp)
        self._flat = np.zeros(0, dtype=np.intp)
        self._flat_size = 0
        nothing = ((), (), (), ())
        self._store(np.zeros((_SENTINELS, len(self.model.labels))),
                    [nothing, (edges[far_left], edges[left], (), ()),
                     ((), (), edges[right], edges[far_right]), nothing],
                    ["^", "^", "$", "$"], ["^", "^", "$", "$"])

    def _store(self, own: np.ndarray, around: list[tuple[tuple[int, ...], ...]],
               folded: list[str], coarse: list[str]) -> None:
        """Keep new words (ids from :attr:`_size` on): their own scores, their rows for each
        neighbour and their bigram words."""
        n, start = len(around), self._size
        stop = start + n
        if stop > len(self._own):
            capacity = max(2 * len(self._own), stop, 1024)
            self._own = _grown(self._own, capacity)
            self._starts = _grown(self._starts, capacity)
            self._counts = _grown(self._counts, capacity)
            self._word_vocab = _grown(self._word_vocab, capacity)
            self._word_cluster = _grown(self._word_cluster, capacity)
        self._own[start:stop] = own
        counts = np.array([[len(r) for r in word] for word in around],
                          dtype=np.intp).reshape(n, 4)
        flat = np.fromiter(chain.from_iterable(chain.from_iterable(around)), dtype=np.intp)
        first = self._flat_size
        if first + len(flat) > len(self._flat):
            self._flat = _grown(self._flat, max(2 * len(self._flat), first + len(flat), 16384))
        self._flat[first : first + len(flat)] = flat
        self._flat_size = first + len(flat)
        self._counts[start:stop] = counts
        self._starts[start:stop] = (first + np.cumsum(counts.ravel()) - counts.ravel()
                                    ).reshape(n, 4)
        self._word_vocab[start:stop] = [self._vocab.get(f, -1) for f in folded]
        self._word_cluster[start:stop] = [self._cluster_vocab.get(c, -1) for c in coarse]
        self._size = stop

    def _add(self, texts: list[str]) -> None:
        """Cache new words: their features described once (:meth:`Featurizer.word`), their
        own scores summed at once for all of them, each from 0 row by row in CRFsuite's
        order."""
        described = [self.featurizer.word(t) for t in texts]
        own = _summed(self.model.state, [self._bias + self._rows(d.own) for d in described],
                      self._pad)
        around = [tuple(self._rows(d.around[o]) for o in _OFFSETS) for d in described]
        self._store(own, around, [d.folded for d in described], [d.coarse for d in described])
        self._ids.update(zip(texts, range(self._size - len(texts), self._size), strict=True))

    def word_ids(self, sentences: Sequence[Sequence[str]]) -> np.ndarray:
        """The id of each token (the sentences one after another), new words cached first
        (all of them at once)."""
        tokens = list(chain.from_iterable(sentences))
        found = list(map(self._ids.get, tokens))
        if None in found:
            new = list(dict.fromkeys(t for t, i in zip(tokens, found, strict=True) if i is None))
            if len(self._ids) + len(new) > _CACHE_LIMIT:
                self._clear()
                new = list(dict.fromkeys(tokens))
            self._add(new)
            found = list(map(self._ids.get, tokens))
        return np.array(found, dtype=np.intp)

    def context_rows(self, sentences: Sequence[Sequence[str]]) -> tuple[np.ndarray, np.ndarray]:
        """Each token's word id, and its rows after its own, in :meth:`Featurizer.sentence`'s
        order (what its neighbours at -2, -1, 1 and 2 tell it, then its bigrams), as a
        tokens × most rows matrix padded with the all-zero row."""
        ids = self.word_ids(sentences)
        lengths = np.fromiter(map(len, sentences), dtype=np.intp, count=len(sentences))
        n, n_sentences = len(ids), len(lengths)
        # The sentences one after another, each between two sentinels either side.
        first = np.cumsum(lengths) - lengths + _SENTINELS * np.arange(n_sentences)
        padded = np.empty(n + _SENTINELS * n_sentences, dtype=np.intp)
        padded[first] = _BEFORE_FAR
        padded[first + 1] = _BEFORE
        padded[first + lengths + 2] = _AFTER
        padded[first + lengths + 3] = _AFTER_FAR
        at = np.arange(n) + np.repeat(first + 2 - (np.cumsum(lengths) - lengths), lengths)
        padded[at] = ids
        neighbours = np.stack([padded[at + o] for o in _OFFSETS], axis=1)
        # Each (token, offset)'s rows, token by token: a token's rows are one run.
        offset = np.arange(4)
        counts = self._counts[neighbours, offset].ravel()
        starts = self._starts[neighbours, offset].ravel()
        segment = np.repeat(np.arange(len(counts)), counts)
        ends = np.cumsum(counts)
        inside = np.arange(int(ends[-1]) if n else 0) - (ends - counts)[segment]
        values = self._flat[starts[segment] + inside]
        per_token = counts.reshape(n, 4).sum(axis=1)
        token = segment // 4
        column = np.arange(len(values)) - (np.cumsum(per_token) - per_token)[token]
        # Then the bigram rows (b-1=, b+1=, cb-1=, cb+1=: those the model has), in that order.
        left, right = neighbours[:, 1], neighbours[:, 2]
        words, clusters = self._word_vocab, self._word_cluster
        pairs = [(words[left], words[ids]), (words[ids], words[right]),
                 (clusters[left], clusters[ids]), (clusters[ids], clusters[right])]
        found = np.stack([t.find(a, b) for t, (a, b) in zip(self._pairs, pairs, strict=False)]
                         + [np.full(n, -1, dtype=np.intp)], axis=1)
        hit = found >= 0
        b_token, b_kind = np.nonzero(hit)
        b_column = per_token[b_token] + (np.cumsum(hit, axis=1) - 1)[b_token, b_kind]
        width = int((per_token + hit.sum(axis=1)).max(initial=0))
        rows = np.full((n, width), self._pad, dtype=np.intp)
        rows[token, column] = values
        rows[b_token, b_column] = found[b_token, b_kind]
        return ids, rows

    def scores(self, sentences: Sequence[Sequence[str]]) -> np.ndarray:
        """tokens × labels: every token's score for each label (the sentences one after
        another), summed in CRFsuite's order: its word's own (summed once per word), then
        its other rows column by column (a padding row adds 0.0, which changes no sum)."""
        ids, rows = self.context_rows(sentences)
        scores = self._own[ids]
        state = self.model.state
        for k in range(rows.shape[1]):  # column by column: each token's next attribute
            scores += state[rows[:, k]]
        return scores

    def tag_with_marginals(self, sentences: Sequence[Sequence[str]]
                           ) -> list[tuple[list[str], np.ndarray]]:
        """BIO labels of each sentence (none empty), as CRFsuite's Viterbi gives them, and its
        tokens × labels marginals (:func:`marginals`), both from :func:`viterbi_and_marginals`."""
        if not sentences:
            return []
        lengths = [len(s) for s in sentences]
        scores = self.scores(sentences)
        best, probs = viterbi_and_marginals(scores, lengths, self.model.transition)
        names = self.model.labels
        ends = np.cumsum(lengths).tolist()
        return [([names[i] for i in path], probs[end - n : end])
                for path, n, end in zip(best, lengths, ends, strict=True)]


def _grown(array: np.ndarray, capacity: int) -> np.ndarray:
    """``array`` with room for ``capacity`` rows (the new ones zero)."""
    grown = np.zeros((capacity, *array.shape[1:]), dtype=array.dtype)
    grown[: len(array)] = array
    return grown


def _summed(state: np.ndarray, row_lists: list[tuple[int, ...]], pad: int) -> np.ndarray:
    """len(row_lists) × labels: each list's rows of ``state`` added one by one to 0, as
    CRFsuite adds them (all lists at once, column by column)."""
    lengths = np.fromiter(map(len, row_lists), dtype=np.intp, count=len(row_lists))
    rows = np.full((len(row_lists), int(lengths.max(initial=0))), pad, dtype=np.intp)
    token = np.repeat(np.arange(len(row_lists)), lengths)
    flat = np.fromiter(chain.from_iterable(row_lists), dtype=np.intp, count=int(lengths.sum()))
    rows[token, np.arange(len(flat)) - (np.cumsum(lengths) - lengths)[token]] = flat
    total = np.zeros((len(row_lists), state.shape[1]))
    for k in range(rows.shape[1]):
        total += state[rows[:, k]]
    return total


def _vocabulary(tables) -> dict[str, int]:
    """An id for each word of the pairs of ``tables`` and for the edges ``^`` and ``$``."""
    vocab = {"^": 0, "$": 1}
    for table in tables:
        for a, b in table:
            vocab.setdefault(a, len(vocab))
            vocab.setdefault(b, len(vocab))
    return vocab


class _PairRows:
    """One kind of bigram attribute as sorted keys (a pair of word ids, as one int64) and
    their rows, to look up a batch's pairs at once."""

    def __init__(self, table: dict[tuple[str, str], int], vocab: dict[str, int]) -> None:
        self._size = max(len(vocab), 1)
        keys = np.array([vocab[a] * self._size + vocab[b] for a, b in table], dtype=np.int64)
        order = np.argsort(keys)
        self._keys = keys[order]
        self._rows = np.array(list(table.values()), dtype=np.intp)[order]

    def find(self, left: np.ndarray, right: np.ndarray) -> np.ndarray:
        """The row of each pair ``(left[i], right[i])`` of word ids, -1 where the model has
        none (an id of -1: a word in no pair)."""
        if not len(self._keys):
            return np.full(len(left), -1, dtype=np.intp)
        key = left.astype(np.int64) * self._size + right
        at = np.minimum(np.searchsorted(self._keys, key), len(self._keys) - 1)
        found = (self._keys[at] == key) & (left >= 0) & (right >= 0)
        return np.where(found, self._rows[at], -1)


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


def viterbi_and_marginals(scores: np.ndarray, lengths: Sequence[int], transition: np.ndarray
                          ) -> tuple[list[list[int]], np.ndarray]:
    """:func:`viterbi` and :func:`marginals` in one pass, with the same paths and floats.

    The three recursions (Viterbi's max, the forward and the backward log-sum-exp) are three
    channels of one array, stepped together, and laid out labels first with sentences and
    channels last: a step's numpy calls then run along the sentences (numpy loops along the
    last axis; along seven labels, its per-loop cost was most of the decoding), and each
    reduction over the previous label is over the first axis, one label after another,
    the order in which the sentence-first arrays were reduced. Each channel's arithmetic is
    its own function's, element by element (the Viterbi channel's log-sum-exp is computed
    and overwritten); Viterbi's back pointers are found again going back
    (:func:`_best_paths`)."""
    order, sizes, starts = _longest_first(lengths)
    n, n_labels = len(order), scores.shape[1]
    width = int(sizes[0]) if n else 0
    steps = np.arange(width)[:, None]
    forward = starts[None, :] + np.minimum(steps, sizes[None, :] - 1)  # positions × sentences
    backward = starts[None, :] + np.maximum(sizes[None, :] - 1 - steps, 0)
    # positions × labels × (sentence, channel): the Viterbi, forward and backward channels
    # (the backward one over each sentence reversed, with the transitions transposed) of the
    # sentences longest first; padding repeats the last token.
    rows = np.stack([forward, forward, backward], axis=2).reshape(width, 3 * n)
    state = np.ascontiguousarray(scores.T[:, rows].transpose(1, 0, 2))
    # from label i × to label j × (sentence, channel)
    moves = np.tile(np.stack([transition, transition, transition.T], axis=2), (1, 1, n))
    alpha = np.empty_like(state)
    alpha[0] = state[0]
    step = np.empty((n_labels, n_labels, 3 * n))
    top = np.empty((n_labels, 3 * n))
    going = 3 * np.searchsorted(-sizes, -np.arange(width), side="left")  # columns going on
    for t in range(1, width):
        k = int(going[t])
        now, best = step[:, :, :k], top[:, :k]
        np.add(alpha[t - 1, :, None, :k], moves[:, :, :k], out=now)
        now.max(axis=0, out=best)
        np.subtract(now, best, out=now)
        np.exp(now, out=now)
        sums = now.sum(axis=0)
        np.log(sums, out=sums)
        np.add(best, sums, out=sums)
        np.add(sums, state[t, :, :k], out=alpha[t, :, :k])
        np.add(best[:, ::3], state[t, :, :k:3], out=alpha[t, :, :k:3])  # Viterbi's max
    return _best_paths(alpha[:, :, 0::3], transition, sizes, going // 3, order), \
        _marginals(scores, alpha[:, :, 1::3], alpha[:, :, 2::3], sizes, forward)


def _best_paths(alpha: np.ndarray, transition: np.ndarray, sizes: np.ndarray,
                going: np.ndarray, order: list[int]) -> list[list[int]]:
    """Back from each sentence's best last label (``alpha``: Viterbi's, positions × labels
    × sentences longest first): the label before label j at t is the first i of the
    greatest ``alpha[t - 1, i] + transition[i, j]``, the very sum and choice of CRFsuite's
    back pointer. Those still going at position t are the first going[t]."""
    n, width = len(order), len(alpha)
    label = alpha[sizes - 1, :, np.arange(n)].argmax(axis=1)
    path = np.empty((width, n), dtype=np.intp)
    path[sizes - 1, np.arange(n)] = label
    into = np.ascontiguousarray(transition.T)  # to label j × from label i
    for t in range(width - 1, 0, -1):
        k = int(going[t])
        label[:k] = (alpha[t - 1, :, :k].T + into[label[:k]]).argmax(axis=1)
        path[t - 1, :k] = label[:k]
    paths: list[list[int]] = [[] for _ in order]
    for s, length, labels in zip(order, sizes.tolist(), path.T.tolist(), strict=True):
        paths[s] = labels[:length]
    return paths


def _marginals(scores: np.ndarray, alpha: np.ndarray, gamma_reversed: np.ndarray,
               sizes: np.ndarray, forward: np.ndarray) -> np.ndarray:
    """tokens × labels: the marginals from the forward and the reversed backward recursions
    (positions × labels × sentences)."""
    step, sentence = np.nonzero(np.arange(len(alpha))[:, None] < sizes[None, :])
    last = alpha[sizes - 1, :, np.arange(len(sizes))]
    top = last.max(axis=1)
    log_z = top + np.log(np.exp(last - top[:, None]).sum(axis=1))
    rows = forward[step, sentence]
    log_prob = alpha[step, :, sentence] \
        + gamma_reversed[sizes[sentence] - 1 - step, :, sentence] - scores[rows]
    out = np.empty_like(scores)
    out[rows] = np.exp(log_prob - log_z[sentence][:, None])
    return out
