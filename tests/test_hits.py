"""A hit's title marks: taken from the body's spans when the title is the body's start, and the
same as marking the title word by word in every case."""

from __future__ import annotations

import pytest

from search.analysis.tokenize import words
from search.extract.article import shorten
from search.query.highlight import _merged, matched_spans, word_terms
from search.query.hits import title_spans

BODY = ("उत्तर कोरियाई नेता किम जोंग-उन ने  मॉस्को में पुतिन से मुलाकात की, और बुलेट-प्रूफ "
        "गाड़ी में लौटे।\nरूस के राष्ट्रपति व्लादिमीर पुतिन ने कहा कि बातचीत अच्छी रही।")
TERMS = [
    {"पुतिन", "=पुतिन"},
    set(word_terms("मास्को")),
    set(word_terms("जोंगउन")) | set(word_terms("प्रूफ")),
    set(word_terms("रूस")) | set(word_terms("लौटे")),
    {"=नहीं"},
]


def word_by_word(text: str, terms: set[str]) -> list[tuple[int, int]]:
    """The definition: every word of the text analyzed, matching words' spans merged."""
    return _merged(sorted({(w.start, w.end) for w in words(text) if word_terms(w.text) & terms}))


@pytest.mark.parametrize("terms", TERMS)
def test_matched_spans_is_word_by_word(terms):
    for text in (BODY, "  " + BODY + " \t", BODY.replace(" ", "\u00a0"), "पुतिन", ""):
        assert matched_spans(text, terms) == word_by_word(text, terms)


@pytest.mark.parametrize("terms", TERMS)
@pytest.mark.parametrize("title", [
    BODY[: BODY.index("।") + 1],           # the first sentence
    shorten(BODY, 60),                      # a long one shortened with "…"
    shorten(BODY, 40),
    BODY[:20],                              # cut inside a word: not the body's words
    BODY[: BODY.index(",")],                # ends before a comma the body goes on with
    "पुतिन और किम की मुलाकात",             # a title of its own
    BODY,
])
def test_title_spans_equal_marking_the_title(title, terms):
    body_spans = matched_spans(BODY, terms)
    assert title_spans(title, BODY, body_spans, terms) == word_by_word(title, terms)
