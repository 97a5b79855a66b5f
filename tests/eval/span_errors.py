"""What kind of error each missed or wrong span is, and which stage of the pipeline made it.

An F1 says how much is wrong, not what: a name cut short, a role word glued to it, a person
read as a place and a name never seen need different fixes. :func:`error_kinds` sorts every
false negative and false positive of one label by how it overlaps the other side:

- ``FN missed``: nothing predicted over the gold span; ``FN other-label:X``: only spans of
  another label over it; ``FN wider`` / ``narrower`` / ``shifted``: a span of the label over
  it, with other edges;
- ``FP spurious``: no gold span under it; ``FP gold-is:X``: only gold of another label;
  ``FP boundary``: gold of the label with other edges.

:func:`stage_changes` compares the bare tagger with the pipeline: the correct spans the
pipeline loses or gains and the wrong ones it adds or removes.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

Span = tuple[int, int, str]


def _overlapping(span: Span, others) -> list[Span]:
    return [o for o in others if o[0] < span[1] and span[0] < o[1]]


def _missed_kind(gold: Span, predicted: set[Span], label: str) -> str:
    over = _overlapping(gold, predicted)
    same = [p for p in over if p[2] == label]
    if not over:
        return "FN missed"
    if not same:
        return "FN other-label:" + ",".join(sorted({p[2] for p in over}))
    p = same[0]
    if p[0] <= gold[0] and gold[1] <= p[1]:
        return "FN wider"
    if gold[0] <= p[0] and p[1] <= gold[1]:
        return "FN narrower"
    return "FN shifted"


def _wrong_kind(span: Span, gold: set[Span], label: str) -> str:
    under = _overlapping(span, gold)
    if not under:
        return "FP spurious"
    if not any(g[2] == label for g in under):
        return "FP gold-is:" + ",".join(sorted({g[2] for g in under}))
    return "FP boundary"


def error_kinds(gold: Sequence[set[Span]], predicted: Sequence[set[Span]], label: str) -> Counter:
    """Counts of each kind of error (see the module docstring) for ``label``."""
    kinds: Counter = Counter()
    for g, p in zip(gold, predicted, strict=True):
        g_label = {s for s in g if s[2] == label}
        p_label = {s for s in p if s[2] == label}
        kinds.update(_missed_kind(s, p, label) for s in g_label - p_label)
        kinds.update(_wrong_kind(s, g, label) for s in p_label - g_label)
    return kinds


def stage_changes(
    gold: Sequence[set[Span]], tagger: Sequence[set[Span]], pipeline: Sequence[set[Span]],
    label: str,
) -> Counter:
    """How the pipeline changes the tagger's ``label`` spans: correct ones lost and gained,
    wrong ones added and removed."""
    changes: Counter = Counter()
    for g, t, p in zip(gold, tagger, pipeline, strict=True):
        g, t, p = ({s for s in x if s[2] == label} for x in (g, t, p))
        changes["correct lost"] += len((g & t) - p)
        changes["correct gained"] += len((g & p) - t)
        changes["wrong added"] += len((p - g) - t)
        changes["wrong removed"] += len((t - g) - p)
    return changes


def format_errors(gold, predictions: dict[str, tuple], labels: Sequence[str]) -> list[str]:
    """One line per system and label with its error counts, then the pipeline's changes."""
    lines = []
    for label in labels:
        for system, (predicted, _seconds) in predictions.items():
            kinds = error_kinds(gold, predicted, label)
            lines.append(f"  {label} {system:<9} " + ", ".join(
                f"{k} {n}" for k, n in sorted(kinds.items())))
        if {"tagger", "pipeline"} <= predictions.keys():
            changes = stage_changes(gold, predictions["tagger"][0], predictions["pipeline"][0],
                                    label)
            lines.append(f"  {label} pipeline vs tagger: " + ", ".join(
                f"{k} {n}" for k, n in changes.items()))
    return lines
