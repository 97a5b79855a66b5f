"""Dates in Hindi news: mentions for the date facet, and the publication date (cases in
cases/dates.tsv; publication dates and the seeds here)."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from search.extract.dates import find_dates
from search.extract.published import publication_date
from search.models import DateMention
from tests.cases import alternatives, load


def _published(cell: str) -> dt.date | None:
    return dt.date.fromisoformat(cell) if cell.strip() else None


def _expected(cell: str) -> list[tuple[str, str, str]]:
    """``value/granularity/surface`` items; the surface may itself hold a slash (17/09/2023)."""
    return [tuple(item.split("/", 2)) for item in alternatives(cell)]


def _seen(mentions: list[DateMention]) -> list[tuple[str, str, str]]:
    return [(m.value, m.granularity, m.text) for m in mentions]


@pytest.mark.parametrize(
    "text, published, expected", load("dates", "text", "published", "expected")
)
def test_find_dates_reads_hindi_dates_and_rejects_lookalikes(text, published, expected):
    assert _seen(find_dates(text, _published(published))) == _expected(expected)


def test_a_datetime_publication_counts_as_its_day():
    (mention,) = find_dates("बुधवार को", dt.datetime(2023, 9, 17, 23, 59))
    assert mention.value == "2023-09-13"


def test_mentions_slice_the_raw_text_at_their_offsets():
    text = "मॉस्को, 13 सितम्बर। जुलाई 2000 में"
    for mention in find_dates(text):
        assert text[mention.start : mention.end] == mention.text


_ARTICLE = "उत्तर कोरिया के नेता किम जोंग उन मंगलवार को रूस पहुंचे।\nदोनों नेता मिले।\n"


@pytest.mark.parametrize(
    "text, metadata, expected",
    [
        pytest.param(
            "नई दिल्ली, 5 अक्टूबर 2023 (आईएएनएस)। बात\n2023-09-17 18:58:04\n",
            "2022-01-02T10:00:00",
            ("2022-01-02", "day", "2022-01-02T10:00:00"),
            id="metadata-wins-over-text",
        ),
        pytest.param(
            _ARTICLE, "2023-09-17", ("2023-09-17", "day", "2023-09-17"), id="metadata-day"
        ),
        pytest.param(_ARTICLE, "2023-09", ("2023-09", "month", "2023-09"), id="metadata-month"),
        pytest.param(
            _ARTICLE + "2023-09-17 18:58:04\n",
            "not a date",
            ("2023-09-17", "day", "2023-09-17 18:58:04"),
            id="unreadable-metadata-falls-back-to-text",
        ),
        pytest.param(
            _ARTICLE + "2023-09-17 18:58:04\n#उततर #करयई\n",
            None,
            ("2023-09-17", "day", "2023-09-17 18:58:04"),
            id="trailing-timestamp-before-hashtags",
        ),
        pytest.param(
            _ARTICLE + "  2023-09-17  \n",
            None,
            ("2023-09-17", "day", "2023-09-17"),
            id="trailing-date-only-line",
        ),
        pytest.param(
            "नई दिल्ली, 5 अक्टूबर 2023 (आईएएनएस)। " + _ARTICLE,
            None,
            ("2023-10-05", "day", "5 अक्टूबर 2023"),
            id="dateline-with-year-and-agency",
        ),
        pytest.param(
            "शीर्षक\n\nमॉस्को, 13 सितम्बर 2023। " + _ARTICLE,
            None,
            ("2023-09-13", "day", "13 सितम्बर 2023"),
            id="dateline-after-a-title-line",
        ),
        pytest.param(
            "वॉशिंगटन, सितंबर 2023। " + _ARTICLE,
            None,
            ("2023-09", "month", "सितंबर 2023"),
            id="dateline-month-and-year",
        ),
        pytest.param("मॉस्को, 13 सितम्बर। " + _ARTICLE, None, None, id="dateline-without-year"),
        pytest.param("सियोल । " + _ARTICLE, None, None, id="dateline-without-date"),
        pytest.param(
            _ARTICLE + "2023-09-17 18:58:04\n" + _ARTICLE * 3,
            None,
            None,
            id="timestamp-far-from-the-end-is-not-publication",
        ),
        pytest.param("यह 2019 में हुआ।\n" + _ARTICLE, None, None, id="a-year-in-the-text-is-not"),
        pytest.param("", None, None, id="empty-text"),
    ],
)
def test_publication_date_prefers_metadata_then_timestamp_then_dateline(text, metadata, expected):
    found = publication_date(text, metadata)
    if expected is None:
        assert found is None
        return
    assert (found.value, found.granularity, found.text) == expected
    if metadata is None or found.text != metadata:
        assert text[found.start : found.end] == found.text


# Seed 004 mentions 2019 twice: "2019 में" is a year context; "अपने 2019 शिखर सम्मेलन" is left
# out on purpose, since a number before a noun is as often a count, and the year is found anyway.
SEED_DATES = {
    "000": [("2000-07", "month", "जुलाई 2000")],
    "001": [("2023-09-17", "day", "2023-09-17 18:58:04")],
    "002": [],
    "003": [("--09-13", "day", "13 सितम्बर")],
    "004": [("2019", "year", "2019")],
}
SEED_PUBLISHED = {"000": None, "001": "2023-09-17", "002": None, "003": None, "004": None}


@pytest.mark.parametrize("seed", sorted(SEED_DATES))
def test_seed_mentions_are_the_real_dates_only(seed_texts, seed):
    assert _seen(find_dates(seed_texts[seed])) == SEED_DATES[seed]


@pytest.mark.parametrize("seed", sorted(SEED_PUBLISHED))
def test_seed_publication_date_comes_from_the_timestamp_or_nowhere(seed_texts, seed):
    found = publication_date(seed_texts[seed])
    assert (found.value if found else None) == SEED_PUBLISHED[seed]


def test_seed_004_reads_2019_mein_but_not_the_attributive_2019(seed_texts):
    text = seed_texts["004"]
    (mention,) = find_dates(text)
    assert text[mention.end :].startswith(" में")
    assert "अपने 2019 शिखर" in text


def test_seed_weekdays_resolve_only_against_a_publication_date(seed_texts):
    text = seed_texts["003"]
    assert all(m.granularity == "day" and m.value.startswith("--") for m in find_dates(text))
    dated = find_dates(text, dt.date(2023, 9, 13))
    assert ("2023-09-13", "बुधवार") in {(m.value, m.text) for m in dated}
    assert ("2023-09-12", "मंगलवार") in {(m.value, m.text) for m in dated}


# Devanagari, digits and the punctuation dates are made of, plus month and weekday names and
# the numbers around them, over-represented; plus any character at all.
_PIECES = st.sampled_from(
    [chr(c) for c in range(0x0900, 0x0980)]
    + list(" \n\t-–/.,:।|%₹+()0123456789")
    + "सितंबर सितम्बर फ़रवरी मई जुलाई September Sept बुधवार या अगले में से अधिक वर्ष किमी".split()
    + "13 31 29 2019 2023 2023-09-17 18:58:04 17/09/2023 १३ २०२३ 8,000".split()
)
_TEXTS = st.lists(st.one_of(_PIECES, st.characters()), max_size=30).map("".join)
_DATES = st.one_of(st.none(), st.dates(dt.date(1901, 1, 1), dt.date(2098, 12, 31)))


@given(_TEXTS, _DATES)
@settings(max_examples=500)
def test_find_dates_never_raises_and_spans_are_raw_and_disjoint(text, published):
    mentions = find_dates(text, published)
    for mention in mentions:
        assert 0 <= mention.start < mention.end <= len(text)
        assert mention.text == text[mention.start : mention.end]
        assert mention.granularity in ("day", "month", "year")
    for before, after in itertools.pairwise(mentions):
        assert before.end <= after.start


@given(_TEXTS, st.one_of(st.none(), st.text(max_size=25)))
@settings(max_examples=300)
def test_publication_date_never_raises_and_always_has_a_year(text, metadata):
    found = publication_date(text, metadata)
    if found is not None:
        assert found.granularity in ("day", "month")
        assert not found.value.startswith("--")
