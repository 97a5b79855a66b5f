"""The article's one token stream (search.extract.doc) and the span-overlap index
(search.extract.spans): each must answer exactly what the scans they replaced answered."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from search.analysis.normalize import fold
from search.analysis.tokenize import words
from search.extract.doc import Doc
from search.extract.names import name_key
from search.extract.ner.tokens import sentences
from search.extract.spans import DisjointSpans, SpanSet
from search.models import RawSpan

_WORDS = ["किम", "जोंग", "उन", "जोंग-उन", "पुतिन", "व्लादिमीर", "व्लादिमिर", "ने", "।", "-", " ",
          "\n", "मॉस्को", "मास्को", "8,000", "Su-35", "श्री"]
texts = st.lists(st.sampled_from(_WORDS), max_size=40).map(" ".join)
spans = st.lists(st.tuples(st.integers(0, 40), st.integers(0, 6)).map(lambda t: (t[0], sum(t))),
                 max_size=15)


def _scan(text: str, key: tuple[str, ...]) -> list[tuple[int, int]]:
    """Where ``key`` stands, by comparing it with every run of words (the old way)."""
    found = [w for w in words(text) if w.parts == 1]
    folded = [fold(w.text) for w in found]
    n = len(key)
    return [(found[i].start, found[i + n - 1].end) for i in range(len(found) - n + 1)
            if tuple(folded[i : i + n]) == key]


@given(texts, st.lists(st.sampled_from(["किम जोंग उन", "पुतिन", "व्लादिमीर पुतिन", "उन",
                                        "जोंग-उन", "मास्को"]), max_size=4))
@settings(max_examples=300)
def test_occurrences_are_those_of_a_scan_of_every_run_of_words(text, names):
    keys = [name_key(n) for n in names]
    assert list(Doc(text).occurrences(keys)) == [s for k in keys for s in _scan(text, k)]


@given(texts)
@settings(max_examples=300)
def test_the_views_of_a_doc_are_those_of_splitting_the_text_again(text):
    doc = Doc(text)
    parts = [w for w in words(text) if w.parts == 1]
    assert doc.parts == parts
    assert doc.folded == [fold(w.text) for w in parts]
    assert doc.sentences == sentences(text)
    assert len(doc.joined) == len(parts)
    assert Doc.of(doc) is doc


def test_parts_of_a_hyphenated_compound_are_joined():
    doc = Doc("किम जोंग-उन ने")
    assert [w.text for w in doc.parts] == ["किम", "जोंग", "उन", "ने"]
    assert doc.joined == [False, True, True, False]


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


@given(spans, spans)
@settings(max_examples=500)
def test_a_span_set_answers_as_a_scan_of_every_span(members, queries):
    found = SpanSet(RawSpan(s, e, "x") for s, e in members)
    for q in queries:
        assert found.overlap(*q) == any(_overlap(q, m) for m in members)


@given(spans)
@settings(max_examples=500)
def test_disjoint_spans_answer_as_a_scan_of_those_added(candidates):
    taken, added = DisjointSpans(), []
    for c in candidates:
        clash = any(_overlap(c, a) for a in added)
        assert taken.overlap(*c) == clash
        if not clash:
            taken.add(*c)
            added.append(c)


@settings(max_examples=100, deadline=None)
@given(texts, texts)
def test_the_body_is_split_once_and_its_words_handed_on(first, second):
    """word_list gives words()'s words; asked again for the same text (the indexer after
    extraction), it hands back the same split, and another text gets its own."""
    from search.analysis.tokenize import word_list

    found = word_list(first)
    assert found == tuple(words(first))
    assert word_list("".join(list(first))) is found  # an equal string, not only the same one
    assert word_list(second) == tuple(words(second))
    assert Doc(second).words is word_list(second)
