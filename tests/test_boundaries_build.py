"""training/build_boundaries.py: which words the annotated sentences put outside names.

Each case is a tiny made-up corpus (one annotated sentence a row, repeated), so the rules are
checked without ../shared; the shipped lists are what the same rules make of the real data.
"""

from __future__ import annotations

import pytest

from search.analysis.normalize import fold
from training.build_boundaries import (
    boundary_counts,
    name_ending_titles,
    never_places_alone,
    person_followers,
    selected,
)
from training.corpus import Sentence


def _corpus(rows: list[tuple[str, str, int]]) -> list[Sentence]:
    """``(words, labels, times)`` rows; labels are space-separated BIO tags."""
    return [Sentence(tuple(words.split()), tuple(labels.split()), "test")
            for words, labels, times in rows for _ in range(times)]


_ROLE_TWICE = ("शोधकर्ता मार्टिन ने कहा", "O B-PER O O")
_NAME_WORD = ("शिखर धवन ने कहा", "B-PER I-PER O O")


@pytest.mark.parametrize("rows, word, listed", [
    pytest.param([(*_ROLE_TWICE, 3)], "शोधकर्ता", True, id="three-times-before-a-name"),
    pytest.param([(*_ROLE_TWICE, 2)], "शोधकर्ता", True,
                 id="twice-before-a-name-and-never-in-one"),
    pytest.param([(*_ROLE_TWICE, 1)], "शोधकर्ता", False, id="once-is-not-evidence"),
    pytest.param([(*_ROLE_TWICE, 2), ("शोधकर्ता मार्टिन", "B-PER I-PER", 1)], "शोधकर्ता",
                 False, id="twice-before-but-once-inside-a-name"),
    pytest.param([(*_ROLE_TWICE, 3), ("शोधकर्ता मार्टिन", "B-PER I-PER", 1)], "शोधकर्ता",
                 True, id="three-times-before-outweighs-once-inside"),
    pytest.param([("बाजार में शिखर पर", "O O O O", 20), (*_NAME_WORD, 1)], "शिखर", False,
                 id="an-ordinary-word-never-seen-before-a-name-is-not-listed"),
    pytest.param([(*_ROLE_TWICE, 3)], "ने", False, id="stopwords-never"),
])
def test_person_preceders(rows, word, listed):
    counts = boundary_counts(_corpus(rows))["person-preceders"]
    assert (fold(word) in selected(counts, never_inside=True)) is listed


def test_the_never_inside_way_is_only_for_the_lists_that_ask_for_it():
    counts = boundary_counts(_corpus([(*_ROLE_TWICE, 2)]))["person-preceders"]
    assert fold("शोधकर्ता") not in selected(counts)


@pytest.mark.parametrize("rows, title, listed", [
    pytest.param([("सुब्रमण्यम स्वामी ने कहा", "B-PER I-PER O O", 2)], "स्वामी", True,
                 id="ends-names-twice"),
    pytest.param([("सुब्रमण्यम स्वामी ने कहा", "B-PER I-PER O O", 1)], "स्वामी", False,
                 id="once-is-not-evidence"),
    pytest.param([("पुतिन राष्ट्रपति ने", "B-PER O O", 3),
                  ("जॉन राष्ट्रपति", "B-PER I-PER", 3)], "राष्ट्रपति", False,
                 id="follows-names-as-often-as-it-ends-them"),
    pytest.param([("रीता कुमारी ने", "B-PER I-PER O", 3)], "कुमारी", True, id="kumari"),
    pytest.param([("शहर दिल्ली", "B-PER I-PER", 3)], "दिल्ली", False,
                 id="only-words-of-the-titles-list"),
])
def test_name_ending_titles(rows, title, listed):
    counts = boundary_counts(_corpus(rows))["person-end"]
    assert (fold(title) in name_ending_titles(counts)) is listed


@pytest.mark.parametrize("rows, word, listed", [
    pytest.param([("डेविड ने कहा", "O O O", 3)], "डेविड", True, id="three-times-outside"),
    pytest.param([("डेविड ने कहा", "O O O", 2)], "डेविड", False, id="twice-is-not-evidence"),
    pytest.param([("डेविड ने कहा", "O O O", 3), ("डेविड में", "B-LOC O", 1)], "डेविड", False,
                 id="once-a-place-alone"),
    pytest.param([("स्टेशन पर", "O O", 3), ("दानापुर स्टेशन में", "B-LOC I-LOC O", 5)],
                 "स्टेशन", True, id="inside-longer-places-only"),
])
def test_never_places_alone(rows, word, listed):
    sentences = _corpus(rows)
    plain = boundary_counts(sentences)["place-followers"].plain
    assert (fold(word) in never_places_alone(sentences, plain)) is listed


@pytest.mark.parametrize("rows, word, listed", [
    pytest.param([(*_NAME_WORD, 3)], "ने", True, id="a-postposition-after-names"),
    pytest.param([(*_NAME_WORD, 2)], "ने", False, id="twice-is-not-evidence"),
    pytest.param([("किम जोंग उन ने कहा", "B-PER I-PER I-PER O O", 2),
                  ("किम उन से मिले", "B-PER O O O", 4)], "उन", False,
                 id="a-stopword-that-ends-names-too"),
    pytest.param([("किम जोंग उन ने कहा", "B-PER I-PER I-PER O O", 1),
                  ("किम उन से मिले", "B-PER O O O", 10)], "उन", True,
                 id="ends-a-name-a-tenth-as-often-as-it-follows-one"),
    pytest.param([("मार्टिन आया", "B-PER O", 5)], "आया", False, id="not-a-stopword"),
])
def test_person_followers(rows, word, listed):
    counts = boundary_counts(_corpus(rows))["person-end"]
    assert (fold(word) in person_followers(counts)) is listed
