"""Index arithmetic shared by the arrays kept beside the index (facets, postings)."""

from __future__ import annotations

import numpy as np


def concat_ranges(starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """The indexes ``starts[0]:ends[0]``, ``starts[1]:ends[1]``, … concatenated, without a
    Python loop: how one reads the rows of many documents or terms from a CSR layout."""
    lengths = (np.asarray(ends) - np.asarray(starts)).astype(np.int64)
    total = int(lengths.sum())
    if total == 0:
        return np.zeros(0, dtype=np.int64)
    firsts = np.cumsum(lengths) - lengths
    shift = np.repeat(np.asarray(starts, dtype=np.int64) - firsts, lengths)
    return np.arange(total, dtype=np.int64) + shift
