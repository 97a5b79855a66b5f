"""The one analysis pipeline: indexing, querying, highlighting and extraction all use it.

``HindiAnalyzer()`` is a Whoosh chain of one tokenizer and small filters. Filters only change
``token.text``; offsets always point into the raw text, so Whoosh's highlighter (and ours) can
mark the words a reader typed, whatever spelling the index used.

Each word is indexed twice at its position:

- its **exact** form, ``=`` + the folded word, never stemmed and never stopped, so that names
  and phrases match precisely (the phrase "किम जोंग उन" needs the pronoun-like उन, and must not
  match किम जोंग-इल);
- its **stem**, for free-text search that conflates inflections (प्रतिबंधों → प्रतिबंध); a
  stopword has no stem term, so it is never a required word of a free-text query.

A loanword written with ॉ gives both readings at one position (मॉस्को → मास्को and मोस्को), and
a hyphenated compound gives its joined form spanning its parts (see
:mod:`search.analysis.tokenize`). Index and query mode produce the same tokens; the query builder
combines the terms found at one position with OR.
"""

from __future__ import annotations

from dataclasses import dataclass

from whoosh.analysis import CompositeAnalyzer, Filter, Token, Tokenizer

from search.analysis.normalize import readings
from search.analysis.stem import stem
from search.analysis.stopwords import is_stopword
from search.analysis.tokenize import words

#: Prefix of exact-form terms; it cannot occur in a folded word, which has no punctuation.
EXACT_MARK = "="

#: Bump when analysis output changes: an index built with another version must be rebuilt.
ANALYSIS_VERSION = 2


class HindiTokenizer(Tokenizer):
    """Words with their combining marks, numbers and hyphenated compounds, with offsets.
    Every token carries ``span``, the last position it covers (``pos`` for a plain word)."""

    def __eq__(self, other: object) -> bool:
        return other.__class__ is self.__class__

    def __call__(
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs,
    ):
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:
            yield _single_token(t, value, start_pos, start_char, keeporiginal)
            return
        for word in words(value, start_pos):
            t.text = word.text
            if keeporiginal:
                t.original = word.text
            t.boost = 1.0
            t.stopped = False
            t.pos = word.pos
            t.span = word.pos + word.parts - 1
            t.startchar = start_char + word.start
            t.endchar = start_char + word.end
            yield t


def _single_token(t: Token, value: str, start_pos: int, start_char: int, keep: bool) -> Token:
    t.text = value
    if keep:
        t.original = value
    t.pos = t.span = start_pos
    t.startchar, t.endchar = start_char, start_char + len(value)
    return t


class DevanagariFoldFilter(Filter):
    """The Indic normalizer: each token becomes its search readings (see
    :func:`search.analysis.normalize.readings`); a token with nothing searchable left is dropped."""

    def __call__(self, tokens):
        for t in tokens:
            for reading in readings(t.text):
                t.text = reading
                yield t


class ExactCopyFilter(Filter):
    """Keyword repeat: the exact form (marked with ``=``) first, then a copy for the stemmer."""

    def __call__(self, tokens):
        for t in tokens:
            folded = t.text
            t.exact = True
            t.text = EXACT_MARK + folded
            yield t
            t.exact = False
            t.text = folded
            yield t


class HindiStopFilter(Filter):
    """Drops the stem copy of a stopword and marks its exact form ``stopword``, which the query
    builder reads; the exact form stays in the index for phrases. (Whoosh's own ``stopped``
    flag is not used: Whoosh leaves stopped tokens out of the index.)"""

    def __call__(self, tokens):
        for t in tokens:
            if t.exact:
                t.stopword = is_stopword(t.text[len(EXACT_MARK):])
                yield t
            elif not is_stopword(t.text):
                t.stopword = False
                yield t


class HindiStemFilter(Filter):
    """Light stemmer on the non-exact copy (Ramanathan & Rao; see :mod:`search.analysis.stem`)."""

    is_morph = True

    def __call__(self, tokens):
        for t in tokens:
            if not t.exact:
                t.text = stem(t.text)
            yield t


class UniqueTermFilter(Filter):
    """Two readings of one word can stem alike; a term is indexed once per position."""

    def __call__(self, tokens):
        seen: set[str] = set()
        current = None
        for t in tokens:
            key = (t.pos, t.span)
            if key != current:
                seen.clear()
                current = key
            if t.text not in seen:
                seen.add(t.text)
                yield t


def HindiAnalyzer() -> CompositeAnalyzer:  # noqa: N802 - Whoosh's factory idiom
    """The Hindi analyzer for Whoosh fields, for index and query alike."""
    return (
        HindiTokenizer()
        | DevanagariFoldFilter()
        | ExactCopyFilter()
        | HindiStopFilter()
        | HindiStemFilter()
        | UniqueTermFilter()
    )


_ANALYZER = HindiAnalyzer()


@dataclass(frozen=True, slots=True)
class AnalyzedToken:
    """One index term with where it came from: ``surface`` is ``raw[start:end]``."""

    term: str
    surface: str
    start: int
    end: int
    pos: int
    span: int
    exact: bool
    stopword: bool


def analyze_tokens(text: str, mode: str = "index") -> list[AnalyzedToken]:
    """Every index term of ``text`` with its surface form, offsets and position."""
    return [
        AnalyzedToken(
            t.text, text[t.startchar : t.endchar], t.startchar, t.endchar,
            t.pos, t.span, t.exact, t.stopword,
        )
        for t in _ANALYZER(text, positions=True, chars=True, mode=mode)
    ]


def analyze(text: str) -> list[str]:
    """The index terms of ``text``, in order: what ``talaash analyze`` prints."""
    return [t.text for t in _ANALYZER(text, positions=True, chars=True, mode="index")]
