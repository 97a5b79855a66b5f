"""PartialDate: the one reading of ``YYYY[-MM[-DD]]`` that filters, ranges, facets and labels
share."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict

import pytest
from hypothesis import given
from hypothesis import strategies as st

from search.models import FacetValue, Hit, PartialDate, SearchResult
from web.render import date_label

VALID = [
    ("2023", "year", dt.date(2023, 1, 1), dt.date(2023, 12, 31), "2023"),
    ("2023-09", "month", dt.date(2023, 9, 1), dt.date(2023, 9, 30), "सितंबर 2023"),
    ("2024-02", "month", dt.date(2024, 2, 1), dt.date(2024, 2, 29), "फ़रवरी 2024"),
    ("2023-12", "month", dt.date(2023, 12, 1), dt.date(2023, 12, 31), "दिसंबर 2023"),
    ("2023-09-17", "day", dt.date(2023, 9, 17), dt.date(2023, 9, 17), "17 सितंबर 2023"),
]
INVALID = ["", "23", "2023-9", "2023-13", "2023-02-30", "२०२३", "2023²", "2023-09-17T10:00",
           "abcd", " 2023", "0000", "2023-00"]


@pytest.mark.parametrize(("value", "granularity", "first", "last", "label"), VALID,
                         ids=[v[0] for v in VALID])
def test_valid_values(value, granularity, first, last, label):
    date = PartialDate.parse(value)
    assert (date.granularity, date.first_day, date.last_day) == (granularity, first, last)
    assert date.iso() == value and date_label(value) == label


@pytest.mark.parametrize("value", INVALID)
def test_invalid_values_are_none_and_label_as_themselves(value):
    assert PartialDate.parse(value) is None
    assert date_label(value) == value


@given(st.dates(min_value=dt.date(1000, 1, 1)), st.sampled_from([4, 7, 10]))
def test_iso_round_trips(day, length):
    value = day.isoformat()[:length]
    assert PartialDate.parse(value).iso() == value


def test_a_search_results_json_is_its_asdict():
    """SearchResult.to_json is written out for speed; it must stay what asdict gives, field
    for field and in order (a new field of the result or of a hit fails here)."""
    hit = Hit(id="a", title="t", snippet="<mark>s</mark>", published="2023-09-17",
              persons=["p"], places=["x", "y"], score=1.5, title_html="t", all_words=False)
    result = SearchResult(query="q", total=3, hits=[hit, hit], notes=["n"], sort="newest",
                          facets={"person": [FacetValue("p", 2, True)], "date": []},
                          facet_totals={"person": 1}, page=2, per_page=5, total_all_words=2,
                          transliterated="खोजा गया", showing_results_for="r")
    data = result.to_json()
    assert json.dumps(data) == json.dumps(asdict(result))
    data["hits"][0]["persons"].append("changed")  # a copy, as asdict's is
    assert hit.persons == ["p"]
