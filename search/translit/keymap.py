"""The key map of one index generation: every Devanagari word of its vocabulary by phonetic key.

Built by the rebuild (:func:`write`, one line in :mod:`search.index.writer`) from the exact
forms (``=`` terms) of the finished index, so it covers every name of the reader's own archive,
and stored in the generation folder as sorted numpy arrays, memory-mapped by every searcher
(like the term arrays): a lookup is two binary searches and a few edit distances, far under a
millisecond, and nothing is parsed when a generation is opened. An index without the map (built
before it existed) still searches Latin words, literally.

Files, sorted by (skeleton, most documents first):
``translit.skel.npy`` / ``translit.key.npy`` (the word's key and its consonants),
``translit.word.npy`` (the folded word, as the index has it), ``translit.shown.npy`` (the
word as the archive writes it in a person's or place's name, else empty) and
``translit.df.npy`` (how many documents have it); and ``translit.chance.npy``, by key
length the score a made-up word reaches by chance (:mod:`search.translit.chance`), which a
reading must beat unless its key is the Latin word's exactly.
"""

from __future__ import annotations

import hashlib
import math
import os
import threading
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

import numpy as np
from rapidfuzz.distance import Levenshtein

from search import cache as user_cache
from search.analysis.analyzer import EXACT_MARK
from search.analysis.normalize import fold, readings
from search.translit import chance
from search.translit.key import (
    VOWELS,
    devanagari_key,
    fine_devanagari_key,
    fine_latin_key,
    latin_key,
    latin_keys,
    skeleton,
)

FILES = ("skel", "key", "word", "shown", "df")
#: The hash of the rules that keyed the map (:func:`rules_digest`): the next rebuild takes
#: the keys of the words it still has from the map when they agree.
RULES = "translit.rules"
#: Optional: an index built before the null model has no floors (only MIN_SIMILARITY).
CHANCE = "chance"
FIELDS = ("title", "body")
#: Words longer than this are not names a reader types (and would widen every array).
MAX_WORD = 24
#: Candidates with one skeleton read per lookup, the most frequent first: a short skeleton
#: (न, म) has hundreds of words, and the closest are common ones.
SCAN = 400
#: How close a candidate's key must be to the typed word's (rapidfuzz's normalized Levenshtein
#: similarity, 1 = the same key). Chosen on measurement (``python -m tests.eval.translit
#: --sweep``, news-dev + 2,000 generated articles): 0.6 and 0.7 give the same overlap with the
#: Devanagari queries (96.5%), 0.8 loses some (93.6%). It is only the first gate: a reading
#: that is not the word's key exactly must also beat chance (``translit.chance.npy``).
MIN_SIMILARITY = 0.7
#: A candidate found through a second reading of the key (r as ड़) ranks below the first,
#: by this much for each rewrite.
VARIANT_PENALTY = 0.1
#: Keys that disagree on ending in a vowel (लखनऊ/lucknow agree, लेखन does not) lose this
#: much; keys that disagree on starting with one never meet (ukraine is not करने).
END_VOWEL_PENALTY = 0.1
#: Candidates may be this much less similar than the closest one, so that a common word one
#: vowel away (दिल्ली for delhi) competes with a rare exact one (डेलि).
MAX_LESS_SIMILAR = 0.25
#: Ranking: similarity plus this much per tenfold documents (the more common word is the
#: likelier meaning); readings OR-ed for one Latin word are the best few within MAX_BEHIND.
DF_WEIGHT = 0.15
#: ... plus this much times the similarity of the keys with their a's (tie-breaking).
FINE_WEIGHT = 0.2
MAX_CANDIDATES = 3
MAX_BEHIND = 0.1
#: A second reading needs this share of the first one's documents: OR-ed at equal weight, a
#: rare one (चाइना beside चीन) would outrank the common one by its higher IDF.
MIN_SHARE = 0.25

def _path(folder: Path, name: str) -> Path:
    return folder / f"translit.{name}.npy"


@dataclass(frozen=True, slots=True)
class Candidate:
    """A Devanagari word a Latin word may mean."""

    word: str
    shown: str
    documents: int
    similarity: float
    #: The similarity of the keys with their a's kept (:func:`fine_latin_key`).
    fine: float = 0.0


def write(folder: Path, reader, names: Iterable[str] = (),
          frequencies: dict[str, int] | None = None, previous: Path | None = None,
          readings_of: Callable[[str], tuple[str, ...]] = readings) -> int:
    """Build the key map of the index ``reader`` (in ``folder``) and save it there; how
    many words it has. ``names`` are the archive's people and places, whose spellings
    "searched for" shows; ``frequencies`` (exact form → document frequency), when the caller
    has them, save reading the vocabulary through Whoosh; ``previous``, the generation this
    one was built from, gives the keys of the words it had (keying 27,000 words took 0.2 s of
    an incremental rebuild at 10,000 articles), when it was keyed by the same rules;
    ``readings_of`` is :func:`readings` or a keeper of them."""
    df = frequencies if frequencies is not None else vocabulary(reader)
    df = {w: n for w, n in df.items() if len(w) <= MAX_WORD}
    exonyms = _exonym_rows()
    km = KeyMap.from_counts(df, exonyms, _shown_forms(names, readings_of),
                            _previous_keys(previous, exonyms))
    km.chance = _floors(km)
    for name in (*FILES, CHANCE):
        # A new file, never the old one rewritten: an incremental rebuild hard-links the live
        # generation's files into the one it builds, and np.save would write through the link.
        path = _path(folder, name)
        tmp = path.with_name(f"{path.name}.tmp")
        with open(tmp, "wb") as f:
            np.save(f, getattr(km, name))
        os.replace(tmp, path)
    tmp = folder / f"{RULES}.tmp"
    tmp.write_text(rules_digest(), encoding="utf-8")
    os.replace(tmp, folder / RULES)
    return len(km)


@cache
def rules_digest() -> str:
    """A hash of what makes the keys: the key's rules and tables, the folding, the place
    list (exonyms); once per process."""
    from importlib import resources

    from search.analysis import normalize
    from search.translit import key

    data = resources.files("search.data")
    tables = sorted(p.name for p in data.iterdir() if p.name.startswith("translit-"))
    return user_cache.digest([Path(key.__file__), Path(normalize.__file__), Path(__file__),
                              *(data.joinpath(name).read_bytes() for name in tables),
                              data.joinpath("places-hi.tsv").read_bytes()])


def _previous_keys(folder: Path | None,
                   exonyms: list[tuple[str, str, str]]) -> dict[str, tuple[str, str]]:
    """Word → (its Devanagari key, the key's skeleton) in the key map of the generation
    ``folder``, when it was made by these rules (else nothing). Its rows are every keyed word
    of its vocabulary plus a row (key of the English name, word) per exonym of a word it had;
    those are set aside (one row per exonym: a key the English name shares gives two equal
    rows, and the one left over is the word's own)."""
    if folder is None or not (folder / RULES).is_file() or \
            (folder / RULES).read_text(encoding="utf-8") != rules_digest():
        return {}
    try:
        old = KeyMap.load(folder)
        rows = zip(old.skel.tolist(), old.key.tolist(), old.word.tolist(), strict=True) \
            if old is not None else []
        claimed = Counter((key, word) for _, word, key in exonyms)
        out: dict[str, tuple[str, str]] = {}
        for skel, key, word in rows:
            if claimed.get((key, word)):
                claimed[key, word] -= 1
            else:
                out[word] = (key, skel)
    except (OSError, ValueError):  # a damaged map: every word is keyed again
        return {}
    return out


_FLOORS: dict[str, np.ndarray] = {}


def _floors(km: KeyMap) -> np.ndarray:
    """The null model's floors of ``km``: :func:`search.translit.chance.floors` of
    :meth:`KeyMap.chance_score`, with the made-up words' keys from the user's cache and their
    lookups batched (:mod:`search.translit.chance_scan`; 0.1 s instead of 0.6 at 10,000
    articles). Kept for the process by the map's contents: rebuilding an unchanged archive
    (tests) does not look them up again."""
    from search.translit.chance_scan import chance_scores

    digest = hashlib.sha1(km.key.tobytes() + km.df.tobytes()).hexdigest()
    if digest not in _FLOORS:
        if len(_FLOORS) >= 8:
            _FLOORS.pop(next(iter(_FLOORS)))
        sample = chance.null_sample()
        _FLOORS[digest] = chance.table(sample.lengths, chance_scores(km, sample))
    return _FLOORS[digest]


def vocabulary(reader) -> dict[str, int]:
    """Every exact form of the index (without its mark) and its document frequency, the
    larger of its fields'."""
    df: dict[str, int] = {}
    for field in FIELDS:
        for term, info in reader.iter_prefix(field, EXACT_MARK):
            word = (term.decode("utf-8") if isinstance(term, bytes) else term)[len(EXACT_MARK):]
            if len(word) <= MAX_WORD:
                df[word] = max(df.get(word, 0), info.doc_frequency())
    return df


def _exonyms() -> list[tuple[str, str]]:
    """(English name, folded Hindi name) of every one-word place of the gazetteer
    (``search/data/places-hi.tsv``: Hindi name, other spellings, kind, English name, code)
    whose English name is one Latin word: russia → रूस, germany → जर्मनी."""
    return [(english, word) for english, word, _ in _exonym_rows()]


@cache
def _exonym_rows() -> list[tuple[str, str, str]]:
    """:func:`_exonyms` with the key of each English name; kept in the user's cache
    (:mod:`search.cache`) by :func:`rules_digest` (0.1 s of every rebuild otherwise)."""
    name = f"translit-exonyms-{rules_digest()}.json"
    saved = user_cache.load_json(name)
    if isinstance(saved, list) and all(isinstance(r, list) and len(r) == 3 for r in saved):
        return [tuple(r) for r in saved]
    from importlib import resources

    text = resources.files("search.data").joinpath("places-hi.tsv").read_text(encoding="utf-8")
    out = []
    for line in text.splitlines():
        cols = line.split("\t")
        if line.startswith("#") or len(cols) < 4 or " " in cols[0]:
            continue
        if (key := latin_key(cols[3])) and (word := fold(cols[0])):
            out.append((cols[3], word, key))
    user_cache.save_json(name, out)
    return out


def _shown_forms(names: Iterable[str],
                 readings_of: Callable[[str], tuple[str, ...]] = readings) -> dict[str, str]:
    """Folded word → its spelling in the archive's people and places (मासको → मास्को), so
    that "searched for" shows words as they are written."""
    out: dict[str, str] = {}
    for name in names:
        for word in name.split():
            for reading in readings_of(word):  # मॉस्को is मासको and मोसको
                out.setdefault(reading, word)
    return out


class KeyMap:
    """One generation's key map, memory-mapped; safe to share between threads."""

    def __init__(self, arrays: dict[str, np.ndarray]):
        self.skel = arrays["skel"]
        self.key = arrays["key"]
        self.word = arrays["word"]
        self.shown = arrays["shown"]
        self.df = arrays["df"]
        self.chance: np.ndarray | None = arrays.get(CHANCE)

    @classmethod
    def from_counts(cls, df: dict[str, int], exonyms: Iterable[tuple[str, ...]] = (),
                    shown: dict[str, str] | None = None,
                    keyed: dict[str, tuple[str, str]] | None = None) -> KeyMap:
        """The map of folded Devanagari words with their document counts; ``exonyms`` adds
        (English name, word[, key of the English name]) rows for the words ``df`` has,
        ``shown`` their spellings; ``keyed``: words already keyed (word → key, skeleton)."""
        rows = []
        keyed = keyed or {}
        for word, n in df.items():
            known = keyed.get(word)
            if known is not None:
                rows.append((known[1], -n, known[0], word))
            elif key := devanagari_key(word):
                rows.append((skeleton(key), -n, key, word))
        for english, word, *given in exonyms:
            if word in df:  # russia → रूस: a name no romanizing finds, keyed by its English
                key = given[0] if given else latin_key(english)
                rows.append((skeleton(key), -df[word], key, word))
        rows.sort()
        shown = shown or {}
        return cls({
            "skel": np.array([r[0] for r in rows], dtype=str),
            "key": np.array([r[2] for r in rows], dtype=str),
            "word": np.array([r[3] for r in rows], dtype=str),
            "shown": np.array([shown.get(r[3], "") for r in rows], dtype=str),
            "df": np.array([-r[1] for r in rows], dtype=np.int32),
        })

    @classmethod
    def load(cls, folder: Path) -> KeyMap | None:
        """The map in ``folder``, or None when the index was built without one."""
        if not all(_path(folder, name).exists() for name in FILES):
            return None
        arrays = {name: np.load(_path(folder, name), mmap_mode="r") for name in FILES}
        if _path(folder, CHANCE).exists():
            arrays[CHANCE] = np.load(_path(folder, CHANCE))
        return cls(arrays)

    def __len__(self) -> int:
        return int(self.skel.size)

    def candidates(self, latin: str) -> list[Candidate]:
        """The Devanagari words ``latin`` most likely means, best first: close keys, then
        more documents. Empty when nothing is close enough (no false friends): a reading that
        is not the word's key exactly must score above what made-up words of its key length
        reach in this archive by chance."""
        floor = chance.floor_of(self.chance, latin_key(latin))
        best = {w: c for w, c in self._close(latin).items()
                if c.similarity >= 1.0 or _evidence(c) > floor}
        if not best:
            return []
        closest = max(c.similarity for c in best.values())
        ranked = sorted((c for c in best.values() if c.similarity >= closest - MAX_LESS_SIMILAR),
                        key=lambda c: (-_score(c), c.word))
        top = _score(ranked[0])
        first = ranked[0]
        return [first] + [c for c in ranked[1:MAX_CANDIDATES] if _score(c) >= top - MAX_BEHIND
                          and c.documents >= MIN_SHARE * first.documents]

    def chance_score(self, latin: str) -> float:
        """The best evidence for a reading of ``latin`` that is not its key exactly (0:
        none): the statistic of the null model (:func:`search.translit.chance.floors`)."""
        return max((_evidence(c) for c in self._close(latin).values() if c.similarity < 1.0),
                   default=0.0)

    def _close(self, latin: str) -> dict[str, Candidate]:
        """Every word whose key is within MIN_SIMILARITY of one of ``latin``'s keys, with its
        fine similarity."""
        best: dict[str, Candidate] = {}
        for key, rewrites in latin_keys(latin):
            for cand in self._bucket(key, VARIANT_PENALTY * rewrites):
                if cand.similarity >= MIN_SIMILARITY and (
                        cand.word not in best or best[cand.word].similarity < cand.similarity):
                    best[cand.word] = cand
        fine = fine_latin_key(latin)
        return {w: replace(c, fine=Levenshtein.normalized_similarity(
            fine, fine_devanagari_key(w))) for w, c in best.items()}

    def _bucket(self, key: str, penalty: float) -> list[Candidate]:
        skel = skeleton(key)
        lo = int(np.searchsorted(self.skel, skel, side="left"))
        hi = int(np.searchsorted(self.skel, skel, side="right"))
        hi = min(hi, lo + SCAN)
        out = []
        for i in range(lo, hi):
            other = str(self.key[i])
            if (key[0] in VOWELS) != (other[0] in VOWELS):
                continue
            similarity = Levenshtein.normalized_similarity(key, other) - penalty
            if (key[-1] in VOWELS) != (other[-1] in VOWELS):
                similarity -= END_VOWEL_PENALTY
            out.append(Candidate(str(self.word[i]), str(self.shown[i]) or str(self.word[i]),
                                 int(self.df[i]), round(similarity, 3)))
        return out


def _evidence(cand: Candidate) -> float:
    """How much a reading that is not the word's key exactly says for itself, against chance:
    how close the keys are times how close with their a's kept (the reading explains the whole
    Latin word: zolalo, two rewrites from जल, is close in key, 0.8, and far with its vowels,
    0.33), and how common the word is (the likelier meaning)."""
    return evidence(cand.similarity, cand.fine, cand.documents)


def evidence(similarity: float, fine: float, documents: int) -> float:
    """:func:`_evidence` of a candidate's parts (the batched null model computes it too)."""
    return similarity * fine + DF_WEIGHT * math.log10(1 + documents)


def _score(cand: Candidate) -> float:
    return (cand.similarity + DF_WEIGHT * math.log10(1 + cand.documents)
            + FINE_WEIGHT * cand.fine)


_LOADED: dict[Path, KeyMap | None] = {}
_LOCK = threading.Lock()


def for_generation(folder: Path) -> KeyMap | None:
    """The key map of a generation folder, loaded once per process (generations are never
    changed once swapped in; the writer prunes old ones, and so is this cache)."""
    folder = Path(folder)
    with _LOCK:
        if folder not in _LOADED:
            if len(_LOADED) >= 4:
                _LOADED.pop(next(iter(_LOADED)))
            _LOADED[folder] = KeyMap.load(folder)
        return _LOADED[folder]


def forget(folder: Path) -> None:
    """Drop a generation's key map (a rebuild swapped in a newer one): its memory-mapped files
    are released once no search uses them, so a pruned folder is not held open."""
    with _LOCK:
        _LOADED.pop(Path(folder), None)
