"""PartialDate: the one reading of ``YYYY[-MM[-DD]]`` that filters, ranges, facets and labels
share."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from search.models import PartialDate
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
