"""Known full names of people, to complete or supply names the CRF tagger gets wrong.

Names from other languages break a word-level model in ways context cannot mend: in किम जोंग उन
the last word is also the pronoun उन ("them"), which the training data only ever shows outside
names, so the CRF stops after किम जोंग; and किम जोंग-इल से मुलाकात की gives it no cue at all.
Given as a CRF feature, a list of names changed nothing (a jackknifed list rarely matches unseen
sentences, so the CRF learned to trust it little). So names are applied after tagging
(:func:`search.extract.ner.tagger.complete_names`), in two tiers:

- the full names (two words or more) that the training data (HiNER, IL-NER, MultiCoNER II)
  tags as persons: when the tagger marks part of one as a person, the person is the whole
  name; otherwise it is left alone;
- trusted names, persons wherever they appear unless the tagger found a longer name around
  them (नरेंद्र मोदी स्टेडियम). None is shipped: the hand list of well-known people drawn from
  the seeds was removed in issue 9 (it changed no figure on news-dev: person F1 0.731 with
  and without it); a list built from a documented source may be passed as ``trusted``.

Names match on folded word parts, so spelling variants and hyphenation meet: किम जोंग-उन and
किम जोंग उन are one entry; a match starts and ends on token boundaries, and the longest wins
(किम जोंग इल, the father, is not किम जोंग उन).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence

from search.extract.names import name_key


def _is_name_word(part: str) -> bool:
    """Names are made of letters: a date the data mislabelled (4 मार्च 2009) is no name."""
    return all(ch.isalpha() or unicodedata.category(ch).startswith("M") for ch in part)


def _full_names(names: Iterable[Sequence[str]]) -> frozenset[tuple[str, ...]]:
    return frozenset(tuple(n) for n in names if len(n) >= 2 and all(map(_is_name_word, n)))


class NameLexicon:
    """Known full names as folded parts; ``trusted`` ones are persons wherever they appear."""

    def __init__(
        self, names: Iterable[Sequence[str]], trusted: Iterable[Sequence[str]] = ()
    ) -> None:
        self.trusted = _full_names(trusted)
        self.names = _full_names(names) | self.trusted
        self._prefixes = frozenset(n[:k] for n in self.names for k in range(1, len(n)))
        self.max_parts = max((len(n) for n in self.names), default=0)
        self._ends = frozenset(part for n in self.names for part in (n[0], n[-1]))

    @classmethod
    def from_texts(cls, texts: Iterable[str]) -> NameLexicon:
        return cls(name_key(t) for t in texts)

    def __len__(self) -> int:
        return len(self.names)

    def lines(self) -> list[str]:
        return sorted(" ".join(n) for n in self.names)

    def matches(self, parts: Sequence[tuple[str, ...]]) -> list[tuple[int, int, bool]]:
        """``(first, stop, trusted)`` token spans of known names, longest first, left to
        right, over tokens already cut into folded parts (see
        :func:`search.extract.names.name_key`)."""
        found: list[tuple[int, int, bool]] = []
        i = 0
        while i < len(parts):
            stop = self._longest(parts, i)
            if stop is None:
                i += 1
                continue
            found.append((i, stop, sum(parts[i:stop], ()) in self.trusted))
            i = stop
        return found

    def split_joined(
        self, spans: list[tuple[int, int, str]], parts: Sequence[tuple[str, ...]]
    ) -> list[tuple[int, int, str]]:
        """Person spans that run two names together (किम जोंग उन पुतिन से: a headline without
        a conjunction) cut after the known full name they begin with, when every word after it
        begins or ends a known name too."""
        found = []
        for first, stop, label in spans:
            cut = self._longest(parts, first) if label == "PER" else None
            if cut is not None and cut < stop and all(
                    parts[k] and all(p in self._ends for p in parts[k]) for k in range(cut, stop)):
                found += [(first, cut, label), (cut, stop, label)]
            else:
                found.append((first, stop, label))
        return found

    def _longest(self, parts: Sequence[tuple[str, ...]], i: int) -> int | None:
        best: int | None = None
        grown: tuple[str, ...] = ()
        for k in range(i, len(parts)):
            if not parts[k]:
                break
            grown = grown + parts[k]
            if grown in self.names:
                best = k + 1
            if grown not in self._prefixes or len(grown) >= self.max_parts:
                break
        return best
