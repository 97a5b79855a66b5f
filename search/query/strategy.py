"""Which documents a query matches, and in what order of strictness (the matching strategy).

The search box ANDs its words, which keeps a two-word search precise; a question, though,
rarely has all its words in one article (191 of 578 questions found fewer than ten articles
that way, 168 exactly one). So for bare words the articles with every word come first and
the facets count them, and after them come the articles with only some of the words, ranked
by BM25 over all the words (Meilisearch's matching strategy, Lucene's OR with BM25). A quoted
phrase inside a question is not required when no article has it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from search.index.schema import SEARCH_FIELDS
from search.query import syntax as qs
from search.query.builder import QueryBuilder

PHRASE_NOT_FOUND_NOTE = ("उद्धृत वाक्यांश किसी लेख में नहीं मिला; उसके शब्द अलग-अलग खोजे गए "
                         "(no article has the quoted phrase; searched its words)")
ANY_WORD_NOTE = ("किसी लेख में सभी शब्द नहीं मिले; इनमें से किसी भी शब्द वाले लेख दिखाए गए हैं "
                 "(no article has every word; showing articles with any of them)")


@dataclass
class Plan:
    """What a query matches: ``matched``, the documents with every word (the result set that
    facets count), and for several bare words ``partial``, those with only some of them, which
    are listed after (Meilisearch's matching strategy, Lucene's OR): a question rarely has all
    its words in one article, and a reader still wants the one with most of them."""

    query: object
    matched: np.ndarray
    any_query: object = None
    partial: np.ndarray | None = None


def plan_matches(reader, tree, text: str, notes: list[str],
                 mask_of: Callable[[object], np.ndarray],
                 names: frozenset[str] = frozenset(),
                 vocabulary: Callable[[str, str], bool] | None = None) -> Plan:
    """The queries and document sets of a parsed query; ``mask_of`` gives a query's
    matching documents (all of them for an empty text), ``notes`` gets what the reader
    should know about how the query was read, ``names`` are the index's name words,
    ``vocabulary`` answers whether the index has a term (:class:`QueryBuilder`)."""
    builder = QueryBuilder(SEARCH_FIELDS, reader=reader, names=names, vocabulary=vocabulary)
    query = builder.build(tree)
    notes.extend(builder.notes)
    if query is None and text.strip() and tree is not None:
        notes.append("इस खोज में खोजने लायक कोई शब्द नहीं था (nothing to search for)")
    matched = mask_of(query)
    if not matched.any() and _has_phrase(tree):
        # A quoted name inside a question is not a required phrase when it finds nothing.
        loose = _unquoted(tree)
        loose_query = QueryBuilder(SEARCH_FIELDS, reader=reader, names=names,
                                   vocabulary=vocabulary).build(loose)
        loose_matched = mask_of(loose_query)
        if loose_matched.any() or _has_several_words(loose):
            notes.append(PHRASE_NOT_FOUND_NOTE)
            tree, query, matched = loose, loose_query, loose_matched
    if not _has_several_words(tree):
        return Plan(query, matched, query)
    any_query = QueryBuilder(SEARCH_FIELDS, reader=reader, default_op="or",
                             names=names, vocabulary=vocabulary).build(tree)
    any_matched = mask_of(any_query)
    if not matched.any():
        if any_matched.any():
            notes.append(ANY_WORD_NOTE)
        return Plan(any_query, any_matched, any_query)
    return Plan(query, matched, any_query, any_matched & ~matched)


def _has_phrase(tree) -> bool:
    if isinstance(tree, qs.Phrase):
        return True
    return isinstance(tree, qs.And) and any(isinstance(i, qs.Phrase) for i in tree.items)


def _unquoted(tree):
    """The tree with its top-level phrases read as words."""
    if isinstance(tree, qs.Phrase):
        words = tuple(qs.Word(w) for w in tree.text.split())
        return words[0] if len(words) == 1 else qs.And(words)
    items: list = []
    for item in tree.items:
        if isinstance(item, qs.Phrase):
            items.extend(qs.Word(w) for w in item.text.split())
        else:
            items.append(item)
    return items[0] if len(items) == 1 else qs.And(tuple(items))


def _has_several_words(tree) -> bool:
    """Whether a query is bare words (and phrases) AND-ed, the case where articles with only
    some of the words are worth listing after those with all of them; a query with an operator
    (OR, NOT, a prefix) says exactly what it wants."""
    return isinstance(tree, qs.And) and all(
        isinstance(i, qs.Phrase) or (isinstance(i, qs.Word) and (not i.prefix or i.completing))
        for i in tree.items)
