"""The Atom feed and the streamed exports of a search (issue 15): the feed parses as Atom
(feedparser, as a feed reader would), the exports have one row per article the search
finds, and both take the search page's parameters."""

from __future__ import annotations

import csv
import io
import json
import shutil
from xml.etree import ElementTree as ET

import pytest

from search.engine import Engine
from search.index.writer import rebuild
from search.models import SearchRequest
from tests.conftest import SEEDS
from tests.generated_corpus import MODIS, write_corpus
from web import create_app, engine_of

feedparser = pytest.importorskip("feedparser", reason="pip install -e .[test] (feedparser)")
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    root = tmp_path_factory.mktemp("feeds")
    corrections = write_corpus(SEEDS, root / "src", n=120)
    shutil.copytree(SEEDS, root / "src" / "seeds")
    rebuild([root / "src"], root / "index", corrections=corrections, jobs=1)
    return root / "index"


@pytest.fixture(scope="module")
def app(index):
    app = create_app({"INDEX_DIR": str(index), "TESTING": True})
    yield app
    engine_of(app).close()


@pytest.fixture
def client(app):
    return app.test_client()


SEARCHES = [{}, {"q": "मॉस्को"}, {"person": MODIS[0]}, {"q": "किम जोंग उन", "date": "2023"},
            {"q": "पुतिन लावरोव बातचीत"}, {"place": "रूस", "sort": "oldest"}, {"q": "ज़ज़ज़ज़"}]


def _total(app, args) -> int:
    with app.test_request_context(query_string=args):
        from flask import request

        from web.params import search_request
        return engine_of(app).search(search_request(request.args)).total


@pytest.mark.parametrize("args", SEARCHES, ids=str)
def test_exports_have_one_row_per_article_found(app, client, args):
    total = _total(app, args)
    r = client.get("/export.csv", query_string=args)
    assert r.status_code == 200 and r.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(r.get_data(as_text=True))))
    assert rows[0] == ["id", "title", "date", "url", "people", "places", "snippet"]
    assert len(rows) - 1 == total == int(r.headers["X-Total-Count"])
    lines = client.get("/export.jsonl", query_string=args).get_data(as_text=True).splitlines()
    records = [json.loads(line) for line in lines]
    assert len(records) == total
    assert [rec["id"] for rec in records] == [row[0] for row in rows[1:]]
    assert len({rec["id"] for rec in records}) == total
    if args.get("person"):
        assert all(args["person"] in rec["people"] for rec in records)


def test_export_is_streamed_in_chunks(index):
    """The engine reads rows lazily, a chunk at a time: taking three rows of a chunk of 2
    reads two chunks, not the whole search."""
    with Engine(index) as engine:
        total, rows = engine.export(SearchRequest(), chunk=2)
        assert total > 100
        first = [next(rows) for _ in range(3)]
        assert rows._rows.gi_frame is not None  # still suspended: the rest is not read
        rows.close()
        assert len({r.id for r in first}) == 3
        assert "<" not in "".join(r.snippet for r in first)


def test_export_response_streams(client):
    r = client.get("/export.jsonl", buffered=False)
    assert r.is_streamed
    r.close()


@pytest.mark.parametrize("url", ["/export.csv?page=0", "/export.jsonl?date=2023-13",
                                 "/feed?sort=sideways", "/feed?q=" + "क" * 501])
def test_bad_parameters_are_a_400(client, url):
    assert client.get(url).status_code == 400


@pytest.mark.parametrize("args", SEARCHES[:4], ids=str)
def test_feed_is_valid_atom_of_the_newest_articles(app, client, args):
    r = client.get("/feed", query_string=args)
    assert r.status_code == 200 and r.mimetype == "application/atom+xml"
    parsed = feedparser.parse(r.data)
    assert not parsed.bozo, parsed.bozo_exception
    assert parsed.version == "atom10"
    root = ET.fromstring(r.data)
    assert root.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated"):
        assert root.find(f"{ATOM}{required}") is not None
    total = _total(app, args)
    assert len(parsed.entries) == min(total, 50)
    dates = [e.published for e in parsed.entries if "published" in e]
    if len(args.get("q", "").split()) < 2:  # several words: every word first, then some
        assert dates == sorted(dates, reverse=True)
    for entry in parsed.entries:
        assert entry.id and entry.title and entry.updated and entry.link.startswith("http")


def test_feed_escapes_what_it_quotes(client):
    r = client.get("/feed", query_string={"q": "<b>&\"x"})
    assert not feedparser.parse(r.data).bozo
    assert b"<b>&" not in r.data


def test_search_page_links_feed_and_exports(client):
    html = client.get("/?q=मॉस्को").get_data(as_text=True)
    assert '<link rel="alternate" type="application/atom+xml"' in html
    assert 'href="/feed?q=मॉस्को"' in html
    assert 'href="/export.csv?q=मॉस्को"' in html and 'href="/export.jsonl?q=मॉस्को"' in html
