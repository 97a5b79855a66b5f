"""A known place inside a name that is no place (search.extract.places.is_inside_organisation,
with the words training/build_place_contexts.py learns): not listed as a place."""

from __future__ import annotations

import pytest

from search.extract.pipeline import extract


@pytest.mark.parametrize("text, place, listed", [
    pytest.param("स्वच्छ भारत अभियान का दूसरा चरण शुरू हुआ ।", "भारत", False,
                 id="a-scheme-after"),
    pytest.param("कई देशों ने रोम संविधि को स्वीकार नहीं किया है ।", "रोम", False,
                 id="a-statute-after"),
    pytest.param("दोनों देशों ने भारत में एक संधि पर हस्ताक्षर किए ।", "भारत", True,
                 id="a-word-after-the-postposition-is-not-beside-it"),
    pytest.param("वह कल रोम पहुंचे ।", "रोम", True, id="a-place-alone"),
])
def test_place_inside_a_name(text, place, listed):
    assert (place in extract(text).places) is listed


@pytest.mark.parametrize("text, facility, city", [
    pytest.param("गाँव का निकटतम हवाई अड्डा पुणे विमानक्षेत्र है।", "पुणे विमानक्षेत्र", "पुणे",
                 id="an-airport"),
    pytest.param("फाइनल वेम्बली स्टेडियम में खेला गया।", "वेम्बली स्टेडियम", "वेम्बली",
                 id="a-stadium"),
])
def test_a_facility_named_after_a_place_is_one_place(text, facility, city):
    from search.extract.places import continues_place

    start = text.index(facility)
    assert continues_place(text, start + len(city), start + len(facility))
    assert not continues_place("वह पुणे में है।", len("वह पुणे"), len("वह पुणे में"))
