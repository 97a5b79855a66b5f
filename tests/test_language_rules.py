"""Table-driven language rules: tokenizing, normalizing and stemming Hindi (cases in cases/)."""

from __future__ import annotations

import pytest

from search.analysis.analyzer import EXACT_MARK, analyze, analyze_tokens
from search.analysis.normalize import readings
from search.analysis.stem import stem
from search.analysis.tokenize import words
from tests.cases import alternatives, load


@pytest.mark.parametrize("text, expected", load("tokenize", "input", "expected"))
def test_tokenizer_keeps_marks_with_letters_and_splits_on_punctuation(text, expected):
    assert tuple(text[w.start : w.end] for w in words(text)) == alternatives(expected)


@pytest.mark.parametrize("word, expected", load("normalize", "input", "expected"))
def test_normalizer_folds_spelling_variants(word, expected):
    assert readings(word) == alternatives(expected)


@pytest.mark.parametrize("word, ours", load("lucene_normalizer", "input", "ours"))
def test_normalizer_matches_lucene_documented_behaviour(word, ours):
    assert readings(word) == alternatives(ours)


@pytest.mark.parametrize("word, expected", load("stem", "input", "expected"))
def test_light_stemmer_strips_inflections(word, expected):
    (folded,) = readings(word)
    assert stem(folded) == expected


def _stems(text: str) -> set[str]:
    return {t for t in analyze(text) if not t.startswith(EXACT_MARK)}


def _exacts(text: str) -> set[str]:
    return {t for t in analyze(text) if t.startswith(EXACT_MARK)}


@pytest.mark.parametrize("a, b", load("conflate", "a", "b"))
def test_variant_spellings_share_a_search_term(a, b):
    assert _stems(a) & _stems(b)


@pytest.mark.parametrize("a, b", load("distinct", "a", "b"))
def test_unrelated_words_share_no_term(a, b):
    assert not (_stems(a) & _stems(b))
    assert not (_exacts(a) & _exacts(b))


@pytest.mark.parametrize(
    "text, stopwords",
    [
        pytest.param("किम जोंग उन ने", {"=उन", "=ने"}, id="pronoun-un-and-ne"),
        pytest.param("रूस और उत्तर कोरिया", {"=ओर"}, id="aur-folds-like-or"),
        pytest.param("क्या किम रूस गए?", {"=कया", "=गए"}, id="question-words"),
    ],
)
def test_stopwords_keep_only_their_exact_form(text, stopwords):
    tokens = analyze_tokens(text)
    assert {t.term for t in tokens if t.stopword} == stopwords
    stems = _stems(text)
    assert not {s[len(EXACT_MARK):] for s in stopwords} & stems


@pytest.mark.parametrize("word", ["घर", "दो", "वर्ग"])
def test_content_words_from_the_base_list_are_not_stopwords(word):
    assert _stems(word)


def test_every_word_has_an_exact_and_a_stem_term_at_its_position():
    tokens = analyze_tokens("प्रतिबंधों")
    assert [(t.term, t.exact) for t in tokens] == [("=परतिबंधों", True), ("परतिबंध", False)]
    assert {(t.start, t.end, t.pos) for t in tokens} == {(0, 10, 0)}


def test_loanword_readings_share_one_position():
    tokens = analyze_tokens("वोस्तोचन कॉस्मोड्रोम")
    cosmodrome = [t for t in tokens if t.surface == "कॉस्मोड्रोम"]
    assert {t.term for t in cosmodrome} == {"=कासमोडरोम", "=कोसमोडरोम", "कासमोडरोम", "कोसमोडरोम"}
    assert {t.pos for t in cosmodrome} == {1}


def test_compound_spans_the_positions_of_its_parts():
    tokens = analyze_tokens("किम जोंग-उन")
    joined = [t for t in tokens if t.term == "जोंगउन"]
    assert [(t.pos, t.span, t.surface) for t in joined] == [(1, 2, "जोंग-उन")]
    assert [t.pos for t in tokens if t.term in ("जोंग", "=उन")] == [1, 2]
