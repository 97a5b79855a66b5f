"""The tagger's doubt (search.extract.confidence and Tagger marginals): doubtful names the CRF
nearly chose are found, and a doubted person keeps only its name-like words."""

from __future__ import annotations

import pytest

from search.extract.confidence import DOUBTED, DOUBTED_ORDINARY, doubted_names, voted_types
from search.extract.doc import Doc
from search.extract.ner.tagger import Tagger, _doubtful_runs, _name_start
from search.extract.ner.tokens import ner_tokens, sentences
from search.models import EntitySpan


def _person(text: str, name: str, confidence: float) -> EntitySpan:
    start = text.index(name)
    return EntitySpan(start, start + len(name), "PER", name, confidence)


@pytest.mark.parametrize("name, confidence, expected", [
    pytest.param("पुत्र दीपक", DOUBTED / 2, ["दीपक"], id="a-cue-leaves-a-doubted-span"),
    pytest.param("धान तूफान", DOUBTED / 2, [], id="ordinary-words-only"),
    pytest.param("मन्नूराम गोटा", DOUBTED / 2, ["मन्नूराम गोटा"], id="name-like-words-stay"),
    pytest.param("श्री किम के राम", DOUBTED / 2, ["किम", "राम"], id="split-at-title-and-stopword"),
    pytest.param("धान तूफान", DOUBTED, [], id="an-ordinary-word-in-a-half-sure-span"),
    pytest.param("मन्नूराम गोटा", DOUBTED, ["मन्नूराम गोटा"], id="a-half-sure-name-stays"),
    pytest.param("धान तूफान", DOUBTED_ORDINARY, ["धान तूफान"], id="a-sure-span-is-left-alone"),
    # डॉ folds to डा, an ordinary word ("placed"), but a title is outside the name.
    pytest.param("डॉ. हर्षवर्धन", DOUBTED, ["डॉ. हर्षवर्धन"], id="a-title-is-no-ordinary-word"),
])
def test_doubted_names(name, confidence, expected):
    text = f"कल {name} ने कहा।"
    spans = doubted_names(Doc(text), [_person(text, name, confidence)])
    assert [s.text for s in spans] == expected
    for s in spans:
        assert text[s.start : s.end] == s.text and s.confidence == confidence


def test_doubted_names_leave_places_alone():
    text = "कल धान तूफान गया।"
    place = EntitySpan(3, 12, "LOC", text[3:12], 0.1)
    assert doubted_names(Doc(text), [place]) == [place]


def test_doubtful_runs_are_maximal_runs_of_words_labelled_o():
    texts = ["क", "ख", ",", "ग", "घ", "ङ"]
    labels = ["O", "O", "O", "O", "B-PER", "O"]
    marginals = [0.5, 0.4, 0.9, 0.35, 0.9, 0.1]
    assert _doubtful_runs(texts, labels, marginals, 0.3) == [(0, 2, "PER"), (3, 4, "PER")]


@pytest.mark.parametrize("tokens, first, expected", [
    pytest.param(["डॉ", ".", "हर्षवर्धन", "ने"], 0, 2, id="title-and-its-dot"),
    pytest.param(["कल", "श्री", "श्रीमती", "राम"], 1, 3, id="titles"),
    pytest.param(["कल", "राम", "श्री"], 1, 1, id="a-name-first"),
    pytest.param(["श्री", "."], 0, 0, id="nothing-but-titles"),
])
def test_a_persons_confidence_is_its_names_not_its_titles(tokens, first, expected):
    assert _name_start(tokens, first, len(tokens)) == expected


def test_a_sure_name_after_an_unsure_title_is_sure(tagger):
    """The confidence of a person span is the lowest marginal of its name's words, its
    leading titles left out (the tagger is rarely sure whether a title is inside)."""
    text = "डॉ. हर्षवर्धन ने बताया कि मादक द्रव्यों का सेवन बढ़ा है।"
    tokens = sentences(text)[0]
    _labels, marginals = tagger.tag_with_marginals([t.text for t in tokens])
    people = [s for s in tagger.sentence_spans(text, tokens) if s.label == "PER"]
    assert people
    for span in people:
        inside = [i for i, t in enumerate(tokens) if span.start <= t.start < span.end
                  and t.text not in ("डॉ", ".")]
        assert span.confidence == pytest.approx(min(marginals[i] for i in inside))


@pytest.fixture(scope="module")
def tagger() -> Tagger:
    return Tagger.load()


def test_marginals_are_probabilities_and_change_no_label(tagger, seed_texts):
    for text in seed_texts.values():
        for sentence in sentences(text):
            tokens = [t.text for t in sentence]
            labels, marginals = tagger.tag_with_marginals(tokens)
            assert labels == tagger.tag_tokens(tokens)
            assert len(marginals) == len(tokens)
            assert all(-1e-9 <= p <= 1 + 1e-9 for p in marginals)


def test_doubtful_people_only_add_spans(tagger, seed_texts):
    """With a floor the tagger's own spans stay, each with a confidence; the added ones are
    persons of words it labelled O, at the floor or above."""
    for text in seed_texts.values():
        plain = {s[:3]: s for s in tagger.spans(text)}
        more = {s[:3]: s for s in tagger.spans(text, 0.2)}
        assert all(0 < s.confidence <= 1 + 1e-9 for s in plain.values())
        assert set(plain) <= set(more)
        starts = {t.start for t in ner_tokens(text)}
        for key in set(more) - set(plain):
            assert key[2] == "PER" and more[key].confidence >= 0.2 and key[0] in starts


def test_a_names_type_is_its_most_confident_spans():
    text = "नेक्सस बना। नेक्सस आया। राम आया।"
    def span(start, label, confidence):
        end = text.index(" ", start) if " " in text[start:] else len(text)
        end = min(end, text.index("।", start))
        return EntitySpan(start, end, label, text[start:end], confidence)
    org, per, other = span(0, "ORG", 0.6), span(12, "PER", 0.4), span(24, "PER", 0.3)
    assert voted_types([org, per, other]) == [org, other]
    sure = per._replace(confidence=0.6)
    assert voted_types([org, sure]) == [org, sure]  # a tie keeps the person


def test_a_person_ending_in_a_place_word_stays_a_person_when_no_place_is_left():
    """लाइन follows place names (X लाइन), but जॉन alone is no place: the tagger's person
    stays a person instead of vanishing."""
    from search.extract.pipeline import entity_mentions

    people, places = entity_mentions("अभिनेता जॉन लाइन ने कहा कि फ़िल्म अच्छी है।")
    assert [m.text for m in people] == ["जॉन लाइन"] and not places
