"""Words written as English letter names (search.extract.names.is_acronym) and the person spans
made of nothing else (search.extract.people.trim_person), and the tagged places made of nothing
else, or of no letter at all (search.extract.places.is_place_name)."""

from __future__ import annotations

import pytest

from search.analysis.normalize import fold
from search.extract.gazetteer import load_gazetteer
from search.extract.names import is_acronym
from search.extract.people import trim_person
from search.extract.pipeline import extract
from search.extract.places import is_place_name


@pytest.mark.parametrize("word, expected", [
    pytest.param("एमएलए", True, id="three-letters"),
    pytest.param("जेसीबी", True, id="a-product"),
    pytest.param("डीएम", True, id="two-letters"),
    pytest.param("एम", False, id="one-letter-is-an-initial"),
    pytest.param("सीता", False, id="a-name-that-begins-with-a-letter"),
    pytest.param("राम", False, id="a-name"),
])
def test_is_acronym(word, expected):
    assert is_acronym(fold(word)) is expected


@pytest.mark.parametrize("span, expected", [
    pytest.param("जेसीबी", None, id="an-acronym-alone-is-no-person"),
    pytest.param("पीवी सिंधु", "पीवी सिंधु", id="initials-before-a-name-stay"),
    pytest.param("एमएस धोनी", "एमएस धोनी", id="initials-stay"),
])
def test_acronym_person_spans(span, expected):
    trimmed = trim_person(span, 0, len(span))
    assert (span[trimmed[0]:trimmed[1]] if trimmed else None) == expected


@pytest.mark.parametrize("span, expected", [
    pytest.param("ईबीआरडी", False, id="an-abbreviation-the-gazetteer-lacks-is-no-place"),
    pytest.param("एमपी इलाका", True, id="letters-and-a-word-may-be-a-place"),
    pytest.param("अहमदाबाद", True, id="a-city"),
    pytest.param("4173", False, id="a-number-is-no-place"),
    pytest.param("४१७३", False, id="in-devanagari-digits-neither"),
])
def test_acronym_place_spans(span, expected):
    assert is_place_name(span, load_gazetteer()) is expected


def test_known_abbreviated_places_stay_places():
    """The gazetteer's own abbreviations (यूके, यूएसए) are found by the gazetteer, not the tagger,
    so the rule above never removes them."""
    assert extract("वह यूके गया।").places == ["यूके"]
    assert extract("ईबीआरडी की सदस्यता से भारत को लाभ होगा।").places == ["भारत"]
