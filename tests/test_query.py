"""Queries find every spelling: the query builder over an index of the seeds."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from search.query.builder import QueryBuilder
from search.query.syntax import parse

ALL_SEEDS = {"000", "001", "002", "003", "004"}


def _ids(index, text: str, default_op: str = "and") -> set[str]:
    with index.searcher() as searcher:
        builder = QueryBuilder({"body": 1.0}, reader=searcher.reader(), default_op=default_op)
        q = builder.build(parse(text).tree)
        return {hit["id"] for hit in searcher.search(q, limit=None)} if q else set()


@pytest.mark.parametrize(
    "query, expected",
    [
        pytest.param("मॉस्को", ALL_SEEDS, id="moscow-candra-o"),
        pytest.param("मास्को", ALL_SEEDS, id="moscow-aa"),
        pytest.param("व्लादिमीर", ALL_SEEDS, id="vladimir-long-i"),
        pytest.param("व्लादिमिर", ALL_SEEDS, id="vladimir-short-i"),
        pytest.param("पुतिन", ALL_SEEDS | {"x-father"}, id="putin"),
        pytest.param("कॉस्मोड्रोम", {"000", "001", "003"}, id="cosmodrome-candra-o"),
        pytest.param("कोस्मोड्रोम", {"000", "001", "003"}, id="cosmodrome-o"),
        pytest.param("बुलेट-प्रूफ", {"000", "001", "002"}, id="bulletproof-hyphen"),
        pytest.param("बुलेटप्रूफ", {"000", "001", "002"}, id="bulletproof-closed"),
        pytest.param("बुलेट प्रूफ", {"000", "001", "002"}, id="bulletproof-open"),
        pytest.param("सितंबर", {"003"}, id="september-anusvara"),
        pytest.param("सितम्बर", {"003"}, id="september-nasal-virama"),
        pytest.param("प्रतिबंध", {"000", "001", "003"}, id="sanctions-singular"),
        pytest.param("प्रतिबंधों", {"000", "001", "003"}, id="sanctions-plural"),
        pytest.param("कोम्सोमोल्स्क", {"000"}, id="compound-part"),
        pytest.param("Su-35", {"000"}, id="latin-model-hyphen"),
        pytest.param("su35", {"000"}, id="latin-model-closed"),
    ],
)
def test_every_spelling_finds_every_article(seed_index, query, expected):
    assert _ids(seed_index, query) == expected


@pytest.mark.parametrize(
    "query, expected",
    [
        pytest.param('"किम जोंग उन"', ALL_SEEDS, id="un-phrase-matches-hyphenated-too"),
        pytest.param('"किम जोंग-उन"', ALL_SEEDS, id="hyphenated-phrase-matches-open"),
        pytest.param('"किम जोंग-इल"', {"000", "x-father"}, id="father-phrase"),
        pytest.param('"किम जोंग इल"', {"000", "x-father"}, id="father-open-phrase"),
        pytest.param('"जोंग उन"', ALL_SEEDS, id="pronoun-un-does-not-break-phrase"),
        pytest.param("“किम जोंग उन”", ALL_SEEDS, id="typographic-quotes"),
    ],
)
def test_phrases_match_exact_names(seed_index, query, expected):
    assert _ids(seed_index, query) == expected


def test_son_ranks_above_father_for_free_text_name(seed_index):
    with seed_index.searcher() as searcher:
        builder = QueryBuilder({"body": 1.0}, reader=searcher.reader())
        hits = searcher.search(builder.build(parse("किम जोंग उन").tree), limit=None)
        ids = [h["id"] for h in hits]
    assert "x-father" in ids  # किम and जोंग are both there: a free-text match
    assert ids[-1] == "x-father"  # but the phrase bonus puts the son's articles first


@pytest.mark.parametrize(
    "query, expected",
    [
        pytest.param("पुतिन?", ALL_SEEDS | {"x-father"}, id="question-mark-is-punctuation"),
        pytest.param("प्योंग*", {"000", "001", "002", "004"}, id="prefix"),
        pytest.param("कोस्मो*", {"000", "001", "003"}, id="prefix-meets-candra-o-reading"),
        pytest.param("व्लादिव*", {"000", "001", "002", "003", "004"}, id="prefix-folded"),
        pytest.param("कॉस्मो*", {"000", "001", "003"}, id="prefix-with-both-readings"),
        pytest.param("किम -मॉस्को", {"x-father"}, id="not-with-minus"),
        pytest.param("किशिदा OR सितंबर", {"000", "003"}, id="or"),
        pytest.param("(किशिदा OR सितंबर) AND पवित्र", {"003"}, id="group-and"),
        pytest.param("NOT पुतिन", set(), id="pure-not"),
        pytest.param("उन", ALL_SEEDS | {"x-father"}, id="only-stopwords-searched-exactly"),
        pytest.param("?", set(), id="nothing-searchable"),
    ],
)
def test_query_syntax_on_the_seeds(seed_index, query, expected):
    assert _ids(seed_index, query) == expected


def test_or_mode_needs_any_word(seed_index):
    assert _ids(seed_index, "किशिदा सितंबर", default_op="or") == {"000", "003"}
    assert _ids(seed_index, "किशिदा सितंबर", default_op="and") == set()


@given(st.text(max_size=40))
@settings(max_examples=200, deadline=None)
def test_any_query_string_builds_and_runs(seed_index, text):
    _ids(seed_index, text)
