"""Lists of names: the other members of a list whose members are places are places too, and
likewise for people.

Regional news names the places a storm, a flood or an avalanche reached in a list (कुपवाड़ा,
गुलमर्ग, द्रास सेक्टर और कारगिल सेक्टर), and most of them are villages and sectors that no
gazetteer and no training sentence knows. A list is one kind of thing, so when at least
:data:`MIN_KNOWN` of its members are already places of the article, none is an organisation
and at most :data:`MAX_PEOPLE` was taken for a person (fewer than the places), its other
members are places as well, that one included (निवासी अयर सरैया, वाराणसी, उत्तर प्रदेश).

A list here is at least :data:`MIN_MEMBERS` members, each of one to :data:`MAX_MEMBER_WORDS`
words of Devanagari letters separated by single spaces (or hyphens), joined by commas,
brackets (राजदान पास (बांदीपोरा), गुलमर्ग) or a conjunction (और, व), and by nothing else: a
danda, a quote or a number ends it. A member's last word may be a word that follows place names
(केरन सेक्टर, थली गांव): the place is the words before it, and such a member counts as a
known place. A member made of ordinary words only (मलाई, अन्य देशों) or that holds a stopword or a
title is not made a place, and a member loses the ordinary words it begins with (के अनुसार
चौकीबाल, ...: चौकीबाल); such a word begins a new phrase, so a new list begins there (पुत्र शिव
राज सिंह, निवासी अयर सरैया, ...: the list begins at अयर सरैया).

A list of people (सचिन, सहवाग और ज़हीर जैसे खिलाड़ी; विदेश मंत्री ब्लिंकन, राजदूत संधू, सहायक
सचिव सैटरफील्ड) is read the same way, its members' leading titles and role words
(``person-preceders``) inside the list: when at least :data:`MIN_PEOPLE` of its members are
people of the article and none is a place or an organisation, its other members are people
(:func:`listed_people`). A member's titles and roles begin no new list, as an ordinary word
does in a list of places. Measured (issue 9, person F1, two taggers: the shipped one, and one
with other word clusters): news-dev 0.840 -> 0.844 and 0.838 -> 0.843 (BBC +0.006, a cricketer
named by his first name only), IL-NER dev 0.752 -> 0.759 and 0.747 -> 0.754 (a press note's
list of officials); HiNER, MultiCoNER II and places unchanged. It adds four names in the span
sets' 3,650 sentences, three of them right: their sentences rarely list people.

One pass over the article's words: linear in its length.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import NamedTuple

import regex

from search import data
from search.analysis.normalize import fold
from search.analysis.stopwords import is_stopword
from search.extract.doc import Doc
from search.extract.names import TITLES
from search.extract.people import PRECEDERS
from search.extract.places import COMMON, FOLLOWERS, SETTLEMENT_HEADS
from search.extract.spans import SpanSet
from search.models import PERSON, PLACE, RawSpan

#: Conjunctions that join the last member of a list (और, व), folded.
CONJUNCTIONS: frozenset[str] = frozenset(fold(w) for w in data.words("name-conjunctions"))
#: A list has at least this many members,
MIN_MEMBERS = 3
#: at least this many of them already places (one lets lists of other things through: IL-NER
#: dev place precision 0.835 -> 0.811),
MIN_KNOWN = 2
#: at most this many of them taken for people (निवासी अयर सरैया, वाराणसी, उत्तर प्रदेश),
MAX_PEOPLE = 1
#: A list of people has at least this many members already people (सचिन, सहवाग और ज़हीर:
#: measured on four data sets, one lets a list of other things through),
MIN_PEOPLE = 2
#: and a member at most this many words (a place's name; a longer run is a phrase).
MAX_MEMBER_WORDS = 3
_LETTERS = regex.compile(r"[\p{Devanagari}&&[\p{L}\p{M}]]+", regex.V1)
#: What a member of a list of people may begin with that is not its name.
_PERSON_LEADING = TITLES | PRECEDERS
#: Words after a member that make it a known place.
_PLACE_HEADS = FOLLOWERS | SETTLEMENT_HEADS
#: What may stand between two members: commas, brackets and spaces (one comma or bracket at
#: least), or nothing but a space around a conjunction.
_SEPARATOR = regex.compile(r"\s*[,()]+[\s,()]*")


class Member(NamedTuple):
    """One member of a list: the name's first and last word (indexes into ``Doc.parts``) and
    whether a word that follows place names came after it."""

    first: int
    last: int
    headed: bool


def enumerations(doc: Doc, leading: frozenset[str] = frozenset(),
                 ranges: Iterable[tuple[int, int]] | None = None) -> Iterator[list[Member]]:
    """Every list of at least :data:`MIN_MEMBERS` members in the article, in order;
    ``leading``: words a member may begin with that are not part of its name (a person's
    titles and roles: विदेश मंत्री ब्लिंकन, राजदूत संधू); ``ranges``: only the lists inside
    these ranges of word indexes (``Doc.parts``), in order and apart, instead of all."""
    for lo, hi in [(0, len(doc.parts))] if ranges is None else ranges:
        yield from _lists(doc, lo, hi, leading)


def _lists(doc: Doc, lo: int, n: int, leading: frozenset[str]) -> Iterator[list[Member]]:
    """The lists among the words ``lo..n - 1`` (work in proportion to their number)."""
    parts, folded, text = doc.parts, doc.folded, doc.text
    # By word index minus lo.
    name = [_is_name_word(w.text, key) or (key in leading and bool(_LETTERS.fullmatch(w.text)))
            for w, key in zip(parts[lo:n], folded[lo:n], strict=True)]
    # Only a name word's gap is read: the others are never computed.
    gaps = [_gap_kind(text[parts[i].end : parts[i + 1].start]) if name[i - lo] else _END
            for i in range(lo, n - 1)] + [_END]
    members: list[Member] = []
    run_start = -1  # first word of the member being read, -1 between members
    i = lo
    while i < n:
        if not name[i - lo]:
            yield from _flush(members)
            members, run_start, i = [], -1, i + 1
            continue
        if run_start < 0:
            run_start = i
        gap = gaps[i - lo]
        if gap <= _HYPHEN and name[i + 1 - lo]:  # the member goes on (i + 1 < n: gaps ends
            # with _END)
            if i + 1 - run_start >= MAX_MEMBER_WORDS and not members:
                run_start += 1  # before the first separator: the last words only
            i += 1
            continue
        if i + 1 - run_start <= MAX_MEMBER_WORDS:
            member = _member(folded, run_start, i, leading)
            if member.first > run_start and not leading:  # निवासी अयर सरैया: a new list
                yield from _flush(members)
                members = []
            members.append(member)
            if gap == _COMMA:
                run_start, i = -1, i + 1
                continue
            if gap == _SPACE and i + 2 < n and folded[i + 1] in CONJUNCTIONS \
                    and text[parts[i + 1].end : parts[i + 2].start] == " ":
                run_start, i = -1, i + 2
                continue
        yield from _flush(members)
        members, run_start, i = [], -1, i + 1
    yield from _flush(members)


#: What stands between two words: a space, a hyphen, commas or brackets, anything else.
_SPACE, _HYPHEN, _COMMA, _END = 0, 1, 2, 3


@lru_cache(maxsize=1024)
def _gap_kind(gap: str) -> int:
    if gap == " ":
        return _SPACE
    if gap == "-":
        return _HYPHEN
    return _COMMA if _SEPARATOR.fullmatch(gap) else _END


def _flush(members: list[Member]) -> Iterator[list[Member]]:
    if len(members) >= MIN_MEMBERS:
        yield members


def _member(folded: list[str], first: int, last: int,
            leading: frozenset[str] = frozenset()) -> Member:
    """The member of words ``first..last``, without a trailing word that follows places and
    without the ordinary words (and ``leading`` words) it begins with (के अनुसार चौकीबाल,
    निवासी अयर सरैया)."""
    headed = last > first and folded[last] in _PLACE_HEADS
    if headed:
        last -= 1
    while first < last and (folded[first] in COMMON or folded[first] in leading):
        first += 1
    return Member(first, last, headed)


@lru_cache(maxsize=100_000)
def _is_name_word(word: str, key: str) -> bool:
    return bool(key) and bool(_LETTERS.fullmatch(word)) and not is_stopword(key) \
        and key not in TITLES and key not in CONJUNCTIONS


def listed_places(doc: Doc, places: SpanSet, orgs: SpanSet,
                  people: SpanSet) -> tuple[list[RawSpan], list[tuple[int, int]]]:
    """The members of the article's lists that are places by their company, and the members
    that were taken for people but are places. In a list with at least :data:`MIN_KNOWN`
    members that ``places`` holds (or that a place word follows), no organisation, and at most
    :data:`MAX_PEOPLE` members that ``people`` holds (fewer than the places), each member that
    no place holds and that is not made of ordinary words only is a place."""
    parts, folded = doc.parts, doc.folded
    found, not_people = [], []
    for members in enumerations(doc, ranges=_sentences_with_places(doc, places)):
        spans = [(parts[m.first].start, parts[m.last].end) for m in members]
        if any(orgs.overlap(start, end) for start, end in spans):
            continue
        known = sum(m.headed or places.overlap(start, end)
                    for m, (start, end) in zip(members, spans, strict=True))
        held = [people.overlap(start, end) for start, end in spans]
        if known < MIN_KNOWN or sum(held) > MAX_PEOPLE or sum(held) >= known:
            continue
        for m, (start, end), person in zip(members, spans, held, strict=True):
            if places.overlap(start, end) or folded[m.first] in COMMON:
                continue
            found.append(RawSpan(start, end, PLACE))
            if person:
                not_people.append((start, end))
    return found, not_people


def listed_people(doc: Doc, people: SpanSet, places: SpanSet, orgs: SpanSet) -> list[RawSpan]:
    """The members of the article's lists of people that are people by their company: in a
    list with at least :data:`MIN_PEOPLE` members that ``people`` holds and none that is a
    place (or that a place word follows) or an organisation, each other member is a person,
    without the titles, roles and ordinary words it begins with (सहायक सचिव सैटरफील्ड), unless
    nothing but ordinary words is left."""
    leading = _PERSON_LEADING
    parts, folded = doc.parts, doc.folded
    found = []
    for members in enumerations(doc, leading, _sentences_with_people(doc, people)):
        spans = [(parts[m.first].start, parts[m.last].end) for m in members]
        if any(orgs.overlap(start, end) or places.overlap(start, end) for start, end in spans) \
                or any(m.headed for m in members):
            continue
        held = [people.overlap(start, end) for start, end in spans]
        if sum(held) < MIN_PEOPLE:
            continue
        for m, (start, end), person in zip(members, spans, held, strict=True):
            words = folded[m.first : m.last + 1]
            if not person and not all(w in COMMON for w in words) \
                    and not any(w in leading for w in words):
                found.append(RawSpan(start, end, PERSON))
    return found


def _sentence_ranges(doc: Doc) -> list[tuple[int, int, int, int]]:
    """The article's sentences as first and last offsets and a range of word indexes, those
    that a list may run across joined (a list ends where the gap between two words is other
    than spaces, a hyphen, commas or brackets: a danda, a full stop; not a line break after a
    comma)."""
    parts, text = doc.parts, doc.text
    ranges: list[tuple[int, int, int, int]] = []
    for sentence in doc.sentences:
        if not sentence:
            continue
        start, end = sentence[0].start, sentence[-1].end
        lo, hi = bisect_left(doc.part_starts, start), bisect_left(doc.part_starts, end)
        if lo >= hi:
            continue
        if ranges and ranges[-1][3] == lo and \
                _gap_kind(text[parts[lo - 1].end : parts[lo].start]) != _END:
            start, _, lo, _ = ranges.pop()
        ranges.append((start, end, lo, hi))
    return ranges


def _sentences_with_people(doc: Doc, people: SpanSet) -> list[tuple[int, int]]:
    """The word ranges of the sentences that hold at least :data:`MIN_PEOPLE` of ``people``,
    so that the others are not read again."""
    return [(lo, hi) for start, end, lo, hi in _sentence_ranges(doc)
            if people.starting_in(start, end) >= MIN_PEOPLE]


def _sentences_with_places(doc: Doc, places: SpanSet) -> list[tuple[int, int]]:
    """The word ranges of the sentences where a list can have :data:`MIN_KNOWN` known places:
    those with as many places or words that follow places, or with a place that begins
    before them (the others are not read: that was 5% of extraction)."""
    heads, folded = _PLACE_HEADS, doc.folded
    return [(lo, hi) for start, end, lo, hi in _sentence_ranges(doc)
            if places.overlap(start, start + 1)
            or places.starting_in(start, end) + sum(f in heads for f in folded[lo:hi])
            >= MIN_KNOWN]
