"""What makes two written names the same name: their folded words, without titles.

One key function serves extraction, the tagger's list of known names, collection-wide names and
the corrections file, so that every part of talaash agrees on when व्लादिमीर पुतिन and व्लादिमिर
पुतिन, or किम जोंग उन and किम जोंग-उन, are one name, and किम जोंग-इल is another.
"""

from __future__ import annotations

from functools import cache, lru_cache

from search import data
from search.analysis.normalize import fold, readings
from search.analysis.tokenize import words

#: Folded titles and honorifics (श्री, राष्ट्रपति, …): before a name, never part of it.
TITLES: frozenset[str] = frozenset(fold(w) for w in data.words("titles"))


def name_words(text: str) -> list[tuple[str, int, int]]:
    """The words of a name with offsets relative to ``text``; hyphenated parts count as words
    (किम जोंग-उन has three), so both spellings of a name give one key."""
    return list(_name_words(text))


@lru_cache(maxsize=100_000)
def _name_words(text: str) -> tuple[tuple[str, int, int], ...]:
    # Cached: extraction asks for the words of the same names and the same few words around
    # them over and over (4% of a rebuild worker's time was splitting them again).
    return tuple((w.text, w.start, w.end) for w in words(text) if w.parts == 1)


@lru_cache(maxsize=100_000)
def name_key(name: str) -> tuple[str, ...]:
    """A name's identity for matching: its folded words (hyphenated parts count as words)."""
    return tuple(f for f in (fold(w) for w, _, _ in name_words(name)) if f)


def person_key(text: str) -> tuple[str, ...]:
    """The identity of a person's name: its key without titles (राष्ट्रपति पुतिन is पुतिन)."""
    return without_titles(name_key(text))


def without_titles(key: tuple[str, ...]) -> tuple[str, ...]:
    """:func:`person_key` of a name whose :func:`name_key` is ``key``."""
    return tuple(f for f in key if f not in TITLES)


@cache
def key_rules_digest() -> str:
    """A hash of what :func:`name_key` is made of (this module, the normalizer, the tokenizer
    and the libraries they stand on), for what keeps name keys beyond a process."""
    import sys
    import unicodedata
    from pathlib import Path

    import indicnlp.normalize.indic_normalize as indic
    import regex

    from search import cache
    from search.analysis import normalize, tokenize

    return cache.digest([f"{sys.version_info[:2]} {unicodedata.unidata_version} "
                         f"{regex.__version__}",
                         *(Path(m.__file__) for m in (sys.modules[__name__], normalize,
                                                      tokenize, indic))])



#: Vowel signs (U+093E–U+094C, U+0962–U+0963), candrabindu and anusvara (U+0901–U+0902),
#: nukta (U+093C) and virama (U+094D): what two transliterations of one foreign name most
#: often differ by (लॉस एंजलिस / लॉस एंजेलिस, बफैलो / बफेलो).
_UNWRITTEN = dict.fromkeys([*range(0x093E, 0x094D), 0x0962, 0x0963, 0x0901, 0x0902, 0x093C,
                            0x094D])
#: A skeleton of fewer consonants than this says too little to match on (बस = बास = बेस).
MIN_SKELETON_CONSONANTS = 4


def skeleton(name: str) -> str:
    """A name's consonants and initial vowels, word by word: the key under which spelling
    variants of one transliterated name meet. Empty when it has fewer than
    :data:`MIN_SKELETON_CONSONANTS` consonants."""
    key = " ".join(w.translate(_UNWRITTEN) for w in name_key(name))
    consonants = sum(1 for ch in key if "\u0915" <= ch <= "\u0939" or "\u0958" <= ch <= "\u095f")
    return key if consonants >= MIN_SKELETON_CONSONANTS else ""


#: One word's skeleton needs at least this many consonants (हकन; not रम, which is राम and रमा).
MIN_WORD_SKELETON_CONSONANTS = 3


def word_skeleton(word: str) -> str:
    """One folded word's consonants and initial vowels (:func:`skeleton` of a word), or ""
    when it has fewer than :data:`MIN_WORD_SKELETON_CONSONANTS` consonants."""
    key = word.translate(_UNWRITTEN)
    consonants = sum(1 for ch in key if "\u0915" <= ch <= "\u0939" or "\u0958" <= ch <= "\u095f")
    return key if consonants >= MIN_WORD_SKELETON_CONSONANTS else ""


#: English letters as Hindi writes them, folded, in every reading (एम, एल, ए, …).
LETTER_NAMES: frozenset[str] = frozenset(
    f for w in data.words("latin-letter-names") for f in readings(w))
_LONGEST_LETTER = max(map(len, LETTER_NAMES))


@lru_cache(maxsize=100_000)
def is_acronym(folded: str) -> bool:
    """A folded word written as two or more English letter names (एमएलए is MLA, जेसीबी is
    JCB, डीएम is DM): an abbreviation, a role or a product, no part of a person's name."""
    n = len(folded)
    counts = [0] + [-1] * n  # the most letters that spell folded[:i], -1: none
    for i in range(1, n + 1):
        for j in range(max(0, i - _LONGEST_LETTER), i):
            if counts[j] >= 0 and folded[j:i] in LETTER_NAMES:
                counts[i] = max(counts[i], counts[j] + 1)
    return counts[n] >= 2
