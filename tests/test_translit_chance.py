"""The null model of Latin readings (issue 14, no false friends): a reading that is not the
Latin word's key exactly must score above what made-up words of the archive's own syllables
reach by chance at that key length (search/translit/chance.py). How many made-up words the
floors let through on news-dev is measured by ``python -m tests.eval.translit``."""

from __future__ import annotations

import itertools
import random

import numpy as np
import pytest

from search import data
from search.analysis.normalize import fold
from search.engine import Engine
from search.index.generations import current_generation
from search.index.writer import rebuild
from search.models import SearchRequest
from search.translit import chance, keymap
from search.translit.chance_scan import chance_scores
from search.translit.key import latin_key
from search.translit.keymap import KeyMap, for_generation
from tests.conftest import SEEDS


def test_made_up_words_are_latin_words_with_a_key():
    rng = random.Random(1)
    for _ in range(200):
        word = chance.made_up_word(rng)
        assert word.isascii() and word.isalpha() and latin_key(word)


def test_a_floor_is_what_only_alpha_of_the_made_up_words_exceed():
    rng = random.Random(3)
    scores: dict[str, float] = {}

    def score(word: str) -> float:
        return scores.setdefault(word, rng.random())

    table = chance.floors(score, samples=3000, alpha=0.05)
    measured = 0
    for length, floor in enumerate(table):
        made = [s for w, s in scores.items() if min(len(latin_key(w)), chance.MAX_LENGTH)
                == length]
        if len(made) >= chance.MIN_SAMPLES:
            measured += 1
            assert sum(s > floor for s in made) <= 0.05 * len(made) + 1
            assert floor > 0.8  # uniform scores: the 95th percentile
    assert measured >= 5
    stricter = chance.floors(score, samples=3000, alpha=0.01)
    assert all(s >= f for s, f in zip(stricter, table, strict=True))


def test_a_close_reading_below_the_floor_is_dropped_and_an_exact_one_kept():
    km = KeyMap.from_counts({"फलोज": 2, "पुतिन": 5})
    assert [c.word for c in km.candidates("faloze")] == ["फलोज"]  # no floors: as before
    km.chance = np.full(chance.MAX_LENGTH + 1, 5.0)  # nothing beats this chance
    assert km.candidates("faloze") == []
    assert [c.word for c in km.candidates("putin")] == ["पुतिन"]
    assert chance.floor_of(None, "putin") == 0.0 == chance.floor_of(np.zeros(0), "putin")


def test_a_reading_must_explain_the_whole_latin_word():
    """zolalo is two rewrites from जल (keys 0.8 alike), but its vowels are not जल's: less
    evidence than police for पुलिस (0.7 alike, 0.67 with the vowels), at the same frequency."""
    km = KeyMap.from_counts({"जल": 50, "पुलिस": 50})
    assert [c.word for c in km.candidates("zolalo")] == ["जल"]
    km.chance = np.full(chance.MAX_LENGTH + 1, 0.6)
    assert km.candidates("zolalo") == []
    assert [c.word for c in km.candidates("police")] == ["पुलिस"]


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    root = tmp_path_factory.mktemp("translit-chance")
    rebuild([SEEDS], root / "index")
    return root / "index"


def test_the_rebuild_stores_the_floors_with_the_key_map(index):
    folder = current_generation(index)
    assert (folder / "translit.chance.npy").exists()
    km = for_generation(folder)
    assert km.chance is not None and len(km.chance) == chance.MAX_LENGTH + 1


def test_a_latin_word_meaning_nothing_is_named_beside_the_other_words_articles(index):
    with Engine(index) as engine:
        result = engine.search(SearchRequest(q="putin qzvtk"))
    assert result.total > 0 and result.transliterated.startswith("खोजा गया: पुतिन")
    notes = " ".join(result.notes)
    assert "'qzvtk'" in notes and "any of them" in notes
    assert "putinqzvtk" not in notes  # the joined pair is no word the reader typed


def test_a_latin_word_found_with_the_others_needs_no_note(index):
    with Engine(index) as engine:
        result = engine.search(SearchRequest(q="putin moscow"))
    assert result.total > 0 and not any("sounds like" in note for note in result.notes)


def _rich_map() -> KeyMap:
    """A key map as a real archive's: the tagger's word list (12,000 words), the gazetteer's
    exonyms, and skeletons of hundreds of words (म, ल, न and स, र, क with every vowel
    sign), more than a lookup reads (SCAN) under the one of मलन."""
    vocab: dict[str, int] = {}
    for i, line in enumerate(data.read_bytes("ner-hi-clusters.tsv").decode().splitlines()):
        word = fold(line.split("\t")[0])
        if word and len(word) <= keymap.MAX_WORD:
            vocab.setdefault(word, 1 + i % 97)
    signs = ["", "ा", "ि", "ी", "ु", "ू", "े", "ै", "ो", "ौ", "ं"]
    for i, (a, b, c, d) in enumerate(itertools.product(signs, repeat=4)):
        vocab.setdefault(fold(f"म{a}ल{b}न{c}"), 1 + i % 13)
        vocab.setdefault(fold(f"स{a}र{b}क{c}त{d}"), 1 + i % 17)
    return KeyMap.from_counts(vocab, keymap._exonyms())


def test_the_batched_lookups_give_the_floors_to_the_last_bit():
    """The rebuild's floors (``chance_scan``: keys from the user's cache, lookups batched) are
    exactly :func:`chance.floors` of one-by-one lookups, score by score."""
    km = _rich_map()
    sample = chance.null_sample(samples=1500)
    rng = random.Random(chance.SEED)
    words = [chance.made_up_word(rng) for _ in range(1500)]
    one_by_one = [km.chance_score(w) for w in words]
    assert chance_scores(km, sample) == one_by_one
    assert sum(s > 0 for s in one_by_one) > 50  # the probe compares real readings
    assert sample.lengths == [min(len(latin_key(w)), chance.MAX_LENGTH) for w in words]
    assert np.array_equal(chance.table(sample.lengths, one_by_one),
                          chance.floors(km.chance_score, samples=1500))
    assert chance.null_sample(samples=1500) is sample  # kept for the process
