"""The tokens the entity tagger sees in raw text, derived from
:func:`search.analysis.tokenize.words`.

The tagger is trained on HiNER and IL-NER, which keep a hyphenated name (जोंग-उन) as one token
and put every punctuation mark in a token of its own. The search tokenizer gives the joined
compound first and drops punctuation; this module keeps the compound-level words (with the
raw spelling, hyphen included, so that ``text[start:end] == token.text``) and adds each
non-space character between words as a one-character token. There is no second word tokenizer:
whatever the index calls a word, the tagger calls a word.

Sentences end after । ॥ ? ! . and at every line break, which is how news text is laid out
(headline, dateline and paragraphs on lines of their own); but not at the dot of an
abbreviation or an initial (डॉ. हर्षवर्धन, एस. जयशंकर, एम. एस. स्वामीनाथन): cut there, a name
would be tagged without its context, or in two halves.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Iterator
from typing import NamedTuple

from search import data
from search.analysis.normalize import fold
from search.analysis.tokenize import Word, words

#: Marks after which a sentence ends (the mark belongs to the sentence it ends).
SENTENCE_ENDS = frozenset("।॥?!.")
#: Characters that separate tokens without being one: spaces, controls and format characters
#: (ZWSP, BOM, a stray ZWNJ between words).
_SEPARATOR_CATEGORIES = frozenset({"Zs", "Zl", "Zp", "Cc", "Cf"})
_LINE_BREAKS = frozenset("\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029")
#: Folded words whose following dot abbreviates them: initials and short forms.
ABBREVIATIONS = frozenset(
    fold(w) for w in (*data.words("abbreviations"), *data.words("latin-letter-names"))
)


class NerToken(NamedTuple):
    """One token of the raw text: ``text == raw[start:end]``."""

    text: str
    start: int
    end: int


#: ``NerToken`` made without its generated ``__new__`` (a Python call per token, about 350 an
#: article): the same tuple.
_new = tuple.__new__


def _gap(text: str, start: int, end: int) -> Iterator[NerToken | None]:
    """Punctuation tokens between two words; None marks a line break."""
    for i in range(start, end):
        ch = text[i]
        if ch in _LINE_BREAKS:
            yield None
        elif not ch.isspace() and unicodedata.category(ch) not in _SEPARATOR_CATEGORIES:
            yield _new(NerToken, (ch, i, i + 1))


def _pieces(text: str, found: Iterable[Word]) -> Iterator[NerToken | None]:
    """Tokens in order, with None wherever a line breaks; ``found`` are the words of
    ``text``."""
    covered = 0
    for word in found:
        if word.start < covered:
            continue  # a part of the compound already given whole
        if word.start > covered and text[covered : word.start] != " ":  # one space: no token
            yield from _gap(text, covered, word.start)
        yield _new(NerToken, (text[word.start : word.end], word.start, word.end))
        covered = word.end
    yield from _gap(text, covered, len(text))


def ner_tokens(text: str) -> list[NerToken]:
    """Every token of ``text``: compound-level words and single punctuation characters."""
    return [token for token in _pieces(text, words(text)) if token is not None]


def sentences(text: str) -> list[list[NerToken]]:
    """The tokens of ``text`` grouped into sentences (never an empty one)."""
    return sentences_of(text, words(text))


def sentences_of(text: str, found: Iterable[Word]) -> list[list[NerToken]]:
    """:func:`sentences` from the words of ``text`` already split (an article's
    :class:`search.extract.doc.Doc`)."""
    found_sentences: list[list[NerToken]] = []
    current: list[NerToken] = []
    for token in _pieces(text, found):
        if token is not None:
            current.append(token)
        if current and (token is None or (
                token.text in SENTENCE_ENDS and not _abbreviation_dot(current))):
            found_sentences.append(current)
            current = []
    if current:
        found_sentences.append(current)
    return found_sentences


def _abbreviation_dot(current: list[NerToken]) -> bool:
    """Whether the last token of ``current`` is the dot of an abbreviation or an initial
    (:data:`ABBREVIATIONS`, a single Latin letter)."""
    if len(current) < 2 or current[-1].text != ".":
        return False
    word = current[-2].text
    return (len(word) == 1 and word.isascii() and word.isalpha()) or fold(word) in ABBREVIATIONS
