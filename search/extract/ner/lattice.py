"""CRFsuite's Viterbi and forward-backward over a batch of sentences, in numpy, with CRFsuite's
arithmetic: the labels its ``crf1dc_viterbi`` gives (the first of equal maxima) and the
marginals its tagger answers. :func:`viterbi_and_marginals` runs both recursions in one pass
and is what :class:`search.extract.ner.decode.CrfDecoder` uses; :func:`viterbi` and
:func:`marginals`, one recursion each, are the simpler reference it is tested against
bit for bit (``tests/test_ner_decode.py``).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def _longest_first(lengths: Sequence[int]) -> tuple[list[int], np.ndarray, np.ndarray]:
    """The sentences longest first (so that those still going at a position are a prefix),
    their lengths and where each starts among the rows of the scores."""
    order = sorted(range(len(lengths)), key=lambda s: -lengths[s])
    sizes = np.array([lengths[s] for s in order], dtype=np.intp)
    starts = np.cumsum([0, *lengths[:-1]]).astype(np.intp)[order]
    return order, sizes, starts


def viterbi(scores: np.ndarray, lengths: Sequence[int], transition: np.ndarray) -> list[list[int]]:
    """The best label path of each sentence (``lengths`` tokens each, their rows of
    ``scores`` one after another), all sentences at once, with CRFsuite's arithmetic and
    its choice among equal scores (the first)."""
    order, sizes, starts = _longest_first(lengths)
    n, width, n_labels = len(order), int(sizes[0]), scores.shape[1]
    where = starts[:, None] + np.minimum(np.arange(width)[None, :], sizes[:, None] - 1)
    state = scores[where]  # sentences × positions × labels (padding repeats the last token)
    alpha = np.empty((n, width, n_labels))
    back = np.zeros((n, width, n_labels), dtype=np.intp)
    alpha[:, 0] = state[:, 0]
    going = np.searchsorted(-sizes, -np.arange(width), side="left")  # how many are longer
    step = np.empty((n, n_labels, n_labels))
    best = np.empty((n, n_labels))
    moves = transition[None, :, :]
    for t in range(1, width):
        k = int(going[t])
        np.add(alpha[:k, t - 1, :, None], moves, out=step[:k])  # from label i (axis 1) to j
        step[:k].argmax(axis=1, out=back[:k, t])
        step[:k].max(axis=1, out=best[:k])
        np.add(best[:k], state[:k, t], out=alpha[:k, t])
    # Back along the links, all sentences at once: those still going at position t are the
    # first going[t], and each one's label at t is already in ``label`` (its last one, or the
    # one the step after t gave). Converting all of ``back`` to lists instead was most of
    # Viterbi's time (its padding past each sentence's end included).
    label = alpha[np.arange(n), sizes - 1].argmax(axis=1)
    path = np.empty((n, width), dtype=np.intp)
    path[np.arange(n), sizes - 1] = label
    rows = np.arange(n)
    for t in range(width - 1, 0, -1):
        k = int(going[t])
        label[:k] = back[rows[:k], t, label[:k]]
        path[:k, t - 1] = label[:k]
    found = path.tolist()
    paths: list[list[int]] = [[] for _ in lengths]
    for s, length, labels in zip(order, sizes.tolist(), found, strict=True):
        paths[s] = labels[:length]
    return paths


def marginals(scores: np.ndarray, lengths: Sequence[int], transition: np.ndarray) -> np.ndarray:
    """tokens × labels: each token's probability of each label given its whole sentence
    (what :meth:`pycrfsuite.Tagger.marginal` answers), by forward-backward in log space,
    all sentences at once; the rows in the order of ``scores``."""
    order, sizes, starts = _longest_first(lengths)
    width = int(sizes[0]) if len(order) else 0
    steps = np.arange(width)[None, :]
    forward = starts[:, None] + np.minimum(steps, sizes[:, None] - 1)
    backward = starts[:, None] + np.maximum(sizes[:, None] - 1 - steps, 0)
    alpha = _log_forward(scores[forward], sizes, transition)
    # beta_t + state_t, computed forward over each sentence reversed with the transitions
    # transposed, then put back in order.
    gamma_reversed = _log_forward(scores[backward], sizes, transition.T)
    inside = steps < sizes[:, None]
    back_index = np.maximum(sizes[:, None] - 1 - steps, 0)
    gamma = np.take_along_axis(gamma_reversed, back_index[:, :, None], axis=1)
    last = alpha[np.arange(len(order)), sizes - 1]
    top = last.max(axis=1)
    log_z = top + np.log(np.exp(last - top[:, None]).sum(axis=1))
    log_prob = alpha[inside] + gamma[inside] - scores[forward[inside]]
    out = np.empty_like(scores)
    out[forward[inside]] = np.exp(log_prob - np.repeat(log_z, sizes)[:, None])
    return out


def _log_forward(state: np.ndarray, sizes: np.ndarray, moves: np.ndarray) -> np.ndarray:
    """sentences × positions × labels: log alpha of sentences sorted longest first (the
    positions past a sentence's end are left as they fall)."""
    n, width, n_labels = state.shape
    alpha = np.empty((n, width, n_labels))
    alpha[:, 0] = state[:, 0]
    going = np.searchsorted(-sizes, -np.arange(width), side="left")
    for t in range(1, width):
        k = int(going[t])
        step = alpha[:k, t - 1, :, None] + moves[None, :, :]  # from label i (axis 1) to j
        top = step.max(axis=1)
        alpha[:k, t] = top + np.log(np.exp(step - top[:, None, :]).sum(axis=1)) + state[:k, t]
    return alpha


def viterbi_and_marginals(scores: np.ndarray, lengths: Sequence[int], transition: np.ndarray
                          ) -> tuple[list[list[int]], np.ndarray]:
    """:func:`viterbi` and :func:`marginals` in one pass, with the same paths and floats.

    The three recursions (Viterbi's max, the forward and the backward log-sum-exp) are three
    channels of one array, stepped together, and laid out labels first with sentences and
    channels last: a step's numpy calls then run along the sentences (numpy loops along the
    last axis; along seven labels, its per-loop cost was most of the decoding), and each
    reduction over the previous label is over the first axis, one label after another,
    the order in which the sentence-first arrays were reduced. Each channel's arithmetic is
    its own function's, element by element (the Viterbi channel's log-sum-exp is computed
    and overwritten); Viterbi's back pointers are found again going back
    (:func:`_best_paths`)."""
    order, sizes, starts = _longest_first(lengths)
    n, n_labels = len(order), scores.shape[1]
    width = int(sizes[0]) if n else 0
    steps = np.arange(width)[:, None]
    forward = starts[None, :] + np.minimum(steps, sizes[None, :] - 1)  # positions × sentences
    backward = starts[None, :] + np.maximum(sizes[None, :] - 1 - steps, 0)
    # positions × labels × (sentence, channel): the Viterbi, forward and backward channels
    # (the backward one over each sentence reversed, with the transitions transposed) of the
    # sentences longest first; padding repeats the last token.
    rows = np.stack([forward, forward, backward], axis=2).reshape(width, 3 * n)
    state = np.ascontiguousarray(scores.T[:, rows].transpose(1, 0, 2))
    # from label i × to label j × (sentence, channel)
    moves = np.tile(np.stack([transition, transition, transition.T], axis=2), (1, 1, n))
    alpha = np.empty_like(state)
    alpha[0] = state[0]
    step = np.empty((n_labels, n_labels, 3 * n))
    top = np.empty((n_labels, 3 * n))
    going = 3 * np.searchsorted(-sizes, -np.arange(width), side="left")  # columns going on
    for t in range(1, width):
        k = int(going[t])
        now, best = step[:, :, :k], top[:, :k]
        np.add(alpha[t - 1, :, None, :k], moves[:, :, :k], out=now)
        now.max(axis=0, out=best)
        np.subtract(now, best, out=now)
        np.exp(now, out=now)
        sums = now.sum(axis=0)
        np.log(sums, out=sums)
        np.add(best, sums, out=sums)
        np.add(sums, state[t, :, :k], out=alpha[t, :, :k])
        np.add(best[:, ::3], state[t, :, :k:3], out=alpha[t, :, :k:3])  # Viterbi's max
    return _best_paths(alpha[:, :, 0::3], transition, sizes, going // 3, order), \
        _marginals(scores, alpha[:, :, 1::3], alpha[:, :, 2::3], sizes, forward)


def _best_paths(alpha: np.ndarray, transition: np.ndarray, sizes: np.ndarray,
                going: np.ndarray, order: list[int]) -> list[list[int]]:
    """Back from each sentence's best last label (``alpha``: Viterbi's, positions × labels
    × sentences longest first): the label before label j at t is the first i of the
    greatest ``alpha[t - 1, i] + transition[i, j]``, the very sum and choice of CRFsuite's
    back pointer. Those still going at position t are the first going[t]."""
    n, width = len(order), len(alpha)
    label = alpha[sizes - 1, :, np.arange(n)].argmax(axis=1)
    path = np.empty((width, n), dtype=np.intp)
    path[sizes - 1, np.arange(n)] = label
    into = np.ascontiguousarray(transition.T)  # to label j × from label i
    for t in range(width - 1, 0, -1):
        k = int(going[t])
        label[:k] = (alpha[t - 1, :, :k].T + into[label[:k]]).argmax(axis=1)
        path[t - 1, :k] = label[:k]
    paths: list[list[int]] = [[] for _ in order]
    for s, length, labels in zip(order, sizes.tolist(), path.T.tolist(), strict=True):
        paths[s] = labels[:length]
    return paths


def _marginals(scores: np.ndarray, alpha: np.ndarray, gamma_reversed: np.ndarray,
               sizes: np.ndarray, forward: np.ndarray) -> np.ndarray:
    """tokens × labels: the marginals from the forward and the reversed backward recursions
    (positions × labels × sentences)."""
    step, sentence = np.nonzero(np.arange(len(alpha))[:, None] < sizes[None, :])
    last = alpha[sizes - 1, :, np.arange(len(sizes))]
    top = last.max(axis=1)
    log_z = top + np.log(np.exp(last - top[:, None]).sum(axis=1))
    rows = forward[step, sentence]
    log_prob = alpha[step, :, sentence] \
        + gamma_reversed[sizes[sentence] - 1 - step, :, sentence] - scores[rows]
    out = np.empty_like(scores)
    out[rows] = np.exp(log_prob - log_z[sentence][:, None])
    return out
