"""Latin query words as readings of Devanagari ones, for the length of one search.

The query builder turns each query word into its terms (:func:`search.query.builder.units`),
and a word's readings are OR-ed there (मॉस्को's two spellings). :func:`latin_readings` is the
hook it calls: for a word typed in Latin letters it gives the terms of the Devanagari words
that word most likely means, from the key map of the generation being searched, so that
"putin" searches putin OR पुतिन and a phrase "kim jong un" matches किम जोंग उन. The Latin word
itself stays a reading, so English words in the articles still match as themselves.

The engine opens a :func:`session` around a search (the generation's key map, and whether the
reader asked for the Latin letters literally); the builder needs no new argument, and a
builder used outside a session (tests, an index without a map) searches Latin words as written.
What was read is recorded and becomes the result's ``transliterated`` line and notes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from search.analysis.analyzer import EXACT_MARK, analyze_tokens
from search.translit.key import is_latin_word
from search.translit.keymap import Candidate, KeyMap, for_generation

SEARCHED_AS = "खोजा गया: {hindi} ({latin})"
NOTHING_CLOSE = ("'{word}' जैसा कोई हिंदी शब्द इस संग्रह में नहीं है; वह जैसा लिखा है वैसा "
                 "खोजा गया (no Hindi word in this archive sounds like '{word}'; searched it "
                 "as written)")


@dataclass
class Session:
    """One search's key map, and the Latin words read so far (in query order)."""

    keymap: KeyMap | None
    literal: bool = False
    read: dict[str, list[Candidate]] = field(default_factory=dict)

    def candidates(self, word: str) -> list[Candidate]:
        if word not in self.read:
            self.read[word] = _lookup(self.keymap, word)
        return self.read[word]

    def searched_as(self, query: str) -> str:
        """"खोजा गया: पुतिन मास्को (putin moscow)": the query with each Latin word read as its
        best Devanagari word; empty when no word was read."""
        if not any(self.read.values()):
            return ""
        words = []
        for word in query.split():
            found = self.read.get(word.casefold()) or self.read.get(_bare(word))
            words.append(found[0].shown if found else word)
        return SEARCHED_AS.format(hindi=" ".join(words), latin=query.strip())

    def annotate(self, result, some_words: bool = False):
        """Say on a search result what was searched (its ``transliterated`` line) and which
        Latin words mean nothing in this archive, when no article has every word: alone
        they found nothing; beside other words (``some_words``: the articles listed have only
        some of the query's words) the articles are the other words' (``putin qzvtk`` lists
        पुतिन's articles, and says that qzvtk is no Hindi word here)."""
        result.transliterated = self.searched_as(result.query)
        if result.total == 0 or some_words:
            typed = set(re.findall(r"[a-z]+", result.query.casefold()))  # not a joined pair
            for word, found in self.read.items():
                if not found and word in typed:
                    result.notes.append(NOTHING_CLOSE.format(word=word))
        return result


_ACTIVE: ContextVar[Session | None] = ContextVar("translit_session", default=None)


@contextmanager
def session(folder: Path, literal: bool = False) -> Iterator[Session]:
    """Read Latin words through the key map of generation ``folder`` (none: ``literal``)."""
    current = Session(None if literal else for_generation(folder), literal)
    token = _ACTIVE.set(current)
    try:
        yield current
    finally:
        _ACTIVE.reset(token)


@dataclass(frozen=True, slots=True)
class LatinReadings:
    """What a query word in Latin letters adds to its own terms: the exact forms and stems of
    the Devanagari words it may mean, and whether the best of them is a stopword (kim jong
    "un" is उन, which a phrase needs and a search does not require)."""

    exact: tuple[str, ...] = ()
    stems: tuple[str, ...] = ()
    stopword: bool = False


NONE = LatinReadings()


def latin_readings(exact: tuple[str, ...]) -> LatinReadings:
    """The readings of a query word whose exact forms are ``exact``: nothing outside a
    session, for a word not in Latin letters, or when nothing in the archive is close."""
    current = _ACTIVE.get()
    if current is None or current.keymap is None:
        return NONE
    more_exact: list[str] = []
    more_stems: list[str] = []
    stopword = None
    for term in exact:
        word = term[len(EXACT_MARK):]
        if not is_latin_word(word):
            continue
        for cand in current.candidates(word):
            cand_exact, cand_stems = _terms_of(cand.word)
            if stopword is None:
                stopword = not cand_stems
            more_exact += cand_exact
            more_stems += cand_stems
    if not more_exact:
        return NONE
    return LatinReadings(tuple(dict.fromkeys(more_exact)), tuple(dict.fromkeys(more_stems)),
                         bool(stopword))


def _lookup(keymap: KeyMap | None, word: str) -> list[Candidate]:
    return keymap.candidates(word) if keymap is not None else []


@lru_cache(maxsize=4096)
def _terms_of(word: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The index terms of one Devanagari word, as the analyzer makes them for a query."""
    toks = analyze_tokens(word, mode="query")
    return (tuple(t.term for t in toks if t.exact),
            tuple(t.term for t in toks if not t.exact and not t.stopword))


def _bare(word: str) -> str:
    return "".join(ch for ch in word if ch.isalnum()).casefold()
