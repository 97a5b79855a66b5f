"""Splitting raw text into words with offsets, without ever cutting a mark from its letter.

Whoosh's default tokenizer uses ``\\w``, which excludes Unicode categories Mn and Mc: every
matra, virama and anusvara, so उत्तर comes out as उत + तर. A word here is a letter or digit
followed by letters, marks (L, M), digits of any script, and the ZWJ/ZWNJ/soft hyphen that may
sit inside a word. Hyphenated compounds (बुलेट-प्रूफ, जोंग-उन, Su-35) give their parts and the
joined word, so that all three spellings of a compound can meet.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import suppress
from typing import NamedTuple

import regex

#: What a word begins with, and what it goes on with (letters, marks, digits, joiners).
WORD_START = r"[\p{L}\p{Nd}]"
WORD_CHAR = r"[\p{L}\p{M}\p{Nd}\u200c\u200d\u00ad]"
_WORD = rf"{WORD_START}{WORD_CHAR}*"
#: A number with thousands or decimal separators stays one token: 8,000 and 1.5.
_NUMBER = r"\p{Nd}+(?:[.,]\p{Nd}+)+(?![\p{L}\p{M}\p{Nd}])"
_PART = rf"(?:{_NUMBER}|{_WORD})"
#: Hyphen-minus, hyphen and non-breaking hyphen join compounds; dashes do not.
_HYPHEN = r"[\-\u2010\u2011]"

PART_RE = regex.compile(_PART)
COMPOUND_RE = regex.compile(rf"{_PART}(?:{_HYPHEN}{_PART})*")


class Word(NamedTuple):
    """One word of the raw text: ``text`` is what gets normalized, ``start:end`` slices the raw
    text, ``pos`` counts words. A joined compound has ``parts > 1`` and spans its parts'
    positions, ``pos`` to ``pos + parts - 1``."""

    text: str
    start: int
    end: int
    pos: int
    parts: int = 1


#: ``Word`` made without its generated ``__new__`` (a Python call per word, a fifth of
#: splitting an article): the same tuple.
_new = tuple.__new__


def words(text: str, start_pos: int = 0) -> Iterator[Word]:
    """The words of ``text`` in order; a hyphenated compound yields its joined form first
    (at its first part's position), then each part."""
    pos = start_pos
    for compound in COMPOUND_RE.finditer(text):
        surface = compound.group()
        if "-" not in surface and "\u2010" not in surface and "\u2011" not in surface:
            yield _new(Word, (surface, *compound.span(), pos, 1))  # the usual case
            pos += 1
            continue
        parts = list(PART_RE.finditer(text, compound.start(), compound.end()))
        if len(parts) > 1:
            joined = "".join(p.group() for p in parts)
            yield _new(Word, (joined, *compound.span(), pos, len(parts)))
        for part in parts:
            yield _new(Word, (part.group(), *part.span(), pos, 1))
            pos += 1


#: The words of the texts split last, at most :data:`_REMEMBERED` of them (oldest first).
_recent: dict[str, tuple[Word, ...]] = {}
#: Enough for a batch of articles extracted together (search.index.writer.EXTRACT_BATCH),
#: each with its body and its title.
_REMEMBERED = 32


def word_list(text: str) -> tuple[Word, ...]:
    """:func:`words` of ``text`` all at once, remembered for the last texts asked. A rebuild
    splits each article's body for extraction (:class:`search.extract.doc.Doc`) and again
    for its index terms (:mod:`search.index.term_values`): the second gets the first's
    words instead of running the tokenizer again. Articles are extracted in batches before
    they are indexed, so one remembered text (as before) was never the one asked again."""
    found = _recent.get(text)
    if found is None:
        found = tuple(words(text))
        if len(_recent) >= _REMEMBERED:
            with suppress(KeyError, RuntimeError, StopIteration):  # another thread was first
                del _recent[next(iter(_recent))]
        _recent[text] = found
    return found
