"""The null model's lookups, batched: every made-up word's chance score in one pass.

:meth:`search.translit.keymap.KeyMap.chance_score` looks up one word at a time, building a
:class:`~search.translit.keymap.Candidate` for each of up to SCAN words under each of its
keys; the rebuild's 6,000 made-up words (about 20,000 keys) took most of a second that way,
a fifth of an incremental rebuild. Here the keys that share a skeleton are compared with
their bucket in one matrix (rapidfuzz's ``cdist``, the same normalized similarity, in double
precision), and only the few pairs that can pass MIN_SIMILARITY are looked at in Python, with
the same arithmetic in the same order: the scores, and so the floors, are the same numbers
to the last bit (``tests/test_translit_chance.py`` compares them).
"""

from __future__ import annotations

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from search.translit.chance import NullSample
from search.translit.key import VOWELS, fine_devanagari_key, skeleton
from search.translit.keymap import (
    END_VOWEL_PENALTY,
    MIN_SIMILARITY,
    SCAN,
    VARIANT_PENALTY,
    KeyMap,
    evidence,
)

#: Similarities are rounded to 3 places before MIN_SIMILARITY is applied: a pair this far
#: under it may still round up to it, so it is looked at in Python.
_ROUNDING = 0.001


def chance_scores(km: KeyMap, sample: NullSample) -> list[float]:
    """:meth:`KeyMap.chance_score` of every made-up word of ``sample``, in its order."""
    keys = km.key.tolist()
    words = km.word.tolist()
    documents = km.df.tolist()
    by_skeleton: dict[str, list[tuple[int, str, int]]] = {}
    for i, word_keys in enumerate(sample.keys):
        for key, rewrites in word_keys:
            by_skeleton.setdefault(skeleton(key), []).append((i, key, rewrites))
    skeletons = list(by_skeleton)
    los = np.searchsorted(km.skel, skeletons, side="left").tolist() if skeletons else []
    his = np.searchsorted(km.skel, skeletons, side="right").tolist() if skeletons else []
    # Per made-up word: each close archive word's best similarity and its documents.
    best: list[dict[str, tuple[float, int]]] = [{} for _ in sample.keys]
    for skel, lo, hi in zip(skeletons, los, his, strict=True):
        hi = min(hi, lo + SCAN)
        if hi <= lo:
            continue
        queries = by_skeleton[skel]
        bucket = keys[lo:hi]
        sims = process.cdist([q[1] for q in queries], bucket,
                             scorer=Levenshtein.normalized_similarity, dtype=np.float64)
        sims -= np.array([VARIANT_PENALTY * q[2] for q in queries])[:, None]
        starts = np.array([k[0] in VOWELS for k in bucket])
        ends = np.array([k[-1] in VOWELS for k in bucket])
        q_starts = np.array([q[1][0] in VOWELS for q in queries])
        q_ends = np.array([q[1][-1] in VOWELS for q in queries])
        sims -= np.where(q_ends[:, None] != ends[None, :], END_VOWEL_PENALTY, 0.0)
        near = (q_starts[:, None] == starts[None, :]) & (sims >= MIN_SIMILARITY - _ROUNDING)
        for row, col in zip(*np.nonzero(near), strict=True):
            similarity = round(float(sims[row, col]), 3)
            if similarity < MIN_SIMILARITY:
                continue
            found = best[queries[row][0]]
            word = words[lo + col]
            if word not in found or found[word][0] < similarity:
                found[word] = (similarity, documents[lo + col])
    fine_of: dict[str, str] = {}
    out = []
    for fine, found in zip(sample.fine, best, strict=True):
        score = 0.0
        for word, (similarity, n) in found.items():
            if similarity < 1.0:
                if word not in fine_of:
                    fine_of[word] = fine_devanagari_key(word)
                closeness = Levenshtein.normalized_similarity(fine, fine_of[word])
                score = max(score, evidence(similarity, closeness, n))
        out.append(score)
    return out
