"""Invariants of the analysis pipeline, for any string (hypothesis)."""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from search.analysis.analyzer import EXACT_MARK, analyze_tokens
from search.analysis.normalize import readings

# Devanagari, its marks and joiners, Latin, digits, punctuation and spaces, over-represented
# so that hypothesis explores what Hindi text is made of; plus any character at all.
_HINDI_ALPHABET = st.sampled_from(
    [chr(c) for c in range(0x0900, 0x0980)]
    + list("\u200c\u200d\u00ad -‐‑–“”‘’\"'()।॥,.?!#:|*0123456789abcXYZ")
)
texts = st.text(st.one_of(_HINDI_ALPHABET, st.characters()), max_size=60)


@given(texts)
@settings(max_examples=400)
def test_analysis_never_raises(text):
    analyze_tokens(text)


@given(texts)
@settings(max_examples=400)
def test_offsets_slice_the_raw_text_to_a_nonempty_surface(text):
    for tok in analyze_tokens(text):
        assert 0 <= tok.start < tok.end <= len(text)
        assert tok.surface == text[tok.start : tok.end]
        assert not unicodedata.category(tok.surface[0]).startswith("M")


@given(texts)
@settings(max_examples=400)
def test_no_term_starts_with_a_combining_mark(text):
    for tok in analyze_tokens(text):
        term = tok.term.removeprefix(EXACT_MARK)
        assert term, tok
        assert not unicodedata.category(term[0]).startswith("M"), tok


@given(st.text(st.one_of(_HINDI_ALPHABET, st.characters()), max_size=20))
@settings(max_examples=600)
def test_normalization_is_idempotent(word):
    for form in readings(word):
        assert readings(form) == (form,)


@given(texts)
@settings(max_examples=300)
def test_every_position_has_an_exact_form(text):
    tokens = analyze_tokens(text)
    positions = {(t.pos, t.span) for t in tokens}
    exact = {(t.pos, t.span) for t in tokens if t.exact}
    assert positions == exact
