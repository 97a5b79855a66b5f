"""A short mention linked to the full name of its article (search.extract.people.resolve_people)
when it is that name's first or last word in another spelling."""

from __future__ import annotations

import pytest

from search.extract.names import word_skeleton
from search.extract.people import resolve_people
from search.models import PERSON, RawSpan


def _canonicals(text: str, names: list[str]) -> dict[str, str]:
    spans, at = [], 0
    for name in names:
        at = text.index(name, at)
        spans.append(RawSpan(at, at + len(name), PERSON))
        at += len(name)
    return {m.text: m.canonical for m in resolve_people(text, spans)}


@pytest.mark.parametrize("text, names, short, canonical", [
    pytest.param("हैकेन बाकर ने कहा। बाद में हैकन ने बताया।", ["हैकेन बाकर", "हैकन"], "हैकन",
                 "हैकेन बाकर", id="first-word-in-another-spelling"),
    pytest.param("जैक्स कैलिस ने कहा। बाद में कालिस ने बताया।", ["जैक्स कैलिस", "कालिस"],
                 "कालिस", "जैक्स कैलिस", id="last-word-in-another-spelling"),
    pytest.param("रवि सिंह ने कहा। बाद में रावी ने बताया।", ["रवि सिंह", "रावी"], "रावी", "रावी",
                 id="two-consonants-are-too-few"),
    pytest.param("हैकेन बाकर ने कहा। बाद में हारून ने बताया।", ["हैकेन बाकर", "हारून"], "हारून",
                 "हारून", id="other-consonants-another-person"),
])
def test_spelling_variants_of_a_name_word(text, names, short, canonical):
    assert _canonicals(text, names)[short] == canonical


@pytest.mark.parametrize("word, shape", [
    pytest.param("हैकन", "हकन", id="vowel-signs-go"),
    pytest.param("हैकेन", "हकन", id="same-shape"),
    pytest.param("किम", "", id="two-consonants"),
])
def test_word_skeleton(word, shape):
    assert word_skeleton(word) == shape
