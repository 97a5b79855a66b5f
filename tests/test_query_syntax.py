"""The query language: what each input parses to, and repairs described, never raised."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from search.query.syntax import And, Not, Or, Phrase, Word, parse


@pytest.mark.parametrize(
    "text, tree",
    [
        pytest.param("मॉस्को", Word("मॉस्को"), id="word"),
        pytest.param("किम पुतिन", And((Word("किम"), Word("पुतिन"))), id="implicit-and"),
        pytest.param("किम AND पुतिन", And((Word("किम"), Word("पुतिन"))), id="explicit-and"),
        pytest.param("किम OR पुतिन", Or((Word("किम"), Word("पुतिन"))), id="or"),
        pytest.param('"किम जोंग उन"', Phrase("किम जोंग उन"), id="phrase"),
        pytest.param("“किम जोंग उन”", Phrase("किम जोंग उन"), id="typographic-phrase"),
        pytest.param("-मॉस्को", Not(Word("मॉस्को")), id="minus"),
        pytest.param("NOT मॉस्को", Not(Word("मॉस्को")), id="not"),
        pytest.param("प्रति*", Word("प्रति", prefix=True), id="prefix"),
        pytest.param("क्या?", Word("क्या?"), id="question-mark-stays-text"),
        pytest.param("a (b OR c)", And((Word("a"), Or((Word("b"), Word("c"))))), id="group"),
        pytest.param("+किम", Word("किम"), id="plus-is-ignored"),
        pytest.param("बुलेट-प्रूफ", Word("बुलेट-प्रूफ"), id="hyphen-inside-word"),
        pytest.param("", None, id="empty"),
        pytest.param("   ", None, id="blank"),
        pytest.param("*", None, id="lone-star"),
    ],
)
def test_parse_tree(text, tree):
    parsed = parse(text)
    assert parsed.tree == tree
    assert parsed.notes == []


@pytest.mark.parametrize(
    "text, tree, note",
    [
        pytest.param('"किम जोंग', And((Word("किम"), Word("जोंग"))), "unclosed quote", id="quote"),
        pytest.param("(किम OR पुतिन", Or((Word("किम"), Word("पुतिन"))), "unclosed parenthesis",
                     id="open-paren"),
        pytest.param("किम)", Word("किम"), "unmatched parenthesis", id="close-paren"),
        pytest.param("किम OR", Word("किम"), "dangling OR", id="dangling-or"),
        pytest.param("किम NOT", Word("किम"), "dangling NOT", id="dangling-not"),
    ],
)
def test_malformed_queries_are_repaired_and_explained(text, tree, note):
    parsed = parse(text)
    assert parsed.tree == tree
    assert any(note in n for n in parsed.notes)


@given(st.text(max_size=80))
def test_parse_never_raises(text):
    parse(text)
