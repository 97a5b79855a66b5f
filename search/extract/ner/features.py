"""The one feature function of the entity tagger, for training and for tagging alike.

A CRF is only as good as what it is told about each token, and training and tagging must tell
it exactly the same things, so both call :meth:`Featurizer.sentence`. Words are described by
their folded search form (:func:`search.analysis.normalize.fold`), so every spelling variant of a
name (मॉस्को/मास्को, व्लादिमीर/व्लादिमिर) shares one set of weights.

Two feature sets:

- ``lexical``, the baseline: the word, its folded form, folded prefixes and suffixes, its
  shape, and the folded words two either side;
- ``rich``, the shipped model: the baseline plus cues a reader uses. A title before a word
  (राष्ट्रपति पुतिन) announces a person; a postposition after it (रूस में, पुतिन ने) is seen
  through stopword flags and word bigrams; common endings of place and person names (-पुर,
  -स्तान, -कुमार) form suffix classes; word clusters learned from unlabeled Hindi
  (:mod:`training.clusters`) let a word unseen in training borrow from words that occur in the
  same contexts; gazetteer membership, when :mod:`search.extract.gazetteer` is there, marks known
  places; and the raw ending and loanword letters (nukta, ॉ) that folding erases hint at a
  foreign name.

Per-word features are cached: news repeats its words, and folding is the costly part.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from search import data
from search.analysis.normalize import fold
from search.analysis.stopwords import STOPWORDS
from search.extract.names import TITLES
from search.extract.ner.tokens import ABBREVIATIONS

LEXICAL = "lexical"
RICH = "rich"
FEATURE_SETS = (LEXICAL, RICH)
#: Optional groups of the rich set: ``oov`` marks a word the clusters never saw (news names
#: are mostly unseen words); ``cluster-bigrams`` pairs the coarse cluster of a word with its
#: neighbour's (a dense cue where word bigrams are sparse); ``neighbour-endings`` tells a word
#: the last two letters of the words beside it (postpositions glued to loanwords, verb forms);
#: ``wide`` adds the folded words three either side; ``title-near`` says that the word before,
#: past punctuation and initials, is a title (विदेश मंत्री डॉ. एस. जयशंकर: the title is four
#: tokens back of the surname).
OPTIONS = frozenset({"oov", "cluster-bigrams", "neighbour-endings", "wide", "title-near"})

#: Folded endings typical of place names (-पुर, -नगर, -स्तान ...) and person names.
PLACE_ENDINGS = tuple(fold(w) for w in data.words("place-endings"))
PERSON_ENDINGS = tuple(fold(w) for w in data.words("person-endings"))
_CACHE_LIMIT = 300_000
#: The neighbours a token's features look at.
_OFFSETS = (-2, -1, 1, 2)


def _char_class(ch: str) -> str:
    if "\u0900" <= ch <= "\u097f":
        return "D"
    if ch.isdigit():
        return "9"
    if ch.isalpha():
        return "A" if ch.isupper() else "a"
    return ch if ch.isascii() else unicodedata.category(ch)


def word_shape(word: str) -> str:
    """Runs of character classes: D (Devanagari), A/a (Latin upper/lower), 9 (digit), or the
    mark itself: पुतिन → D, Su-35 → Aa-9, 8,000 → 9,9."""
    shape: list[str] = []
    for ch in word:
        cls = _char_class(ch)
        if not shape or shape[-1] != cls:
            shape.append(cls)
    return "".join(shape)[:8]


#: Letters that folding erases but that mark a loanword, and so often a foreign name.
_LOAN_MARKS = {"\u093c": "nukta", "\u0949": "candra-o", "\u0911": "candra-o", "\u0945": "candra-e"}


def _spelling_cues(text: str) -> list[str]:
    return sorted({cue for mark, cue in _LOAN_MARKS.items() if mark in text})


def _is_letters(word: str) -> bool:
    return any(ch.isalpha() for ch in word) and not any(ch.isdigit() for ch in word)


@dataclass(frozen=True)
class FeatureSet:
    """What a model was trained with; a model must be used with the same set."""

    name: str = RICH
    #: Folded word → its cluster ids, coarse to fine (empty mapping: no cluster features).
    clusters: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    #: A :mod:`search.extract.gazetteer` gazetteer, or None.
    gazetteer: Any = None
    #: Extra feature groups of the rich set (:data:`OPTIONS`), named in the model's sidecar.
    options: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class _Word:
    """What the features need to know about one word, computed once per distinct word."""

    folded: str
    coarse: str  # its coarsest cluster id ("" when unclustered)
    own: tuple[str, ...]  # features of the word itself
    around: dict[int, tuple[str, ...]]  # what it tells a neighbour, by its offset from it
    title: bool = False  # a title (rich set only)
    skip: bool = False  # punctuation or an initial: title-near looks past it


class Featurizer:
    """Builds the feature lists of a sentence for one :class:`FeatureSet`."""

    def __init__(self, feature_set: FeatureSet, known: frozenset[str] | None = None) -> None:
        """``known``, when given, are the features a trained model has weights for: the others
        are left out of every list. CRFsuite ignores a feature it has no weight for, so the
        labels are the same, but it still has to read and look up each one (a sixth of them,
        and most of the tagger's time is that)."""
        if feature_set.name not in FEATURE_SETS:
            raise ValueError(f"unknown feature set {feature_set.name!r}")
        self.feature_set = feature_set
        self.rich = feature_set.name == RICH
        unknown = set(feature_set.options) - OPTIONS
        if unknown:
            raise ValueError(f"unknown feature options {sorted(unknown)}")
        self.options = feature_set.options if self.rich else frozenset()
        self.known = known
        self._cache: dict[str, _Word] = {}

    def word(self, text: str) -> _Word:
        cached = self._cache.get(text)
        if cached is None:
            if len(self._cache) >= _CACHE_LIMIT:
                self._cache.clear()
            cached = self._cache[text] = self._describe(text)
        return cached

    def _describe(self, text: str) -> _Word:
        folded = fold(text) or text
        own = [f"w={text}", f"f={folded}", f"shape={word_shape(text)}"]
        own += [f"s{n}={folded[-n:]}" for n in (1, 2, 3, 4) if len(folded) > n]
        own += [f"p{n}={folded[:n]}" for n in (1, 2, 3) if len(folded) > n]
        context = [f"f={folded}"]
        clusters = self.feature_set.clusters.get(folded) if self.rich else None
        if self.rich:
            cues = self._cues(folded, clusters)
            own += [f"len={min(len(folded), 8)}", f"rs2={text[-2:]}", *_spelling_cues(text), *cues]
            context += list(cues)
        around = {o: self._kept(f"{o}:{c}" for c in context) for o in _OFFSETS}
        if "neighbour-endings" in self.options and len(folded) > 2:
            for o in (-1, 1):
                around[o] += self._kept([f"{o}:s2={folded[-2:]}"])
        if "wide" in self.options:
            for o in (-3, 3):
                around[o] = self._kept([f"{o}:f={folded}"])
        title = self.rich and folded in TITLES
        skip = not any(ch.isalnum() for ch in text) or folded in ABBREVIATIONS
        return _Word(folded, clusters[0] if clusters else "", self._kept(own), around, title,
                     skip)

    def _kept(self, features) -> tuple[str, ...]:
        known = self.known
        return tuple(features) if known is None else tuple(f for f in features if f in known)

    def _cues(self, folded: str, clusters: tuple[str, ...] | None) -> list[str]:
        cues = []
        if folded in TITLES:
            cues.append("title")
        if folded in STOPWORDS:
            cues.append("stop")
        cues += [f"end={e}" for e in PLACE_ENDINGS if folded.endswith(e) and folded != e][:1]
        cues += [f"pend={e}" for e in PERSON_ENDINGS if folded.endswith(e)][:1]
        if clusters:
            cues += [f"c{k}={c}" for k, c in enumerate(clusters)]
        elif "oov" in self.options and self.feature_set.clusters and _is_letters(folded):
            cues.append("oov")
        gazetteer = self.feature_set.gazetteer
        if gazetteer is not None and folded in gazetteer:
            cues.append("gaz")
        return cues

    def sentence(self, tokens: Sequence[str]) -> list[list[str]]:
        """One feature list per token, in order; the same tokens always give the same lists."""
        described = [self.word(t) for t in tokens]
        n = len(described)
        bias, edges = self._bias, self._edges
        far_left, left, right, far_right = _OFFSETS
        bigram = self._bigram if self.rich else None
        coarse_bigrams = "cluster-bigrams" in self.options
        features = []
        for i, word in enumerate(described):
            feats = [*bias, *word.own]
            # The neighbours in _OFFSETS order (-2, -1, 1, 2); just beyond either end, the edge.
            if i >= 2:
                feats += described[i - 2].around[far_left]
            elif i == 1:
                feats += edges[far_left]
            if i >= 1:
                feats += described[i - 1].around[left]
            else:
                feats += edges[left]
            if i + 1 < n:
                feats += described[i + 1].around[right]
            else:
                feats += edges[right]
            if i + 2 < n:
                feats += described[i + 2].around[far_right]
            elif i + 2 == n:
                feats += edges[far_right]
            if bigram is not None:
                before = described[i - 1].folded if i else "^"
                after = described[i + 1].folded if i + 1 < n else "$"
                feats += bigram(f"b-1={before}|{word.folded}")
                feats += bigram(f"b+1={word.folded}|{after}")
                if coarse_bigrams:
                    left_c = described[i - 1].coarse if i else "^"
                    right_c = described[i + 1].coarse if i + 1 < n else "$"
                    feats += self._kept((f"cb-1={left_c}|{word.coarse}",
                                         f"cb+1={word.coarse}|{right_c}"))
            if self._extra:
                feats += self._extras(described, i)
            features.append(feats)
        return features

    @cached_property
    def _extra(self) -> bool:
        return bool(self.options & {"wide", "title-near"})

    def _extras(self, described: list[_Word], i: int) -> list[str]:
        """The features of the ``wide`` and ``title-near`` options for token ``i``."""
        feats: list[str] = []
        if "wide" in self.options:
            if i >= 3:
                feats += described[i - 3].around[-3]
            if i + 3 < len(described):
                feats += described[i + 3].around[3]
        if "title-near" in self.options:
            k = i - 1
            while k >= max(i - 6, 0) and described[k].skip:
                k -= 1
            if k >= 0 and described[k].title:
                feats += self._kept(["title-near"])
        return feats

    @cached_property
    def _bias(self) -> tuple[str, ...]:
        return self._kept(["bias"])

    @cached_property
    def _edges(self) -> dict[int, tuple[str, ...]]:
        return {offset: self._kept([f"{offset}:edge"]) for offset in _OFFSETS}

    def _bigram(self, feature: str) -> tuple[str, ...]:
        """A word bigram feature, or nothing when the model has no weight for it."""
        known = self.known
        return (feature,) if known is None or feature in known else ()
