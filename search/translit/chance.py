"""How close a Latin word that means nothing comes to some word of the archive by chance.

The key map reads a Latin word as the Devanagari words whose keys are close to its key. But a
large archive has a word near almost any pronounceable string: a made-up "faloze" is one
rewrite from फलोज, "nuvili" one vowel from नवलि. How close is close enough depends on the
archive (a big vocabulary leaves fewer gaps) and on the length of the key (a short key has
few neighbours to miss, a long one many letters to get wrong), so no single similarity floor
serves: 0.7 lets 7 of 60 made-up words find an article of news-dev, and 0.9 still 4.

So the floor is measured, per archive and per key length, against a null model: made-up
words, random syllables spelled as readers spell Hindi in Latin letters (:func:`made_up_word`),
are looked up in the archive's own key map at rebuild time, and for each key length the floor
is the evidence (closeness and commonness, :func:`search.translit.keymap._evidence`) that only
:data:`ALPHA` of them exceed with a reading that is not their key exactly: about ALPHA of the
made-up words of any length get a reading, whatever the archive's size. A reading whose key is
the Latin word's key exactly is always kept: a made-up word that spells an archive word letter
for letter is that word as far as anything can tell (koroputa is कोरोपुत, Koraput).

The null samples what a reader types, not what the archive holds: made of the archive's own
syllables as the key spells them (na, ra, sa: the inherent a, no aspirates), it gave lower
floors at the key lengths of everyday words and let more made-up words through (5 of 60 on
news-dev against 3 of 60, and one reading of the table fewer, ``python -m
tests.eval.translit``).
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from functools import cache
from importlib import resources
from pathlib import Path
from typing import NamedTuple

import numpy as np

from search import cache as user_cache
from search.translit.key import latin_key, latin_keys

#: The share of made-up words allowed a reading at each key length (a test's p-value: a
#: reading is kept when chance comes as close less often than this). Chosen on measurement
#: (``python -m tests.eval.translit --sweep``, news-dev + 2,000 generated articles): 1% and
#: 2% let 2 of 60 made-up words through but cost real readings, which chance matches in a
#: large archive (israel as इसराइल beside इजराइल, 80% → 0% overlap; at 1% also trump as
#: टरंप, vajpayee as वाजपेयी); 5% keeps every reading of the table and lets 3 of 60 through
#: (7 without the null model). Scored once chosen, on the held-out words (``--held-out``):
#: 18 of 300 made-up words (42 without), 5 of 39 English words on unrelated articles (11).
ALPHA = 0.05
#: Made-up words looked up at rebuild (about 0.25 ms each), and the fewest a key length needs
#: for a floor of its own (ALPHA of them are the few above it); a length with fewer takes the
#: floor of the next shorter one (longer keys come close by chance less often, so that floor
#: is the stricter).
SAMPLES = 6000
MIN_SAMPLES = 200
#: Key lengths with a floor of their own; longer keys take the last one.
MAX_LENGTH = 14
SEED = 14
#: Syllables of the null model: the consonants and vowels of English spellings of Hindi,
#: digraphs included (bh, sh, aa, ee), one to six syllables, a final consonant at times.
ONSETS = ("b", "bh", "c", "ch", "d", "dh", "f", "g", "gh", "h", "j", "k", "kh", "l", "m",
          "n", "p", "ph", "r", "s", "sh", "t", "th", "v", "w", "y", "z")
NUCLEI = ("a", "a", "e", "i", "o", "u", "aa", "ee", "oo", "ai", "au")


def made_up_word(rng: random.Random) -> str:
    """A pronounceable string that means nothing, as often as chance has it."""
    word = "".join(rng.choice(ONSETS) + rng.choice(NUCLEI) for _ in range(rng.randint(1, 6)))
    return word + rng.choice(ONSETS) if rng.random() < 0.3 else word


def floors(chance_score: Callable[[str], float], samples: int = SAMPLES,
           alpha: float = ALPHA, seed: int = SEED) -> np.ndarray:
    """Index = key length: the score that made-up words of that key length exceed with a
    reading other than their exact key only ``alpha`` of the time. ``chance_score`` is the
    best such score of one word in the archive (0 when it has no close reading)."""
    rng = random.Random(seed)
    words = [made_up_word(rng) for _ in range(samples)]
    return table([min(len(latin_key(w)), MAX_LENGTH) for w in words],
                 [chance_score(w) for w in words], alpha)


def table(lengths: Sequence[int], scores: Sequence[float], alpha: float = ALPHA) -> np.ndarray:
    """The floors (index = key length) of made-up words of key lengths ``lengths`` that
    reached ``scores`` by chance (:func:`floors`)."""
    by_length: dict[int, list[float]] = {}
    for length, score in zip(lengths, scores, strict=True):
        by_length.setdefault(length, []).append(score)
    out = np.zeros(MAX_LENGTH + 1, dtype=np.float64)
    previous = 0.0
    for length in range(MAX_LENGTH + 1):
        scores = by_length.get(length, [])
        if len(scores) >= MIN_SAMPLES:
            previous = float(np.quantile(scores, 1 - alpha, method="higher"))
        out[length] = previous
    return out


class NullSample(NamedTuple):
    """The made-up words of :func:`floors` as the key map looks them up: for each, its key
    length (at most MAX_LENGTH), its keys with their rewrites (:func:`latin_keys`) and its
    key with the a's kept (:func:`search.translit.key.fine_latin_key`)."""

    lengths: list[int]
    keys: list[list[tuple[str, int]]]
    fine: list[str]


@cache
def null_sample(samples: int = SAMPLES, seed: int = SEED) -> NullSample:
    """The keys of the made-up words, which depend only on the seed and the key's rules but
    take longer to work out (half a second) than the rebuild's lookups of them: they are kept
    in the user's cache (:mod:`search.cache`), named by a hash of the code and tables that
    make them."""
    name = f"translit-null-{_rules_digest(samples, seed)}.json"
    saved = user_cache.load_json(name)
    if isinstance(saved, dict) and len(saved.get("lengths", ())) == samples:
        return NullSample(saved["lengths"], [[(k, r) for k, r in keys] for keys in saved["keys"]],
                          saved["fine"])
    from search.translit.key import fine_latin_key

    rng = random.Random(seed)
    words = [made_up_word(rng) for _ in range(samples)]
    sample = NullSample([min(len(latin_key(w)), MAX_LENGTH) for w in words],
                        [latin_keys(w) for w in words], [fine_latin_key(w) for w in words])
    user_cache.save_json(name, sample._asdict())
    return sample


def _rules_digest(samples: int, seed: int) -> str:
    """A hash of what the made-up words and their keys are made from."""
    here, data = Path(__file__).parent, resources.files("search.data")
    return user_cache.digest([f"{samples} {seed}", here / "chance.py", here / "key.py",
                              *(data.joinpath(name).read_bytes()
                                for name in ("translit-latin.tsv", "translit-latin-variants.tsv"))])


def floor_of(table: np.ndarray | None, key: str) -> float:
    """The floor for a Latin word whose key is ``key`` (none without a table: an index built
    before the null model)."""
    if table is None or not len(table):
        return 0.0
    return float(table[min(len(key), len(table) - 1)])
