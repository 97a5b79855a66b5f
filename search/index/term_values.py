"""The postings of a text field of one article, with each distinct word analyzed once.

Whoosh indexes a text field by running the analyzer over it, a chain of six generators that
hands one shared ``Token`` through every filter for every word, and then groups the tokens by
term (``Format.word_values``): for an article of 400 words, 1,400 tokens, a tenth of a rebuild
worker's time. News repeats its words, and what the filters make of a word (its readings, the
exact form and the stem, a stopword's missing stem) depends on the word alone, so here the
filters of :func:`search.analysis.analyzer.HindiAnalyzer` (the one pipeline, not a copy of it)
run once per distinct word, cached, and an article's terms come from its words and their
positions and offsets (:func:`search.analysis.tokenize.words`, which is the analyzer's own
tokenizer; :func:`~search.analysis.tokenize.word_list` hands the body the words extraction
already split). The postings are exactly the analyzer's: ``tests/test_term_values.py`` compares them
on every field value it is given, and the rebuild's index digest (``tests.bench.index_digest``)
is unchanged.

Only the rebuild workers' schema uses these formats (:func:`worker_schema`); the index's own
schema, pickled in its table of contents, is untouched.
"""

from __future__ import annotations

from collections import defaultdict
from functools import lru_cache

from whoosh.analysis import Token
from whoosh.fields import Schema
from whoosh.formats import Characters, Positions

from search.analysis.analyzer import HindiAnalyzer
from search.analysis.tokenize import word_list
from search.index.schema import build_schema

_ANALYZER = HindiAnalyzer()
_FILTERS = _ANALYZER.items[1:]


@lru_cache(maxsize=300_000)
def word_terms(text: str) -> tuple[str, ...]:
    """The index terms the analyzer gives one word (as the tokenizer found it), in order."""
    token = Token(positions=True, chars=True, removestops=True, mode="index")
    token.text, token.boost, token.stopped = text, 1.0, False
    token.pos = token.span = 0
    token.startchar, token.endchar = 0, len(text)
    tokens = iter((token,))
    for item in _FILTERS:
        tokens = item(tokens)
    return tuple(t.text for t in tokens if not t.stopped)


def _ours(value, analyzer, kwargs) -> bool:
    """Whether these values are the analyzer's for this call (else Whoosh's own code runs)."""
    return (isinstance(value, str) and analyzer == _ANALYZER and not kwargs.get("start_pos")
            and not kwargs.get("start_char") and kwargs.get("tokenize", True))


class WordPositions(Positions):
    """Whoosh's ``Positions`` (the title), from :func:`word_terms`."""

    def word_values(self, value, analyzer, **kwargs):
        if not _ours(value, analyzer, kwargs):
            yield from super().word_values(value, analyzer, **kwargs)
            return
        poses: dict[str, list[int]] = defaultdict(list)
        for word in word_list(value):
            for term in word_terms(word.text):
                poses[term].append(word.pos)
        fb = self.field_boost
        for term, poslist in poses.items():
            yield term, len(poslist), float(len(poslist)) * fb, self.encode(poslist)


class WordCharacters(Characters):
    """Whoosh's ``Characters`` (the body: positions and character offsets), from
    :func:`word_terms`."""

    def word_values(self, value, analyzer, **kwargs):
        if not _ours(value, analyzer, kwargs):
            yield from super().word_values(value, analyzer, **kwargs)
            return
        seen: dict[str, list[tuple[int, int, int]]] = defaultdict(list)
        for word in word_list(value):
            where = (word.pos, word.start, word.end)
            for term in word_terms(word.text):
                seen[term].append(where)
        fb = self.field_boost
        for term, poslist in seen.items():
            yield term, len(poslist), float(len(poslist)) * fb, self.encode(poslist)


def worker_schema() -> Schema:
    """The index's schema with the text fields' formats replaced by the ones above."""
    schema = build_schema()
    for name, cls in (("title", WordPositions), ("body", WordCharacters)):
        field = schema[name]
        old = field.format
        if type(old) is not cls.__mro__[1]:
            raise TypeError(f"field {name!r} has format {type(old).__name__}, "
                            f"not {cls.__mro__[1].__name__}")
        new = cls(field_boost=old.field_boost)
        new.__dict__.update(old.__dict__)
        field.format = new
    return schema
