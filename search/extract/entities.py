"""From tagged spans to canonical people and places: aliases, traps and corrections.

The tagger and the gazetteer say *where* names are; readers need *who* and *which place*, once
each. This module turns raw spans into mentions with a canonical name:

- a person's key is the sequence of folded words of the name without its titles, so व्लादिमीर
  पुतिन and व्लादिमिर पुतिन, किम जोंग उन and किम जोंग-उन are one key, while किम जोंग-इल (the
  father) is another — two different full names are never merged;
- inside an article, a shorter mention (पुतिन, श्री किम, किम जोंग) is linked to the full name
  it begins or ends, choosing the one mentioned most (then first) when several fit;
- a span that is only a stopword (the pronoun उन) or only titles is never a person;
- a place found by the gazetteer inside an organisation's name (न्यूयॉर्क टाइम्स) is not a
  place, and a place gets the gazetteer's canonical name when it has one.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from search.analysis.normalize import fold
from search.analysis.stopwords import is_stopword
from search.analysis.tokenize import words
from search.extract.lexicon import TITLES

PERSON = "person"
PLACE = "place"

#: Words that turn a preceding place name into an organisation (न्यूयॉर्क टाइम्स, दिल्ली
#: विश्वविद्यालय, मॉस्को स्टेट यूनिवर्सिटी), folded.
ORG_HEADS = frozenset(
    fold(w)
    for w in """टाइम्स पोस्ट हेराल्ड ट्रिब्यून जर्नल एक्सप्रेस गजट क्रॉनिकल टुडे न्यूज़ न्यूज
    टेलीग्राफ गार्डियन डेली यूनिवर्सिटी विश्वविद्यालय कॉलेज महाविद्यालय स्टेट बैंक एयरलाइंस
    एयरवेज क्लब एफसी यूनाइटेड सिटी कैपिटल्स नाइट्स टीवी रेडियो""".split()
)


@dataclass(frozen=True, slots=True)
class Mention:
    """One name in the text: ``text == raw[start:end]``; ``canonical`` is its display name."""

    text: str
    start: int
    end: int
    kind: str
    canonical: str


@dataclass(frozen=True, slots=True)
class RawSpan:
    """What a tagger or gazetteer found, before resolution. ``canonical`` is known for
    gazetteer places."""

    start: int
    end: int
    kind: str
    canonical: str | None = None


def name_words(text: str) -> list[tuple[str, int, int]]:
    """The words of a name with offsets relative to ``text``; hyphenated parts count as words
    (किम जोंग-उन has three), so both spellings of a name give one key."""
    return [(w.text, w.start, w.end) for w in words(text) if w.parts == 1]


def name_key(name: str) -> tuple[str, ...]:
    """A name's identity for matching: its folded words (hyphenated parts count as words)."""
    return tuple(f for f in (fold(w) for w, _, _ in name_words(name)) if f)


def occurrences(text: str, keys: Iterable[tuple[str, ...]]) -> Iterator[tuple[int, int]]:
    """Character spans where a name key stands in ``text``, word for word, in any spelling."""
    words = name_words(text)
    folded = [fold(w) for w, _, _ in words]
    for key in keys:
        n = len(key)
        for i in range(len(words) - n + 1):
            if tuple(folded[i : i + n]) == key:
                yield words[i][1], words[i + n - 1][2]


def person_key(text: str) -> tuple[str, ...]:
    """The identity of a person's name: folded words without titles."""
    return tuple(f for f in (fold(w) for w, _, _ in name_words(text)) if f and f not in TITLES)


def trim_person(raw: str, start: int, end: int) -> tuple[int, int] | None:
    """Narrow a person span to the name: leading titles go (श्री किम → किम). None when nothing
    but titles, stopwords or digits is left (the pronoun उन, a bare श्री)."""
    parts = name_words(raw[start:end])
    while parts and fold(parts[0][0]) in TITLES:
        parts.pop(0)
    while parts and fold(parts[-1][0]) in TITLES:
        parts.pop()
    if not parts:
        return None
    folded = [fold(w) for w, _, _ in parts]
    if all(is_stopword(f) for f in folded) or any(any(c.isdigit() for c in f) for f in folded):
        return None
    return start + parts[0][1], start + parts[-1][2]


def _is_inside_organisation(raw: str, end: int) -> bool:
    """The word right after a place name makes it a title of an organisation."""
    nxt = next(iter(name_words(raw[end : end + 40])), None)
    return nxt is not None and raw[end : end + nxt[1]].strip() == "" and fold(nxt[0]) in ORG_HEADS


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
    full_names = [k for k in counts if len(k) > 1 and not _longer_names(k, counts)]
    display = _display_forms(raw, found)
    mentions = []
    for start, end, key in found:
        target = key
        if key not in full_names:
            target = _best(_longer_names(key, full_names), counts, first_seen) or key
        mentions.append(Mention(raw[start:end], start, end, PERSON, display[target]))
    return mentions


def _longer_names(key: tuple[str, ...], names: Iterable[tuple[str, ...]]) -> list:
    """The longer names that begin or end with ``key`` (पुतिन ends व्लादिमीर पुतिन; किम and
    किम जोंग begin किम जोंग उन)."""
    n = len(key)
    return [f for f in names if len(f) > n and (f[:n] == key or f[-n:] == key)]


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


def resolve_places(raw: str, spans: Iterable[RawSpan], blocked: Sequence[RawSpan]) -> list[Mention]:
    """Place mentions: gazetteer canonical names, and no place inside an organisation's name or
    inside a person's or organisation's span."""
    mentions = []
    for span in sorted(spans, key=lambda s: (s.start, -(s.end - s.start))):
        if any(b.start < span.end and span.start < b.end for b in blocked):
            continue
        if _is_inside_organisation(raw, span.end):
            continue
        if mentions and span.start < mentions[-1].end:
            continue
        surface = raw[span.start : span.end]
        canonical = span.canonical or _tidy(surface)
        mentions.append(Mention(surface, span.start, span.end, PLACE, canonical))
    return mentions
