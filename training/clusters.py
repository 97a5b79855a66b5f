"""Word clusters from unlabeled Hindi: how the tagger generalises to names it never saw.

Annotated Hindi is scarce (about 18,000 sentences), so most names in tomorrow's news are words
the tagger has never seen labelled. Words that occur in the same contexts (…ने कहा, …में,
राष्ट्रपति…) tend to be the same kind of thing; grouping words by their contexts in unlabeled
text lets an unseen name borrow the weights of the names it resembles.

The method is the simple distributional one (in the spirit of Brown clustering, without its
cost): count each word's left and right neighbours among the most frequent words, weight the
counts by positive PMI, reduce them to a few dozen dimensions with a randomized SVD, and cluster
the unit vectors with k-means. The fine clusters are then clustered again, twice, so that each
word has a path of ids from coarse to fine, like a Brown bit-string prefix. Everything is
seeded and ordered, so the same text gives the same clusters.

Only training-side text is used (the training split's sentences and the XQuAD-hi paragraphs);
the test split never is.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import numpy as np

#: Cluster counts, fine first; each coarser level clusters the centroids of the finer one.
LEVELS = (512, 128, 32)


def _vocabulary(sentences: Sequence[Sequence[str]], min_count: int, contexts: int):
    counts = Counter(w for s in sentences for w in s)
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    vocab = [w for w, n in ranked if n >= min_count]
    context_words = [w for w, _ in ranked[:contexts]]
    return vocab, context_words


def cooccurrence(
    sentences: Sequence[Sequence[str]], vocab: list[str], context_words: list[str]
) -> np.ndarray:
    """Counts of each vocabulary word's left (first half) and right neighbours."""
    row = {w: i for i, w in enumerate(vocab)}
    col = {w: i for i, w in enumerate(context_words)}
    n_ctx = len(context_words)
    counts = np.zeros((len(vocab), 2 * n_ctx + 2), dtype=np.float32)
    for sentence in sentences:
        padded = ["<s>", *sentence, "</s>"]
        for k in range(1, len(padded) - 1):
            i = row.get(padded[k])
            if i is None:
                continue
            left, right = col.get(padded[k - 1], n_ctx), col.get(padded[k + 1], n_ctx)
            counts[i, left] += 1
            counts[i, n_ctx + 1 + right] += 1
    return counts


def ppmi(counts: np.ndarray) -> np.ndarray:
    total = counts.sum()
    rows = counts.sum(axis=1, keepdims=True)
    cols = counts.sum(axis=0, keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        pmi = np.log(counts * total / (rows @ cols))
    return np.where(np.isfinite(pmi) & (pmi > 0), pmi, 0).astype(np.float32)


def reduce_dimensions(matrix: np.ndarray, dims: int, seed: int = 0) -> np.ndarray:
    """Unit-length rows of a randomized truncated SVD (Halko et al. 2011), seeded."""
    rng = np.random.default_rng(seed)
    basis = matrix @ rng.standard_normal((matrix.shape[1], dims + 10)).astype(np.float32)
    for _ in range(2):
        basis, _r = np.linalg.qr(basis)
        basis = matrix @ (matrix.T @ basis)
    basis, _r = np.linalg.qr(basis)
    u, s, _vt = np.linalg.svd(basis.T @ matrix, full_matrices=False)
    vectors = (basis @ u[:, :dims]) * np.sqrt(s[:dims])
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.maximum(norms, 1e-9)


def kmeans(points: np.ndarray, k: int, iterations: int = 25, seed: int = 0) -> np.ndarray:
    """Cluster index of each row: k-means++ seeding, Lloyd iterations, fixed seed."""
    rng = np.random.default_rng(seed)
    k = min(k, len(points))
    centres = [points[rng.integers(len(points))]]
    nearest = np.full(len(points), np.inf)
    for _ in range(1, k):
        nearest = np.minimum(nearest, ((points - centres[-1]) ** 2).sum(axis=1))
        centres.append(points[rng.choice(len(points), p=nearest / nearest.sum())])
    centroids = np.array(centres)
    assignment = np.zeros(len(points), dtype=np.int64)
    for _ in range(iterations):
        distances = (points**2).sum(1)[:, None] - 2 * points @ centroids.T + (
            centroids**2
        ).sum(1)[None, :]
        assignment = distances.argmin(axis=1)
        for c in range(k):
            members = points[assignment == c]
            if len(members):
                centroids[c] = members.mean(axis=0)
    return assignment


def learn_clusters(
    sentences: Iterable[Sequence[str]],
    min_count: int = 3,
    contexts: int = 2000,
    dims: int = 64,
    seed: int = 0,
) -> dict[str, tuple[str, ...]]:
    """Folded word → cluster ids coarse to fine (see :data:`LEVELS`), for words seen at least
    ``min_count`` times in ``sentences`` (sequences of folded words)."""
    sentences = [list(s) for s in sentences]
    vocab, context_words = _vocabulary(sentences, min_count, contexts)
    vectors = reduce_dimensions(ppmi(cooccurrence(sentences, vocab, context_words)), dims, seed)
    fine = kmeans(vectors, LEVELS[0], seed=seed)
    levels = [fine]
    points = vectors
    for k in LEVELS[1:]:
        centroids = np.array([points[levels[-1] == c].mean(axis=0) if (levels[-1] == c).any()
                              else np.zeros(points.shape[1]) for c in range(levels[-1].max() + 1)])
        parent = kmeans(centroids, k, seed=seed)
        levels.append(parent[levels[-1]])
    return {
        word: tuple(str(int(level[i])) for level in reversed(levels))
        for i, word in enumerate(vocab)
    }


def save_clusters(path: Path, clusters: Mapping[str, tuple[str, ...]]) -> None:
    """The format :func:`search.extract.ner.tagger.parse_clusters` reads: word, then ids."""
    lines = ["\t".join((word, *ids)) for word, ids in sorted(clusters.items())]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
