"""Villages and districts named before a settlement noun (places.settlement_names)."""

from __future__ import annotations

import pytest

from search.extract.doc import Doc
from search.extract.pipeline import extract
from search.extract.places import settlement_names
from search.extract.spans import SpanSet


@pytest.mark.parametrize("text, expected", [
    pytest.param("वह चनेड़ गांव का रहने वाला था।", ["चनेड़"], id="village"),
    pytest.param("पुलिस बुराड़ी थाने पहुंची।", ["बुराड़ी"], id="police-station"),
    pytest.param("हादसा ग्राम अहिरपुरा के नजदीक हुआ।", ["अहिरपुरा"], id="village-noun-first"),
    pytest.param("गांव रहसैना निवासी मेहजाब खां", ["रहसैना"], id="village-noun-first-resident"),
    pytest.param("उसके गांव में पानी नहीं है।", [], id="stopword-before"),
    pytest.param("अस्पताल गांव से दूर है।", [], id="ordinary-word-before"),
    pytest.param("वह चनेड़, गांव से आया।", [], id="punctuation-between"),
    pytest.param("जिला नियोजनकर्ताओं के पास सूची है।", [], id="a-plural-noun-after"),
    pytest.param("किसानों गांव में नहीं रहे।", [], id="a-plural-noun-before"),
    pytest.param("गांव", [], id="nothing-before"),
])
def test_settlement_names(text, expected):
    doc = Doc(text)
    assert [text[s.start:s.end] for s in settlement_names(doc, SpanSet([]))] == expected


def test_a_taken_word_is_left_to_its_entity():
    doc = Doc("वह चनेड़ गांव का है।")
    start = doc.text.index("चनेड़")
    assert settlement_names(doc, SpanSet([_span(start, start + 5)])) == []


def test_extract_lists_the_village():
    assert "भनोता" in extract("हादसा भनोता गांव के पास हुआ।").places


def _span(start, end):
    from search.models import RawSpan

    return RawSpan(start, end, "org")
