"""From tagged spans to people: who is meant, once each, under one name per article.

- a person's key is :func:`search.extract.names.person_key`, so spellings and hyphenation meet,
  while two different full names (किम जोंग उन, किम जोंग-इल) are never merged;
- inside an article, a shorter mention (पुतिन, श्री किम, किम जोंग) is linked to the full name
  it begins or ends, choosing the one mentioned most (then first) when several fit;
- a span that is only a stopword (the pronoun उन) or only titles is never a person;
- a person's name is a person wherever else it stands in the article, and person spans that
  touch are one name unless both are names known on their own.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

import regex

from search import data
from search.analysis.normalize import fold
from search.analysis.stopwords import is_stopword
from search.extract.doc import Doc
from search.extract.names import TITLES, is_acronym, name_words, person_key, word_skeleton
from search.extract.spans import SpanSet
from search.models import PERSON, Mention, RawSpan

#: Folded words that stand just before a name and are not part of it (शूटर, शोधकर्ता, बकौल),
#: learnt from the NER training data by ``training/build_boundaries.py``.
PRECEDERS: frozenset[str] = frozenset(fold(w) for w in data.words("person-preceders"))
#: Folded titles that end names as well (सुब्रमण्यम स्वामी, रीता कुमारी): not stripped from
#: the end of a span (``training/build_boundaries.py``).
NAME_ENDING_TITLES: frozenset[str] = frozenset(fold(w) for w in data.words("name-ending-titles"))
#: Folded ordinary words that are no names (``training/build_common_words.py``).
COMMON: frozenset[str] = frozenset(data.words("common-words"))
_DEVANAGARI = regex.compile(r"\p{Devanagari}")
#: Kinship and residence words that a name follows (निवासी, पुत्र, पत्नी), folded.
CUES: frozenset[str] = frozenset(fold(w) for w in data.words("person-cues"))
#: Function words that follow names and never end one (की, ने), folded
#: (``training/build_boundaries.py``).
FOLLOWERS: frozenset[str] = frozenset(data.words("person-followers"))
#: Conjunctions that join the names of a list (व, और), folded.
CONJUNCTIONS: frozenset[str] = frozenset(fold(w) for w in data.words("name-conjunctions"))
#: At most this many words after a cue are taken as the name.
MAX_CUED_WORDS = 3
_LETTERS = regex.compile(r"[\p{Devanagari}&&[\p{L}\p{M}]]+", regex.V1)


def trim_person(raw: str, start: int, end: int) -> tuple[int, int] | None:
    """Narrow a person span to the name: leading titles, roles and reporting words go (श्री
    किम → किम, शोधकर्ता मार्टिन → मार्टिन), and trailing titles but those that end names too
    (सुब्रमण्यम स्वामी stays), kinship words (मंगल
    प्रसाद सिंह पुत्र → मंगल प्रसाद सिंह), function words that follow names (लॉर्ड मैकाले की)
    and numbers (not
    ordinary words: surnames often are one, नितिन गडकरी, जितेंद्र नायक); a place and an
    ordinary word before a name of two words or more go too (X मुहल्ला निवासी संजय कुमार →
    संजय कुमार). None when
    nothing but titles, stopwords, digits or ordinary words is left (the pronoun उन, a bare
    श्री, धान लादकर), or only words spelt as English letters (जेसीबी; initials before a name
    stay, पीवी सिंधु: trimming them cost HiNER held-out PER 0.761 -> 0.740), or when the
    span has no Devanagari letter (Hindi news writes names in
    Devanagari; a Latin headline fragment is no person)."""
    if not _DEVANAGARI.search(raw[start:end]):
        return None
    parts = name_words(raw[start:end])
    while parts and (fold(parts[0][0]) in TITLES or fold(parts[0][0]) in PRECEDERS
                     or _has_digit(parts[0][0])
                     or (len(parts) > 2 and fold(parts[0][0]) in COMMON)):
        parts.pop(0)
    while parts and (_is_trailing_title(parts) or fold(parts[-1][0]) in CUES
                     or fold(parts[-1][0]) in FOLLOWERS or _has_digit(parts[-1][0])):
        if len(parts) > 1 and raw[start + parts[-2][2] : start + parts[-1][1]].strip():
            return None  # a model number (Su-35), not a name and a number after it
        parts.pop()
    parts = _after_ordinary_word(parts)
    if not parts:
        return None
    folded = [fold(w) for w, _, _ in parts]
    if all(is_stopword(f) for f in folded) or any(_has_digit(f) for f in folded):
        return None
    if all(f in COMMON for f in folded) or all(is_acronym(f) for f in folded):
        return None
    return start + parts[0][1], start + parts[-1][2]


def _is_trailing_title(parts: list[tuple[str, int, int]]) -> bool:
    """The last word is a title that is no part of the name: one that also ends names
    (स्वामी, कुमारी) is part of it after another word."""
    last = fold(parts[-1][0])
    return last in TITLES and (len(parts) == 1 or last not in NAME_ENDING_TITLES)


def _after_ordinary_word(parts: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """The words after the last ordinary word that has at least two words of a name after
    it (निवासी in X गांव निवासी कैसर अहमद मीर): what stands before it is no part of the name."""
    for i in range(len(parts) - 3, 0, -1):
        if fold(parts[i][0]) in COMMON and not any(fold(w) in COMMON for w, _, _ in parts[i + 1:]):
            return parts[i + 1:]
    return parts


def _has_digit(word: str) -> bool:
    return any(c.isdigit() for c in word)


def resolve_people(raw: str, spans: Iterable[RawSpan]) -> list[Mention]:
    """Person mentions, each shorter mention linked to the full name it begins or ends."""
    found = []
    for span in spans:
        trimmed = trim_person(raw, span.start, span.end)
        if trimmed is not None:
            start, end = trimmed
            key = person_key(raw[start:end])
            if key:
                found.append((start, end, key))
    counts = Counter(key for _, _, key in found)
    first_seen: dict[tuple[str, ...], int] = {}
    for start, _, key in found:
        first_seen.setdefault(key, start)
    inside_longer = {a for k in counts for a in _affixes(k, proper=True)}
    full_names = [k for k in counts if len(k) > 1 and k not in inside_longer]
    full, longer = set(full_names), _longer_names(full_names)
    display = _display_forms(raw, found)
    by_skeleton = _word_skeletons(full_names)
    mentions = []
    for start, end, key in found:
        target = key
        if key not in full:
            candidates = longer.get(key) or (
                by_skeleton.get(word_skeleton(key[0]), []) if len(key) == 1 else [])
            target = _best(candidates, counts, first_seen) or key
        mentions.append(Mention(raw[start:end], start, end, PERSON, display[target]))
    return mentions


def _word_skeletons(names: list[tuple[str, ...]]) -> dict[str, list]:
    """For the first and last word of each full name, its :func:`word_skeleton`: हैकन is the
    हैकेन of हैकेन बाकर written with another vowel."""
    found: dict[str, list] = {}
    for name in names:
        for word in {name[0], name[-1]}:
            if shape := word_skeleton(word):
                found.setdefault(shape, []).append(name)
    return found


def _affixes(key: tuple[str, ...], proper: bool = False) -> set[tuple[str, ...]]:
    """The keys that begin or end ``key`` (itself too, unless ``proper``)."""
    stop = len(key) if proper else len(key) + 1
    return {a for n in range(1, stop) for a in (key[:n], key[-n:])}


def _longer_names(names: list[tuple[str, ...]]) -> dict[tuple[str, ...], list]:
    """For each key, the longer of ``names`` that begin or end with it (पुतिन ends व्लादिमीर
    पुतिन; किम and किम जोंग begin किम जोंग उन), in the order of ``names``: an index, so that
    linking costs the mentions and not the mentions times the names."""
    found: dict[tuple[str, ...], list] = {}
    for name in names:
        for affix in _affixes(name, proper=True):
            found.setdefault(affix, []).append(name)
    return found


def _best(candidates: list, counts: Counter, first_seen: dict) -> tuple[str, ...] | None:
    """The most mentioned candidate; on a tie the one mentioned first."""
    if not candidates:
        return None
    return max(candidates, key=lambda f: (counts[f], -first_seen[f]))


def _display_forms(raw: str, found) -> dict[tuple[str, ...], str]:
    """For each key, its most frequent surface form in this article (ties: the first)."""
    forms: dict[tuple[str, ...], Counter] = {}
    for start, end, key in found:
        forms.setdefault(key, Counter())[_tidy(raw[start:end])] += 1
    return {key: c.most_common(1)[0][0] for key, c in forms.items()}


def _tidy(surface: str) -> str:
    return " ".join(surface.split())


def merge_adjacent(text: str, spans: list[RawSpan]) -> list[RawSpan]:
    """Person spans separated only by spaces are one name (किम + जोंग → किम जोंग), unless
    both are names already known on their own (किम जोंग उन + पुतिन: two people)."""
    keys = [person_key(text[s.start : s.end]) for s in spans]
    full = {k for k in keys if len(k) > 1}
    known = full | {(k[0],) for k in full} | {(k[-1],) for k in full}
    merged: list[RawSpan] = []
    for span in sorted(spans, key=lambda s: (s.start, s.end)):
        last = merged[-1] if merged else None
        if last is not None and (span.start < last.end or (
                not text[last.end : span.start].strip(" ")
                and not {person_key(text[last.start:last.end]),
                         person_key(text[span.start:span.end])} <= known)):
            merged[-1] = RawSpan(last.start, max(last.end, span.end), PERSON)
        else:
            merged.append(span)
    return merged


def name_affixes(person_keys: Iterable[tuple[str, ...]]) -> set[tuple[str, ...]]:
    """Every key that begins or ends one of ``person_keys``, for :func:`names_a_person`."""
    return {a for key in person_keys for a in _affixes(key)}


def names_a_person(surface: str, person_affixes: set[tuple[str, ...]]) -> bool:
    """A place span that begins with a title or that begins or ends a person's name of the
    article (``person_affixes``, from :func:`name_affixes`) is that person."""
    words = name_words(surface)
    if words and fold(words[0][0]) in TITLES:
        return True
    key = person_key(surface)
    return bool(key) and key in person_affixes


def cued_names(doc: Doc, taken: SpanSet) -> list[RawSpan]:
    """The name after a kinship or residence word (निवासी आसिफ, पुत्र अब्दुल कयूम खान), and
    the names joined to it by a conjunction (पुत्र रेहान व नासिर): up to
    :data:`MAX_CUED_WORDS` words each, separated by single spaces, each of Devanagari letters
    and none an ordinary word, stopword, title or cue; none already held by an entity."""
    parts, folded = doc.parts, doc.folded
    found = []
    for i in range(len(parts) - 1):
        if folded[i] not in CUES:
            continue
        at = i
        while (stop := _name_end(doc, at)) > at + 1:
            if not taken.overlap(parts[at + 1].start, parts[stop - 1].end):
                found.append(RawSpan(parts[at + 1].start, parts[stop - 1].end, PERSON))
            if stop >= len(parts) or folded[stop] not in CONJUNCTIONS:
                break
            at = stop
    return found


def _name_end(doc: Doc, at: int) -> int:
    """Where the name-like words right after word ``at`` end (``at + 1`` when there are none)."""
    parts, folded, text = doc.parts, doc.folded, doc.text
    stop = at + 1
    while (stop < len(parts) and stop - at <= MAX_CUED_WORDS and _is_name_word(folded[stop])
           and _LETTERS.fullmatch(parts[stop].text)
           and text[parts[stop - 1].end : parts[stop].start] == " "):
        stop += 1
    return stop


def _is_name_word(key: str) -> bool:
    return bool(key) and key not in COMMON and key not in TITLES and key not in CUES \
        and not is_stopword(key)


def other_occurrences(text: str | Doc, people: list[RawSpan]) -> list[RawSpan]:
    """Every other place in the article where a tagged person's name stands, or the first or
    last word of a full name (पुतिन of व्लादिमीर पुतिन, किम of किम जोंग उन) on its own."""
    doc = Doc.of(text)
    keys = {person_key(doc.text[p.start : p.end]) for p in people} - {()}
    keys |= {(part,) for key in keys if len(key) > 1 for part in (key[0], key[-1])
             if len(part) > 1 and not is_stopword(part)}
    tagged = SpanSet(people)
    return [RawSpan(start, end, PERSON) for start, end in doc.occurrences(keys)
            if not tagged.overlap(start, end)]

