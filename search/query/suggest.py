""""Did you mean": the nearest spelling the index actually holds, and when to show its
results instead of the query's.

A query word's candidates are the exact-form terms of the index vocabulary (``=`` + folded
word) that start with its first letter or a letter it is cheaply mistaken for (ष for श),
within three plain edits (rapidfuzz, over the sorted vocabulary of the term arrays), then
scored with the Hindi-aware distance of :mod:`search.query.spelling` within a budget that grows
with the word's length: a five-letter word may differ by one consonant or two matras, so पुतिन
never becomes पुलिस (two consonants). Among those, the one with the best ``log(articles) -
COST_WEIGHT * distance`` wins. A word the index holds is respelled only when a candidate is in
:data:`WORD_RATIO` times as many articles and the word is no part of a known person's or
place's name (किम is not a slip of काम).

A folded term is not fit to show (folding drops the virama: उततर), so the suggestion is the
word as an article wrote it, found by re-analyzing one article that contains it.
"""

from __future__ import annotations

import math
from dataclasses import replace

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from search import data
from search.analysis.analyzer import EXACT_MARK
from search.analysis.normalize import fold
from search.index.term_arrays import TermArrays
from search.models import SearchResult
from search.query import syntax as qs
from search.query.highlight import posting_spans
from search.query.spelling import folded_distance, swap_partners

FIELD = "body"
#: The cheapest edit of the cost table: a candidate within a budget is at most
#: ``budget / CHEAPEST`` plain edits away (rapidfuzz's filter before the weighted distance).
CHEAPEST = 0.5
#: How much a unit of distance weighs against the log of a word's article count: one matra
#: (0.5) is worth e² ≈ 7 times the articles.
COST_WEIGHT = 4.0
#: A word the index holds is respelled only into a word in this many times more articles.
WORD_RATIO = 20
#: The results of a respelled query are shown instead ("showing results for …") when the query
#: has fewer than FEW_RESULTS articles with all its words and the respelling finds at least
#: RESULTS_RATIO times as many and at least MIN_RESULTS.
FEW_RESULTS = 10
RESULTS_RATIO = 5
MIN_RESULTS = 10
_PUNCTUATION = "?!।,.\"'“”‘’"


def budget(term: str) -> float:
    """The largest distance a respelling of an exact ``term`` may have: 0.5 (one matra) up to
    three letters, 1 (one consonant) up to six, 1.5 above."""
    n = len(term) - len(EXACT_MARK)
    return 0.5 if n <= 3 else 1.0 if n <= 6 else 1.5


def _words(tree) -> list[str]:
    if tree is None:
        return []
    if isinstance(tree, qs.Word):
        return [] if tree.prefix else [tree.text]
    if isinstance(tree, qs.Phrase):
        return tree.text.split()
    if isinstance(tree, qs.Not):
        return []
    return [w for item in tree.items for w in _words(item)]


def _within(reader, term: str, maxdist: int, arrays: TermArrays | None) -> list[str]:
    """Indexed terms within ``maxdist`` edits of ``term`` that share its first letter (after
    the exact mark), as Whoosh's ``terms_within(..., prefix=2)`` finds them; from the term
    arrays' sorted vocabulary when there are some, with rapidfuzz's edit distance."""
    if arrays is None:
        return [_text(t) for t in reader.terms_within(FIELD, term, maxdist, prefix=2)]
    same_start = arrays.expand_prefix(FIELD, term[:2])
    found = process.extract(term, same_start, scorer=Levenshtein.distance,
                            score_cutoff=maxdist, limit=None)
    return [choice for choice, _, _ in found]


def candidates(reader, term: str, arrays: TermArrays | None) -> dict[str, float]:
    """Exact terms within :func:`budget` of ``term`` (itself excluded), with their distance."""
    limit = budget(term)
    plain = int(limit / CHEAPEST)
    first = term[len(EXACT_MARK)]
    found: dict[str, float] = {}
    for letter in (first, *sorted(swap_partners(first))):
        variant = EXACT_MARK + letter + term[len(EXACT_MARK) + 1:]
        for choice in _within(reader, variant, plain, arrays):
            if choice != term and choice.startswith(EXACT_MARK) and choice not in found:
                cost = folded_distance(term[1:], choice[1:], limit)
                if cost <= limit:
                    found[choice] = cost
    return found


def _nearest(searcher, word: str, arrays: TermArrays | None, keep: frozenset[str]
             ) -> str | None:
    """The surface form of the best respelling of ``word``, or None."""
    reader = searcher.reader()
    term = EXACT_MARK + fold(word)
    if len(term) < 3 or not term[1].isalpha():
        return None
    known = arrays.has_term(FIELD, term) if arrays is not None else (FIELD, term) in reader
    own = reader.doc_frequency(FIELD, term) if known else 0
    if own and (term[1:] in keep or own * WORD_RATIO > reader.doc_count_all()):
        return None
    best, best_score = None, -math.inf
    for choice, cost in candidates(reader, term, arrays).items():
        df = reader.doc_frequency(FIELD, choice)
        if df < max(1, WORD_RATIO * own):
            continue
        score = math.log(df) - COST_WEIGHT * cost
        if score > best_score:
            best, best_score = choice, score
    return _surface(searcher, best, arrays) if best else None


def _text(term) -> str:
    return term.decode("utf-8") if isinstance(term, bytes) else term


def _surface(searcher, term: str, arrays: TermArrays | None) -> str | None:
    """The first article's spelling of ``term``, from its postings' stored offsets."""
    reader = searcher.reader()
    postings = reader.postings(FIELD, term)
    if not postings.is_active():
        return None
    docnum = postings.id()
    spans = posting_spans(reader, FIELD, [docnum], {term}, arrays)[docnum]
    if not spans:
        return None
    start, end = spans[0]
    return searcher.stored_fields(docnum)[FIELD][start:end]


def did_you_mean(searcher, text: str, arrays: TermArrays | None = None,
                 keep: frozenset[str] = frozenset(), typing: bool = False) -> str | None:
    """The query with its misspelled words replaced by their best indexed spelling; the
    folded words in ``keep`` (parts of known names) are respelled only when the index lacks
    them, and while ``typing`` the last word is not respelled (पुति is no slip of पति)."""
    tree = qs.parse(text).tree
    changed = text
    for word in dict.fromkeys(_words(qs.complete_last(tree, text) if typing else tree)):
        for part in word.split("-"):
            bare = part.strip(_PUNCTUATION)
            nearest = _nearest(searcher, bare, arrays, keep) if bare else None
            if nearest:
                changed = changed.replace(bare, nearest)
    return changed if changed != text else None


def name_words(values) -> frozenset[str]:
    """The folded words of person and place names (``values``: the names) that are not
    ordinary words too (``words/common-words.txt``: काम is in a name, but mostly work)."""
    common = frozenset(data.words("common-words"))
    return frozenset(fold(w) for value in values for w in value.split()) - common - {""}


def wants_respelling(result: SearchResult) -> bool:
    """Whether a query found few enough articles with all its words to try a respelling."""
    return bool(result.query.strip()) and result.total_all_words < FEW_RESULTS


def respelled(result: SearchResult, other: SearchResult, text: str) -> SearchResult:
    """``other`` (the results of the respelling ``text``) marked as shown instead of
    ``result``'s when it finds :data:`RESULTS_RATIO` times as many articles with all its
    words and at least :data:`MIN_RESULTS`; else ``result``."""
    if other.total_all_words < max(MIN_RESULTS, RESULTS_RATIO * result.total_all_words):
        return result
    return replace(other, query=result.query, showing_results_for=text,
                   notes=list(dict.fromkeys(result.notes + other.notes)))
