"""The Hindi-aware edit distance of "did you mean" (search/query/spelling.py), as a table:
the slips Hindi typists make cost less than a consonant, and folding makes some of them free."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from search.query.spelling import EDIT, folded_distance, spelling_distance, swap_partners
from tests.cases import load


@pytest.mark.parametrize(("typed", "word", "cost"),
                         load("spelling-distance", "typed", "word", "cost"))
def test_spelling_distance(typed, word, cost):
    assert spelling_distance(typed, word) == pytest.approx(float(cost))


@pytest.mark.parametrize(("slip", "consonant"), [
    (("पकिस्तान", "पाकिस्तान"), ("पाकिस्तान", "पाकिस्थान")),  # matra < aspiration
    (("राश्ट्र", "राष्ट्र"), ("राष्ट्र", "राट्ट्र")),             # sibilant < consonant
    (("कारन", "कारण"), ("कारण", "कारक")),
])
def test_a_slip_costs_less_than_a_consonant(slip, consonant):
    assert spelling_distance(*slip) < spelling_distance(*consonant) <= EDIT


def test_sibilants_are_cheap_partners():
    assert swap_partners("श") == {"ष", "स"}
    assert swap_partners("प") == {"फ"}


def test_a_limit_stops_early():
    assert folded_distance("पुतिन", "पुलिस", limit=1.0) == float("inf")
    assert folded_distance("पकिसतान", "पाकिसतान", limit=1.0) == 0.5


DEVANAGARI = st.text(st.characters(min_codepoint=0x0905, max_codepoint=0x094C), max_size=8)


@given(DEVANAGARI, DEVANAGARI)
def test_the_distance_is_symmetric_and_zero_only_for_the_same_term(a, b):
    assert folded_distance(a, b) == pytest.approx(folded_distance(b, a))
    assert (folded_distance(a, b) == 0) == (a == b)
