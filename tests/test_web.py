"""Every route through Flask's test client: full page, htmx fragment, history restore, JSON,
and the error paths; and document text is always displayed as text."""

from __future__ import annotations

import json
import re
import shutil
from html import escape as html_escape
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from search.extract.corrections import Corrections
from search.index.writer import rebuild
from tests.conftest import SEEDS
from web import create_app, engine_of
from web.params import PAGE_FACET_SIZE
from web.render import HIT_NAMES, hit_names

EVIL = '<script>alert("x")</script> मॉस्को में <img src=x onerror=alert(1)> "उद्धरण" & \'q\''
EVIL_TITLE = '<b onmouseover="alert(2)">शीर्षक</b>'
CORRECTIONS = "add\tperson\tज़हर<जॉन>\n"


@pytest.fixture(scope="module")
def index(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("web")
    src = root / "src"
    shutil.copytree(SEEDS, src)
    record = {"id": "evil", "title": EVIL_TITLE, "text": EVIL + " ज़हर जॉन आए।"}
    (src / "evil.jsonl").write_text(json.dumps(record, ensure_ascii=False) + "\n",
                                    encoding="utf-8")

    rebuild([src], root / "index", corrections=Corrections.parse(CORRECTIONS.splitlines()))
    return root / "index"


@pytest.fixture(scope="module")
def client(index):
    app = create_app({"INDEX_DIR": str(index), "TESTING": True})
    yield app.test_client()
    engine_of(app).close()


HTMX = {"HX-Request": "true", "HX-Target": "results"}


def test_search_page_is_a_full_page_with_a_real_form(client):
    r = client.get("/")
    html = r.get_data(as_text=True)
    assert r.status_code == 200
    assert '<form id="search"' in html and 'method="get"' in html
    assert 'lang="hi"' in html and "autofocus" in html
    assert "htmx.min.js" in html and 'id="results"' in html
    assert "HX-Request" in r.headers["Vary"]


def test_htmx_search_gets_only_the_results_fragment(client):
    r = client.get("/?q=मॉस्को", headers=HTMX)
    html = r.get_data(as_text=True)
    assert r.status_code == 200
    assert "<html" not in html and "<form id=\"search\"" not in html
    assert 'hx-swap-oob="innerHTML"' in html  # the form's hidden filters follow the results
    assert "<mark>" in html


@pytest.mark.parametrize(
    "headers",
    [
        pytest.param({"HX-Request": "true", "HX-History-Restore-Request": "true",
                      "HX-Target": "results"}, id="history-restore"),
        pytest.param({"HX-Request": "true", "HX-Boosted": "true"}, id="boosted-body"),
        pytest.param({}, id="plain"),
    ],
)
def test_pushed_urls_always_return_the_full_page(client, headers):
    html = client.get("/?q=मॉस्को&person=किम+जोंग+उन", headers=headers).get_data(as_text=True)
    assert "<html" in html and '<form id="search"' in html


def test_facet_links_and_chips_carry_the_state_in_the_url(client):
    html = client.get("/?person=किम+जोंग-इल").get_data(as_text=True)
    assert 'class="chip chip-person"' in html
    assert re.search(r'<input type="hidden" name="person" value="किम जोंग-इल">', html)
    assert "1 result" in html


@pytest.mark.parametrize(
    "query, message",
    [
        pytest.param("date=2023-13", "not a date", id="bad-date"),
        pytest.param("page=abc", "whole number", id="bad-page"),
        pytest.param("sort=sideways", "sort", id="bad-sort"),
    ],
)
def test_bad_parameters_get_a_friendly_400_page(client, query, message):
    r = client.get(f"/?{query}")
    assert r.status_code == 400
    assert message in r.get_data(as_text=True)


@pytest.mark.parametrize("q", ["(((", '"किम', "NOT", "?", "*", "पुतिन?", "a" * 400])
def test_malformed_queries_get_an_answer_not_an_error(client, q):
    assert client.get("/", query_string={"q": q}).status_code == 200
    assert client.get("/api/search", query_string={"q": q}).status_code == 200


def test_no_results_offers_did_you_mean_and_dropping_filters(client):
    html = client.get("/", query_string={"q": "मास्कोो", "place": "चीन"}).get_data(as_text=True)
    assert "कोई लेख नहीं मिला" in html
    assert "सभी फ़िल्टर हटाकर खोजें" in html
    api = client.get("/api/search", query_string={"q": "पुतीनन"}).get_json()
    assert api["total"] == 0 and api["suggestion"] == "पुतिन"


def test_document_page_marks_query_words_and_links_people(client):
    r = client.get("/doc/003_95d13e42d2544966.txt?q=मास्को")
    html = r.get_data(as_text=True)
    assert r.status_code == 200
    assert "<mark>मॉस्को</mark>" in html
    assert 'class="entity person"' in html and "person=%E0%A4%B5" in html


@pytest.mark.parametrize("path", ["/doc/nope.txt", "/doc/../../etc/passwd",
                                  "/doc/%2e%2e/%2e%2e/etc/passwd", "/static/../setup.cfg"])
def test_nothing_outside_the_index_can_be_read(client, path):
    r = client.get(path)
    assert r.status_code == 404
    assert "root:" not in r.get_data(as_text=True)


def test_api_search_has_the_cli_json_shape(client):
    data = client.get("/api/search?q=पुतिन&person=किम+जोंग-इल").get_json()
    assert set(data) >= {"query", "total", "hits", "facets"}
    hit = data["hits"][0]
    assert set(hit) >= {"id", "title", "snippet", "published", "persons", "places", "score"}
    assert set(data["facets"]) == {"person", "place", "date", "mentioned"}
    assert set(data["facets"]["person"][0]) == {"value", "count", "selected"}


def test_api_errors_are_json(client):
    r = client.get("/api/search?page=0")
    assert r.status_code == 400 and "page" in r.get_json()["error"]
    r = client.get("/api/documents/nope")
    assert r.status_code == 404 and "error" in r.get_json()
    r = client.get("/api/nothing-here")
    assert r.status_code == 404 and "error" in r.get_json()


def test_api_document(client):
    data = client.get("/api/documents/001_91d2b73f49f4527b.txt").get_json()
    assert data["published"] == "2023-09-17"
    assert "सर्गेई लावरोव" in data["persons"]


def test_missing_index_is_a_503_with_a_message(tmp_path):
    app = create_app({"INDEX_DIR": str(tmp_path), "TESTING": True})
    c = app.test_client()
    assert c.get("/").status_code == 503
    r = c.get("/api/search?q=x")
    assert r.status_code == 503 and "talaash rebuild" in r.get_json()["error"]


def _no_live_markup(html: str) -> None:
    assert "<script>alert" not in html
    assert "<img src=x" not in html
    assert '<b onmouseover' not in html
    assert "ज़हर<जॉन>" not in html


def test_document_text_is_escaped_in_results_titles_and_facets(client):
    for url in ("/?q=उद्धरण", "/?q=ज़हर", "/"):
        html = client.get(url).get_data(as_text=True)
        _no_live_markup(html)
    html = client.get("/?q=उद्धरण").get_data(as_text=True)
    assert "&lt;script&gt;" in html and "&lt;b onmouseover=" in html
    assert "ज़हर&lt;जॉन&gt;" in client.get("/").get_data(as_text=True)


def test_document_text_is_escaped_on_the_document_page(client):
    html = client.get("/doc/evil").get_data(as_text=True)
    _no_live_markup(html)
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


def test_json_escapes_nothing_but_executes_nothing(client):
    data = client.get("/api/search?q=उद्धरण").get_json()
    assert data["hits"][0]["title"] == EVIL_TITLE  # JSON carries the text as it is
    assert "<script>" not in data["hits"][0]["snippet"]  # the snippet is HTML, so escaped


def test_a_rebuild_is_picked_up_without_a_restart(tmp_path):
    src, index = tmp_path / "src", tmp_path / "index"
    src.mkdir()
    (src / "a.txt").write_text("पुतिन मॉस्को में।", encoding="utf-8")
    rebuild([src], index)
    app = create_app({"INDEX_DIR": str(index), "TESTING": True})
    client = app.test_client()
    assert client.get("/api/search").get_json()["total"] == 1
    (src / "b.txt").write_text("किम प्योंगयांग में।", encoding="utf-8")
    rebuild([src], index)
    assert client.get("/api/search").get_json()["total"] == 2
    engine_of(app).close()


@given(st.text(max_size=60), st.sampled_from([{}, {"person": "किम जोंग उन"}, {"date": "2023"},
                                              {"sort": "newest"}, {"page": "2"}]))
@settings(max_examples=80, deadline=None)
def test_any_query_string_gets_an_answer_never_a_500(client, q, extra):
    page = client.get("/", query_string={"q": q, **extra}, headers=HTMX)
    api = client.get("/api/search", query_string={"q": q, **extra})
    assert page.status_code == 200 and api.status_code == 200


@pytest.mark.parametrize("page", ["²", "५", "-1", "1.5", "0x10"])
def test_a_page_number_that_is_no_number_is_a_400(client, page):
    for path in ("/", "/api/search"):
        r = client.get(path, query_string={"q": "मॉस्को", "page": page})
        assert r.status_code == 400, (path, page)


def test_an_unexpected_error_is_a_json_500_on_the_api_and_a_page_on_the_site(index, monkeypatch):
    app = create_app({"INDEX_DIR": str(index)})
    client = app.test_client()

    def broken(*_args, **_kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(engine_of(app), "search", broken)
    api = client.get("/api/search?q=x")
    assert api.status_code == 500 and "internal error" in api.get_json()["error"]
    page = client.get("/?q=x")
    assert page.status_code == 500 and "Traceback" not in page.get_data(as_text=True)
    engine_of(app).close()


def test_a_bad_date_keeps_the_search_and_speaks_both_languages(client):
    r = client.get("/?q=पुतिन&place=मॉस्को&from=2023-13")
    html = r.get_data(as_text=True)
    assert r.status_code == 400
    assert 'value="पुतिन"' in html and 'class="chip chip-place"' in html
    assert "तारीख़ नहीं है" in html and "not a date" in html
    assert 'value="2023-13"' in html and 'aria-invalid="true"' in html
    fragment = client.get("/?q=पुतिन&from=2023-13", headers=HTMX)
    assert fragment.status_code == 400 and 'role="alert"' in fragment.get_data(as_text=True)


def test_a_long_query_is_refused_and_the_box_says_so(client):
    html = client.get("/").get_data(as_text=True)
    assert 'maxlength="500"' in html
    r = client.get("/", query_string={"q": "क" * 501})
    assert r.status_code == 400 and "500" in r.get_data(as_text=True)
    assert client.get("/api/search", query_string={"q": "क" * 501}).status_code == 400


def test_a_reversed_range_is_swapped_and_explained(client):
    html = client.get("/?from=2024&to=2020").get_data(as_text=True)
    assert "swapped" in html and "कोई लेख नहीं मिला" not in html
    assert client.get("/api/search?from=2024&to=2020").get_json()["total"] > 0


def test_date_chips_use_the_facets_labels(client):
    html = client.get("/?date=2023&date=2023-09").get_data(as_text=True)
    chips = html[html.index('class="chips"'):]
    assert "सितंबर 2023" in chips[:2000]


def test_results_show_the_range_numbered_pages_and_exports(client):
    html = client.get("/?per_page=2").get_data(as_text=True)
    assert "1–2 of" in html and 'aria-current="page"' in html
    assert 'name="per_page" value="2"' in html
    assert "/api/search?per_page=2" in html and "/search.csv?per_page=2" in html
    assert 'class="hit-id"' not in html
    csv = client.get("/search.csv?q=पुतिन")
    assert csv.mimetype == "text/csv" and csv.get_data(as_text=True).startswith("id,title")


def test_a_repair_note_is_shown_once(client):
    html = client.get("/", query_string={"q": "((( पुतिन"}).get_data(as_text=True)
    notes = re.findall(r'class="notice notice-info"[^>]*>([^<]*)<', html)
    assert len(notes) == len(set(notes))


def test_the_article_page_keeps_the_search_and_shows_the_full_headline(client):
    html = client.get("/doc/000_5777974ea2d1afa5.txt?q=पुतिन&place=मॉस्को&page=2"
                      ).get_data(as_text=True)
    back = re.search(r'<nav class="back"><a href="([^"]+)"', html).group(1)
    assert "place=मॉस्को" in back and "page=2" in back and "q=पुतिन" in back
    assert 'value="पुतिन"' in html and 'name="place" value="मॉस्को"' in html
    title = re.search(r'<h1 class="doc-title">(.*?)</h1>', html).group(1)
    assert not re.sub(r"<[^>]+>", "", title).endswith("…")


def test_the_query_words_are_marked_in_titles_as_in_snippets(client):
    data = client.get("/api/search?q=पुतिन").get_json()
    assert any("<mark>पुतिन</mark>" in h["title_html"] for h in data["hits"])
    for hit in data["hits"]:
        assert re.sub(r"</?mark>", "", hit["title_html"]) == html_escape(hit["title"])
    page = client.get("/?q=पुतिन").get_data(as_text=True)
    assert re.search(r'<h2><a href="/doc/[^>]+>[^<]*<mark>पुतिन</mark>', page)
    doc = client.get(f"/doc/{data['hits'][0]['id']}?q=पुतिन").get_data(as_text=True)
    headline = re.search(r'<h1 class="doc-title">(.*?)</h1>', doc).group(1)
    assert ("पुतिन" in headline) == ("<mark>" in headline)


def test_facet_value_search_route_takes_the_current_filters(client):
    data = client.get("/api/facets/person?q=पुतिन&contains=किम").get_json()
    assert data["total"] >= 1 and all("किम" in v["value"] for v in data["values"])
    html = client.get("/facets/person?q=पुतिन&offset=1&limit=1",
                      headers={"HX-Request": "true"}).get_data(as_text=True)
    assert "facet-page-summary" not in html  # a later page appends to the list


def test_results_sort_oldest_first_from_the_page(client):
    page = client.get("/?q=&sort=oldest").get_data(as_text=True)
    assert 'aria-current="true">सबसे पुराने' in page
    api = client.get("/api/search?q=&sort=oldest").get_json()
    dated = [h["published"] for h in api["hits"] if h["published"]]
    assert api["sort"] == "oldest" and dated == sorted(dated)


@given(st.lists(st.text(min_size=1), max_size=8, unique=True),
       st.lists(st.text(min_size=1), max_size=8, unique=True))
def test_a_hit_shows_four_names_half_of_each_kind_unless_one_has_fewer(persons, places):
    shown_persons, shown_places = hit_names(persons, places)
    assert shown_persons == persons[:len(shown_persons)]
    assert shown_places == places[:len(shown_places)]
    assert len(shown_persons) + len(shown_places) == min(HIT_NAMES, len(persons) + len(places))
    if len(persons) >= 2 and len(places) >= 2:
        assert len(shown_persons) == len(shown_places) == 2


def test_the_page_shows_fewer_facet_values_than_the_api_and_links_the_rest(client):
    api = client.get("/api/search?q=").get_json()
    html = client.get("/").get_data(as_text=True)
    shown = html.count('<li><a href="?') - len(api["facets"]["date"])
    people = min(PAGE_FACET_SIZE, api["facet_totals"]["person"])
    places = min(PAGE_FACET_SIZE, api["facet_totals"]["place"])
    assert len(api["facets"]["person"]) == min(10, api["facet_totals"]["person"])
    assert shown == people + places + min(PAGE_FACET_SIZE, api["facet_totals"]["mentioned"])
    if api["facet_totals"]["person"] > PAGE_FACET_SIZE:
        assert 'href="/facets/person?"' in html  # "all N" on demand
