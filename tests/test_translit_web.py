"""Latin-script queries over HTTP and the CLI (issue 14): what was searched is said on the page
and in the JSON, ``literal=1`` searches the Latin letters as written, English words of the
articles match as themselves and first, and suggestions answer Latin prefixes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from search.index.writer import rebuild
from tests.conftest import SEEDS
from web import create_app, engine_of
from web.cli import main

#: An article that writes a place in English letters, as Hindi news often does.
ENGLISH_ARTICLE = {"id": "english-moscow", "title": "Moscow में बैठक",
                   "text": "कल Moscow में एक बैठक हुई जिसमें कई देशों के अधिकारी आए।"}
HTMX = {"HX-Request": "true", "HX-Target": "results"}


@pytest.fixture(scope="module")
def index(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("translit-web")
    src = root / "src"
    shutil.copytree(SEEDS, src)
    (src / "english.jsonl").write_text(json.dumps(ENGLISH_ARTICLE, ensure_ascii=False) + "\n",
                                       encoding="utf-8")
    rebuild([src], root / "index")
    return root / "index"


@pytest.fixture(scope="module")
def client(index):
    app = create_app({"INDEX_DIR": str(index), "TESTING": True})
    yield app.test_client()
    engine_of(app).close()


def test_the_api_says_what_was_searched(client):
    data = client.get("/api/search?q=putin moscow").get_json()
    assert data["total"] > 0
    assert data["transliterated"] == "खोजा गया: पुतिन मॉस्को (putin moscow)"


def test_literal_searches_the_latin_letters_as_written(client):
    data = client.get("/api/search?q=putin&literal=1").get_json()
    assert data["total"] == 0 and data["transliterated"] == ""
    assert client.get("/api/search?q=putin&literal=maybe").status_code == 400


def test_an_english_word_of_an_article_matches_as_itself_and_first(client):
    read = client.get("/api/search?q=moscow").get_json()
    literal = client.get("/api/search?q=moscow&literal=1").get_json()
    assert [h["id"] for h in literal["hits"]] == ["english-moscow"]
    assert read["hits"][0]["id"] == "english-moscow"
    assert read["total"] > literal["total"]  # and the articles writing मॉस्को follow


def test_the_results_fragment_says_what_was_searched_with_a_literal_link(client):
    html = client.get("/?q=putin <b>moscow</b>", headers=HTMX).get_data(as_text=True)
    assert "खोजा गया: पुतिन" in html and "<b>moscow</b>" not in html
    assert "&lt;b&gt;moscow&lt;/b&gt;" in html
    assert "literal=1" in html and "search the Latin letters literally" in html


def test_a_literal_page_keeps_literal_and_links_back(client):
    html = client.get("/?q=putin&literal=1").get_data(as_text=True)
    assert "खोजा गया" not in html and "read them as Hindi" in html
    assert '<input type="hidden" name="literal" value="1">' in html


def test_the_cli_says_what_was_searched_and_takes_literal(index):
    runner = CliRunner()
    read = runner.invoke(main, ["search", "--index", str(index), "--json", "putin"])
    literal = runner.invoke(main, ["search", "--index", str(index), "--json", "--literal",
                                   "putin"])
    assert read.exit_code == 0 and literal.exit_code == 0
    assert json.loads(read.output)["transliterated"] == "खोजा गया: पुतिन (putin)"
    assert json.loads(literal.output)["total"] == 0


@pytest.mark.parametrize("typed, offered", [
    ("puti", "व्लादिमीर पुतिन"),
    ("vladi", "व्लादिमीर पुतिन"),
    ("vladimir pu", "व्लादिमीर पुतिन"),
    ("kim jo", "किम जोंग उन"),
    ("uttar kor", "उत्तर कोरिया"),
    ("mosk", "मॉस्को"),
])
def test_suggestions_answer_latin_prefixes(client, typed, offered):
    found = client.get(f"/api/suggest?q={typed}").get_json()["suggestions"]
    assert offered in [s["value"] for s in found]


@pytest.mark.parametrize("typed", ["xq", "qzvtk", "pu", "zzzzzz"])
def test_latin_prefixes_that_begin_no_name_offer_nothing(client, typed):
    assert client.get(f"/api/suggest?q={typed}").get_json()["suggestions"] == []


@pytest.mark.parametrize("q", ["qzvtk", "putin qzvtk"])
def test_a_latin_word_meaning_nothing_here_is_said_on_the_page_and_in_the_api(client, q):
    data = client.get("/api/search", query_string={"q": q}).get_json()
    assert any("sounds like 'qzvtk'" in note for note in data["notes"])
    assert (data["total"] > 0) == (" " in q)  # beside putin, putin's articles are listed
    html = client.get("/", query_string={"q": q}, headers=HTMX).get_data(as_text=True)
    assert "no Hindi word in this archive sounds like &#39;qzvtk&#39;" in html
