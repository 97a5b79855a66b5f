"""The rebuild workers' postings (search.index.term_values) are exactly Whoosh's own, from the
analyzer, for every kind of word the analyzer treats specially."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from whoosh.formats import Characters, Positions

from search.index.schema import build_schema
from search.index.term_values import WordCharacters, WordPositions, word_terms, worker_schema

CASES = [
    ("plain", "रूस ने उत्तर कोरिया से बात की।"),
    ("stopwords only", "के की का में से"),
    ("loanword o", "मॉस्को और मास्को में कॉस्मोड्रोम"),
    ("compound", "किम जोंग-उन, बुलेट-प्रूफ और Su-35 विमान"),
    ("numbers", "8,000 लोग, 1.5 अरब, 1.5-a और २०२४"),
    ("repeated words", "पुतिन पुतिन पुतिन ने कहा कि पुतिन"),
    ("nukta and joiners", "ज़िंदगी क़ानून क्\u200dष फ़्रांस"),
    ("latin", "NASA and the BBC said"),
    ("empty", ""),
    ("punctuation only", "।, — ? !"),
]


def _values(fmt, text: str) -> list:
    return sorted(fmt.word_values(text, build_schema()["body"].analyzer, mode="index"))


@pytest.mark.parametrize("text", [c[1] for c in CASES], ids=[c[0] for c in CASES])
@pytest.mark.parametrize(("ours", "whoosh"), [(WordCharacters, Characters),
                                              (WordPositions, Positions)])
def test_postings_are_the_analyzers(text: str, ours, whoosh) -> None:
    assert _values(ours(), text) == _values(whoosh(), text)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("कखगमनरसतपजड़ािीुूेैोौंँ़्ॉ -–,.।१2aZ\u200c\u200d")),
               max_size=60))
def test_any_text(text: str) -> None:
    assert _values(WordCharacters(), text) == _values(Characters(), text)


def test_worker_schema_differs_only_in_format_classes() -> None:
    ours, index = worker_schema(), build_schema()
    assert ours.names() == index.names()
    assert type(ours["body"].format) is WordCharacters
    assert ours["body"].format.__dict__ == index["body"].format.__dict__
    assert ours["body"].analyzer == index["body"].analyzer


def test_a_stopword_keeps_only_its_exact_form() -> None:
    assert word_terms("के") == ("=के",)


def test_other_analyzers_fall_back_to_whoosh() -> None:
    from whoosh.analysis import StandardAnalyzer

    analyzer = StandardAnalyzer()
    assert sorted(WordCharacters().word_values("two words", analyzer)) == sorted(
        Characters().word_values("two words", analyzer))


def test_the_index_analyzer_takes_the_word_path() -> None:
    from search.index.term_values import _ours

    assert _ours("x", build_schema()["body"].analyzer, {"mode": "index"})


@pytest.mark.parametrize("text", [c[1] for c in CASES], ids=[c[0] for c in CASES])
@pytest.mark.parametrize("field", ["body", "title"])
def test_the_fields_index_is_whooshs(text: str, field: str) -> None:
    """The worker schema's fields give Whoosh's (UTF-8 term, frequency, weight, value) items,
    value bytes included, without asking the format for str terms."""
    ours, whoosh = worker_schema()[field], build_schema()[field]
    assert sorted(ours.index(text)) == sorted(whoosh.index(text))
    assert sorted(ours.index([text])) == sorted(whoosh.index([text]))  # a list: Whoosh's path


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("कखगमनरसतपजड़ािीुूेैोौंँ़्ॉ -–,.।१2aZ\u200c\u200d")),
               max_size=60))
def test_any_text_indexed(text: str) -> None:
    ours, whoosh = worker_schema(), build_schema()
    for field in ("body", "title"):
        assert sorted(ours[field].index(text)) == sorted(whoosh[field].index(text))
