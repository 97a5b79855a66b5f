"""The phonetic key that a Latin spelling and a Devanagari word both reduce to.

Readers type Hindi in Latin letters in many ways (modi, modee; bharat, bhaarat; moscow,
moskow), and the index keeps Devanagari words folded (:func:`search.analysis.normalize.fold`:
no nukta, no virama, short vowels). Both go to one small alphabet where the distinctions that
English spellings of Hindi do not make are gone: aspirated and plain consonants, retroflex and
dental, the three sibilants, vowel length, doubled letters, and the a that Hindi writes
inherently and English writes or drops at will. The letter-by-letter sounds are data
(``search/data/translit-devanagari.tsv``, ``translit-latin.tsv``).

A romanizer by table, not indic-nlp-library's ITRANS transliterator: ITRANS keeps exactly what
this key must throw away (aa/a, kh/k, T/t), needs the library's separate resources folder, and
would be undone by the same rules applied after it. indic-nlp's canonical Devanagari still
comes first, inside ``fold``.

The ``skeleton`` (the key's consonants) is what the key map is sorted by: English spellings
vary the vowels far more than the consonants, so candidates share a skeleton and are then
ranked by the distance between whole keys.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

#: Longest Latin word keyed; longer input is no Hindi word (and keeps a lookup bounded).
MAX_WORD = 40
VOWELS = frozenset("aeiou")


def _rows(name: str) -> list[list[str]]:
    text = resources.files("search.data").joinpath(name).read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines()
            if line.strip() and not line.startswith("#")]


@lru_cache(maxsize=1)
def devanagari_sounds() -> dict[str, str]:
    """Each Devanagari letter's sound in the key (``''``: silent)."""
    rows = _rows("translit-devanagari.tsv")
    for row in rows:
        if len(row) < 2 or len(row[0]) != 1:
            raise ValueError(f"translit-devanagari.tsv: bad row {row!r}")
    return {row[0]: row[1] for row in rows}


@lru_cache(maxsize=1)
def latin_rules() -> tuple[tuple[re.Pattern, str], ...]:
    """The ordered rewrites of a lowercased Latin word."""
    rules = []
    for row in _rows("translit-latin.tsv"):
        if len(row) < 2:
            raise ValueError(f"translit-latin.tsv: bad row {row!r}")
        rules.append((re.compile(row[0]), row[1]))
    return tuple(rules)


@lru_cache(maxsize=1)
def latin_variants() -> tuple[tuple[re.Pattern, str], ...]:
    """Rewrites of a Latin key into a second reading (an initial u as यू, r as ड़)."""
    rules = []
    for row in _rows("translit-latin-variants.tsv"):
        if len(row) < 2:
            raise ValueError(f"translit-latin-variants.tsv: bad row {row!r}")
        rules.append((re.compile(row[0]), row[1]))
    return tuple(rules)


def is_latin_word(word: str) -> bool:
    """A word a reader typed in Latin letters (digits and marks make it something else:
    su-35, g20 and 1962 are searched as written)."""
    return 0 < len(word) <= MAX_WORD and word.isascii() and word.isalpha()


def latin_key(word: str) -> str:
    """The key of a Latin spelling: ``"Vladivostok"`` → ``"vldivostok"``; ``""`` for what is
    not a Latin word."""
    if not is_latin_word(word):
        return ""
    text = word.lower()
    for pattern, replacement in latin_rules():
        text = pattern.sub(replacement, text)
    return _finish(text)


#: Rewrites chained to make one second reading (ukraine: initial u as यू and a silent e).
MAX_REWRITES = 2
#: Keys one Latin word is looked up by, the fewest rewrites first (a bound on a lookup).
MAX_KEYS = 16
#: Keys shorter than this get no second reading: one rewrite changes too much of them
#: ("south" read as साथ).
MIN_REWRITTEN = 4


def latin_keys(word: str) -> list[tuple[str, int]]:
    """The key of a Latin word with no rewrite, then its second readings, each with how many
    rewrites of one place made it (``"larki"`` → ``(lrki, 0)``, ``(ldki, 1)``); empty for what
    is not a Latin word."""
    key = latin_key(word)
    if not key:
        return []
    found = {key: 0}
    if len(key) < MIN_REWRITTEN:
        return list(found.items())
    frontier = [key]
    for depth in range(1, MAX_REWRITES + 1):
        nxt = []
        for base in frontier:
            for pattern, replacement in latin_variants():
                for match in pattern.finditer(base):
                    alt = _finish(base[:match.start()] + match.expand(replacement)
                                  + base[match.end():])
                    if alt and alt not in found and len(found) < MAX_KEYS:
                        found[alt] = depth
                        nxt.append(alt)
        frontier = nxt
    return list(found.items())


def devanagari_key(word: str) -> str:
    """The key of a folded Devanagari word: ``"वलादिमिर"`` → ``"vldimir"``; ``""`` when it
    has a letter the table does not know (digits, Latin, another script)."""
    sounds = devanagari_sounds()
    out = []
    for ch in word:
        sound = sounds.get(ch)
        if sound is None:
            return ""
        out.append(sound)
    return _finish("".join(out))


def fine_latin_key(word: str) -> str:
    """The Latin key with its a's kept: ties between keys (हत्या and हटाया are both ``hty``)
    are broken by where the a's stand (hatya)."""
    text = word.lower()
    for pattern, replacement in latin_rules():
        text = pattern.sub(replacement, text)
    return re.sub(r"(.)\1+", r"\1", text)


def fine_devanagari_key(word: str) -> str:
    """The Devanagari key with its written a's (ा, आ) kept; the inherent a stays unwritten."""
    sounds = devanagari_sounds()
    text = "".join(sounds.get(ch, "") for ch in word)
    return re.sub(r"(.)\1+", r"\1", text)


def _finish(text: str) -> str:
    """What both scripts share: doubled letters once (उत्तर/uttar), and no a after the first
    letter (the inherent a Hindi drops and English spellings write or not)."""
    collapsed = re.sub(r"(.)\1+", r"\1", text)
    return collapsed[:1] + collapsed[1:].replace("a", "") if collapsed else ""


def skeleton(key: str) -> str:
    """A key's consonants in order (its vowels when it has only vowels: उ, ए)."""
    consonants = "".join(ch for ch in key if ch not in VOWELS)
    return consonants or key
