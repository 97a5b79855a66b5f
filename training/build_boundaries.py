"""Word lists for boundary repair, derived from the NER training data (issue 9).

A tagger often glues the word before a name into it (शूटर X, शोधकर्ता X, बकौल X) and the word
after a place into the place (X गांव, X प्रांत, X जिले). Which words those are is learnt from
the annotated sentences, not guessed: a word goes to a list when the annotators put it right
outside spans of that type far more often than inside them.

- ``search/data/words/person-preceders.txt``: words that stand just before a PER span and
  rarely begin one (:func:`selected`);
- ``search/data/words/place-followers.txt``: the same for the word just after a LOC span and
  the last word of one;
- ``search/data/words/name-ending-titles.txt``: the other way round, titles that end names
  more often than they follow them (सुब्रमण्यम स्वामी, विजयलक्ष्मी पंडित, रीता कुमारी), so that
  they are not stripped from the end of a person span (:func:`name_ending_titles`).
- ``search/data/words/person-followers.txt``: function words that follow names and almost
  never end one (की, ने, द्वारा; not उन, which ends किम जोंग उन): the tagger sometimes takes
  one in (लॉर्ड मैकाले की), and it is stripped from the end of a person span
  (:func:`person_followers`).
- ``search/data/words/never-places-alone.txt``: words seen outside entities at least
  :data:`MIN_PLAIN_NEVER_ALONE` times and never a place on their own (डेविड, पर्वतीय): a
  one-word place of the tagger that is one of them is no place (:func:`never_places_alone`).

A word qualifies in one of two ways: seen outside the edge at least :data:`MIN_COUNT` times
and at the edge inside at most :data:`MAX_EDGE` as often (the data sets disagree on whether
गांव belongs to the place), or, for the person list (:data:`NEVER_INSIDE_LISTS`), seen outside
the edge at least :data:`MIN_COUNT_NEVER_INSIDE` times and never anywhere inside a span of the
type (शोधकर्ता, विधायक, जज: twice each before a person, never in one). Hindi first names are
often ordinary words (शिखर, मंगल), so a word that is merely never a name in the training data
is not listed: it must have been seen right outside a name.

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
from search.extract.names import TITLES
from search.extract.ner.tagger import bio_spans
from training.corpus import load_split

WORDS = Path(__file__).parent.parent / "search" / "data" / "words"


def write_words(name: str, header: str, listed: list[str]) -> None:
    """``search/data/words/<name>.txt``: the header that says where its words come from, then
    one word a line; and how many, on standard output."""
    (WORDS / f"{name}.txt").write_text(header + "\n" + "\n".join(listed) + "\n",
                                       encoding="utf-8")
    print(f"{name}: {len(listed)} words")
#: A word must be seen just outside the span edge this often to be listed,
MIN_COUNT = 3
#: at that edge inside spans at most this many times as often (the data sets disagree on
#: whether गांव belongs to the place: 9 times after a place, 15 times ending one),
MAX_EDGE = 2.0
#: and outside every entity at least this many times as often as inside spans of the type.
MIN_PLAIN = 3.0
#: Or, for the lists of :data:`NEVER_INSIDE_LISTS`, seen just outside the edge this often and
#: never inside a span of the type (chosen on IL-NER dev and the held-out HiNER fifth: 2 adds
#: 90 roles and adverbs to the preceders and changes no span there; 1 adds 512 and still
#: none, but then one sighting decides).
MIN_COUNT_NEVER_INSIDE = 2
NEVER_INSIDE_LISTS = frozenset({"person-preceders"})
#: A title ends names when the training split shows it ending a PER span at least this often
#: and more often than standing right after one.
MIN_TITLE_ENDINGS = 2
#: A function word follows names when seen right after a PER span at least :data:`MIN_COUNT`
#: times and ending one at most 1/MIN_FOLLOWER_RATIO as often (ने 800 : 1, के 764 : 18, but
#: उन 4 : 2; any ratio from 3 to 20 gives the same list).
MIN_FOLLOWER_RATIO = 10
#: A word is never a place alone when seen outside entities this often and never as a
#: one-word LOC span (chosen on IL-NER dev and the held-out HiNER fifth: 3, 5 and 10 all
#: raise or keep place precision there; 3 keeps the most tagger errors out).
MIN_PLAIN_NEVER_ALONE = 3
#: Letters and vowel signs only: no token with a danda or digits glued on.
_WORD = regex.compile(r"[\p{L}\p{M}]{2,}")

_SOURCE = (
    "# by training/build_boundaries.py from the training split of HiNER, IL-NER and\n"
    "# MultiCoNER II (see ATTRIBUTION.md): seen {where} at least {min} times,\n"
    "# {edge_word} one at most {edge} times as often, outside entities {plain} times as\n"
    "# often as inside {kind}{never}. Folded forms.")
_NEVER = (",\n# or seen there at least {never_min} times and never inside a {kind_one}")
_HEADERS = {
    "person-preceders": (
        "# Words that stand just before a person's name and are not part of it (roles, ranks,\n"
        "# professions, reporting verbs): stripped from the start of a person span. Derived\n",
        dict(where="before PER spans", edge_word="starting", kind="persons",
             kind_one="person")),
    "place-followers": (
        "# Words that stand just after a place name and are not part of it (गांव, जिले, प्रांत):\n"
        "# stripped from the end of a place span. Derived\n",
        dict(where="after LOC spans", edge_word="ending", kind="places", kind_one="place")),
}
_TITLES_HEADER = (
    "# Titles that also end names (सुब्रमण्यम स्वामी, विजयलक्ष्मी पंडित, रीता कुमारी): kept at the\n"
    "# end of a person span, while other titles there are stripped. Derived by\n"
    "# training/build_boundaries.py from the training split of HiNER, IL-NER and MultiCoNER II\n"
    "# (see ATTRIBUTION.md): words of titles.txt that end PER spans at least {min} times and\n"
    "# more often than they stand right after one. Folded forms.")
_FOLLOWERS_HEADER = (
    "# Function words that follow a person's name and are not part of it (की, ने, द्वारा):\n"
    "# stripped from the end of a person span. Derived by training/build_boundaries.py from the\n"
    "# training split of HiNER, IL-NER and MultiCoNER II (see ATTRIBUTION.md): stopwords seen\n"
    "# right after PER spans at least {min} times and ending one at most 1/{ratio} as often.\n"
    "# Folded forms.")
_NEVER_ALONE_HEADER = (
    "# Words that are never a place on their own (डेविड, पर्वतीय, स्टेशन): a one-word place\n"
    "# of the tagger that is one of them is no place. Derived by training/build_boundaries.py\n"
    "# from the training split of HiNER, IL-NER and MultiCoNER II (see ATTRIBUTION.md): seen\n"
    "# outside entities at least {min} times and never as a one-word LOC span. Folded forms.")
#: Which label and which edge each count is about: a list of words outside that edge each,
#: and ``person-end`` for :func:`name_ending_titles`.
_EDGES = {"person-preceders": ("PER", "start"), "place-followers": ("LOC", "end"),
          "person-end": ("PER", "end")}
_LISTS = ("person-preceders", "place-followers")


class Counts(NamedTuple):
    """For one list: how often each folded word stands just outside the span edge, at that
    edge inside a span, anywhere inside a span of the type, and outside every entity."""

    outside: Counter
    edge: Counter
    inside: Counter
    plain: Counter


def boundary_counts(sentences) -> dict[str, Counts]:
    """The counts of every list over annotated sentences."""
    counts = {name: Counts(Counter(), Counter(), Counter(), Counter()) for name in _EDGES}
    for s in sentences:
        tokens = [fold(t) for t in s.tokens]
        plain = [t for t, label in zip(tokens, s.labels, strict=True) if label == "O"]
        for c in counts.values():
            c.plain.update(plain)
        for start, stop, label in bio_spans(s.labels):
            for name, (kind, side) in _EDGES.items():
                if label != kind:
                    continue
                c = counts[name]
                c.inside.update(tokens[start:stop])
                edge, out = (start, start - 1) if side == "start" else (stop - 1, stop)
                c.edge[tokens[edge]] += 1
                if 0 <= out < len(tokens) and s.labels[out] == "O":
                    c.outside[tokens[out]] += 1
    return counts


def selected(c: Counts, never_inside: bool = False) -> list[str]:
    """Words seen at the edge, outside it, at least :data:`MIN_COUNT` times, inside it at most
    :data:`MAX_EDGE` as often, and common words: outside every entity at least
    :data:`MIN_PLAIN` times as often as inside spans of the type (नगर, mostly part of names,
    is not listed; गांव is). With ``never_inside``, also the words seen outside the edge at
    least :data:`MIN_COUNT_NEVER_INSIDE` times and never inside a span of the type."""
    return sorted(w for w, n in c.outside.items()
                  if ((n >= MIN_COUNT and c.edge[w] <= MAX_EDGE * n
                       and c.plain[w] >= MIN_PLAIN * c.inside[w])
                      or (never_inside and n >= MIN_COUNT_NEVER_INSIDE and not c.inside[w]))
                  and _WORD.fullmatch(w) and not is_stopword(w))


def name_ending_titles(c: Counts) -> list[str]:
    """Titles seen ending PER spans at least :data:`MIN_TITLE_ENDINGS` times and more often
    than right after one: part of names as well (स्वामी, पंडित, राजा), while राष्ट्रपति and
    डॉक्टर follow names as often as they end them."""
    return sorted(w for w in TITLES if c.edge[w] >= MIN_TITLE_ENDINGS and c.edge[w] > c.outside[w])


def person_followers(c: Counts) -> list[str]:
    """Stopwords seen right after PER spans at least :data:`MIN_COUNT` times and ending one
    at most 1/:data:`MIN_FOLLOWER_RATIO` as often: postpositions and the like, never part of
    a name."""
    return sorted(w for w, n in c.outside.items()
                  if is_stopword(w) and n >= MIN_COUNT and c.edge[w] * MIN_FOLLOWER_RATIO <= n)


def never_places_alone(sentences, plain: Counter) -> list[str]:
    """Words seen outside entities (``plain``) at least :data:`MIN_PLAIN_NEVER_ALONE` times
    and never as a LOC span of one word: a first name (डेविड), an adjective (पर्वतीय) or the
    head of a place's name (स्टेशन), but not a place by itself."""
    alone: Counter = Counter()
    for s in sentences:
        alone.update(fold(s.tokens[start]) for start, stop, label in bio_spans(s.labels)
                     if label == "LOC" and stop == start + 1)
    return sorted(w for w, n in plain.items()
                  if n >= MIN_PLAIN_NEVER_ALONE and not alone[w] and _WORD.fullmatch(w)
                  and not is_stopword(w))


def header(name: str) -> str:
    intro, fields = _HEADERS[name]
    never = ""
    if name in NEVER_INSIDE_LISTS:
        never = _NEVER.format(never_min=MIN_COUNT_NEVER_INSIDE, **fields)
    return intro + _SOURCE.format(min=MIN_COUNT, edge=MAX_EDGE, plain=MIN_PLAIN, never=never,
                                  **fields)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", default="../shared")
    args = ap.parse_args(argv)
    split = load_split(Path(args.shared))
    counts = boundary_counts(split.train)
    lists = {name: (header(name), selected(counts[name], never_inside=name in NEVER_INSIDE_LISTS))
             for name in _LISTS}
    lists["name-ending-titles"] = (_TITLES_HEADER.format(min=MIN_TITLE_ENDINGS),
                                   name_ending_titles(counts["person-end"]))
    lists["person-followers"] = (
        _FOLLOWERS_HEADER.format(min=MIN_COUNT, ratio=MIN_FOLLOWER_RATIO),
        person_followers(counts["person-end"]))
    lists["never-places-alone"] = (
        _NEVER_ALONE_HEADER.format(min=MIN_PLAIN_NEVER_ALONE),
        never_places_alone(split.train, counts["place-followers"].plain))
    for name, (head, listed) in lists.items():
        write_words(name, head, listed)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
