"""Lists of names (search.extract.enumerations): the other members of a list of places, and of
a list of people."""

from __future__ import annotations

from itertools import pairwise
from unittest.mock import patch

import pytest
from hypothesis import given
from hypothesis import strategies as st

from search.extract.doc import Doc
from search.extract.enumerations import (
    _sentence_ranges,
    enumerations,
    listed_people,
    listed_places,
)
from search.extract.spans import SpanSet
from search.models import PERSON, PLACE, RawSpan


def _spans(text: str, names: list[str]) -> SpanSet:
    return SpanSet(RawSpan(text.index(n), text.index(n) + len(n), PLACE) for n in names)


@pytest.mark.parametrize("text, known, people, expected", [
    pytest.param("बर्फबारी से गुलमर्ग, ताया, पुत्ताखान और कारगिल में रास्ते बंद हैं।",
                 ["गुलमर्ग", "कारगिल"], [], ["ताया", "पुत्ताखान"], id="two-known-members"),
    pytest.param("मंडलायुक्त के अनुसार चौकीबाल, ताया, केरन सेक्टर और द्रास सेक्टर में खतरा है।",
                 [], [], ["चौकीबाल", "ताया", "केरन", "द्रास"],
                 id="place-words-after-members-count-and-go"),
    pytest.param("राजदान टॉप (बांदीपोरा), गुलमर्ग, द्रास में बर्फ गिरी।",
                 ["बांदीपोरा", "गुलमर्ग"], [], ["राजदान टॉप", "द्रास"], id="brackets-separate"),
    pytest.param("जालौन, ललितपुर, फतुहा व बांदा से लोग आए।", ["जालौन", "बांदा"], [],
                 ["ललितपुर", "फतुहा"], id="va-joins-the-last"),
    pytest.param("गुलमर्ग, ताया और कारगिल", ["गुलमर्ग"], [], [], id="one-known-is-not-enough"),
    pytest.param("गुलमर्ग और कारगिल में, ताया", ["गुलमर्ग", "कारगिल"], [], [],
                 id="a-stopword-ends-the-list"),
    pytest.param("अमरीका, न्यूज़ीलैंड, भारत और अन्य देशों में", ["अमरीका", "न्यूज़ीलैंड", "भारत"],
                 [], [], id="ordinary-words-are-no-place"),
    pytest.param("गुलमर्ग, संजय कुमार, ताया और कारगिल", ["गुलमर्ग", "कारगिल"], ["संजय कुमार"],
                 ["संजय कुमार", "ताया"], id="one-person-among-two-places-is-a-place"),
    pytest.param("गुलमर्ग, संजय कुमार, ताया, राम सिंह और कारगिल", ["गुलमर्ग", "कारगिल"],
                 ["संजय कुमार", "राम सिंह"], [], id="two-people-in-the-list"),
    pytest.param("गुलमर्ग, संजय कुमार, ताया", ["गुलमर्ग"], ["संजय कुमार"], [],
                 id="as-many-people-as-places"),
    pytest.param("पुत्र शिव राज सिंह, निवासी अयर सरैया, वाराणसी, उत्तर प्रदेश के रूप में",
                 ["वाराणसी", "उत्तर प्रदेश"], ["शिव राज सिंह", "अयर सरैया"], ["अयर सरैया"],
                 id="an-ordinary-word-begins-a-new-list"),
    pytest.param("गुलमर्ग। ताया, कारगिल", ["गुलमर्ग", "कारगिल"], [], [], id="a-danda-ends-it"),
    pytest.param("गुलमर्ग, ताया 12, कारगिल", ["गुलमर्ग", "कारगिल"], [], [],
                 id="a-number-ends-it"),
])
def test_listed_places(text, known, people, expected):
    found, not_people = listed_places(Doc(text), _spans(text, known), SpanSet([]),
                                      _spans(text, people))
    assert [text[s.start:s.end] for s in found] == expected
    assert {text[start:end] for start, end in not_people} == set(expected) & set(people)


@pytest.mark.parametrize("text, people, places, expected", [
    pytest.param("क्या सचिन, सहवाग और ज़हीर जैसे खिलाड़ी भारी पड़ेंगे?", ["सचिन", "सहवाग"], [],
                 ["ज़हीर"], id="two-people-name-the-third"),
    pytest.param("विदेश मंत्री ब्लिंकन, राजदूत संधू, सहायक सचिव सैटरफील्ड और सचिव जॉनसन ने कहा।",
                 ["ब्लिंकन", "संधू"], [], ["सैटरफील्ड", "जॉनसन"], id="titles-and-roles-stay-outside"),
    pytest.param("सचिन, सहवाग और सचिव लू ने कहा।", ["सचिन", "सहवाग"], [], [],
                 id="an-ordinary-word-after-a-role-is-no-name"),
    pytest.param("सचिन, सहवाग और ज़हीर", ["सचिन"], [], [], id="one-person-is-not-enough"),
    pytest.param("सचिन, सहवाग, ज़हीर और कारगिल", ["सचिन", "सहवाग"], ["कारगिल"], [],
                 id="no-list-with-a-place"),
    pytest.param("सचिन, सहवाग और अन्य खिलाड़ी", ["सचिन", "सहवाग"], [], [],
                 id="ordinary-words-are-no-person"),
    pytest.param("सचिन, सहवाग और केरन सेक्टर", ["सचिन", "सहवाग"], [], [],
                 id="a-place-word-after-a-member"),
    pytest.param("सचिन और सहवाग, ज़हीर", ["सचिन", "सहवाग"], [], ["ज़हीर"],
                 id="a-conjunction-inside-joins-too"),
])
def test_listed_people(text, people, places, expected):
    def spans(names: list[str], kind: str) -> SpanSet:
        return SpanSet(RawSpan(text.index(n), text.index(n) + len(n), kind) for n in names)
    found = listed_people(Doc(text), spans(people, PERSON), spans(places, PLACE), SpanSet([]))
    assert [text[s.start:s.end] for s in found] == expected
    assert all(s.kind == PERSON for s in found)


def test_no_list_of_people_with_an_organisation():
    text = "सचिन, सहवाग, भारतीय टीम और ज़हीर"
    people = SpanSet(RawSpan(text.index(n), text.index(n) + len(n), PERSON)
                     for n in ["सचिन", "सहवाग"])
    org = text.index("भारतीय टीम")
    assert listed_people(Doc(text), people, SpanSet([]),
                         SpanSet([RawSpan(org, org + len("भारतीय टीम"), "org")])) == []


def test_no_list_with_an_organisation():
    text = "गुलमर्ग, ताया, भारतीय सेना और कारगिल"
    found, _ = listed_places(Doc(text), _spans(text, ["गुलमर्ग", "कारगिल"]),
                             _spans(text, ["भारतीय सेना"]), SpanSet([]))
    assert found == []


def test_a_long_run_before_the_list_gives_its_last_words_only():
    text = "सेना ने कहा कि राम श्याम मोहन सोहन, ताया, कारगिल"  # no word of them is ordinary
    [members] = list(enumerations(Doc(text)))
    doc = Doc(text)
    assert [text[doc.parts[m.first].start:doc.parts[m.last].end] for m in members] == [
        "श्याम मोहन सोहन", "ताया", "कारगिल"]


@given(st.lists(st.sampled_from(["गुलमर्ग", "ताया", ",", " ", "और", "।", "(", ")", "12", "में",
                                 "सेक्टर", "-"]), max_size=40))
def test_members_are_words_of_the_text_in_order(tokens):
    text = " ".join(tokens)
    doc = Doc(text)
    last = -1
    for members in enumerations(doc):
        assert len(members) >= 3
        for m in members:
            assert last < m.first <= m.last
            last = m.last


@given(st.lists(st.sampled_from(["गुलमर्ग", "ताया", ",", " ", "और", "।", "(", ")", "12", "में",
                                 "सचिव", "सेक्टर", "-", ".", "\n", ",\n"]), max_size=60))
def test_a_list_stays_inside_its_sentences(tokens):
    """The lists read sentence by sentence (as listed_places and listed_people read them,
    sentences that a list may run across joined) are the lists of the whole article."""
    doc = Doc("".join(tokens))
    ranges = [(lo, hi) for _, _, lo, hi in _sentence_ranges(doc)]
    assert all(a[1] <= b[0] for a, b in pairwise(ranges))
    for leading in (frozenset(), frozenset({"सचिव"})):
        assert list(enumerations(doc, leading, ranges)) == list(enumerations(doc, leading))


def test_a_list_runs_across_a_line_break_after_a_comma():
    doc = Doc("गुलमर्ग,\nताया, कारगिल")
    assert [(lo, hi) for _, _, lo, hi in _sentence_ranges(doc)] == [(0, 3)]


@given(st.lists(st.sampled_from(["गुलमर्ग", "ताया", ", ", " ", " और ", "।", " सेक्टर", "\n",
                                 ",\n", " में "]), max_size=50), st.data())
def test_the_sentences_skipped_hold_no_list_of_places(tokens, data):
    """listed_places reads only the sentences where a list can have enough known places, and
    finds what reading every sentence finds."""
    import search.extract.enumerations as enumerations_module

    doc = Doc("".join(tokens))
    known = data.draw(st.lists(st.sampled_from(range(len(doc.parts))), max_size=6)
                      if doc.parts else st.just([]))
    places = SpanSet(RawSpan(doc.parts[i].start, doc.parts[i].end, PLACE) for i in known)
    found = listed_places(doc, places, SpanSet([]), SpanSet([]))
    every = [(0, len(doc.parts))]
    with patch.object(enumerations_module, "_sentences_with_places", lambda *_: every):
        assert listed_places(doc, places, SpanSet([]), SpanSet([])) == found
