"""The parts of a scraped article that are not its running text: its headline, a trailing
timestamp, an agency tag, and the noise other tools leave (a line of mangled hashtags, a headline
printed twice). Extraction gives an article its title from here, and ingest cleans the text it
indexes with the same rules.
"""

from __future__ import annotations

import re

from search.models import CleanText

TITLE_MAX = 110
#: Extraction reads at most this many characters of an article (about 40 pages of news; a
#: news article is a few thousand). The whole text is indexed and searchable; people, places
#: and dates come from its beginning, so that a 50 MB file costs what 200 KB does and a
#: rebuild is never held up by one. The rebuild summary counts the articles cut so.
EXTRACT_LIMIT = 200_000


_HASHTAG_LINE = re.compile(r"^\s*(?:#\S+\s*)+$")
_TIMESTAMP_LINE = re.compile(r"^\s*(\d{4}-\d{2}-\d{2})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?\s*$")
#: An agency tag closing the article: …की हैं।”(आईएएनएस)
_AGENCY_TAG = re.compile(r"\(\s*([^()\n]{2,24}?)\s*\)\s*$")
_SENTENCE_END = re.compile(r"[।॥?!]|\.(?=\s|$)")
#: A dateline: a place (up to three words) then a comma, a date, or a bare danda.
_DATELINE = re.compile(r"^\s*([^\s,।]+(?: [^\s,।]+){0,2})\s*(?:,[^।\n]{0,30})?\s*।\s*")


def clean_text(text: str) -> CleanText:
    """Title and body of a scraped article: a trailing line of hashtags mangled by some other
    tool (``#उततर #करयई``) and a trailing timestamp line are removed (the timestamp is kept as
    a publication hint), a headline repeated at the top appears once, and a closing agency tag
    (``(आईएएनएस)``) becomes the source."""
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    timestamp = None
    while lines and (not lines[-1].strip() or _HASHTAG_LINE.match(lines[-1])
                     or _TIMESTAMP_LINE.match(lines[-1])):
        stamp = _TIMESTAMP_LINE.match(lines.pop())
        if stamp and timestamp is None:
            timestamp = stamp.group(1)
    lines = _drop_repeated_headline(lines)
    body = "\n".join(lines).strip()
    source = None
    tag = _AGENCY_TAG.search(body)
    if tag and len(tag.group(1).split()) <= 3 and not any(c.isdigit() for c in tag.group(1)):
        source = tag.group(1)
        body = body[: tag.start()].rstrip()
    return CleanText(title_of(body), body, timestamp, source, headline=has_headline(body))


def _drop_repeated_headline(lines: list[str]) -> list[str]:
    filled = [i for i, line in enumerate(lines) if line.strip()]
    if len(filled) >= 2 and lines[filled[0]].strip() == lines[filled[1]].strip():
        return lines[: filled[1]] + lines[filled[1] + 1 :]
    return lines


def _first_line(body: str) -> str:
    return next((line.strip() for line in body.split("\n") if line.strip()), "")


def _is_headline(line: str) -> bool:
    return len(line) <= TITLE_MAX and not _SENTENCE_END.search(line[-1:]) and len(line) > 3


def has_headline(body: str) -> bool:
    """Whether the article opens with a headline line (a short line that does not end a
    sentence), which :func:`title_of` then takes as its title."""
    return _is_headline(_first_line(body))


def title_of(body: str) -> str:
    """The headline line when the article has one (a short first line that does not end a
    sentence), otherwise its first sentence without the dateline, shortened."""
    first = _first_line(body)
    if not first:
        return ""
    if _is_headline(first):
        return first
    sentence = _DATELINE.sub("", first, count=1) or first
    end = _SENTENCE_END.search(sentence)
    return shorten(sentence[: end.end()] if end else sentence)


def full_headline(title: str, body: str) -> str:
    """The headline for the article's own page: a title shortened with "…" (from a long first
    sentence) becomes that whole sentence; any other title stays as it is."""
    if not title.endswith("…"):
        return title
    stem = " ".join(title[:-1].split())
    flat = " ".join(body.split())
    start = flat.find(stem)
    if not stem or start < 0:
        return title
    end = _SENTENCE_CLOSE.search(flat, start + len(stem))
    return flat[start: end.end() if end else len(flat)].strip()


_SENTENCE_CLOSE = re.compile(r"[।?!.](?=\s|$)")


def is_over_limit(text: str) -> bool:
    """Whether extraction reads only the first :data:`EXTRACT_LIMIT` characters of ``text``."""
    return len(text) > EXTRACT_LIMIT


def extraction_text(text: str) -> str:
    """The part of ``text`` that extraction reads: all of it, or its first
    :data:`EXTRACT_LIMIT` characters cut at the last space before the limit (so no word is
    split)."""
    if not is_over_limit(text):
        return text
    cut = text.rfind(" ", EXTRACT_LIMIT // 2, EXTRACT_LIMIT)
    return text[: cut if cut > 0 else EXTRACT_LIMIT]


def headline(text: str) -> str:
    """The title a reader would give ``text`` (noise removed first)."""
    return clean_text(text).title


def shorten(text: str, limit: int = TITLE_MAX) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    return text[: cut if cut > limit // 2 else limit].rstrip(" ,;:-") + "…"
