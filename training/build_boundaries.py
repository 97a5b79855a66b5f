"""Word lists for boundary repair, derived from the NER training data (issue 9).

A tagger often glues the word before a name into it (शूटर X, वार्डन X, बकौल X) and the word
after a place into the place (X गांव, X प्रांत, X जिले). Which words those are is learnt from
the annotated sentences, not guessed: a word goes to a list when the annotators put it right
outside spans of that type far more often than inside them.

- ``search/data/words/person-preceders.txt``: words that stand just before a PER span at least
  :data:`MIN_COUNT` times and begin one at most :data:`MAX_INSIDE` as often as that;
- ``search/data/words/place-followers.txt``: the same for the word just after a LOC span and
  the last word of one.

Only the training split is read (``training.corpus.load_split``): the test split and news-dev
never shape these lists. Run: ``python -m training.build_boundaries --shared ../shared``.
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path
from typing import NamedTuple

import regex

from search.analysis.normalize import fold
from search.analysis.stopwords import is_stopword
from search.extract.ner.tagger import bio_spans
from training.corpus import load_split

WORDS = Path(__file__).parent.parent / "search" / "data" / "words"
#: A word must be seen just outside the span edge this often to be listed,
MIN_COUNT = 3
#: at that edge inside spans at most this many times as often (the data sets disagree on
#: whether गांव belongs to the place: 9 times after a place, 15 times ending one),
MAX_EDGE = 2.0
#: and outside every entity at least this many times as often as inside spans of the type.
MIN_PLAIN = 3.0
#: Letters and vowel signs only: no token with a danda or digits glued on.
_WORD = regex.compile(r"[\p{L}\p{M}]{2,}")

_HEADERS = {
    "person-preceders": (
        "# Words that stand just before a person's name and are not part of it (roles, ranks,\n"
        "# professions, reporting verbs): stripped from the start of a person span. Derived\n"
        "# by training/build_boundaries.py from the training split of HiNER, IL-NER and\n"
        "# MultiCoNER II (see ATTRIBUTION.md): seen before PER spans at least {min} times,\n"
        "# starting one at most {edge} times as often, outside entities {plain} times as\n"
        "# often as inside persons. Folded forms."),
    "place-followers": (
        "# Words that stand just after a place name and are not part of it (गांव, जिले, प्रांत):\n"
        "# stripped from the end of a place span. Derived by training/build_boundaries.py\n"
        "# from the training split of HiNER, IL-NER and MultiCoNER II (see ATTRIBUTION.md):\n"
        "# seen after LOC spans at least {min} times, ending one at most {edge} times as\n"
        "# often, outside entities {plain} times as often as inside places. Folded forms."),
}


class Counts(NamedTuple):
    """For one list: how often each folded word stands just outside the span edge, at that
    edge inside a span, anywhere inside a span of the type, and outside every entity."""

    outside: Counter
    edge: Counter
    inside: Counter
    plain: Counter


def boundary_counts(sentences) -> dict[str, Counts]:
    """The counts of both lists over annotated sentences."""
    counts = {"PER": Counts(Counter(), Counter(), Counter(), Counter()),
              "LOC": Counts(Counter(), Counter(), Counter(), Counter())}
    for s in sentences:
        tokens = [fold(t) for t in s.tokens]
        plain = [t for t, label in zip(tokens, s.labels, strict=True) if label == "O"]
        for c in counts.values():
            c.plain.update(plain)
        for start, stop, label in bio_spans(s.labels):
            if label not in counts:
                continue
            c = counts[label]
            c.inside.update(tokens[start:stop])
            edge, out = (start, start - 1) if label == "PER" else (stop - 1, stop)
            c.edge[tokens[edge]] += 1
            if 0 <= out < len(tokens) and s.labels[out] == "O":
                c.outside[tokens[out]] += 1
    return {"person-preceders": counts["PER"], "place-followers": counts["LOC"]}


def selected(c: Counts) -> list[str]:
    """Words seen at the edge, outside it, at least :data:`MIN_COUNT` times, inside it at most
    :data:`MAX_EDGE` as often, and common words: outside every entity at least
    :data:`MIN_PLAIN` times as often as inside spans of the type (नगर, mostly part of names,
    is not listed; गांव is)."""
    return sorted(w for w, n in c.outside.items()
                  if n >= MIN_COUNT and c.edge[w] <= MAX_EDGE * n
                  and c.plain[w] >= MIN_PLAIN * c.inside[w]
                  and _WORD.fullmatch(w) and not is_stopword(w))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", default="../shared")
    args = ap.parse_args(argv)
    split = load_split(Path(args.shared))
    for name, counts in boundary_counts(split.train).items():
        listed = selected(counts)
        header = _HEADERS[name].format(min=MIN_COUNT, edge=MAX_EDGE, plain=MIN_PLAIN)
        (WORDS / f"{name}.txt").write_text(header + "\n" + "\n".join(listed) + "\n",
                                           encoding="utf-8")
        print(f"{name}: {len(listed)} words")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
