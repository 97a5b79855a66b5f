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

The worker schema's text fields also index with these formats directly: their terms come
UTF-8 encoded from a cache per word (Whoosh's ``FieldType.index`` encodes every term of every
article), and each term's value is encoded from deltas kept as the words come.

Only the rebuild workers' schema uses these formats (:func:`worker_schema`); the index's own
schema, pickled in its table of contents, is untouched.
"""

from __future__ import annotations

from functools import lru_cache

from whoosh.analysis import Token
from whoosh.compat import dumps
from whoosh.fields import Schema
from whoosh.formats import Characters, Positions
from whoosh.system import pack_uint

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


@lru_cache(maxsize=300_000)
def _word_term_bytes(text: str) -> tuple[bytes, ...]:
    """:func:`word_terms` as the index stores them (UTF-8, what Whoosh's ``index`` encodes)."""
    return tuple(term.encode("utf-8") for term in word_terms(text))


def _ours(value, analyzer, kwargs) -> bool:
    """Whether these values are the analyzer's for this call (else Whoosh's own code runs)."""
    return (isinstance(value, str) and analyzer == _ANALYZER and not kwargs.get("start_pos")
            and not kwargs.get("start_char") and kwargs.get("tokenize", True))


# Each term's value is what Whoosh's format encodes from its list of positions (and
# characters): the number of postings and a pickle of their deltas from the previous one. The
# deltas are kept as the words come, so the list of positions is never built and walked again.

def _position_values(value: str, terms_of, fb: float):
    seen: dict = {}
    for word in word_list(value):
        pos = word.pos
        for term in terms_of(word.text):
            found = seen.get(term)
            if found is None:
                seen[term] = [pos, [pos]]
            else:
                found[1].append(pos - found[0])
                found[0] = pos
    for term, (_, deltas) in seen.items():
        n = len(deltas)
        yield term, n, float(n) * fb, pack_uint(n) + dumps(deltas, 2)


def _character_values(value: str, terms_of, fb: float):
    seen: dict = {}
    for word in word_list(value):
        pos, start, end = word.pos, word.start, word.end
        for term in terms_of(word.text):
            found = seen.get(term)
            if found is None:
                seen[term] = [pos, end, [(pos, start, end - start)]]
            else:
                found[2].append((pos - found[0], start - found[1], end - start))
                found[0], found[1] = pos, end
    for term, (_, _, deltas) in seen.items():
        n = len(deltas)
        yield term, n, float(n) * fb, pack_uint(n) + dumps(deltas, 2)


class WordPositions(Positions):
    """Whoosh's ``Positions`` (the title), from :func:`word_terms`."""

    def word_values(self, value, analyzer, **kwargs):
        if not _ours(value, analyzer, kwargs):
            return super().word_values(value, analyzer, **kwargs)
        return _position_values(value, word_terms, self.field_boost)

    def byte_values(self, value: str):
        """:meth:`word_values` with the terms as UTF-8, as the field's ``index`` gives them."""
        return _position_values(value, _word_term_bytes, self.field_boost)


class WordCharacters(Characters):
    """Whoosh's ``Characters`` (the body: positions and character offsets), from
    :func:`word_terms`."""

    def word_values(self, value, analyzer, **kwargs):
        if not _ours(value, analyzer, kwargs):
            return super().word_values(value, analyzer, **kwargs)
        return _character_values(value, word_terms, self.field_boost)

    def byte_values(self, value: str):
        """:meth:`word_values` with the terms as UTF-8, as the field's ``index`` gives them."""
        return _character_values(value, _word_term_bytes, self.field_boost)


def _index_with(field, fmt):
    """The field's ``index`` (UTF-8 terms, frequencies, weights, values), from ``fmt``'s
    cached UTF-8 terms when the value is the analyzer's; else Whoosh's own."""
    whoosh_index = field.index

    def index(value, **kwargs):
        if _ours(value, field.analyzer, kwargs):
            return fmt.byte_values(value)
        return whoosh_index(value, **kwargs)

    return index


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
        field.index = _index_with(field, new)
    return schema
