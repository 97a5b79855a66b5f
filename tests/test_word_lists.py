"""The word lists in ``search/data/words`` as tables: each says what it is for, holds no
duplicates, and loads through the one helper."""

from __future__ import annotations

import unicodedata
from importlib import resources

import pytest

from search import data
from search.extract.dates import MONTHS, WEEKDAYS, month_label

WORDS = resources.files("search.data") / "words"
LISTS = sorted(p.name.removesuffix(".txt") for p in WORDS.iterdir() if p.name.endswith(".txt"))
#: Lists whose lines are ordered records (one month, one weekday a line), not sets of words.
SHAPES = {"months": 12, "weekdays": 7}


def test_there_are_lists():
    assert {"titles", "institutions", "months", "stopwords-added"} <= set(LISTS)


@pytest.mark.parametrize("name", LISTS)
def test_list_has_a_header_saying_what_it_is_for(name):
    text = (WORDS / f"{name}.txt").read_text(encoding="utf-8")
    header = [line for line in text.splitlines() if line.startswith("#")]
    assert text.startswith("#") and len(" ".join(header)) > 40, f"{name} needs a header"


@pytest.mark.parametrize("name", LISTS)
def test_list_entries_are_clean_and_unique(name):
    entries = data.lines(name)
    assert entries, f"{name} is empty"
    assert len(set(entries)) == len(entries), f"{name} repeats an entry"
    for entry in entries:
        assert entry == " ".join(entry.split()), f"{name}: stray spaces in {entry!r}"
        assert all(unicodedata.category(ch)[0] in "LMNP" or ch == " " for ch in entry), (
            f"{name}: {entry!r} has a character that is no letter, mark or digit")


@pytest.mark.parametrize(("name", "lines"), SHAPES.items())
def test_record_lists_have_one_line_per_record(name, lines):
    assert len(data.lines(name)) == lines


@pytest.mark.parametrize(("spelling", "month"), [
    ("सितंबर", 9), ("सितम्बर", 9), ("फ़रवरी", 2), ("फरवरी", 2), ("अक्तूबर", 10), ("Sept", 9),
])
def test_months_are_read_in_every_spelling(spelling, month):
    from search.analysis.normalize import fold

    assert MONTHS[fold(spelling)] == month


def test_weekdays_count_from_monday():
    from search.analysis.normalize import fold

    assert WEEKDAYS[fold("सोमवार")] == 0 and WEEKDAYS[fold("इतवार")] == 6


def test_displayed_month_is_the_first_spelling_of_its_line():
    assert [month_label(m) for m in (1, 2, 9, 12)] == ["जनवरी", "फ़रवरी", "सितंबर", "दिसंबर"]


def test_a_missing_list_is_an_error_that_says_so():
    with pytest.raises(data.MissingDataError, match=r"search/data/words/no-such-list\.txt"):
        data.lines("no-such-list")
