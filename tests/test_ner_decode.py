"""The numpy decoder gives exactly CRFsuite's labels (search/extract/ner/decode.py).

Each test tags the same sentences twice, through CRFsuite (:meth:`Tagger.tag_tokens`, feature
strings in, Viterbi in C) and through :meth:`Tagger.tag_sentences` (the model's weights read
from its file, scores and Viterbi in numpy), and compares every label.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from search.extract.ner.decode import CrfModel
from search.extract.ner.lattice import viterbi
from search.extract.ner.tagger import Tagger
from search.extract.ner.tokens import ner_tokens, sentences
from tests.bench.corpus import hindi_sentences, sentence_files
from tests.shared_data import missing_reason, shared_dir

DATA = shared_dir() / "data"
NO_DATA = missing_reason(*sentence_files(DATA))


@pytest.fixture(scope="module")
def tagger() -> Tagger:
    return Tagger.load()


def _both(tagger: Tagger, token_lists: list[list[str]]) -> tuple[list, list]:
    return [tagger.tag_tokens(t) for t in token_lists], tagger.tag_sentences(token_lists)


def test_the_model_file_is_read_as_crfsuite_reads_it(tagger):
    model = CrfModel.from_bytes(tagger._model)
    assert set(model.labels) == set(tagger._crf.labels())
    # Every attribute of the dump that has a weight, and only those.
    assert model.weighted() == tagger.featurizer.known
    assert model.state.shape == (len(model.attributes) + 1, len(model.labels))
    assert not model.state[-1].any()  # the padding row adds nothing


def test_not_a_model_is_refused():
    with pytest.raises(ValueError, match="CRFsuite"):
        CrfModel.from_bytes(b"not a model at all, just some bytes" * 4)


def test_the_seeds_get_crfsuites_labels(tagger, seed_texts):
    token_lists = [[t.text for t in s] for text in seed_texts.values() for s in sentences(text)]
    assert len(token_lists) > 20
    crfsuite, ours = _both(tagger, token_lists)
    assert ours == crfsuite
    assert any(label != "O" for labels in ours for label in labels)


def test_an_empty_sentence_and_no_sentences(tagger):
    assert tagger.tag_sentences([]) == []
    assert tagger.tag_sentences([[], ["पुतिन"], []]) == [[], tagger.tag_tokens(["पुतिन"]), []]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet="किमजोंगउनपुतिनरूसमॉस्कोश्रीने में -।.,\n()‘’\u200c\u093c",
                        max_size=60), min_size=1, max_size=6)
       | st.lists(st.text(alphabet=st.characters(codec=None) | st.characters(categories=["Cs"]),
                          max_size=30), min_size=1, max_size=4))
def test_any_text_gets_crfsuites_labels(tagger, texts):
    """Made-up text, lone surrogates and NULs included (those go to CRFsuite itself)."""
    token_lists = [[t.text for t in ner_tokens(text)] for text in texts]
    crfsuite, ours = _both(tagger, token_lists)
    assert ours == crfsuite


def test_viterbi_keeps_the_first_of_equal_scores():
    """CRFsuite's ``crf1dc_viterbi`` replaces a best score only by a strictly greater one."""
    scores = np.zeros((3, 2))  # everything ties
    assert viterbi(scores, [3], np.zeros((2, 2))) == [[0, 0, 0]]
    scores = np.array([[0.0, 1.0], [0.0, 0.0], [5.0, 0.0]])
    transition = np.array([[0.0, -10.0], [3.0, 0.0]])
    # The second sentence: moving from label 1 to label 0 earns 3, from 0 to 0 nothing.
    assert viterbi(scores, [1, 2], transition) == [[1], [1, 0]]


@pytest.mark.skipif(NO_DATA is not None, reason=NO_DATA or "")
def test_real_sentences_get_crfsuites_labels(tagger):
    """HiNER's and IL-NER's sentences (a slice of each, decoded in batches of articles)."""
    texts = hindi_sentences(DATA)
    chosen = texts[:: max(1, len(texts) // 3000)]
    token_lists = [[t.text for t in ner_tokens(text)] for text in chosen]
    crfsuite = [tagger.tag_tokens(t) for t in token_lists]
    ours = [labels for i in range(0, len(token_lists), 40)
            for labels in tagger.tag_sentences(token_lists[i : i + 40])]
    assert ours == crfsuite


def test_marginals_equal_crfsuites(tagger, seed_texts):
    from search.extract.ner.lattice import marginals

    token_lists = [[t.text for t in s] for text in seed_texts.values() for s in sentences(text)]
    token_lists = [t for t in token_lists if t][:40]
    decoder = tagger.decoder
    scores = decoder.scores(token_lists)
    ours = marginals(scores, [len(t) for t in token_lists], decoder.model.transition)
    labels = decoder.model.labels
    row = 0
    for tokens in token_lists:
        tagger._crf.set(tagger.featurizer.sentence(tokens))
        for i in range(len(tokens)):
            theirs = [tagger._crf.marginal(label, i) for label in labels]
            np.testing.assert_allclose(ours[row + i], theirs, atol=1e-9)
        row += len(tokens)
    np.testing.assert_allclose(ours.sum(axis=1), 1.0, atol=1e-9)


def test_a_model_with_features_the_decoder_lacks_is_tagged_by_crfsuite(monkeypatch):
    tagger = Tagger.load()  # its own: the featurizer's options are changed below
    tokens = ["राष्ट्रपति", "व्लादिमीर", "पुतिन", "ने", "कहा"]
    expected = tagger.tag_with_marginals(tokens)
    monkeypatch.setattr(tagger.featurizer, "options", frozenset({"wide"}))
    monkeypatch.setattr(Tagger, "decoder", property(lambda self: pytest.fail("decoded")))
    assert tagger.tagged_sentences([tokens]) == [expected]


def _crfsuite_sums(tagger: Tagger, tokens: list[str]) -> np.ndarray:
    """tokens × labels: each token's feature strings' rows added one by one to 0, as
    CRFsuite's ``crf1dt_state_score`` adds them (the features it does not know skipped)."""
    decoder = tagger.decoder
    state, attributes = decoder.model.state, decoder.model.attributes
    out = np.zeros((len(tokens), state.shape[1]))
    for i, features in enumerate(tagger.featurizer.sentence(tokens)):
        for feature in features:
            if feature in attributes:
                out[i] += state[attributes[feature]]
    return out


def test_scores_are_crfsuites_sums_bit_for_bit(tagger, seed_texts):
    """A token's score is the very float CRFsuite sums from its feature strings: its own rows,
    its neighbours' rows gathered by word id, its bigram rows found by pair of word ids (also
    for words holding a ``|``, and a pair the model knows), in its feature list's order."""
    decoder = tagger.decoder
    token_lists = [[t.text for t in s] for text in seed_texts.values() for s in sentences(text)]
    token_lists += [["|", "a|b", "पुतिन", "|", "ने"], ["कहा", "||", "|"], ["x"], []]
    bigram = next(a for a in decoder.model.attributes if a.startswith("b-1="))
    left, word = bigram[4:].split("|", 1)
    token_lists.append([left, word])  # one the model knows, whatever its words
    ours = decoder.scores(token_lists)
    theirs = np.concatenate([_crfsuite_sums(tagger, t) for t in token_lists])
    assert ours.tobytes() == theirs.tobytes()


def test_the_word_cache_starts_again_when_full(tagger, monkeypatch):
    """Past its limit the cache is emptied (the sentinels kept) before a batch's new words are
    added: the same scores."""
    from search.extract.ner import decode

    tokens = [["राष्ट्रपति", "व्लादिमीर", "पुतिन", "ने", "कहा"], ["रूस", "में", "पुतिन"]]
    fresh = decode.CrfDecoder(tagger.decoder.model, tagger.featurizer)
    expected = fresh.scores(tokens)
    monkeypatch.setattr(decode, "_CACHE_LIMIT", 6)
    again = decode.CrfDecoder(tagger.decoder.model, tagger.featurizer)
    again.scores([["एक", "दो", "तीन", "चार"]])
    assert again.scores(tokens).tobytes() == expected.tobytes()
    assert set(again._ids) == {t for s in tokens for t in s}  # only the last batch's words


def test_one_pass_gives_viterbis_paths_and_the_marginals_bit_for_bit(tagger, seed_texts):
    from search.extract.ner.lattice import marginals, viterbi_and_marginals

    token_lists = [[t.text for t in s] for text in seed_texts.values() for s in sentences(text)]
    token_lists = [t for t in token_lists if t] + [["पुतिन"]]
    decoder = tagger.decoder
    for batch in (token_lists, token_lists[:1], token_lists[-1:], token_lists[3:11]):
        scores, lengths = decoder.scores(batch), [len(t) for t in batch]
        transition = decoder.model.transition
        paths, probs = viterbi_and_marginals(scores, lengths, transition)
        assert paths == viterbi(scores, lengths, transition)
        assert probs.tobytes() == marginals(scores, lengths, transition).tobytes()
