"""The entity tagger: tolerant data reading, the split, its tokens and features, the shipped model.

Tests of the shipped model read only ``search/data``; the few that read the training data skip
with the reason when ../shared/data is absent.
"""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from search.extract.names import name_key
from search.extract.ner.features import FeatureSet, Featurizer
from search.extract.ner.known_names import NameLexicon
from search.extract.ner.tagger import Tagger, bio_spans, complete_names, split_lists
from search.extract.ner.tokens import ner_tokens, sentences
from tests.shared_data import missing_reason, shared_dir
from training.corpus import (
    HINER,
    ILNER,
    Repairs,
    Sentence,
    data_files,
    is_dev,
    is_held_out,
    load_split,
    read_conll,
    read_multiconer,
    runtime_sentence,
    strip_titles,
)

SHARED = shared_dir()
NO_DATA = missing_reason(*data_files(SHARED).values())

#: The opening of the first sentence of seeds/000, word for word.
SEED_SENTENCE = (
    "उत्तर कोरिया के नेता किम जोंग उन ने राष्ट्रपति व्लादिमीर पुतिन के साथ शिखर वार्ता के बाद "
    "शुक्रवार को एक रूसी सैन्य विमानन कारखाने का दौरा किया।"
)
#: The first paragraph of seeds/002, word for word.
SEED_PLACES = (
    "सियोल । उत्तर कोरिया के नेता किम जोंग-उन मंगलवार को रूसी राष्ट्रपति व्लादिमीर पुतिन के साथ "
    "शिखर वार्ता करने के लिए रूस पहुंचे। दक्षिण कोरिया के रक्षा मंत्रालय के अधिकारी ने कहा कि "
    "इससे प्योंगयांग और मॉस्को के बीच संभावित हथियार सौदे को लेकर चिंता बढ़ रही है।"
)


def _labels(lines: list[str], source: str = ILNER) -> tuple[list[str], Repairs]:
    repairs = Repairs()
    found = list(read_conll(lines, source, repairs))
    return [label for s in found for label in s.labels], repairs


# --- Reading the datasets tolerantly -------------------------------------------------------

READER_CASES = [
    # (lines, expected labels, repair kind that must be counted or None)
    (["किम\tB-NEP", "जोंग\tI-NEP"], ["B-PER", "I-PER"], None),
    (["रूस\t-NEL"], ["B-LOC"], "missing B-/I- prefix"),
    (["पुतिन\tB-NEP", "जी\tNEP"], ["B-PER", "I-PER"], "missing B-/I- prefix"),
    (["पुतिन\tb-nep"], ["B-PER"], "lowercase tag"),
    (["रूस\t B-NEL "], ["B-LOC"], "stray whitespace around a tag"),
    (["भाजपा\tB_NEO"], ["B-ORG"], "odd separator '_' in a tag"),
    (["भाजपा\tB NEO"], ["B-ORG"], "odd separator 'space' in a tag"),
    (["रूस B-NEL"], ["B-LOC"], "space instead of a tab between token and tag"),
    (["भास्करभट्ट\t-NEP", "बोरीकर\t-"], ["B-PER", "I-PER"],
     "tag without a type: continued the entity before it"),
    (["रोजाना\t-"], ["O"], "tag without a type: read as O"),
    (["के\tO", "रूस\tI-NEL"], ["O", "B-LOC"], "I- with no entity of its type before it: read as B-"),
    (["2014\tB-NETI", "में\tO"], ["O", "O"], None),
    (["कल\tO", "O", "आज\tO"], ["O", "O"], "line with a single field: skipped"),
    (["कल\tO", " \tB-NEP", "आज\tO"], ["O", "O"], "line without a token: skipped"),
    (["रूस\tB-LOCATION", "पुतिन\tB-PERSON", "सेना\tB-ORGANIZATION"],
     ["B-LOC", "B-PER", "B-ORG"], None),
]


@pytest.mark.parametrize(("lines", "expected", "repair"), READER_CASES)
def test_reader_repairs_malformed_tags(lines, expected, repair):
    labels, repairs = _labels(lines)
    assert labels == expected
    if repair is not None:
        assert repairs.counts[repair] >= 1, repairs.counts


def test_reader_splits_sentences_on_blank_lines():
    found = list(read_conll(["रूस\tB-NEL", "", "", "किम\tB-NEP", "\n"], ILNER, Repairs()))
    assert [s.tokens for s in found] == [("रूस",), ("किम",)]


TITLE_CASES = [
    (("राष्ट्रपति", "पुतिन"), ("B-PER", "I-PER"), ("O", "B-PER")),
    (("डॉ", ".", "मनमोहन", "सिंह"), ("B-PER", "I-PER", "I-PER", "I-PER"),
     ("O", "O", "B-PER", "I-PER")),
    (("मेजर", "जनरल", "तारिक़"), ("B-PER", "I-PER", "I-PER"), ("O", "O", "B-PER")),
    (("श्री",), ("B-PER",), ("O",)),
    (("पुतिन", "राष्ट्रपति"), ("B-PER", "O"), ("B-PER", "O")),
    (("श्री", "किम"), ("O", "B-PER"), ("O", "B-PER")),
]


@pytest.mark.parametrize(("tokens", "labels", "expected"), TITLE_CASES)
def test_titles_leave_person_spans(tokens, labels, expected):
    assert strip_titles(Sentence(tokens, labels, HINER)).labels == expected


def test_multiconer_types_map_to_talaash_labels_and_titles_leave_persons():
    lines = ["# id 1\tdomain=hi", "श्री _ _ B-Politician", "मोदी _ _ I-Politician",
             "ने _ _ O", "दिल्ली, _ _ B-HumanSettlement", "भारत _ _ I-HumanSettlement",
             "में _ _ O", "शोले _ _ B-VisualWork", "और _ _ O", "इसरो _ _ B-ORG", "", "",
             "# id 2\tdomain=hi", "हवाई _ _ B-Facility", "अड्डा _ _ I-Facility"]
    first, second = read_multiconer(lines)
    assert first.labels == ("O", "B-PER", "O", "B-LOC", "I-LOC", "O", "O", "O", "B-ORG")
    assert second.labels == ("B-LOC", "I-LOC")
    rt = runtime_sentence(first)
    assert [rt.text[s:e] for s, e, _ in rt.gold] == [
        "मोदी", "दिल्ली, भारत", "इसरो"]


def test_hiner_reader_strips_titles():
    labels, repairs = _labels(["श्री\tB-PERSON", "किम\tI-PERSON", "ने\tO"], HINER)
    assert labels == ["O", "B-PER", "O"]
    assert repairs.counts["hiner: title stripped from a person span"] == 1


# --- The split ------------------------------------------------------------------------------


def test_split_sides_depend_only_on_the_text():
    texts = [f"वाक्य {i}" for i in range(2000)]
    held = [is_held_out(Sentence(tuple(t.split()), ("O", "O"), HINER)) for t in texts]
    again = [is_held_out(Sentence(tuple(t.split()), ("O", "O"), ILNER)) for t in texts]
    assert held == again
    assert 0.17 < sum(held) / len(held) < 0.23
    dev = [is_dev(Sentence(tuple(t.split()), ("O", "O"), HINER)) for t in texts]
    assert not any(h and d for h, d in zip(held, dev, strict=True))


@pytest.mark.shared_data
@pytest.mark.skipif(NO_DATA is not None, reason=str(NO_DATA))
def test_split_is_deterministic_and_disjoint():
    first, second = load_split(SHARED), load_split(SHARED)
    assert [s.text for s in first.train] == [s.text for s in second.train]
    assert [s.text for s in first.test] == [s.text for s in second.test]
    assert not {s.text for s in first.train} & {s.text for s in first.test}
    assert len(first.train) > 15_000 and len(first.test) > 2_500
    assert all(not is_held_out(s) for s in first.train if s.source == HINER)
    fit, dev = first.dev_carve_out()
    assert len(fit) + len(dev) == len(first.train) and not {s.text for s in dev} & {
        s.text for s in first.test}


def test_runtime_sentence_moves_labels_onto_runtime_tokens():
    sentence = Sentence(('"किम', "जोंग-उन", "ने", "मॉस्को", "."),
                        ("B-PER", "I-PER", "O", "B-LOC", "O"), HINER)
    rt = runtime_sentence(sentence)
    assert [t.text for t in rt.tokens] == ['"', "किम", "जोंग-उन", "ने", "मॉस्को", "."]
    assert rt.labels == ["O", "B-PER", "I-PER", "O", "B-LOC", "O"]
    assert [rt.text[s:e] for s, e, _ in rt.gold] == ["किम जोंग-उन", "मॉस्को"]


# --- Tokens and features --------------------------------------------------------------------


def test_ner_tokens_slice_the_raw_text_and_keep_compounds_whole(seed_texts):
    text = "सियोल । नेता किम जोंग-उन (केसीएनए) ने 8,000 “सैनिक” Su-35 देखे।"
    tokens = ner_tokens(text)
    assert [t.text for t in tokens] == [
        "सियोल", "।", "नेता", "किम", "जोंग-उन", "(", "केसीएनए", ")", "ने", "8,000", "“", "सैनिक",
        "”", "Su-35", "देखे", "।",
    ]
    for raw in [text, *seed_texts.values()]:
        assert all(raw[t.start : t.end] == t.text for t in ner_tokens(raw))


def test_sentences_end_at_danda_marks_and_line_breaks():
    text = "पहला वाक्य। दूसरा? तीसरा\nचौथा ॥ पाँचवाँ"
    assert [[t.text for t in s] for s in sentences(text)] == [
        ["पहला", "वाक्य", "।"], ["दूसरा", "?"], ["तीसरा"], ["चौथा", "॥"], ["पाँचवाँ"],
    ]
    assert sentences("") == [] and sentences(" \n\n ") == []


def test_a_person_span_is_cut_at_a_comma_and_a_title_alone_is_dropped():
    texts = "मंत्री ब्लिंकन , राजदूत संधू , वाणी राव और रूस , चीन".split()
    spans = [(1, 5, "PER"), (6, 8, "PER"), (9, 12, "LOC")]
    assert split_lists(spans, texts) == [(1, 2, "PER"), (4, 5, "PER"), (6, 8, "PER"),
                                         (9, 12, "LOC")]
    assert split_lists([(0, 2, "PER"), (2, 4, "PER")], ["राजदूत", ",", "राव", ","]) == [
        (2, 3, "PER")]


def test_an_abbreviation_or_initial_dot_does_not_end_a_sentence():
    def split(text):
        return [" ".join(t.text for t in s) for s in sentences(text)]

    assert split("डॉ. हर्षवर्धन ने कहा. फिर") == ["डॉ . हर्षवर्धन ने कहा .", "फिर"]
    assert split("विदेश मंत्री एस. जयशंकर और एम. एस. स्वामीनाथन") == [
        "विदेश मंत्री एस . जयशंकर और एम . एस . स्वामीनाथन"]
    assert split("U.S. में प्रो . यादव") == ["U . S . में प्रो . यादव"]
    assert split("यह सच है. वह आया.") == ["यह सच है .", "वह आया ."]


def test_features_are_deterministic():
    tokens = [t.text for t in ner_tokens(SEED_SENTENCE)]
    for name in ("lexical", "rich"):
        first = Featurizer(FeatureSet(name)).sentence(tokens)
        featurizer = Featurizer(FeatureSet(name))
        assert featurizer.sentence(tokens) == first == featurizer.sentence(tokens)
        assert len(first) == len(tokens)


def test_spelling_variants_share_their_folded_features():
    featurizer = Featurizer(FeatureSet("rich"))
    a, b = featurizer.sentence(["मॉस्को"])[0], featurizer.sentence(["मास्को"])[0]
    assert "f=मासको" in a and "f=मासको" in b


def test_bio_spans():
    assert bio_spans(["B-PER", "I-PER", "O", "I-LOC", "B-LOC", "I-PER"]) == [
        (0, 2, "PER"), (3, 4, "LOC"), (4, 5, "LOC"), (5, 6, "PER"),
    ]


COMPLETION_CASES = [
    # (tagged spans, name matches (first, stop, trusted), expected)
    ([(0, 2, "PER")], [(0, 3, False)], [(0, 3, "PER")]),  # किम जोंग → किम जोंग उन
    ([], [(0, 3, False)], []),  # a name from training needs the tagger's word
    ([], [(4, 6, True)], [(4, 6, "PER")]),  # a well-known name stands alone
    ([(2, 3, "LOC")], [(2, 4, True)], [(2, 4, "PER")]),  # किम as a place gives way
    ([(0, 3, "LOC")], [(0, 2, True)], [(0, 3, "LOC")]),  # नरेंद्र मोदी स्टेडियम stays whole
    ([(0, 1, "PER"), (3, 4, "LOC")], [], [(0, 1, "PER"), (3, 4, "LOC")]),
]


@pytest.mark.parametrize(("spans", "names", "expected"), COMPLETION_CASES)
def test_known_names_complete_person_spans(spans, names, expected):
    assert complete_names(spans, names) == expected


def test_name_matches_keep_the_father_apart_from_the_son():
    family = [name_key("किम जोंग-इल"), name_key("किम जोंग उन")]
    lexicon = NameLexicon(family, trusted=family)
    tokens = ["नेता", "किम", "जोंग-इल", "उन", "दिनों", "किम", "जोंग", "उन", "ने"]
    assert lexicon.matches([name_key(t) for t in tokens]) == [(1, 3, True), (5, 8, True)]


# --- The shipped model (needs nothing but search/data) --------------------------------------


@pytest.fixture(scope="module")
def tagger() -> Tagger:
    return Tagger.load()


def _found(tagger: Tagger, text: str) -> set[tuple[str, str]]:
    return {(s.text, s.label) for s in tagger.spans(text)}


def test_shipped_model_finds_the_seed_people(tagger):
    found = _found(tagger, SEED_SENTENCE)
    assert ("किम जोंग उन", "PER") in found
    assert ("व्लादिमीर पुतिन", "PER") in found
    assert not any(label == "PER" and "राष्ट्रपति" in text for text, label in found)


def test_shipped_model_finds_the_seed_places(tagger):
    found = _found(tagger, SEED_PLACES)
    assert ("मॉस्को", "LOC") in found
    assert ("रूस", "LOC") in found
    assert ("किम जोंग-उन", "PER") in found
    assert ("व्लादिमीर पुतिन", "PER") in found


def test_shipped_model_keeps_the_pronoun_after_the_father_out(tagger):
    text = "जुलाई 2000 में पुतिन ने किम जोंग-इल उन दिनों के नेता से मुलाकात की।"
    people = {s.text for s in tagger.spans(text) if s.label == "PER"}
    assert "किम जोंग-इल" in people
    assert not any("उन" in p.split() for p in people)


def test_tag_tokens_gives_one_label_per_token(tagger):
    tokens = [t.text for t in ner_tokens(SEED_SENTENCE)]
    labels = tagger.tag_tokens(tokens)
    assert len(labels) == len(tokens)
    assert set(labels) <= {"O", "B-PER", "I-PER", "B-LOC", "I-LOC", "B-ORG", "I-ORG"}
    assert tagger.tag_tokens([]) == []


def test_span_offsets_slice_the_raw_text(tagger, seed_texts):
    for text in seed_texts.values():
        spans = tagger.spans(text)
        assert spans
        for span in spans:
            assert text[span.start : span.end] == span.text
            assert span.label in {"PER", "LOC", "ORG"}
            assert span.text[0].isalnum()
            assert span.text[-1].isalnum() or unicodedata.category(span.text[-1]).startswith("M")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec=None) | st.characters(categories=["Cs"]), max_size=80)
       | st.text(alphabet="किमजोंगउनपुतिनरूसमॉस्को -।.,\n()‘’\u200c\u093c", max_size=80))
def test_tagging_never_raises(tagger, text):
    for span in tagger.spans(text):
        assert text[span.start : span.end] == span.text


def test_features_without_weights_are_left_out_and_change_no_label(tagger, seed_texts):
    sentences_ = [[t.text for t in s] for text in seed_texts.values() for s in sentences(text)]
    known = tagger.featurizer.known
    assert known and all(f in known for s in sentences_ for fs in tagger.featurizer.sentence(s)
                         for f in fs)
    with_known = [tagger.tag_tokens(s) for s in sentences_]
    tagger.featurizer = Featurizer(tagger.featurizer.feature_set)  # every feature, as trained
    try:
        assert [tagger.tag_tokens(s) for s in sentences_] == with_known
    finally:
        tagger.featurizer = Featurizer(tagger.featurizer.feature_set, known)


def test_the_weighted_features_are_cached_by_the_models_hash(tmp_path, monkeypatch):
    """The second load reads the features from the cache, the same set as the dump's; an
    unwritable cache only costs time."""
    from search.extract.ner import tagger as tagger_module

    monkeypatch.setenv("TALAASH_CACHE", str(tmp_path / "cache"))
    first = tagger_module.Tagger.load()
    cached = list((tmp_path / "cache").glob("ner-features-*.json"))
    assert len(cached) == 1
    assert tagger_module.Tagger.load().featurizer.known == first.featurizer.known
    monkeypatch.setenv("TALAASH_CACHE", "/proc/no-such-place")
    assert tagger_module.Tagger.load().featurizer.known == first.featurizer.known
