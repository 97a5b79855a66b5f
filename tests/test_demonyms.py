"""Adjectives of places (search.extract.places.is_demonym, begins_with_demonym): never a place,
and a "person" that begins with one names a kind of person."""

from __future__ import annotations

import pytest

from search.extract.gazetteer import load_gazetteer
from search.extract.places import begins_with_demonym, is_demonym


@pytest.mark.parametrize("word, expected", [
    pytest.param("रूसी", True, id="hindi-ending"),
    pytest.param("रशियन", True, id="english-ending-of-a-country"),
    pytest.param("अमरीकन", True, id="english-ending-another-spelling"),
    pytest.param("स्वीडिश", True, id="english-ish-ending"),
    pytest.param("कृष्णन", False, id="a-name-on-a-river-or-city-is-no-adjective"),
    pytest.param("मोहन", False, id="a-name"),
])
def test_is_demonym(word, expected):
    assert is_demonym(word, load_gazetteer()) is expected


@pytest.mark.parametrize("span, expected", [
    pytest.param("स्वीडिश स्कीइर", True, id="a-swedish-skier"),
    pytest.param("रशियन", False, id="one-word-is-for-the-place-rules"),
    pytest.param("व्लादिमीर पुतिन", False, id="a-name"),
])
def test_begins_with_demonym(span, expected):
    assert begins_with_demonym(span, load_gazetteer()) is expected
