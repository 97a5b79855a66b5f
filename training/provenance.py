"""What a trained tagger's features were computed from, so that a stale model is caught.

The CRF learns weights for the features :class:`search.extract.ner.features.Featurizer` gives
its tokens; at run time the product computes them again. When the gazetteer, a word list or the
tokenizer changes after training, the model meets features it was not trained on, silently:
that happened to the model of bb8ac4a, trained before the gazetteer was rebuilt from its
sources, before initials stopped ending sentences and with the seed rows still in the place
list, and kept through those changes while the pipeline's thresholds were chosen around its
marginals (news-dev person 0.854 with it; 0.796-0.828 for the same recipe trained again).

So :mod:`training.train` writes two fingerprints into the model's sidecar and a test compares
them with today's:

- ``inputs``: a digest of each data file the features and tokens read (:func:`feature_inputs`);
- ``seed_features``: a digest of the feature lists of the repository's seed articles
  (:func:`feature_fingerprint`), which changes whenever a code change alters the features
  that the tagger computes for ordinary news text, and not when a refactor leaves them alone.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path

from search import data
from search.cache import digest
from search.extract.ner.features import Featurizer
from search.extract.ner.tokens import sentences

#: The data files that the tagger's tokens and features are made from.
FEATURE_FILES = ("places-hi.tsv", "words/abbreviations.txt", "words/latin-letter-names.txt",
                 "words/place-endings.txt", "words/person-endings.txt", "words/titles.txt",
                 "words/stopwords-added.txt", "words/stopwords-kept.txt")
SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def feature_inputs() -> dict[str, str]:
    """Each file of :data:`FEATURE_FILES` with the digest of its bytes."""
    return {name: digest([data.read_bytes(name)]) for name in FEATURE_FILES}


def seed_texts() -> list[str]:
    """The seed articles' texts, in file-name order."""
    return [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]


def feature_fingerprint(featurizer: Featurizer, texts: Iterable[str]) -> str:
    """A digest of every feature list of every sentence of ``texts``, in order."""
    h = hashlib.sha256()
    for text in texts:
        for tokens in sentences(text):
            for features in featurizer.sentence([t.text for t in tokens]):
                h.update("\x1f".join(features).encode())
                h.update(b"\x1e")
    return h.hexdigest()[:20]
