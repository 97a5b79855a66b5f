"""Words that make the known place beside them part of a name that is no place.

The gazetteer finds भारत in स्वच्छ भारत अभियान (a scheme), रोम in रोम संविधि (a statute) and
न्यूयॉर्क in न्यूयॉर्क टाइम्स (a newspaper); a facet that lists them as places is wrong. Which
words do that is learnt from the annotated sentences, not guessed: the gazetteer is run over the
training split (:meth:`search.extract.gazetteer.Gazetteer.find_in_tokens`), and for the word just
after each match (and the word just before it) it is counted whether the annotators labelled the
match a place or not (O, an organisation, a person, or a type that is O for us: a scheme, a
treaty, a team). A word is listed when the match beside it is no place at least
:data:`MIN_NOT_PLACE` times and at least :data:`MIN_RATIO` times as often as it is one
(सरकार 170/9, अभियान 33/1, संविधि 6/0; not मिशन 32/8), and it is no stopword (के, में
stand beside places as often as anything).

- ``search/data/words/place-name-followers.txt``: the word after (अभियान, मिशन, संधि, टाइम्स);
- ``search/data/words/place-name-preceders.txt``: the word before (स्वच्छ), where it is also
  never inside a person's span of the training split: a first name before a place word
  (जॉर्ज वॉशिंगटन) is for the person rules.

Only the training split is read (``training.corpus.load_split``): the test split and news-dev
never shape these lists. Run: ``python -m training.build_place_contexts --shared ../shared``.
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

import regex

from search.analysis.normalize import fold
from search.analysis.stopwords import is_stopword
from search.extract.gazetteer import load_gazetteer
from training.build_boundaries import write_words
from training.corpus import load_split

#: The match beside the word is no place at least this often,
MIN_NOT_PLACE = 3
#: and at least this many times as often as it is one. Chosen on the span sets (IL-NER dev LOC
#: F1 0.861 without the lists; 0.869 at 2 and 3, 0.873 at 5, where मिशन, seen 8 times a place,
#: is out; HiNER held-out 0.905 and MultiCoNER II dev 0.717 at all three; news-dev unchanged).
MIN_RATIO = 5.0
_LETTERS = regex.compile(r"[\p{Devanagari}&&[\p{L}\p{M}]]+", regex.V1)

_HEADER = """\
# Folded words that make the known place {side} them part of a name that is no place
# ({example}). Built by training/build_place_contexts.py from the training split of HiNER,
# IL-NER and MultiCoNER II: the gazetteer's matches {side} the word are labelled no place
# >= {min} times and >= {ratio} times as often as a place; Devanagari words, no stopwords{extra}."""
_CONTINUERS_HEADER = """\
# Folded words after a known place that its name goes on over, a facility's or a part's name
# (पुणे विमानक्षेत्र, वेम्बली स्टेडियम, हॉलीवुड वॉक ऑफ़ फ़ेम). Built by
# training/build_place_contexts.py from the training split of HiNER, IL-NER and MultiCoNER II:
# the annotators' place span goes on over the word >= {min} times and >= {ratio} times as
# often as it ends before it; Devanagari words, no stopwords, none a place of the gazetteer."""
_EXAMPLES = {"followers": ("just before", "स्वच्छ भारत अभियान, रोम संविधि", ""),
             "preceders": ("just after", "स्वच्छ भारत", "; never inside a person's span")}


def context_counts(sentences) -> dict[str, tuple[Counter, Counter]]:
    """For the word after and the word before each gazetteer match: (no place, place) counts;
    and under ``"person"`` the folded words seen inside person spans."""
    gazetteer = load_gazetteer()
    counts = {side: (Counter(), Counter()) for side in ("followers", "preceders")}
    in_person: Counter = Counter()
    for s in sentences:
        in_person.update(fold(t) for t, label in zip(s.tokens, s.labels, strict=True)
                         if label.endswith("PER"))
        for i, j, _ in gazetteer.find_in_tokens(s.tokens):
            place = all(label.endswith("LOC") for label in s.labels[i:j])
            for side, k in (("followers", j), ("preceders", i - 1)):
                if 0 <= k < len(s.tokens):
                    counts[side][1 if place else 0][fold(s.tokens[k])] += 1
    counts["person"] = (in_person, Counter())
    return counts


def continuer_counts(sentences) -> tuple[Counter, Counter]:
    """For the word after each gazetteer match that is a place: how often the annotators'
    place span goes on over it (पुणे विमानक्षेत्र, वेम्बली स्टेडियम) and how often it ends
    before it."""
    gazetteer = load_gazetteer()
    inside, outside = Counter(), Counter()
    for s in sentences:
        for i, j, _ in gazetteer.find_in_tokens(s.tokens):
            if j < len(s.tokens) and all(label.endswith("LOC") for label in s.labels[i:j]):
                (inside if s.labels[j] == "I-LOC" else outside)[fold(s.tokens[j])] += 1
    return inside, outside


def selected(not_place: Counter, place: Counter, excluded: Counter | None = None) -> list[str]:
    return sorted(w for w, n in not_place.items()
                  if _LETTERS.fullmatch(w) and n >= MIN_NOT_PLACE and n >= MIN_RATIO * place[w]
                  and not is_stopword(w) and not (excluded and excluded[w]))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", default="../shared")
    args = ap.parse_args(argv)
    train = load_split(Path(args.shared)).train
    counts = context_counts(train)
    in_person = counts["person"][0]
    gazetteer = load_gazetteer()
    inside, outside = continuer_counts(train)
    # A word that is a place itself (सवाना, जॉर्जिया) is a second place, not a facility's word.
    listed = [w for w in selected(inside, outside) if w not in gazetteer]
    write_words("place-continuers", _CONTINUERS_HEADER.format(min=MIN_NOT_PLACE,
                                                              ratio=MIN_RATIO), listed)
    for side, excluded in (("followers", None), ("preceders", in_person)):
        listed = selected(*counts[side], excluded)
        where, example, extra = _EXAMPLES[side]
        head = _HEADER.format(side=where, example=example, min=MIN_NOT_PLACE, ratio=MIN_RATIO,
                              extra=extra)
        write_words(f"place-name-{side}", head, listed)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
