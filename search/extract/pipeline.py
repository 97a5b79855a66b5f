"""Extraction: an article's text in, its title, publication date, people, places and dates out.

Pure text in, spans out — no index, no web — so that it can be measured on its own
(``make eval``) and reused by the indexer. The pieces:

- the statistical tagger (:mod:`search.extract.ner`) finds person, place and organisation spans;
- the gazetteer (:mod:`search.extract.gazetteer`) adds places the tagger missed and gives every
  known place its canonical name;
- :mod:`search.extract.entities` links aliases and avoids the traps (उन, किम जोंग-इल, न्यूयॉर्क टाइम्स);
- :mod:`search.extract.dates` finds the publication date and the dates mentioned;
- a user's corrections file (:mod:`search.extract.corrections`) has the last word.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from functools import cache

from search.analysis.normalize import fold
from search.analysis.stopwords import is_stopword
from search.extract.corrections import Corrections
from search.extract.dates import DateMention, find_dates, publication_date
from search.extract.entities import (
    PERSON,
    PLACE,
    Mention,
    RawSpan,
    name_key,
    name_words,
    occurrences,
    person_key,
    resolve_people,
    resolve_places,
)
from search.extract.gazetteer import load_gazetteer
from search.extract.lexicon import INSTITUTIONS, NOT_PLACE_HEADS, TITLES
from search.extract.ner.tagger import Tagger
from search.index.ingest import headline

#: Kinds of place whose names are not parts of people's names (a city's may be: वाशिंगटन).
NEVER_A_NAME = frozenset({"country", "state", "region", "continent"})


@dataclass
class Extraction:
    """What ``talaash extract`` prints for one document (``to_json``)."""

    title: str
    published: str | None
    persons: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)

    def to_json(self) -> dict:
        return asdict(self)


@cache
def _tagger() -> Tagger:
    return Tagger.load()


def extract(
    text: str,
    *,
    title: str | None = None,
    published: str | None = None,
    corrections: Corrections | None = None,
) -> Extraction:
    """Extract one article. ``published`` is metadata (ISO date) and wins over the text."""
    pub = publication_date(text, metadata=published)
    people, places = entity_mentions(text)
    mentions = sorted(people + places, key=lambda m: m.start)
    if corrections is not None:
        mentions = corrections.apply(text, mentions)
    pub_day = _as_date(pub.value) if pub is not None else None
    return Extraction(
        title=title if title is not None else (headline(text) if text.strip() else ""),
        published=pub.value if pub is not None else None,
        persons=_unique(m.canonical for m in mentions if m.kind == PERSON),
        places=_unique(m.canonical for m in mentions if m.kind == PLACE),
        dates=find_dates(text, published=pub_day),
        mentions=mentions,
    )


def entity_mentions(text: str) -> tuple[list[Mention], list[Mention]]:
    """Resolved person and place mentions of one text.

    The tagger decides sentence by sentence; the article as a whole knows more:

    - a known institution (क्रेमलिन, व्हाइट हाउस) is an organisation whatever it was tagged;
    - a gazetteer place wins over an overlapping tagger place (खासन स्टेशन → खासन, and
      उत्तर कोरिया रूस is two places);
    - a "person" that is exactly a gazetteer place (अमेरिका), or that holds a country,
      state, region or continent (सौदा यूरोप), is not a person; and a "place"
      that begins with a title, or that is the name of a person of the article (श्री किम,
      जियोन), is that person;
    - a person's name is a person wherever else it stands in the article;
    - an adjective of a place (उत्तर कोरियाई, रूसी, अमेरिकी), a time (सोवियत काल) or a
      body (भारत सरकार) is not a place.
    """
    spans = _tagger().spans(text)
    tagged = [s for s in spans if name_key(s.text) not in INSTITUTIONS]
    orgs = [RawSpan(s.start, s.end, "org") for s in spans
            if s.label == "ORG" or name_key(s.text) in INSTITUTIONS]
    matches = load_gazetteer().find(text)
    gazetteer = [RawSpan(m.start, m.end, PLACE, m.place.canonical) for m in matches]
    never_people = [g for g, m in zip(gazetteer, matches, strict=True)
                    if m.place.kind in NEVER_A_NAME]
    exact_places = {(g.start, g.end) for g in gazetteer}
    people = [RawSpan(s.start, s.end, PERSON) for s in tagged
              if s.label == "PER" and (s.start, s.end) not in exact_places
              and not any(_overlaps(s, g) for g in never_people)]
    person_keys = {person_key(text[p.start : p.end]) for p in people} - {()}
    places = list(gazetteer)
    for s in (s for s in tagged if s.label == "LOC"):
        if _names_a_person(text[s.start : s.end], person_keys):
            people.append(RawSpan(s.start, s.end, PERSON))
        elif not any(_overlaps(s, g) for g in gazetteer) and _is_place_name(s.text):
            places.append(RawSpan(s.start, s.end, PLACE, _canonical_place(text[s.start:s.end])))
    people = _merge_adjacent(text, people + _other_occurrences(text, people))
    person_mentions = resolve_people(text, people)
    blocked = orgs + [RawSpan(m.start, m.end, PERSON) for m in person_mentions]
    return person_mentions, resolve_places(text, places, blocked)


def _merge_adjacent(text: str, spans: list[RawSpan]) -> list[RawSpan]:
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


#: Endings that make an adjective of a place name: रूस → रूसी, कोरिया → कोरियाई,
#: अमेरिका → अमेरिकी, भारत → भारतीय.
_DEMONYM_ENDINGS = (("ाई", "ा"), ("ीय", ""), ("ी", "ा"), ("ी", ""), ("ई", ""))


def _is_place_name(surface: str) -> bool:
    """A tagged place that is not an adjective (रूसी) nor a time or body (सोवियत काल)."""
    words = surface.split()
    return bool(words) and fold(words[-1]) not in NOT_PLACE_HEADS and not _is_demonym(surface)


def _is_demonym(surface: str) -> bool:
    parts = surface.split()
    if not parts:
        return False
    last, gazetteer = parts[-1], load_gazetteer()
    return any(
        last.endswith(ending) and len(last) > len(ending) + 1
        and gazetteer.lookup([*parts[:-1], last[: -len(ending)] + base]) is not None
        for ending, base in _DEMONYM_ENDINGS
    )


def _overlaps(a, b) -> bool:
    return a.start < b.end and b.start < a.end


def _names_a_person(surface: str, person_keys: set[tuple[str, ...]]) -> bool:
    words = name_words(surface)
    if words and fold(words[0][0]) in TITLES:
        return True
    key = person_key(surface)
    n = len(key)
    return bool(key) and any(k[:n] == key or k[-n:] == key for k in person_keys)


def _other_occurrences(text: str, people: list[RawSpan]) -> list[RawSpan]:
    """Every other place in the article where a tagged person's name stands, or the first or
    last word of a full name (पुतिन of व्लादिमीर पुतिन, किम of किम जोंग उन) on its own."""
    keys = {person_key(text[p.start : p.end]) for p in people} - {()}
    keys |= {(part,) for key in keys if len(key) > 1 for part in (key[0], key[-1])
             if len(part) > 1 and not is_stopword(part)}
    spans = (RawSpan(start, end, PERSON) for start, end in occurrences(text, keys))
    return [span for span in spans if not any(_overlaps(span, p) for p in people)]


def _canonical_place(surface: str) -> str | None:
    place = load_gazetteer().lookup(surface.split())
    return place.canonical if place is not None else None


def _as_date(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def _unique(values) -> list[str]:
    return list(dict.fromkeys(values))
