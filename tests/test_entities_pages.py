"""Entity pages (issue 15): /person/<name>, /place/<name> and their JSON, on the seeds and on
a small generated collection. Counts are checked against the search itself, so a page can
never disagree with the facets it links from."""

from __future__ import annotations

import shutil
from urllib.parse import quote

import pytest

from search.engine import Engine
from search.index.writer import rebuild
from search.models import SearchRequest
from tests.conftest import SEEDS
from tests.generated_corpus import write_corpus
from web import create_app, engine_of

PUTIN = "व्लादिमीर पुतिन"


def _path(name: str) -> str:
    """An entity's page as the app links it: spaces encoded, Devanagari as is."""
    return name.replace(" ", "%20")


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    root = tmp_path_factory.mktemp("entities")
    corrections = write_corpus(SEEDS, root / "src", n=150)
    shutil.copytree(SEEDS, root / "src" / "seeds")
    rebuild([root / "src"], root / "index", corrections=corrections, jobs=1)
    return root / "index"


@pytest.fixture(scope="module")
def engine(index):
    with Engine(index) as e:
        yield e


@pytest.fixture(scope="module")
def client(index):
    app = create_app({"INDEX_DIR": str(index), "TESTING": True})
    yield app.test_client()
    engine_of(app).close()


def _busiest(engine, facet: str) -> str:
    return engine.search(SearchRequest(facet_size=1)).facets[facet][0].value


@pytest.mark.parametrize("facet", ["person", "place"])
def test_counts_equal_the_search_with_that_filter(engine, facet):
    name = _busiest(engine, facet)
    p = engine.entity(facet, name, SearchRequest())
    search = engine.search(SearchRequest(**{facet: (name,)}, facet_size=1000))
    assert p.total == p.overall == search.total > 1
    assert sum(m.count for m in p.months) + p.undated == p.total
    # Co-mentions count the names on the entity's articles, without the entity itself.
    hits = [h for page in range(1, search.total // 100 + 2) for h in engine.search(
        SearchRequest(**{facet: (name,)}, sort="newest", per_page=100, page=page)).hits]
    assert len(hits) == search.total
    for own in ("persons", "places"):
        got = p.people if own == "persons" else p.places
        assert got and all(v.value != name for v in got)
        for v in got:
            assert v.count == sum(v.value in getattr(h, own) for h in hits), v.value
        assert [v.count for v in got] == sorted((v.count for v in got), reverse=True)
    assert len(p.latest) == min(10, p.total) and p.relevant


def test_histogram_month_counts_match_the_month_filter(engine):
    name = _busiest(engine, "person")
    p = engine.entity("person", name, SearchRequest())
    for month in p.months[:5]:
        total = engine.search(SearchRequest(person=(name,), date=(month.value,))).total
        assert total == month.count


def test_a_month_narrows_the_page_but_keeps_every_bar(engine):
    name = _busiest(engine, "person")
    whole = engine.entity("person", name, SearchRequest())
    month = whole.months[0].value
    p = engine.entity("person", name, SearchRequest(date_from=month, date_to=month))
    assert p.total == whole.months[0].count < whole.total
    assert p.months == whole.months
    assert all(h.published.startswith(month) for h in p.latest)


def test_another_person_narrows_by_and(engine):
    name = _busiest(engine, "person")
    other = engine.entity("person", name, SearchRequest()).people[0]
    p = engine.entity("person", name, SearchRequest(person=(other.value,)))
    assert p.total == other.count
    assert all(other.value in h.persons and name in h.persons for h in p.latest)


def test_name_in_another_spelling_and_spellings_seen(engine):
    p = engine.entity("place", "मास्को", SearchRequest())
    assert p.name == "मॉस्को"
    q = engine.entity("person", PUTIN, SearchRequest())
    spellings = dict(q.spellings)
    assert "पुतिन" in spellings and spellings["पुतिन"] > 1
    assert f"block\tperson\t{PUTIN}" in q.corrections["block"]
    assert f"alias\tperson\tपुतिन\t{PUTIN}" in q.corrections["alias"]


def test_unknown_name_is_none(engine):
    assert engine.entity("person", "कोई ऐसा नाम नहीं", SearchRequest()) is None
    assert engine.entity("nobody", PUTIN, SearchRequest()) is None


def test_page_and_json_agree(client, engine):
    page = client.get(f"/person/{PUTIN}")
    data = client.get(f"/api/person/{PUTIN}").get_json()
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert data["name"] == PUTIN and f"{data['overall']:,}" in html
    assert set(data) >= {"name", "spellings", "months", "people", "places", "latest",
                         "relevant", "corrections", "total", "undated"}
    for v in data["people"][:3]:
        assert f'href="/person/{_path(v["value"])}"' in html  # its own page
        together = f'href="/person/{_path(PUTIN)}?person={v["value"].replace(" ", "+")}"'
        assert together in html
    assert "block\tperson\t" + PUTIN in html


@pytest.mark.parametrize("url", [
    "/person/कोई ऐसा नाम नहीं", "/place/<script>alert(1)</script>", "/api/person/कोई नहीं",
    "/person/" + quote("a/b?c#d", safe="/"),
])
def test_unknown_names_are_a_bilingual_404(client, url):
    r = client.get(url)
    assert r.status_code == 404
    text = r.get_data(as_text=True)
    assert "<script>alert" not in text
    assert "नहीं मिला" in text and ("no person named" in text or "no place named" in text)


@pytest.mark.parametrize("url", ["/person/x?page=0", "/api/place/x?date=2023-13",
                                 "/person/x?q=" + "क" * 501])
def test_bad_parameters_are_a_400(client, url):
    r = client.get(url)
    assert r.status_code == 400


def test_month_bar_links_filter_the_page(client, engine):
    name = _busiest(engine, "person")
    month = engine.entity("person", name, SearchRequest()).months[-1]
    html = client.get(f"/person/{name}").get_data(as_text=True)
    link = f"/person/{_path(name)}?from={month.value}&amp;to={month.value}"
    assert link in html
    narrowed = client.get(link.replace("&amp;", "&")).get_data(as_text=True)
    assert 'aria-current="true"' in narrowed and f"{month.count:,}</strong> /" in narrowed


def test_search_page_links_facets_and_chips_to_entity_pages(client):
    html = client.get("/?q=मॉस्को").get_data(as_text=True)
    assert f'<a href="/person/{_path(PUTIN)}" aria-labelledby="pg">›</a>' in html
    assert '<a href="/place/मॉस्को" aria-labelledby="pg">›</a>' in html
    assert '<span id="pg">पृष्ठ (page)</span>' in html  # their name, once
    # A hit's name narrows as a submit button of the one form that carries the search.
    assert '<form id="narrow" action="/"><input type="hidden" name="q" value="मॉस्को">' in html
    assert '<li><input type="submit" name="person" value="' in html  # a hit's chip
    plus = PUTIN.replace(" ", "+")
    # A facet value's filter link is relative on the search page, absolute on the facet's own.
    assert f'<li><a href="?q=मॉस्को&amp;person={plus}"' in html
    own = client.get("/facets/person?q=मॉस्को").get_data(as_text=True)
    assert f'<li><a href="/?q=मॉस्को&amp;person={plus}"' in own


def test_document_page_links_names_to_entity_pages(client, engine):
    hit = engine.search(SearchRequest(person=(PUTIN,))).hits[0]
    html = client.get(f"/doc/{hit.id}").get_data(as_text=True)
    assert f'href="/person/{_path(PUTIN)}"' in html
