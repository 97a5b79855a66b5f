"""The shipped tagger was trained on the features the product computes today.

A model kept after its gazetteer, word lists or tokenizer changed meets features it never saw
in training, and nothing else notices (:mod:`training.provenance`). When one of these fails,
retrain: ``make train-ner``, then ``make eval``.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from search.analysis.normalize import fold
from search.data import read_bytes
from search.extract.ner.features import FeatureSet, Featurizer
from search.extract.ner.tagger import MODEL_NAME, load_feature_set, sidecar_path
from search.extract.ner.tokens import sentences
from training.provenance import FEATURE_FILES, feature_fingerprint, feature_inputs, seed_texts


@pytest.fixture(scope="module")
def sidecar() -> dict:
    return json.loads(read_bytes(sidecar_path(Path(MODEL_NAME)).name))


@pytest.fixture(scope="module")
def inputs_today() -> dict[str, str]:
    return feature_inputs()


@pytest.fixture(scope="module")
def feature_set(sidecar) -> FeatureSet:
    return load_feature_set(sidecar, read_bytes)


@pytest.mark.parametrize("name", FEATURE_FILES)
def test_the_tagger_was_trained_with_this_data_file(sidecar, inputs_today, name):
    assert sidecar["inputs"][name] == inputs_today[name], (
        f"search/data/{name} changed after the tagger was trained: make train-ner")


def test_the_seeds_features_are_those_the_tagger_was_trained_on(sidecar, feature_set):
    fingerprint = feature_fingerprint(Featurizer(feature_set), seed_texts())
    assert fingerprint == sidecar["seed_features"], (
        "the tagger's features of the seed articles changed after it was trained: "
        "make train-ner")


def test_the_fingerprint_sees_a_changed_feature(feature_set):
    """Not a test that cannot fail: one place fewer in the gazetteer changes the fingerprint."""
    gazetteer = feature_set.gazetteer
    place = next(key for text in seed_texts() for tokens in sentences(text) for t in tokens
                 if (key := fold(t.text)) and key in gazetteer)

    class WithoutOnePlace:
        def __contains__(self, word: object) -> bool:
            return word != place and word in gazetteer

    smaller = dataclasses.replace(feature_set, gazetteer=WithoutOnePlace())
    assert feature_fingerprint(Featurizer(smaller), seed_texts()) != feature_fingerprint(
        Featurizer(feature_set), seed_texts())
