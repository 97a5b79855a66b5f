"""Entity resolution rules (aliases and traps) and the corrections file, without the tagger."""

from __future__ import annotations

import re

import pytest

from search.errors import CorrectionsError
from search.extract.corrections import Corrections
from search.extract.people import resolve_people
from search.extract.places import resolve_places
from search.models import PERSON, PLACE, Mention, RawSpan
from tests.cases import alternatives, load


def _spans(text: str, surfaces: tuple[str, ...], kind: str) -> list[RawSpan]:
    spans, cursor = [], 0
    for surface in surfaces:
        start = text.index(surface, cursor)
        spans.append(RawSpan(start, start + len(surface), kind))
        cursor = start + len(surface)
    return spans


@pytest.mark.parametrize("text, spans, canonicals", load("aliases", "text", "spans", "canonicals"))
def test_people_are_linked_to_one_canonical_name(text, spans, canonicals):
    mentions = resolve_people(text, _spans(text, alternatives(spans), PERSON))
    assert tuple(m.canonical for m in mentions) == alternatives(canonicals)
    for m in mentions:
        assert text[m.start : m.end] == m.text


def test_place_inside_a_newspaper_name_is_not_a_place():
    text = "न्यूयॉर्क टाइम्स ने बताया कि न्यूयॉर्क में बारिश हुई।"
    spans = [RawSpan(s.start, s.end, PLACE, "न्यूयॉर्क") for s in _spans(text, ("न्यूयॉर्क",) * 2, PLACE)]
    mentions = resolve_places(text, spans, blocked=[])
    assert [(m.start, m.canonical) for m in mentions] == [(spans[1].start, "न्यूयॉर्क")]


def test_place_inside_a_person_or_organisation_span_is_dropped():
    text = "व्हाइट हाउस ने कहा"
    mentions = resolve_places(text, [RawSpan(0, 6, PLACE)], blocked=[RawSpan(0, 11, "org")])
    assert mentions == []


def test_overlapping_place_spans_keep_the_longest():
    text = "उत्तर कोरिया का"
    spans = [RawSpan(0, 12, PLACE, "उत्तर कोरिया"), RawSpan(6, 12, PLACE, "कोरिया")]
    assert [m.canonical for m in resolve_places(text, spans, [])] == ["उत्तर कोरिया"]


CORRECTIONS = """
# a comment line
block\tplace\tपश्चिम
add\tperson\tयेवगेनी प्रिगोझिन   # trailing comment
alias  person  पुतिन  व्लादिमीर पुतिन
"""


def test_corrections_block_add_and_alias():
    text = "पश्चिम ने कहा। येवगेनी प्रिगोझिन और पुतिन मिले।"
    putin = text.index("पुतिन")
    mentions = [
        Mention("पश्चिम", 0, 6, PLACE, "पश्चिम"),
        Mention("पुतिन", putin, putin + 5, PERSON, "पुतिन"),
    ]
    fixed = Corrections.parse(CORRECTIONS.splitlines()).apply(text, mentions)
    assert [(m.text, m.kind, m.canonical) for m in fixed] == [
        ("येवगेनी प्रिगोझिन", PERSON, "येवगेनी प्रिगोझिन"),
        ("पुतिन", PERSON, "व्लादिमीर पुतिन"),
    ]


def test_corrections_match_any_spelling():
    corrections = Corrections.parse(["block\tplace\tमास्को"])
    mention = Mention("मॉस्को", 0, 6, PLACE, "मॉस्को")
    assert corrections.apply("मॉस्को", [mention]) == []


@pytest.mark.parametrize(
    "line, message",
    [
        pytest.param("remove\tplace\tX", "unknown action", id="action"),
        pytest.param("block\tcity\tX", "unknown kind", id="kind"),
        pytest.param("alias\tperson\tपुतिन", "takes 2 name(s)", id="alias-needs-target"),
        pytest.param("block\tperson", "takes 1 name(s)", id="missing-name"),
        pytest.param("add\tplace\t???", "takes 1 name(s)", id="name-without-letters"),
    ],
)
def test_malformed_corrections_name_file_and_line(line, message):
    with pytest.raises(CorrectionsError, match=rf"my\.tsv:2: .*{re.escape(message)}"):
        Corrections.parse(["# header", line], "my.tsv")
