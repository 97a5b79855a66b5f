"""What makes two written names the same name: their folded words, without titles.

One key function serves extraction, the tagger's list of known names, collection-wide names and
the corrections file, so that every part of talaash agrees on when व्लादिमीर पुतिन and व्लादिमिर
पुतिन, or किम जोंग उन and किम जोंग-उन, are one name, and किम जोंग-इल is another.
"""

from __future__ import annotations

from functools import cache, lru_cache

import regex

from search import data
from search.analysis.normalize import fold, readings
from search.analysis.tokenize import COMPOUND_RE, PART_RE, WORD_CHAR, WORD_START, words

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


def first_name_word(text: str, start: int, end: int) -> tuple[str, int, int] | None:
    """The first of ``name_words(text[start:end])``, with offsets into ``text``: the tokenizer's
    regexes run over ``text`` between ``start`` and ``end`` (they look neither behind nor
    past ``end``, so it is the same split) and stop at the first word, where splitting the
    window and caching it cost 4% of a rebuild worker's time (every window is new)."""
    compound = COMPOUND_RE.search(text, start, end)
    if compound is None:
        return None
    surface = compound.group()
    if "-" in surface or "\u2010" in surface or "\u2011" in surface:
        part = PART_RE.search(text, compound.start(), compound.end())
        return part.group(), part.start(), part.end()
    return surface, compound.start(), compound.end()


#: The word characters (the tokenizer's own class: letters, marks, digits and joiners) that
#: end just before a space at the end of the searched text.
_TAIL = regex.compile(rf"(?r){WORD_CHAR}+ ")
_STARTS_WORD = regex.compile(WORD_START)


def word_before(text: str, start: int, reach: int = 40) -> str | None:
    """The last of ``name_words(text[start - reach : start])`` when a single space separates
    it from ``start``, else None. The usual case (the word stands after a space, or at the
    window's edge, and begins with a letter or digit) is read off the characters; any
    other is split as before."""
    if start < 2 or text[start - 1] != " ":
        return None  # the last word must end just before one space
    low = max(0, start - reach)
    tail = _TAIL.search(text, low, start)
    if tail is None or tail.end() != start:
        return None  # nothing that ends a word stands before the space
    first = tail.start()
    if (first == low or text[first - 1].isspace()) and _STARTS_WORD.match(text, first):
        return text[first : start - 1]
    before = name_words(text[low:start])
    return before[-1][0] if before and text[low + before[-1][2] : start] == " " else None


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
