"""A query word's own inflections: the forms that share its stem term *and* belong to it.

The light stemmer strips the longest known suffix, so two unrelated words can meet at one stem
term: कीमती ("precious", folded किमति) loses ति and becomes किम, the stem of the name किम, and a
search for किम जोंग उन that falls back to "any word" lists articles about prices with कीमती
marked. The index cannot tell the two apart (both give the stem term किम), but its vocabulary
can: कीमती is also कीमत + ि, and कीमत is a word the archive writes. A form belongs to the
longest stem that a table suffix leaves and the index holds as a word (its *owner*); a query
word matches the forms of its stem term that have its own owner.

Only words of names (the people and places of the index's facets, ordinary words left out)
and words the index lacks are split so: a name does not conjugate, so a verb-like form of its
stem (किम + ती) is another word's, while a verb's forms split this way would often be its own
(बढ़ते is बढ़ + ते, not बढ़त + े, though बढ़त is a word too): splitting every stem term cost
XQuAD-hi 0.002 nDCG@10. Where every form of the stem term
has one owner, the stem term is searched as before; otherwise the word's own exact forms are.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from search.analysis.analyzer import EXACT_MARK
from search.analysis.stem import PROTECTED, SUFFIXES, stem


def _proper_stems(word: str) -> list[str]:
    """What each table suffix that the stemmer's length rule allows leaves of ``word``."""
    if word in PROTECTED:
        return []
    n = len(word)
    return [word[:-k] for k, suffixes in SUFFIXES if n > k + 1 and word[-k:] in suffixes]


def owner(word: str, attested: Callable[[str], bool]) -> str:
    """The longest stem of a folded ``word`` that the index holds as a word and that is not
    itself a form of the word's stem (बनाने is बना + ने, but बना is बन + ा: one verb), else
    its stem."""
    base = best = stem(word)
    for candidate in _proper_stems(word):
        if len(candidate) > len(best) and stem(candidate) != base and attested(candidate):
            best = candidate
    return best


def stem_forms(stem_term: str, attested: Callable[[str], bool]) -> list[str]:
    """Every indexed word whose stem is ``stem_term``: the stem itself or the stem and one
    table suffix (the only words the stemmer maps there)."""
    forms = [stem_term] if attested(stem_term) else []
    for _, suffixes in SUFFIXES:
        for suffix in suffixes:
            word = stem_term + suffix
            if stem(word) == stem_term and attested(word):
                forms.append(word)
    return forms


def own_forms(word: str, attested: Callable[[str], bool]) -> list[str] | None:
    """The exact terms (``=`` + form) of the forms of ``word``'s stem that are ``word``'s
    own, or None when all of them are (then the stem term itself is the right search).
    ``attested(w)`` says whether the index holds the folded word ``w``."""
    forms = stem_forms(stem(word), attested)
    mine = owner(word, attested)
    own = [f for f in forms if owner(f, attested) == mine]
    if len(own) == len(forms):
        return None
    if word not in own:
        own.append(word)  # the word as typed, even when the index lacks it
    return [EXACT_MARK + f for f in own]


def stem_terms(exact: Sequence[str], stems: Sequence[str], names: frozenset[str],
               attested: Callable[[str], bool]) -> list[str]:
    """The terms a free query word is searched by: for each of its readings (``exact``
    terms), its stem term, or, where the stem or the word is part of a known name
    (``names``, folded) or the index lacks the word, and the stem term also stands for an
    unrelated word, the word's own exact forms; ``stems`` not reached from a reading (a
    Latin word's) are kept."""
    terms: list[str] = []
    handled: set[str] = set()
    for term in exact:
        reading = term[len(EXACT_MARK):]
        stem_term = stem(reading)
        if stem_term not in stems or stem_term in handled:
            continue
        handled.add(stem_term)
        if stem_term not in names and reading not in names and attested(reading):
            terms.append(stem_term)
            continue
        own = own_forms(reading, attested)
        terms += own if own is not None else [stem_term]
    return terms + [s for s in stems if s not in handled]
