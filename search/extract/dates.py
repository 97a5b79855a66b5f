"""Dates in Hindi news text, for a date facet: what a story mentions and when it was published.

A facet shows a reader where to look, so a wrong date does more harm than a missing one. Hindi
news is full of numbers that look like years or days but are not (कोविड-19, Su-35,
8,000 किमी, 4 साल, 2023-24 का बजट), so a number becomes a date only beside a month name, in a
numeric date form, or in a context that Hindi uses for years (2019 में, वर्ष 2019). Month and
weekday names are recognised through :func:`search.analysis.normalize.fold`, so every spelling that
the search meets (सितम्बर/सितंबर, अक्तूबर/अक्टूबर, फ़रवरी/फरवरी, ९/9) is also a date here, and words
come from :func:`search.analysis.tokenize.words`: one analysis pipeline, with offsets into the raw
text.

Values are ISO 8601 at their granularity: ``2023-09-13`` (day), ``2000-07`` (month), ``2019``
(year), and ``--09-13`` for a day and month whose year is not known.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import NamedTuple

import regex

from search import data
from search.analysis.normalize import fold
from search.extract.doc import Doc
from search.extract.spans import DisjointSpans
from search.models import DateMention

__all__ = ["MONTHS", "MONTH_LABELS", "WEEKDAYS", "find_dates", "month_label"]


def _keys(*names: str) -> frozenset[str]:
    return frozenset(fold(name) for name in " ".join(names).split())


def _numbered(list_name: str, first: int) -> dict[str, int]:
    """Folded name → number, from a list with one month (or weekday) a line."""
    return {key: number for number, line in enumerate(data.lines(list_name), first)
            for key in _keys(line)}


#: Folded month name → month number; fold joins the spellings (सितम्बर = सितंबर).
MONTHS: dict[str, int] = _numbered("months", 1)
#: The name talaash displays for each month (index 0 is January).
MONTH_LABELS: tuple[str, ...] = tuple(line.split()[0] for line in data.lines("months"))
#: Folded weekday name → ``date.weekday()`` (Monday = 0).
WEEKDAYS: dict[str, int] = _numbered("weekdays", 0)

_YEAR_POSTPOSITIONS = _keys(*data.words("date-year-postpositions"))
_YEAR_NOUNS = _keys(*data.words("date-year-nouns"))
_COMPARATIVES = _keys(*data.words("date-comparatives"))
_QUANTIFIERS = _keys(*data.words("date-quantifiers"))
_UNITS = _keys(*data.words("date-units"))
_ALTERNATIVES = _keys(*data.words("date-alternatives"))
_WEEKDAY_MODIFIERS = _keys(*data.words("date-weekday-modifiers"))

#: Just before a number: a currency sign (₹2000 में) or a range (2019–2020 में).
_AMOUNT_OR_RANGE = frozenset("₹$€£-–—/")

_SPACE = regex.compile(r"[ \t\u00a0\u202f]+")
#: Spaces after an abbreviation's dot or a comma: "Sept. 13", "सितंबर, 2023", "रु. 2000".
_LOOSE_GAP = regex.compile(r"\.?,?[ \t\u00a0\u202f]+")
_DAY_GAP = regex.compile(r",?[ \t\u00a0\u202f]+")

_BEFORE = r"(?<![\p{L}\p{M}\p{Nd}+])(?<!\p{Nd}[./\-:,])"
_AFTER = r"(?![\p{L}\p{M}\p{Nd}])(?![./\-:,]\p{Nd})"
#: ISO 8601 dates, with an optional time: 2023-09-17, 2023-09-17 18:58:04, 2023-09-17T18:58.
_ISO = regex.compile(
    _BEFORE + r"(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?" + _AFTER
)
_ISO_DAY = regex.compile(_BEFORE + r"(\d{4})-(\d{2})-(\d{2})" + _AFTER)
#: Indian numeric dates are day first: 17/09/2023, 17.09.2023, 17-09-2023. A two-digit year is
#: left alone: 17/09/23 could be any century and is often a reference number.
_DAY_FIRST = regex.compile(_BEFORE + r"(\d{1,2})([./\-])(\d{1,2})\2(\d{4})" + _AFTER)


class _Tok(NamedTuple):
    """A part-level word: ``key`` is its fold, ``joined`` says it sits in a hyphen compound."""

    text: str
    start: int
    end: int
    key: str
    joined: bool


class _Tokens(Sequence):
    """A document's :class:`_Tok` by index, each made when first asked. Dates are looked for
    only around numbers, months and weekdays, so most words are never asked for: making all
    of them up front was 4% of a rebuild worker's time."""

    def __init__(self, doc: Doc) -> None:
        self._parts, self._folded, self._joined = doc.parts, doc.folded, doc.joined
        self._made: dict[int, _Tok] = {}

    def __len__(self) -> int:
        return len(self._parts)

    def __getitem__(self, i):
        if not isinstance(i, int) or i < 0:
            raise TypeError("a token is asked for by a non-negative index")
        tok = self._made.get(i)
        if tok is None:
            w = self._parts[i]
            tok = self._made[i] = _Tok(w.text, w.start, w.end, self._folded[i], self._joined[i])
        return tok


def _tokens(doc: Doc) -> _Tokens:
    return _Tokens(doc)


def _number(tok: _Tok, lengths: range) -> int | None:
    """A plain number (any script's digits; no 8,000 grouping, no Su-35 compound) of an
    allowed length."""
    if tok.joined or not tok.text.isdecimal() or len(tok.text) not in lengths:
        return None
    return int(tok.key) if tok.key.isascii() and tok.key.isdecimal() else None


def digits(text: str) -> int:
    return int(fold(text))


def _day(tok: _Tok) -> int | None:
    n = _number(tok, range(1, 3))
    return n if n and 1 <= n <= 31 else None


def _year(tok: _Tok) -> int | None:
    n = _number(tok, range(4, 5))
    return n if n and 1900 <= n <= 2099 else None


def _month(tok: _Tok) -> int | None:
    return None if tok.joined else MONTHS.get(tok.key)


def _gap(text: str, toks: _Tokens, i: int, pattern: regex.Pattern) -> bool:
    """Whether toks[i] and toks[i + 1] are separated by exactly ``pattern`` (on one line)."""
    return i + 1 < len(toks) and bool(pattern.fullmatch(text, toks[i].end, toks[i + 1].start))


def _is_quantity(text: str, toks: _Tokens, i: int) -> bool:
    """toks[i] is a number followed by a unit or counted noun (or %)."""
    if regex.match(r"\s*%", text[toks[i].end : toks[i].end + 3]):
        return True
    return _gap(text, toks, i, _SPACE) and toks[i + 1].key in _UNITS


def valid_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:  # 31 फ़रवरी, 31 जून
        return None


def _nearest_year(month: int, day: int, published: dt.date) -> dt.date | None:
    """The day and month in the year that puts it closest to publication, if that is within
    six months (news about 5 जनवरी published on 28 December means the coming January)."""
    dates = [valid_date(published.year + offset, month, day) for offset in (-1, 0, 1)]
    near = [d for d in dates if d and abs((d - published).days) <= 183]
    return min(near, key=lambda d: abs((d - published).days)) if near else None


def _day_value(year: int | None, month: int, day: int, published: dt.date | None) -> str | None:
    if year is not None:
        date = valid_date(year, month, day)
        return date.isoformat() if date else None
    if published is not None:
        date = _nearest_year(month, day, published)
        return date.isoformat() if date else None
    # No year at all: a leap year checks the day, and ISO's --MM-DD says the year is unknown.
    return f"--{month:02d}-{day:02d}" if valid_date(2000, month, day) else None


class _Found(NamedTuple):
    start: int
    end: int
    value: str
    granularity: str


def _year_after(text: str, toks: _Tokens, i: int) -> int | None:
    """The year that follows the month toks[i] (13 सितंबर 2023, सितंबर, 2023), unless it is a
    quantity."""
    if not _gap(text, toks, i, _LOOSE_GAP):
        return None
    year = _year(toks[i + 1])
    return None if year is None or _is_quantity(text, toks, i + 1) else year


def _day_month(text: str, toks: _Tokens, i: int, published: dt.date | None) -> _Found | None:
    """13 सितंबर, 13 सितंबर 2023, १३ सितंबर २०२३."""
    day = _day(toks[i])
    if day is None or not _gap(text, toks, i, _SPACE) or (month := _month(toks[i + 1])) is None:
        return None
    year = _year_after(text, toks, i + 1)
    value = _day_value(year, month, day, published)
    if value is None:
        return None
    end = toks[i + 2].end if year is not None else toks[i + 1].end
    return _Found(toks[i].start, end, value, "day")


def _month_first(text: str, toks: _Tokens, i: int) -> _Found | None:
    """सितंबर 13, 2023 and जुलाई 2000 (a month, not a day). The day-less form needs its year:
    "मई 15" alone is as likely a count as a date."""
    month = _month(toks[i])
    if month is None or not _gap(text, toks, i, _LOOSE_GAP):
        return None
    if i > 0 and _gap(text, toks, i - 1, _SPACE) and _day(toks[i - 1]):
        return None  # a day comes first: 13 सितंबर 2023 is read there, 31 फ़रवरी 2023 nowhere
    if (year := _year_after(text, toks, i)) is not None:
        return _Found(toks[i].start, toks[i + 1].end, f"{year}-{month:02d}", "month")
    day = _day(toks[i + 1])
    if day is None or not _gap(text, toks, i + 1, _DAY_GAP):
        return None
    year = _year(toks[i + 2])
    if year is None or _is_quantity(text, toks, i + 2):
        return None
    if (date := valid_date(year, month, day)) is None:
        return None
    return _Found(toks[i].start, toks[i + 2].end, date.isoformat(), "day")


def _year_context(text: str, toks: _Tokens, i: int) -> bool:
    """Hindi's year contexts around toks[i]: वर्ष/साल/सन् before, or में के की का से तक , ।
    after; not when an amount is meant (लगभग 2000, 2000 से अधिक, 2000, 3000)."""
    after = text[toks[i].end : toks[i].end + 8].lstrip(" \t")
    if i > 0 and _gap(text, toks, i - 1, _LOOSE_GAP):  # the gap allows "रु. 2000"
        before = toks[i - 1].key
        if before in _QUANTIFIERS:
            return False
        if before in _YEAR_NOUNS:
            return True
    if text[max(0, toks[i].start - 1) : toks[i].start] in _AMOUNT_OR_RANGE:
        return False
    if after[:1] in (",", "।", "|"):
        nxt = toks[i + 1] if i + 1 < len(toks) else None
        return nxt is None or not nxt.text[:1].isdecimal()
    if not _gap(text, toks, i, _SPACE) or toks[i + 1].key not in _YEAR_POSTPOSITIONS:
        return False
    return not (_gap(text, toks, i + 1, _SPACE) and toks[i + 2].key in _COMPARATIVES)


def _bare_year(text: str, toks: _Tokens, i: int) -> _Found | None:
    year = _year(toks[i])
    if year is None or _is_quantity(text, toks, i) or not _year_context(text, toks, i):
        return None
    return _Found(toks[i].start, toks[i].end, str(year), "year")


def _beside(text: str, toks: _Tokens, i: int, keys: frozenset[str]) -> bool:
    """Whether the word just before or just after toks[i] is one of ``keys``."""
    before = i > 0 and _gap(text, toks, i - 1, _SPACE) and toks[i - 1].key in keys
    return before or (_gap(text, toks, i, _SPACE) and toks[i + 1].key in keys)


def _weekday(text: str, toks: _Tokens, i: int, published: dt.date | None) -> _Found | None:
    """A weekday, resolved against publication: Hindi news reports in the past tense
    ("बुधवार को मुलाकात की"), so it is the latest such day on or before publication, within
    six days; the publication's own weekday is the publication day. Not resolved after अगले,
    पिछले, हर, इस …, beside या (a choice of days), nor before an explicit date
    (सोमवार, 13 सितंबर), which is read instead. Without a publication date, no weekday is a
    date."""
    weekday = WEEKDAYS.get(toks[i].key)
    if published is None or weekday is None or toks[i].joined:
        return None
    if i > 0 and _gap(text, toks, i - 1, _SPACE) and toks[i - 1].key in _WEEKDAY_MODIFIERS:
        return None
    if _beside(text, toks, i, _ALTERNATIVES):
        return None  # मंगलवार या बुधवार: a choice of days (seed 004), not a date
    if _gap(text, toks, i, _DAY_GAP) and (_day(toks[i + 1]) or _month(toks[i + 1])):
        return None
    date = published - dt.timedelta(days=(published.weekday() - weekday) % 7)
    return _Found(toks[i].start, toks[i].end, date.isoformat(), "day")


def iso_at(text: str, start: int) -> regex.Match | None:
    """An ISO date at ``start``, with its time only when the time is a real one."""
    m = _ISO.match(text, start)
    if m and m[4] is not None:
        hh, mm, ss = digits(m[4]), digits(m[5]), digits(m[6]) if m[6] else 0
        if not (hh < 24 and mm < 60 and ss < 60):
            return _ISO_DAY.match(text, start)
    return m


def _numeric(text: str, tok: _Tok) -> _Found | None:
    """ISO dates and timestamps, and day-first numeric dates, starting at this word."""
    m = iso_at(text, tok.start)
    if m and (date := valid_date(digits(m[1]), digits(m[2]), digits(m[3]))):
        return _Found(m.start(), m.end(), date.isoformat(), "day")
    if m := _DAY_FIRST.match(text, tok.start):
        date = valid_date(digits(m[4]), digits(m[3]), digits(m[1]))
        if date is not None and 1900 <= date.year <= 2099:
            return _Found(m.start(), m.end(), date.isoformat(), "day")
    return None


def _candidates(doc: Doc, published: dt.date | None) -> list[_Found]:
    text, toks = doc.text, _tokens(doc)
    found: list[_Found] = []
    for i, (word, key) in enumerate(zip(doc.parts, doc.folded, strict=True)):
        if word.text[:1].isdecimal():
            here = (_numeric(text, toks[i]), _day_month(text, toks, i, published))
            found += [f for f in (*here, _bare_year(text, toks, i)) if f]
        elif key in MONTHS or key in WEEKDAYS:  # most words are neither: skip them
            here = (_month_first(text, toks, i), _weekday(text, toks, i, published))
            found += [f for f in here if f]
    return found


def _as_date(published: dt.date | None) -> dt.date | None:
    return published.date() if isinstance(published, dt.datetime) else published


def find_dates(text: str | Doc, published: dt.date | None = None) -> list[DateMention]:
    """The dates mentioned in ``text``, in text order and never overlapping (the longest
    wins: 13 सितंबर 2023 over सितंबर 2023). ``published`` lets a day and month without a year,
    and a weekday, become a full date; without it a weekday is no date and a yearless day is
    ``--MM-DD``."""
    doc = Doc.of(text)
    chosen: list[_Found] = []
    taken = DisjointSpans()
    for cand in sorted(
        _candidates(doc, _as_date(published)), key=lambda f: (f.start - f.end, f.start)
    ):
        if not taken.overlap(cand.start, cand.end):
            chosen.append(cand)
            taken.add(cand.start, cand.end)
    return [DateMention(doc.text[f.start : f.end], *f) for f in sorted(chosen)]


def month_label(month: int) -> str:
    """The displayed name of a month (1 = जनवरी)."""
    return MONTH_LABELS[month - 1]
