"""A query word's own forms of its stem term (search/query/word_forms.py), over a made-up
vocabulary: कीमती (folded किमति) is कीमत's when the index holds कीमत, never किम's."""

from __future__ import annotations

import pytest

from search.analysis.normalize import fold
from search.query.word_forms import own_forms, owner, stem_terms

VOCABULARY = {fold(w) for w in ("किम", "कीमत", "कीमती", "कीमतें", "बढ़", "बढ़ते", "बढ़ता",
                                 "बढ़त", "बना", "बनाने", "बनते", "रूस", "रूसी")}


def attested(word: str) -> bool:
    return word in VOCABULARY


@pytest.mark.parametrize(("word", "expected"), [
    ("कीमती", "कीमत"),  # कीमत + ी, not किम + ती
    ("किम", "किम"),
    ("बनाने", "बन"),    # बना + ने, but बना is बन + ा: one verb
    ("बढ़ते", "बढ़त"),   # what the vocabulary alone says; only names are split by it
    ("रूसी", "रूस"),
])
def test_owner(word, expected):
    assert owner(fold(word), attested) == fold(expected)


def test_kim_owns_only_itself_and_precious_only_itself():
    assert own_forms(fold("किम"), attested) == ["=" + fold("किम")]
    assert own_forms(fold("कीमती"), attested) == ["=" + fold("कीमती")]


def test_a_stem_term_with_one_owner_is_searched_as_is():
    assert own_forms(fold("रूस"), attested) is None


@pytest.mark.parametrize(("word", "names", "expected"), [
    ("किम", {"किम"}, ["=किम"]),                 # a name: its own forms
    ("बढ़ते", set(), [fold("बढ़")]),           # a verb, no name: the stem term as before
    ("बढ़ते", {fold("बढ़त")}, [fold("बढ़")]),  # बढ़त is a name, but the stem बढ़ is not
])
def test_only_names_and_unknown_words_are_split(word, names, expected):
    folded = fold(word)
    from search.analysis.stem import stem

    assert stem_terms(["=" + folded], [stem(folded)], frozenset(names), attested) == expected


def test_a_word_the_index_lacks_is_split_too():
    vocabulary_without_kim = VOCABULARY - {"किम"}
    assert stem_terms(["=किम"], ["किम"], frozenset(),
                      lambda w: w in vocabulary_without_kim) == ["=किम"]
