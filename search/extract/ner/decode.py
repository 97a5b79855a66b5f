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
from search.extract.ner.lattice import viterbi_and_marginals

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
