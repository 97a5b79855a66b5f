"""Tagged places narrowed to the name (search.extract.places.trim_place): what goes, what is no
place at all."""

from __future__ import annotations

import pytest

from search.extract.places import trim_place


@pytest.mark.parametrize("span, expected", [
    pytest.param("झलियामारी गांव", "झलियामारी", id="settlement-word-after"),
    pytest.param("बदख़्शां प्रांत", "बदख़्शां", id="province-after"),
    pytest.param("अस्पताल", None, id="one-ordinary-word"),
    # never-places-alone.txt: never a one-word place in the training data
    pytest.param("डेविड", None, id="a-first-name-alone"),
    pytest.param("पर्वतीय", None, id="an-adjective-alone"),
    pytest.param("स्टेशन", None, id="the-head-of-a-place-name-alone"),
    pytest.param("दानापुर स्टेशन", "दानापुर स्टेशन", id="a-head-after-a-name-stays"),
    pytest.param("गुलमर्ग", "गुलमर्ग", id="an-unseen-word-stays"),
    pytest.param("दिल्ली", "दिल्ली", id="a-place-of-its-own-stays"),
])
def test_trim_place(span, expected):
    text = f"कल {span} में बारिश हुई"
    start = text.index(span)
    trimmed = trim_place(text, start, start + len(span))
    assert (text[trimmed[0]:trimmed[1]] if trimmed else None) == expected
