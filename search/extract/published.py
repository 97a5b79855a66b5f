"""When an article was published: caller metadata, a trailing timestamp line, or a dateline
that states a year. Never guessed: a dateline without a year (मॉस्को, 13 सितम्बर।) gives no
publication date, because a facet counts publication dates and a wrong one misleads.
"""

from __future__ import annotations

from pathlib import PurePath

import regex

from search.analysis.normalize import fold
from search.extract.dates import MONTHS, digits, find_dates, iso_at, valid_date
from search.models import DateMention, Document

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


# --- the date in a file's path ------------------------------------------------------------
# Scraped archives name files and folders by date: DJ-2020-APR-01.txt, 2020/04/01/story.txt,
# amar-ujala_2020-03-15.txt. The path is the last resort (after metadata and the text), and
# only a date that one reading gives: 03-04-2020 may be 3 April or 4 March, so it gives none,
# and so does a path naming two different dates.

_PATH_YEAR = r"(?P<y>(?:19|20)\d\d)"
_PATH_SEP = r"[-_.]"
#: Numbers and names of a date inside one file or folder name, away from other digits.
_PATH_FORMS = (
    regex.compile(rf"(?<!\d){_PATH_YEAR}{_PATH_SEP}(?P<m>\d\d){_PATH_SEP}(?P<d>\d\d)(?!\d)"),
    regex.compile(rf"(?<!\d)(?P<d>\d\d?){_PATH_SEP}(?P<m>\d\d?){_PATH_SEP}{_PATH_YEAR}(?!\d)"),
    regex.compile(rf"(?<![\p{{L}}\d]){_PATH_YEAR}{_PATH_SEP}?(?P<name>[\p{{L}}\p{{M}}]+)"
                  rf"{_PATH_SEP}?(?P<d>\d\d?)(?!\d)"),
    regex.compile(rf"(?<!\d)(?P<d>\d\d?){_PATH_SEP}?(?P<name>[\p{{L}}\p{{M}}]+){_PATH_SEP}?"
                  rf"{_PATH_YEAR}(?!\d)"),
)
#: What a path gives when it states a date that is no date, or one with two readings.
_UNSURE = "?"
#: Folders: 2020/04/01/story.txt (a day), 2020/04/story.txt (a month).
_PATH_FOLDERS = regex.compile(r"(?:^|/)(?P<y>(?:19|20)\d\d)/(?P<m>\d\d)/(?:(?P<d>\d\d)/)?")


def _month_number(name: str) -> int | None:
    """A month's name in any spelling of ``words/months.txt`` (Apr, APR, april, अप्रैल)."""
    return MONTHS.get(fold(name)) or MONTHS.get(fold(name.capitalize()))


def _path_dates(path: str) -> set[str]:
    found: set[str] = set()
    for form in _PATH_FORMS:
        for m in form.finditer(path, overlapped=True):
            month = _month_number(m["name"]) if "name" in m.groupdict() else int(m["m"])
            if month is None:
                continue
            day, year = int(m["d"]), int(m["y"])
            if form is _PATH_FORMS[1] and day <= 12 and month <= 12 and day != month:
                found.add(_UNSURE)  # 03-04-2020: day-month or month-day
            elif (date := valid_date(year, month, day)) is not None:
                found.add(date.isoformat())
    for m in _PATH_FOLDERS.finditer(path):
        if m["d"] is not None:
            date = valid_date(int(m["y"]), int(m["m"]), int(m["d"]))
            found.add(date.isoformat() if date else _UNSURE)
        elif 1 <= int(m["m"]) <= 12:
            found.add(f"{m['y']}-{m['m']}")
    return found


def date_from_path(path: str) -> str | None:
    """The publication date a file's path states (``YYYY-MM-DD``, or ``YYYY-MM`` from
    year/month folders), or None when it states none, or more than one reading."""
    found = _path_dates(path.replace("\\", "/"))
    days = {d for d in found if len(d) == 10}
    # A month folder above a file named by a day of that month is one date.
    months = {d for d in found if len(d) == 7 and not any(day.startswith(d) for day in days)}
    if _UNSURE in found or len(days) + len(months) != 1:
        return None
    return next(iter(days or months))


#: Where a publication date came from, in the order they are tried.
DATE_SOURCES = ("metadata", "text", "path", "none")
_RECORD_LINE = regex.compile(r":\d+$")


def path_for_date(doc: Document) -> str:
    """The part of an article's path that may state its date: a text file's path below its
    source folder (its id), or a JSON-lines or CSV record's file name; never the folders
    above the collection (a backup's date is no article's)."""
    if doc.path.lower().endswith(".txt"):
        return doc.id
    return PurePath(_RECORD_LINE.sub("", doc.path)).name


def date_source(doc: Document) -> str:
    """Which of :data:`DATE_SOURCES` gives ``doc`` its publication date (the same order as
    :func:`publication_date`, then the path)."""
    if doc.published and _from_metadata(doc.published):
        return "metadata"
    if _trailing_timestamp(doc.body) or _dateline(doc.body):
        return "text"
    return "path" if date_from_path(path_for_date(doc)) else "none"
