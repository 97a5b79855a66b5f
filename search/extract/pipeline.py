"""Extraction: an article's text in, its title, publication date, people, places and dates out.

Pure text in, spans out — no index, no web — so that it can be measured on its own
(``make eval``) and reused by the indexer. The pieces:

- the statistical tagger (:mod:`search.extract.ner`) finds person, place and organisation spans,
  and with its marginals the people it nearly found; a name it doubts must look like a name
  (:mod:`search.extract.confidence`);
- the gazetteer (:mod:`search.extract.gazetteer`) adds places the tagger missed and gives every
  known place its canonical name;
- :mod:`search.extract.people` links aliases and avoids the traps (उन, किम जोंग-इल);
- :mod:`search.extract.places` decides what is a place (not रूसी, not न्यूयॉर्क टाइम्स), and
  :mod:`search.extract.enumerations` finds the places of a list by their company;
- :mod:`search.extract.dates` finds the publication date and the dates mentioned;
- a user's corrections file (:mod:`search.extract.corrections`) has the last word.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from functools import cache

from search.extract.article import extraction_text, headline
from search.extract.confidence import DOUBTFUL_PERSON, doubted_names, voted_types
from search.extract.corrections import Corrections
from search.extract.dates import find_dates
from search.extract.doc import Doc
from search.extract.enumerations import listed_people, listed_places
from search.extract.gazetteer import load_gazetteer
from search.extract.names import person_key
from search.extract.ner.tagger import Tagger
from search.extract.people import (
    cued_names,
    merge_adjacent,
    name_affixes,
    names_a_person,
    other_occurrences,
    resolve_people,
)
from search.extract.places import (
    NEVER_A_NAME,
    begins_with_demonym,
    continues_place,
    ends_with_place_word,
    is_institution,
    is_place_name,
    resolve_places,
    settlement_names,
    trim_place,
)
from search.extract.published import publication_date
from search.extract.spans import SpanSet
from search.models import PERSON, PLACE, EntitySpan, Extraction, Mention, RawSpan


@cache
def _tagger() -> Tagger:
    return Tagger.load()


def load_models() -> None:
    """Load the tagger and the gazetteer now (seconds), so that worker processes forked
    afterwards share them instead of each loading its own."""
    _tagger()
    load_gazetteer()


def extract(
    text: str,
    *,
    title: str | None = None,
    published: str | None = None,
    corrections: Corrections | None = None,
) -> Extraction:
    """Extract one article. ``published`` is metadata (ISO date) and wins over the text.
    Only the first :data:`search.extract.article.EXTRACT_LIMIT` characters are read."""
    return extract_many([(text, title, published)], corrections=corrections)[0]


def extract_many(
    articles: Sequence[tuple[str, str | None, str | None]],
    *,
    corrections: Corrections | None = None,
) -> list[Extraction]:
    """:func:`extract` of each ``(text, title, published)``, the same results, with the
    sentences of all of them tagged at once: the numpy decoder's cost is mostly per position
    of the longest sentence it is handed, not per sentence, so a rebuild hands it a few
    articles at a time (one article at a time, that overhead was about a third of tagging)."""
    texts = [extraction_text(text) for text, _, _ in articles]
    docs = [Doc(text) for text in texts]  # the one split into words that every step reads
    tagged = _tagger().spans_of(docs, DOUBTFUL_PERSON)
    return [_extraction(doc, spans, title, published, corrections)
            for doc, spans, (_, title, published) in zip(docs, tagged, articles, strict=True)]


def _extraction(doc: Doc, spans: list[EntitySpan], title: str | None, published: str | None,
                corrections: Corrections | None) -> Extraction:
    text = doc.text
    pub = publication_date(text, metadata=published)
    people, places = entity_mentions(doc, spans)
    mentions = sorted(people + places, key=lambda m: m.start)
    if corrections is not None:
        mentions = corrections.apply(doc, mentions)
    pub_day = _as_date(pub.value) if pub is not None else None
    return Extraction(
        title=title if title is not None else (headline(text) if text.strip() else ""),
        published=pub.value if pub is not None else None,
        persons=_unique(m.canonical for m in mentions if m.kind == PERSON),
        places=_unique(m.canonical for m in mentions if m.kind == PLACE),
        dates=find_dates(doc, published=pub_day),
        mentions=mentions,
    )


def entity_mentions(text: str | Doc, tagger_spans: list[EntitySpan] | None = None
                    ) -> tuple[list[Mention], list[Mention]]:
    """Resolved person and place mentions of one text (``tagger_spans``: the tagger's spans
    of it, with :data:`DOUBTFUL_PERSON`, when they are already known).

    The tagger decides sentence by sentence; the article as a whole knows more:

    - a known institution (क्रेमलिन, व्हाइट हाउस) is an organisation whatever it was tagged;
    - a gazetteer place wins over an overlapping tagger place (खासन स्टेशन → खासन, and
      उत्तर कोरिया रूस is two places), but for a facility, a tagger place that goes on after
      it with a word that continues place names in the training data (पुणे विमानक्षेत्र);
    - a "person" that is exactly a gazetteer place (अमेरिका), or that holds a country,
      state, region or continent (सौदा यूरोप), is not a person; and a "place"
      that begins with a title, or that is the name of a person of the article (श्री किम,
      जियोन), is that person; a "person" that begins with a country's adjective (स्वीडिश
      स्कीइर, a Swedish skier) is a kind of person, none;
    - a person's name is a person wherever else it stands in the article;
    - an adjective of a place (उत्तर कोरियाई, रूसी, अमेरिकी), a time (सोवियत काल) or a
      body (भारत सरकार) is not a place.
    - the other members of a list whose members are places are places, a lone "person"
      among them too, and likewise for a list of people (:mod:`search.extract.enumerations`).
    """
    doc = Doc.of(text)
    text = doc.text
    if tagger_spans is None:
        tagger_spans = _tagger().spans(doc, DOUBTFUL_PERSON)
    spans = voted_types(doubted_names(doc, tagger_spans))
    tagged = [s for s in spans if not is_institution(s.text)]
    orgs = [RawSpan(s.start, s.end, "org") for s in spans
            if s.label == "ORG" or is_institution(s.text)]
    places_known = load_gazetteer()
    matches = places_known.find(doc)
    gazetteer = [RawSpan(m.start, m.end, PLACE, m.place.canonical) for m in matches]
    never_people = SpanSet(g for g, m in zip(gazetteer, matches, strict=True)
                           if m.place.kind in NEVER_A_NAME)
    exact_places, gazetteer_spans = {(g.start, g.end) for g in gazetteer}, SpanSet(gazetteer)
    people, tagged_places = [], [s for s in tagged if s.label == "LOC"]
    for s in (s for s in tagged if s.label == "PER"):
        if ends_with_place_word(text, s.start, s.end) and trim_place(text, s.start, s.end):
            tagged_places.append(s)  # शाहजहांपुर जनपद, जियांगजी प्रांत: a place
        elif (s.start, s.end) not in exact_places and not never_people.overlap(s.start, s.end) \
                and not begins_with_demonym(s.text, places_known):
            people.append(RawSpan(s.start, s.end, PERSON))
    person_names = name_affixes({person_key(text[p.start : p.end]) for p in people} - {()})
    places, known_ends = list(gazetteer), {g.start: g.end for g in gazetteer}
    for s in tagged_places:
        if names_a_person(text[s.start : s.end], person_names):
            people.append(RawSpan(s.start, s.end, PERSON))
            continue
        trimmed = trim_place(text, s.start, s.end)
        if trimmed is None or not is_place_name(s.text, places_known):
            continue  # सोवियत काल is a time before it is a trimmed सोवियत
        known_end = known_ends.get(s.start)
        if known_end is not None and known_end < s.end and continues_place(text, known_end,
                                                                             s.end):
            places.append(RawSpan(s.start, s.end, PLACE))  # पुणे विमानक्षेत्र: a facility
            continue
        start, end = trimmed
        if not gazetteer_spans.overlap(start, end) and is_place_name(text[start:end],
                                                                      places_known):
            places.append(RawSpan(start, end, PLACE, _canonical_place(text[start:end])))
    # A cue outranks the gazetteer: पत्नी सरस्वती is a woman, not the river.
    people += cued_names(doc, SpanSet(people + orgs))
    people += listed_people(doc, SpanSet(people), SpanSet(places), SpanSet(orgs))
    people = merge_adjacent(text, people + other_occurrences(doc, people))
    person_mentions = resolve_people(text, people)
    person_spans = [RawSpan(m.start, m.end, PERSON) for m in person_mentions]
    blocked = orgs + person_spans
    places += settlement_names(doc, SpanSet(blocked + places))
    listed, not_people = listed_places(doc, SpanSet(places), SpanSet(orgs),
                                       SpanSet(person_spans))
    if not_people:  # निवासी अयर सरैया, वाराणसी, उत्तर प्रदेश: a place among places
        wrong = SpanSet(RawSpan(start, end, PLACE) for start, end in not_people)
        person_mentions = [m for m in person_mentions if not wrong.overlap(m.start, m.end)]
        blocked = orgs + [RawSpan(m.start, m.end, PERSON) for m in person_mentions]
    places += listed
    return person_mentions, resolve_places(text, places, blocked)


def _canonical_place(surface: str) -> str | None:
    place = load_gazetteer().variant(surface)
    return place.canonical if place is not None else None


def _as_date(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def _unique(values) -> list[str]:
    return list(dict.fromkeys(values))
