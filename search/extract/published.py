"""When an article was published: caller metadata, a trailing timestamp line, or a dateline
that states a year. Never guessed: a dateline without a year (मॉस्को, 13 सितम्बर।) gives no
publication date, because a facet counts publication dates and a wrong one misleads.
"""

from __future__ import annotations

import regex

from search.extract.dates import digits, find_dates, iso_at, valid_date
from search.models import DateMention

_METADATA = regex.compile(r"\s*(\d{4})-(\d{2})(?:-(\d{2}))?(?:[T ][\d:.+\-Z ]*)?\s*")
#: The last lines of a scraped article may hold its timestamp (seed 001: 2023-09-17 18:58:04).
_TRAILING_LINES = 3
#: "मॉस्को, 13 सितम्बर।", "नई दिल्ली, 5 अक्टूबर 2023 (आईएएनएस)।": place, comma, date, an
#: optional agency in brackets, then a danda (or the | typed for it).
_DATELINE = regex.compile(
    r"[ \t]*[\p{L}][\p{L}\p{M} .\-]{0,40}?[ \t]*[,:][ \t]*(?P<date>[^\n।|()]{1,40}?)[ \t]*"
    r"(?:\([^)\n]{0,40}\)[ \t]*)?[।|]"
)


def _from_metadata(metadata: str) -> DateMention | None:
    m = _METADATA.fullmatch(metadata)
    if m is None:
        return None
    year, month = digits(m[1]), digits(m[2])
    if m[3] is not None:
        date = valid_date(year, month, digits(m[3]))
        return DateMention(metadata, 0, len(metadata), date.isoformat(), "day") if date else None
    if 1900 <= year <= 2099 and 1 <= month <= 12:
        return DateMention(metadata, 0, len(metadata), f"{year}-{month:02d}", "month")
    return None


def _lines(text: str) -> list[tuple[int, str]]:
    """Non-empty lines with their offsets, stripped."""
    out, offset = [], 0
    for line in text.splitlines(keepends=True):
        if stripped := line.strip():
            out.append((offset + line.index(stripped), stripped))
        offset += len(line)
    return out


def _trailing_timestamp(text: str) -> DateMention | None:
    for offset, line in reversed(_lines(text)[-_TRAILING_LINES:]):
        m = iso_at(line, 0)
        if (
            m
            and m.end() == len(line)
            and (date := valid_date(digits(m[1]), digits(m[2]), digits(m[3])))
        ):
            return DateMention(line, offset, offset + len(line), date.isoformat(), "day")
    return None


def _dateline(text: str) -> DateMention | None:
    """A dateline's date, only when it states a year: facets need one, and it is never
    guessed (मॉस्को, 13 सितम्बर। gives nothing)."""
    for offset, line in _lines(text)[:_TRAILING_LINES]:
        m = _DATELINE.match(line)
        if m is None:
            continue
        found = find_dates(m["date"])
        # The whole date part must be the date, with its year: a day or month, never a guess.
        if len(found) == 1 and found[0].text == m["date"] and found[0].granularity != "year":
            date = found[0]
            if not date.value.startswith("--"):
                start = offset + m.start("date")
                return DateMention(
                    date.text, start, start + len(date.text), date.value, date.granularity
                )
    return None


def publication_date(text: str, metadata: str | None = None) -> DateMention | None:
    """When the article was published: caller ``metadata`` (an ISO date) wins, then a
    timestamp line among the last lines, then a dateline with a year at the start. A date
    without a year never becomes a publication date."""
    if metadata and (found := _from_metadata(metadata)):
        return found
    return _trailing_timestamp(text) or _dateline(text)
