"""Latin prefixes of Devanagari words, for suggestions while typing: "puti" begins पुतिन.

The key map (:mod:`search.translit.keymap`) reads whole words; a reader still typing has only
the start of one. Both scripts reduce to the same phonetic key (:mod:`search.translit.key`), so
a Latin prefix begins a word when its key is close to the start of the word's key. Words are
kept sorted by their key's consonants (English spellings vary the vowels far more than the
consonants), so one keystroke is a binary search for the prefix's consonants and an edit
distance for each word found there.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable

from rapidfuzz.distance import Levenshtein

from search.translit.key import VOWELS, devanagari_key, latin_key, skeleton

#: Latin letters typed before a prefix is read on its own: two (pu, mo) begin a tenth of all
#: names. After whole words (kim jo) the words narrow the names, and two are enough.
MIN_LATIN = 3
#: Words read for one prefix (a bound on a keystroke), and the most offered.
SCAN = 2000
MAX_WORDS = 24
#: How close the prefix's key must be to the start of a word's key (the key map's own
#: threshold for whole words, :data:`search.translit.keymap.MIN_SIMILARITY`).
MIN_SIMILARITY = 0.7


class LatinPrefixes:
    """The folded Devanagari words of a generation's names, by the consonants of their key."""

    def __init__(self, words: Iterable[str]):
        rows = sorted({(skeleton(key), key, w) for w in set(words)
                       if (key := devanagari_key(w))})
        self.skel = [r[0] for r in rows]
        self.key = [r[1] for r in rows]
        self.word = [r[2] for r in rows]

    def words_for(self, prefix: str, min_letters: int = MIN_LATIN) -> list[str]:
        """The words ``prefix`` (Latin letters) may begin, closest first; empty for fewer
        than ``min_letters`` letters or what is no Latin word."""
        key = latin_key(prefix)
        if len(prefix) < min_letters or len(key) < 2:  # zzzz is the key j: begins too much
            return []
        skel = skeleton(key)
        i = bisect.bisect_left(self.skel, skel)
        end = min(len(self.skel), i + SCAN)
        scored = []
        while i < end and self.skel[i].startswith(skel):
            other = self.key[i]
            if (key[0] in VOWELS) == (other[0] in VOWELS):
                similarity = _start_similarity(key, other)
                if similarity >= MIN_SIMILARITY:
                    scored.append((-similarity, self.word[i]))
            i += 1
        scored.sort()
        return [w for _, w in scored[:MAX_WORDS]]


def _start_similarity(key: str, other: str) -> float:
    """How close ``key`` is to the start of ``other``: the best over starts one letter
    shorter or longer than it (a typed vowel the key drops, or one it keeps)."""
    return max(Levenshtein.normalized_similarity(key, other[:n])
               for n in range(max(1, len(key) - 1), len(key) + 2))
