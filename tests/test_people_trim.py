"""Person spans narrowed to the name (search.extract.people.trim_person): what goes, what stays."""

from __future__ import annotations

import pytest

from search.extract.people import trim_person


@pytest.mark.parametrize("span, expected", [
    pytest.param("श्री किम", "किम", id="title-before"),
    pytest.param("बख्तावरलाल मुहल्ला निवासी संजय कुमार भारती", "संजय कुमार भारती",
                 id="place-and-resident-word-before-a-name"),
    pytest.param("सुंतबाला गांव निवासी कैसर अहमद मीर", "कैसर अहमद मीर",
                 id="village-resident-before-a-name"),
    pytest.param("नितिन गडकरी", "नितिन गडकरी", id="surname-that-is-an-ordinary-word-stays"),
    pytest.param("जितेंद्र नायक", "जितेंद्र नायक", id="surname-nayak-stays"),
    pytest.param("राम निवास", "राम निवास", id="two-words-are-not-cut"),
    pytest.param("plant Accident Kills At Least", None, id="latin-headline-fragment"),
    pytest.param("धान तूफान", None, id="only-ordinary-words"),
    pytest.param("उन", None, id="pronoun"),
    pytest.param("मैकाले की", "मैकाले", id="a-postposition-after-the-name-goes"),
    pytest.param("राहुल गांधी द्वारा", "राहुल गांधी", id="a-postposition-of-agency-goes"),
    pytest.param("किम जोंग उन", "किम जोंग उन", id="un-that-ends-a-name-stays"),
])
def test_trim_person(span, expected):
    text = f"कल {span} ने कहा"
    start = text.index(span)
    trimmed = trim_person(text, start, start + len(span))
    assert (text[trimmed[0]:trimmed[1]] if trimmed else None) == expected


@pytest.mark.parametrize("text, expected", [
    pytest.param("गांव सिरसा निवासी आसिफ पुत्र अब्दुल कयूम खान शनिवार को आया।",
                 ["आसिफ", "अब्दुल कयूम खान"], id="resident-and-son-of"),
    pytest.param("वह अपनी पत्नी सरस्वती व पुत्र दीपक के साथ था।", ["सरस्वती", "दीपक"],
                 id="wife-and-son"),
    pytest.param("अपने पुत्र रेहान व नासिर की मदद से", ["रेहान", "नासिर"], id="joined-by-va"),
    pytest.param("उसकी पत्नी ने कहा।", [], id="a-stopword-after-the-cue"),
    pytest.param("गांव निवासी, जो वहां थे।", [], id="punctuation-after-the-cue"),
])
def test_cued_names(text, expected):
    from search.extract.doc import Doc
    from search.extract.people import cued_names
    from search.extract.spans import SpanSet

    assert [text[s.start:s.end] for s in cued_names(Doc(text), SpanSet([]))] == expected


def test_a_kinship_word_after_a_name_is_no_part_of_it():
    text = "मंगल प्रसाद सिंह पुत्र"
    assert trim_person(text, 0, len(text)) == (0, len("मंगल प्रसाद सिंह"))


@pytest.mark.parametrize("span, expected", [
    # person-preceders.txt: a role the training data shows twice before names, never in one
    pytest.param("शोधकर्ता मार्टिन", "मार्टिन", id="researcher-before-a-name"),
    pytest.param("विधायक सूर्यकांता व्यास", "सूर्यकांता व्यास", id="mla-before-a-name"),
    pytest.param("जज", None, id="a-role-alone-is-no-person"),
    # name-ending-titles.txt: titles the training data shows ending names
    pytest.param("सुब्रमण्यम स्वामी", "सुब्रमण्यम स्वामी", id="swami-ends-a-name"),
    pytest.param("रीता कुमारी", "रीता कुमारी", id="kumari-ends-a-name"),
    pytest.param("विजयलक्ष्मी पंडित", "विजयलक्ष्मी पंडित", id="pandit-ends-a-name"),
    pytest.param("व्लादिमीर पुतिन राष्ट्रपति", "व्लादिमीर पुतिन",
                 id="other-titles-after-a-name-go"),
    pytest.param("स्वामी", None, id="a-name-ending-title-alone-is-no-person"),
])
def test_boundaries_learnt_from_the_training_data(span, expected):
    text = f"कल {span} ने कहा"
    start = text.index(span)
    trimmed = trim_person(text, start, start + len(span))
    assert (text[trimmed[0]:trimmed[1]] if trimmed else None) == expected
