"""training.neural_tagger's numpy CRF decoding (issue 9's experiment) against brute force: the
Viterbi path is the best of all label sequences, and the marginals are their probabilities."""

from __future__ import annotations

import itertools

import numpy as np

from training.neural_tagger import decode


def _brute(em, trans, start, end):
    t, k = em.shape
    paths = list(itertools.product(range(k), repeat=t))
    scores = np.array([start[p[0]] + end[p[-1]] + sum(em[i, p[i]] for i in range(t))
                       + sum(trans[p[i - 1], p[i]] for i in range(1, t)) for p in paths])
    probs = np.exp(scores - scores.max())
    probs /= probs.sum()
    marginals = np.zeros((t, k))
    for p, q in zip(paths, probs, strict=True):
        for i, j in enumerate(p):
            marginals[i, j] += q
    return list(paths[int(scores.argmax())]), marginals


def test_decode_matches_brute_force():
    rng = np.random.default_rng(0)
    for t in (1, 2, 4):
        em, trans = rng.normal(size=(t, 3)), rng.normal(size=(3, 3))
        start, end = rng.normal(size=3), rng.normal(size=3)
        best, marginals = decode(em, trans, start, end)
        want_best, want_marginals = _brute(em, trans, start, end)
        assert best == want_best
        np.testing.assert_allclose(marginals, want_marginals, atol=1e-9)
