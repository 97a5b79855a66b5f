"""A closed compound is also searched as its two halves only when each half is a word of two
syllables or more: inflections and particles (यों, का) are not halves of a compound."""

import pytest

from search.query.builder import _syllables


@pytest.mark.parametrize(("word", "count"), [
    ("यों", 1), ("क्ष", 1), ("स्त्री", 1), ("रूस", 2), ("प्रूफ", 2), ("बुलेट", 3), ("अधिकारि", 4),
])
def test_syllables(word, count):
    assert _syllables(word) == count
