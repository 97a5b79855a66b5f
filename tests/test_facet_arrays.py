"""Facet arrays: counts and a document's values agree with a plain recount, whichever path
(the query's own pairs, or a scan of every pair) the mask's density chooses."""

from collections import Counter, defaultdict

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from search.index.facets import Facet

pairs_st = st.lists(st.tuples(st.integers(0, 60), st.sampled_from("abcdefgh")), max_size=200)


@settings(max_examples=200, deadline=None)
@given(pairs=pairs_st, picked=st.lists(st.integers(0, 63), max_size=64))
def test_counts_equal_a_recount(pairs, picked):
    facet = Facet.build(pairs)
    mask = np.zeros(64, dtype=bool)
    mask[picked] = True
    expected = Counter(v for d, v in set(pairs) if mask[d])
    got = facet.counts(mask)
    assert {facet.values[i]: int(c) for i, c in enumerate(got) if c} == dict(expected)


@settings(max_examples=100, deadline=None)
@given(pairs=pairs_st)
def test_values_of_each_document(pairs):
    facet = Facet.build(pairs)
    by_doc = defaultdict(set)
    for d, v in pairs:
        by_doc[d].add(v)
    for d in range(-1, 64):
        assert facet.values_of(d) == sorted(by_doc.get(d, ()))
