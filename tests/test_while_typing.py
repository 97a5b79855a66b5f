"""Search while typing (issue 10): the last word is a prefix, people and places are offered, and
several words list the articles with all of them first, then those with some."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from search.engine import Engine
from search.index.writer import rebuild
from search.models import SearchRequest
from search.query.syntax import Word, complete_last, parse
from tests.conftest import SEEDS
from web import create_app, engine_of


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    index = tmp_path_factory.mktemp("typing") / "index"
    rebuild([SEEDS], index)
    with Engine(index) as e:
        yield e


def _ids(engine, q: str, **kw) -> set[str]:
    result = engine.search(SearchRequest(q=q, per_page=100, **kw))
    return {h.id for h in result.hits}


# Typed so far → the finished query whose articles it must already show.
TYPING = [
    ("पु", "पुतिन"),
    ("पुति", "पुतिन"),
    ("मास्", "मास्को"),
    ("मॉस्", "मॉस्को"),
    ("व्लादि", "व्लादिवोस्तोक"),
    ("किम जो", "किम जोंग"),
    ("किम जोंग उ", "किम जोंग उन"),
]


@pytest.mark.parametrize(("typed", "finished"), TYPING)
def test_a_prefix_being_typed_finds_the_articles_of_its_completions(engine, typed, finished):
    found = _ids(engine, typed, prefix_last=True)
    assert _ids(engine, finished) <= found


@pytest.mark.parametrize("typed", ["पुति", "मास्", "व्लादि"])
def test_without_the_flag_a_prefix_is_only_itself(engine, typed):
    assert _ids(engine, typed) == set()


def test_a_finished_word_ranks_its_own_matches_first(engine):
    exact = {h.id for h in engine.search(SearchRequest(q="किम जोंग-इल", per_page=100)).hits
             if h.all_words}
    typed = engine.search(SearchRequest(q="किम जोंग-इल", prefix_last=True, per_page=100))
    assert {h.id for h in typed.hits[: len(exact)]} == exact


def test_one_letter_after_other_words_waits_for_the_next(engine):
    assert _ids(engine, "किम जोंग उ", prefix_last=True) == _ids(engine, "किम जोंग")


def test_the_last_word_is_completed_only_while_it_is_being_typed():
    tree = parse("किम जोंग").tree
    last = complete_last(tree, "किम जोंग").items[-1]
    assert isinstance(last, Word) and last.completing
    for done in ("किम जोंग ", "किम जोंग?", '"किम जोंग"', "किम जोंग*"):
        assert complete_last(parse(done).tree, done) == parse(done).tree


def test_one_character_is_not_completed(engine):
    assert _ids(engine, "प", prefix_last=True) == _ids(engine, "प")


# Typed → a name that must be offered, with its kind.
SUGGESTIONS = [
    ("पुति", "व्लादिमीर पुतिन", "person"),
    ("व्लादि", "व्लादिमीर पुतिन", "person"),
    ("मास्", "मॉस्को", "place"),
    ("किम जो", "किम जोंग उन", "person"),
    ("उत्तर कोरिया किम जो", "किम जोंग उन", "person"),
]


@pytest.mark.parametrize(("typed", "name", "kind"), SUGGESTIONS)
def test_people_and_places_are_offered_while_typing(engine, typed, name, kind):
    found = {(s.value, s.kind): s for s in engine.suggest(typed)}
    assert (name, kind) in found
    s = found[(name, kind)]
    req = SearchRequest(**{kind: (name,)})
    assert s.count == engine.search(req).total


def test_a_suggestion_says_how_many_typed_words_it_completes(engine):
    first = engine.suggest("किम जो")[0]
    assert (first.value, first.words) == ("किम जोंग उन", 2)
    assert all(s.words == 1 for s in engine.suggest("उत्तर पुति"))


def test_nothing_is_offered_for_one_character_or_a_word_no_name_has(engine):
    assert engine.suggest("प") == [] and engine.suggest("") == []
    assert engine.suggest("क्षज्ञ") == []


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=60))
def test_suggestions_never_fail(engine, text):
    for s in engine.suggest(text):
        assert s.count > 0 and s.kind in ("person", "place") and s.words >= 1


# --- several words: all of them first, then some ------------------------------------------


def test_articles_with_every_word_come_first_then_those_with_some(engine):
    both = engine.search(SearchRequest(q="पुतिन प्योंगयांग", per_page=100))
    assert both.total_all_words >= 1
    flags = [h.all_words for h in both.hits]
    assert flags == sorted(flags, reverse=True)
    assert both.total == len(both.hits) == len(_ids(engine, "पुतिन OR प्योंगयांग"))
    # The facets count the articles with every word.
    strict = engine.search(SearchRequest(q="पुतिन AND प्योंगयांग"))
    assert both.facets == strict.facets and both.total_all_words == strict.total_all_words


def test_pages_continue_from_all_the_words_into_some(engine):
    whole = engine.search(SearchRequest(q="पुतिन प्योंगयांग", per_page=100))
    paged = []
    for page in range(1, whole.total + 1):
        r = engine.search(SearchRequest(q="पुतिन प्योंगयांग", per_page=1, page=page))
        paged += [h.id for h in r.hits]
    assert paged == [h.id for h in whole.hits]


def test_a_quoted_phrase_that_no_article_has_is_searched_as_words(engine):
    result = engine.search(SearchRequest(q='"प्योंगयांग पुतिन मास्को" किम'))
    assert result.total > 0
    assert any("quoted phrase" in n for n in result.notes)
    exact = engine.search(SearchRequest(q='"किम जोंग उन"'))
    assert exact.total > 0 and not any("quoted phrase" in n for n in exact.notes)


def test_stopwords_of_a_phrase_bonus_are_not_marked(engine):
    result = engine.search(SearchRequest(q="पुतिन के प्योंगयांग"))
    for hit in result.hits:
        assert "<mark>के</mark>" not in hit.snippet


def test_a_title_marks_the_query_words(engine):
    result = engine.search(SearchRequest(q="किम"))
    assert any(re.search(r"<mark>किम</mark>", h.title_html) for h in result.hits)


# --- over HTTP ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def client(engine):
    app = create_app({"INDEX_DIR": str(engine.index_dir), "TESTING": True})
    yield app.test_client()
    engine_of(app).close()


def test_the_api_and_the_page_take_prefix_last(client):
    assert client.get("/api/search?q=पुति").get_json()["total"] == 0
    data = client.get("/api/search?q=पुति&prefix_last=1").get_json()
    assert data["total"] == 5 and data["total_all_words"] == 5
    assert all("<mark>पुतिन</mark>" in h["snippet"] for h in data["hits"])
    page = client.get("/?q=पुति&prefix_last=1", headers={"HX-Request": "true"})
    assert page.status_code == 200 and "<h2><a href=\"/doc/" in page.get_data(as_text=True)
    bad = client.get("/api/search?q=पुति&prefix_last=maybe")
    assert bad.status_code == 400 and "prefix_last" in bad.get_json()["error"]


def test_the_search_box_asks_for_completions_and_suggestions(client):
    html = client.get("/").get_data(as_text=True)
    box = re.search(r'<input id="q"[^>]*>', html).group(0)
    assert "prefix_last" in box and 'role="combobox"' in box and "/api/suggest" in box
    assert 'id="suggestions"' in html and 'role="listbox"' in html


def test_the_suggest_api_returns_names_with_kind_and_count(client):
    data = client.get("/api/suggest?q=पुति").get_json()
    assert data["query"] == "पुति"
    assert data["suggestions"][0] == {"value": "व्लादिमीर पुतिन", "kind": "person",
                                      "count": 5, "words": 1}
    assert client.get("/api/suggest?q=व्ला&limit=1").get_json()["suggestions"].__len__() == 1
    for bad in ("limit=0", "limit=99", "limit=x", "q=" + "क" * 501):
        r = client.get("/api/suggest?" + bad)
        assert r.status_code == 400 and r.get_json()["error"]


def test_partial_hits_are_marked_on_the_page(client):
    html = client.get("/?q=पुतिन+प्योंगयांग").get_data(as_text=True)
    assert html.count("hit-partial") == 1 and html.count('class="partial-note"') == 1
    assert html.index("hit-partial") < html.index('class="partial-note"')
    assert "(4 में सभी शब्द" in html and "with every word" in html
