""""Did you mean": the nearest spelling the index actually holds, for a query that found
nothing.

Candidates are exact-form terms of the index vocabulary (``=`` + folded word) within a small
edit distance of the typed word's folded form, the most frequent first. A folded term is not
fit to show (folding drops the virama: उततर), so the suggestion is the word as an article
wrote it, found by re-analyzing one article that contains it.
"""

from __future__ import annotations

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein
from whoosh import query as wq

from search.analysis.analyzer import EXACT_MARK, analyze_tokens
from search.analysis.normalize import fold
from search.index.term_arrays import TermArrays
from search.query import syntax as qs

FIELD = "body"


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


def _nearest(searcher, word: str, arrays: TermArrays | None = None) -> str | None:
    """The surface form of the most frequent indexed word close to ``word``, or None when the
    word is itself indexed or nothing is close."""
    reader = searcher.reader()
    term = EXACT_MARK + fold(word)
    if len(term) < 3 or (FIELD, term) in reader:
        return None
    maxdist = 1 if len(term) <= 5 else 2
    candidates = [c for c in _within(reader, term, maxdist, arrays)
                  if c != term and c.startswith(EXACT_MARK)]
    if not candidates:
        return None
    best = max(candidates, key=lambda c: (reader.doc_frequency(FIELD, c), c))
    return _surface(searcher, best)


def _text(term) -> str:
    return term.decode("utf-8") if isinstance(term, bytes) else term


def _surface(searcher, term: str) -> str | None:
    hits = searcher.search(wq.Term(FIELD, term), limit=1)
    if not hits:
        return None
    body = hits[0][FIELD]
    for tok in analyze_tokens(body, mode="query"):
        if tok.term == term:
            return tok.surface
    return None


def did_you_mean(searcher, text: str, arrays: TermArrays | None = None) -> str | None:
    """The query with its unknown words replaced by their nearest indexed spelling."""
    parsed = qs.parse(text)
    changed = text
    for word in dict.fromkeys(_words(parsed.tree)):
        for part in word.split("-"):
            nearest = _nearest(searcher, part.strip("?!।,.\"'“”‘’"), arrays)
            if nearest:
                changed = changed.replace(part.strip("?!।,.\"'“”‘’"), nearest)
    return changed if changed != text else None
