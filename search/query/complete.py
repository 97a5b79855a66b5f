"""People and places offered while a reader types: पुति offers व्लादिमीर पुतिन (5 articles).

A name is offered when the words typed so far begin consecutive words of the name, in any
spelling (both are folded by the analyzer's normalizer, so मॉस्को and मास्को meet), the last
typed word as a prefix. Names are ranked by how many articles mention them. Each facet keeps
a sorted list of its names' folded words, so one keystroke costs a binary search and a few
candidate checks, not a pass over every name of a large archive.
"""

from __future__ import annotations

import bisect
import threading
from dataclasses import dataclass

import numpy as np

from search.analysis.normalize import fold, readings
from search.index.facets import Facet, FacetStore
from search.translit.key import is_latin_word
from search.translit.keymap import KeyMap
from search.translit.prefix import MIN_LATIN, LatinPrefixes

#: Kinds of names offered, in the order their facets are read.
KINDS = ("person", "place")
#: Characters the last typed word needs before anything is offered (पु: a letter and its
#: vowel sign; the search box completes from the same length).
MIN_CHARS = 2
#: Trailing typed words a name may complete.
MAX_NAME_WORDS = 4
#: Candidate names read for one prefix, most of them discarded by the other typed words.
SCAN_LIMIT = 5000


@dataclass(frozen=True, slots=True)
class Suggestion:
    value: str
    kind: str
    count: int
    #: How many of the query's last words the name completes (किम जो → किम जोंग उन: 2),
    #: which choosing it replaces with the filter.
    words: int = 1

    def to_json(self) -> dict:
        return {"value": self.value, "kind": self.kind, "count": self.count,
                "words": self.words}


class _WordIndex:
    """A facet's names by folded word: ``words[i]`` starts word ``position[i]`` of name
    ``name[i]``; ``counts`` are the names' article counts."""

    def __init__(self, facet: Facet, live: np.ndarray):
        entries = []
        self.folded: list[tuple[str, ...]] = []
        for i, value in enumerate(facet.values):
            words = tuple(fold(w) for w in value.split())
            self.folded.append(words)
            entries += [(w, i, p) for p, w in enumerate(words) if w]
        entries.sort()
        self.words = [w for w, _, _ in entries]
        self.name = [i for _, i, _ in entries]
        self.position = [p for _, _, p in entries]
        self.counts = facet.counts(live)

    def matches(self, typed: list[str], last_forms: list[str]) -> set[int]:
        """Names whose words at some position are ``typed`` then a word starting with one of
        ``last_forms``."""
        found: set[int] = set()
        for form in last_forms:
            i = bisect.bisect_left(self.words, form)
            end = min(len(self.words), i + SCAN_LIMIT)
            while i < end and self.words[i].startswith(form):
                name, at = self.name[i], self.position[i] - len(typed)
                words = self.folded[name]
                if at >= 0 and all(words[at + k] == t for k, t in enumerate(typed)):
                    found.add(name)
                i += 1
        return found


class NameCompleter:
    """Completions over one generation's facet store; its word indexes are built on first use
    (a few hundred milliseconds for 100,000 articles) and kept with the generation."""

    def __init__(self, store: FacetStore, keymap: KeyMap | None = None):
        self.store = store
        #: The generation's key map: Latin words typed before the last read as Hindi ones.
        self.keymap = keymap
        self._indexes: dict[str, _WordIndex] = {}
        self._latin: LatinPrefixes | None = None
        self._lock = threading.Lock()

    def _latin_prefixes(self) -> LatinPrefixes:
        with self._lock:
            if self._latin is None:
                self._latin = LatinPrefixes(w for kind in KINDS if kind in self.store.facets
                                            for i in [self._index_unlocked(kind)]
                                            for w in i.words)
            return self._latin

    def _index_unlocked(self, kind: str) -> _WordIndex:
        index = self._indexes.get(kind)
        if index is None:
            index = self._indexes[kind] = _WordIndex(self.store.facets[kind], self.store.live)
        return index

    def _index(self, kind: str) -> _WordIndex:
        with self._lock:
            return self._index_unlocked(kind)

    def suggest(self, text: str, limit: int = 8) -> list[Suggestion]:
        """The people and places that complete ``text`` (its last words, the very last a
        prefix): those completing most of the typed words first, then those in most articles;
        nothing until the last word has :data:`MIN_CHARS`."""
        words = text.split()
        if not words or len(words[-1]) < MIN_CHARS:
            return []
        last_forms = self._last_forms(words[-1], len(words) > 1)
        if not last_forms:
            return []
        words = [self._hindi(w) for w in words[:-1]] + [words[-1]]
        best: dict[tuple[str, int], Suggestion] = {}
        # The longest run of trailing words that begins a name wins: मोदी वाराण offers
        # वाराणसी (1 word), किम जो offers किम जोंग उन (2 words).
        for k in range(min(len(words), MAX_NAME_WORDS), 0, -1):
            typed = [fold(w) for w in words[len(words) - k : -1]]
            if not all(typed):
                continue
            for kind in KINDS:
                if kind not in self.store.facets:
                    continue
                index = self._index(kind)
                values = self.store.facets[kind].values
                for name in index.matches(typed, last_forms):
                    count = int(index.counts[name])
                    if count and (kind, name) not in best:
                        best[(kind, name)] = Suggestion(values[name], kind, count, k)
        found = list(best.values())
        found.sort(key=lambda s: (-s.words, -s.count, s.kind, s.value))
        return found[:limit]

    def _last_forms(self, last: str, after_words: bool) -> list[str]:
        """The folded forms the last typed word may begin: its readings, or for a Latin
        prefix (puti) the names' words it may begin (पुतिन)."""
        if is_latin_word(last):
            return self._latin_prefixes().words_for(last, MIN_CHARS if after_words
                                                    else MIN_LATIN)
        return [f for f in readings(last) if f]

    def _hindi(self, word: str) -> str:
        """A whole typed word before the last: a Latin one as the Hindi word it most likely
        means in this archive (kim jong u: किम जोंग), else as typed."""
        if self.keymap is None or not is_latin_word(word):
            return word
        found = self.keymap.candidates(word)
        return found[0].word if found else word
