"""training/build_places.py: how sources merge into one row per place, and what is filtered."""

from __future__ import annotations

from collections import Counter

import pytest

from search.analysis.normalize import fold
from training.build_places import Filter, Row, is_plain_name, merge, with_part_spellings

pytest.importorskip("wordfreq")


def _filter(plain=(), per=(), loc=(), alone=()) -> Filter:
    counts = {name: Counter({fold(w): 10 for w in words})
              for name, words in (("plain", plain), ("per", per), ("loc", loc),
                                  ("alone", alone))}
    return Filter(set(), counts)


def test_a_source_row_joins_the_curated_country_by_its_code_and_keeps_its_spelling():
    curated = [Row("अमेरिका", "country", "United States", "US", ["अमेरिका"], True)]
    cldr = [Row("", "country", "United States", "US", ["संयुक्त राज्य"], official=True)]
    [row] = merge(curated, cldr, _filter())
    assert row.canonical == "अमेरिका" and row.names == ["अमेरिका", "संयुक्त राज्य"]


def test_a_name_another_place_holds_is_not_taken_twice():
    rows = merge([], [Row("", "city", "A", "IN", ["झांसी"], official=True),
                      Row("", "city", "B", "NP", ["झांसी"])], _filter())
    assert [r.english for r in rows] == ["A"]


@pytest.mark.parametrize("name, kept, official", [
    pytest.param("होली", False, False, id="seen-outside-entities"),
    pytest.param("जैक्सन", False, False, id="a-person-more-than-a-place"),
    pytest.param("झांसी", True, True, id="short-official-district"),
    pytest.param("कोटे-डी'ओर", False, False, id="punctuation"),
])
def test_filter(name, kept, official):
    keep = _filter(plain=["होली"], per=["जैक्सन"])
    assert keep.keeps(name, official) is kept


def test_only_devanagari_letters_spaces_and_hyphens_make_a_plain_name():
    assert is_plain_name("पोर्ट-ऑ-प्रिंस")
    assert not is_plain_name("यू॰एस॰ वर्जिन द्वीपसमूह")
    assert not is_plain_name("बा रिया - वूंग ताऊ")


def test_part_spellings_need_the_same_consonants():
    rows = with_part_spellings([
        Row("अमेरिका", "country", "United States", "US", ["अमेरिका", "अमरीका", "यूएस"]),
        Row("दक्षिण अमेरिका", "continent", "South America", "", ["दक्षिण अमेरिका"]),
    ])
    assert rows[1].names == ["दक्षिण अमेरिका", "दक्षिण अमरीका"]
