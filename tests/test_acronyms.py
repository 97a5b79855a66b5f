"""Words written as English letter names (search.extract.names.is_acronym) and the person spans
made of nothing else (search.extract.people.trim_person)."""

from __future__ import annotations

import pytest

from search.analysis.normalize import fold
from search.extract.names import is_acronym
from search.extract.people import trim_person


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
