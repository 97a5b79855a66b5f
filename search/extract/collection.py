"""One display name per entity across a collection of articles.

Each article is extracted on its own, so one article may call a man व्लादिमिर पुतिन and four
others व्लादिमीर पुतिन, and an article that only says पुतिन cannot know his first name. A
facet must list him once. Across the collection:

- a person's key is :func:`search.extract.entities.person_key` of the article's canonical name; its
  display name is the most frequent full form over all articles (ties: the first seen);
- a name left as a single word in its article (पुतिन) is linked to the full name that it ends
  or begins, the most mentioned one in the collection, when there is one;
- a place's display name is the most frequent of its canonical names in any spelling.

Different full names are never merged, exactly as inside one article.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace

from search.extract.names import name_key, without_titles
from search.models import PERSON, PLACE, Extraction, Mention


@dataclass
class NameTables:
    """Collection-wide display names: key (folded words joined by spaces) → display name."""

    people: dict[str, str]
    places: dict[str, str]

    def display(self, kind: str, canonical: str, key: tuple[str, ...] | None = None) -> str:
        """The display name of ``canonical`` (``key``: its :func:`name_key`, when known)."""
        key = name_key(canonical) if key is None else key
        if kind == PERSON:
            return self.people.get(" ".join(without_titles(key)), canonical)
        return self.places.get(" ".join(key), canonical)


#: The names of one article: (kind, canonical name, number of mentions), in order of first
#: mention. All that collection-wide naming needs of an article, and small enough to keep
#: beside the index for every article (:mod:`search.index.facet_build`).
NameCounts = tuple[tuple[str, str, int], ...]


def article_names(ex: Extraction) -> NameCounts:
    counts = Counter((m.kind, m.canonical) for m in ex.mentions)
    return tuple((kind, canonical, n) for (kind, canonical), n in counts.items())


def name_tables(extractions: Sequence[Extraction]) -> NameTables:
    return name_tables_of(article_names(ex) for ex in extractions)


#: A name's :func:`name_key` (or a keeper of them: :class:`search.index.facet_build.Catalog`).
KeyOf = Callable[[str], tuple[str, ...]]


def name_tables_of(articles: Iterable[NameCounts], key_of: KeyOf = name_key) -> NameTables:
    """:func:`name_tables` from each article's :func:`article_names`."""
    seen_people, seen_places = _tallies(articles)
    people = _person_names(seen_people, key_of)
    places = _place_names(seen_places, key_of)
    return NameTables({" ".join(k): v for k, v in people.items()},
                      {" ".join(k): v for k, v in places.items()})


def unify(extractions: Sequence[Extraction], tables: NameTables | None = None) -> list[Extraction]:
    """The same extractions with collection-wide canonical names."""
    tables = tables or name_tables(extractions)
    out = []
    for ex in extractions:
        mentions = [_rename(m, tables) for m in ex.mentions]
        out.append(
            replace(
                ex,
                mentions=mentions,
                persons=_unique(m.canonical for m in mentions if m.kind == PERSON),
                places=_unique(m.canonical for m in mentions if m.kind == PLACE),
            )
        )
    return out


def _rename(m: Mention, tables: NameTables) -> Mention:
    canonical = tables.display(m.kind, m.canonical)
    return m if canonical == m.canonical else replace(m, canonical=canonical)


def _tallies(articles: Iterable[NameCounts]) -> tuple[dict[str, list[int]], dict[str, int]]:
    """Each person's canonical name → [articles that name it, mentions], and each place's →
    mentions, first seen first: what the votes below need, in one pass (a collection names
    the same people and places over and over: 1.4 million names at 100,000 articles)."""
    people: dict[str, list[int]] = {}
    places: dict[str, int] = {}
    for names in articles:
        for kind, canonical, count in names:
            if kind == PERSON:
                found = people.get(canonical)
                if found is None:
                    people[canonical] = [1, count]
                else:
                    found[0] += 1
                    found[1] += count
            elif kind == PLACE:
                places[canonical] = places.get(canonical, 0) + count
    return people, places


def _person_names(seen: dict[str, list[int]],
                  key_of: KeyOf = name_key) -> dict[tuple[str, ...], str]:
    """Display names: the form most articles use as their own canonical name (one vote per
    article, so one article that repeats a spelling does not outvote four others; a name
    given in the corrections file is an article's canonical name, so it is kept)."""
    forms: dict[tuple[str, ...], Counter] = {}
    mentioned: Counter = Counter()
    for canonical, (articles, count) in seen.items():  # keys and forms in first-seen order
        key = without_titles(key_of(canonical))
        mentioned[key] += count
        _votes(forms, key)[canonical] += articles
    display = {key: _most_common(c) for key, c in forms.items()}
    ending: dict[str, list[tuple[str, ...]]] = {}  # a word → the full names it begins or ends
    for full in (k for k in forms if len(k) > 1):
        for word in dict.fromkeys((full[0], full[-1])):
            ending.setdefault(word, []).append(full)
    for key in list(display):
        fits = ending.get(key[0], []) if len(key) == 1 else []
        if fits:
            display[key] = display[max(fits, key=lambda f: mentioned[f])]
    return display


def _most_common(votes: Counter) -> str:
    """The form with most votes; ties go to the first seen (Counter keeps insertion order)."""
    return max(votes, key=lambda form: votes[form])


def _place_names(seen: dict[str, int],
                 key_of: KeyOf = name_key) -> dict[tuple[str, ...], str]:
    forms: dict[tuple[str, ...], Counter] = {}
    for canonical, count in seen.items():  # keys and forms in first-seen order
        _votes(forms, key_of(canonical))[canonical] += count
    return {key: c.most_common(1)[0][0] for key, c in forms.items()}


def _votes(forms: dict[tuple[str, ...], Counter], key: tuple[str, ...]) -> Counter:
    """The votes for the forms of ``key``, made on first use (one article may hold thousands
    of names, a collection millions)."""
    votes = forms.get(key)
    if votes is None:
        votes = forms[key] = Counter()
    return votes


def _unique(values) -> list[str]:
    return list(dict.fromkeys(values))
