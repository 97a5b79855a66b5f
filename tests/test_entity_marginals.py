"""A token's entity marginal (:meth:`Tagger._entity_marginals`), gathered for a whole sentence
at once, is the very float the token-by-token sum gave (``probs[i, columns].sum()``): the
confidence rules compare it with thresholds, so the rebuild's extraction must not move."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from search.extract.ner.tagger import Tagger, _is_word
from search.extract.ner.tokens import sentences


@pytest.fixture(scope="module")
def tagger() -> Tagger:
    return Tagger.load()


def _one_by_one(tagger: Tagger, tokens, labels, probs) -> list[float]:
    columns = tagger._columns
    return [float(probs[i, columns[tag]].sum()) if tag != "O" or _is_word(tokens[i])
            else 0.0 for i, tag in enumerate(labels)]


def test_the_seeds_marginals_are_unchanged(tagger, seed_texts):
    token_lists = [[t.text for t in s] for text in seed_texts.values() for s in sentences(text)]
    token_lists = [t for t in token_lists if t]
    for tokens, (labels, probs) in zip(token_lists,
                                       tagger.decoder.tag_with_marginals(token_lists),
                                       strict=True):
        assert tagger._entity_marginals(tokens, labels, probs) == \
            _one_by_one(tagger, tokens, labels, probs)


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_any_labels_and_probabilities(tagger, data):
    names = list(tagger.decoder.model.labels)
    n = data.draw(st.integers(0, 12))
    labels = data.draw(st.lists(st.sampled_from(names), min_size=n, max_size=n))
    tokens = data.draw(st.lists(st.sampled_from(["मास्को", ",", "किम", "।", "3"]),
                                min_size=n, max_size=n))
    probs = np.array(data.draw(st.lists(
        st.lists(st.floats(0, 1), min_size=len(names), max_size=len(names)),
        min_size=n, max_size=n)), dtype=np.float64).reshape(n, len(names))
    assert tagger._entity_marginals(tokens, labels, probs) == \
        _one_by_one(tagger, tokens, labels, probs)
