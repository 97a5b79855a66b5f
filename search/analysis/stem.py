"""Light inflectional stemming for Hindi (Ramanathan & Rao 2003, as in Lucene's HindiStemmer).

Hindi nouns and verbs inflect by suffix (प्रतिबंध/प्रतिबंधों, यात्रा/यात्राओं, रूस/रूसी); a
reader searching one form expects the others. The stemmer strips the longest known suffix while
keeping a stem of at least two characters, exactly as the paper's length conditions do.

It runs on *folded* text (see :mod:`search.analysis.normalize`), so the suffix table is folded
through the same normalizer when the module loads: the paper's ी becomes ि, ाँ becomes ां, and no
suffix is written twice.
"""

from __future__ import annotations

from functools import lru_cache

from search import data
from search.analysis.normalize import fold

# Ramanathan & Rao's suffixes, grouped by length, longest first; the same table as Lucene.
_SUFFIXES_BY_LENGTH: dict[int, tuple[str, ...]] = {
    5: ("ाएंगी", "ाएंगे", "ाऊंगी", "ाऊंगा", "ाइयाँ", "ाइयों", "ाइयां"),
    4: (
        "ाएगी", "ाएगा", "ाओगी", "ाओगे", "एंगी", "ेंगी", "एंगे", "ेंगे", "ूंगी", "ूंगा",
        "ातीं", "नाओं", "नाएं", "ताओं", "ताएं", "ियाँ", "ियों", "ियां",
    ),
    3: (
        "ाकर", "ाइए", "ाईं", "ाया", "ेगी", "ेगा", "ोगी", "ोगे", "ाने", "ाना", "ाते", "ाती",
        "ाता", "तीं", "ाओं", "ाएं", "ुओं", "ुएं", "ुआं",
    ),
    2: (
        "कर", "ाओ", "िए", "ाई", "ाए", "ने", "नी", "ना", "ते", "ीं", "ती", "ता", "ाँ", "ां",
        "ों", "ें",
    ),
    1: ("ो", "े", "ू", "ु", "ी", "ि", "ा"),
}


def _folded_table() -> tuple[tuple[int, frozenset[str]], ...]:
    table = []
    for length in sorted(_SUFFIXES_BY_LENGTH, reverse=True):
        folded = frozenset(fold(s) for s in _SUFFIXES_BY_LENGTH[length])
        if any(len(s) != length for s in folded):
            raise AssertionError(f"folding changed the length of a {length}-char suffix")
        table.append((length, folded))
    return tuple(table)


_TABLE = _folded_table()
#: The folded suffixes by length, longest first, as :func:`stem` tries them.
SUFFIXES = _TABLE


#: Abbreviations whose last letter is not an inflection: किमी (km) must not become किम (Kim).
PROTECTED = frozenset(fold(w) for w in data.words("stem-protected"))


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """Strip one inflectional suffix from a folded word; a word the paper's length conditions
    protect (too short for the suffix plus a two-letter stem) comes back unchanged, and so does
    a :data:`PROTECTED` abbreviation."""
    if word in PROTECTED:
        return word
    n = len(word)
    for length, suffixes in _TABLE:
        if n > length + 1 and word[-length:] in suffixes:
            return word[:-length]
    return word
