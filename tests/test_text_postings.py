"""The text fields' postings encoded all at once (:mod:`search.index.text_postings`) are what
Whoosh's formats give, document by document."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from search.index.schema import build_schema
from search.index.term_values import worker_schema
from search.index.text_postings import TextColumns

_LETTERS = list("कखगमनरसतपजड़ािीुूेैोौंँ़्ॉ -–,.।१2aZ\u200c\u200d")


def _whooshs(field: str, docs: list[str], boosts: list[float]) -> list:
    """Each term's postings from Whoosh's own format of the index's schema."""
    fieldobj = build_schema()[field]
    out: dict[bytes, list] = {}
    for docnum, (text, boost) in enumerate(zip(docs, boosts, strict=True)):
        for term, _, weight, value in fieldobj.format.word_values(text, fieldobj.analyzer,
                                                                   mode="index"):
            out.setdefault(term.encode("utf-8"), []).append((docnum, weight * boost, value))
    return sorted(out.items())


def _ours(field: str, docs: list[str], boosts: list[float]) -> list:
    columns = TextColumns(worker_schema())
    lengths = [columns.add(field, docnum, text, boost)
               for docnum, (text, boost) in enumerate(zip(docs, boosts, strict=True))]
    out = []
    fmt = worker_schema()[field].format
    for name, term, ids, weights, values, ends, (counts, positions) in columns.postings():
        assert name == field
        starts = [0, *ends[:-1]]
        # The positions handed on for the term arrays are those the values encode.
        decoded = [fmt.decode_positions(values[a:b]) for a, b in zip(starts, ends, strict=True)]
        assert counts.tolist() == [len(p) for p in decoded]
        assert positions.tolist() == [p for ps in decoded for p in ps]
        out.append((term, [(d, w, values[a:b]) for d, w, a, b in zip(ids, weights, starts, ends,
                                                                     strict=True)]))
    return out, lengths


def _check(field: str, docs: list[str], boosts: list[float] | None = None) -> None:
    boosts = boosts or [1.0] * len(docs)
    ours, lengths = _ours(field, docs, boosts)
    whooshs = _whooshs(field, docs, boosts)
    assert ours == whooshs
    fieldobj = build_schema()[field]
    assert lengths == [sum(n for _, n, _, _ in fieldobj.format.word_values(
        text, fieldobj.analyzer, mode="index")) for text in docs]


@pytest.mark.parametrize("field", ["body", "title"])
def test_long_and_repeated_postings(field: str) -> None:
    # More than 255 tuples (LONG_BINPUT), more than 1000 (a second MARK ... APPENDS batch),
    # offsets beyond 65,535 (BININT), compounds whose parts overlap their joined form.
    long = " ".join(["पुतिन ने कहा", "किम जोंग-उन", "क-क-क", "x" * 300] * 1100)
    _check(field, [long, "", "पुतिन", long[:70000], "मॉस्को और मास्को " * 3])


def test_boosts_and_empty_documents() -> None:
    _check("body", ["", "रूस ने", "", "रूस रूस"], [1.0, 2.5, 1.0, 0.5])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet=st.sampled_from(_LETTERS), max_size=60), min_size=1,
                max_size=5), st.sampled_from(["body", "title"]))
def test_any_texts(docs: list[str], field: str) -> None:
    _check(field, docs)


def test_runs_of_terms(monkeypatch) -> None:
    # Encoded a few occurrences at a time (cut only at a term's end): the same postings.
    import search.index.text_postings as text_postings

    monkeypatch.setattr(text_postings, "RUN", 7)
    _check("body", ["पुतिन ने कहा कि रूस", "रूस रूस रूस रूस रूस रूस रूस रूस रूस", "", "कहा"])
