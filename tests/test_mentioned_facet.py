"""The ``mentioned`` facet: the dates articles talk about, beside the dates they were
published. Built at rebuild, counted per search like the other facets, filtered by
``mentioned=`` (year, month or day), shown on the page, in the API and in the CLI."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from search.cli import main
from search.extract.pipeline import extract
from search.index.facet_build import facet_input, mentioned_values
from search.index.writer import rebuild
from search.models import DateMention
from tests.conftest import SEEDS
from web import create_app, engine_of

#: Beside the seeds (000 mentions July 2000, 004 the year 2019, 001's weekdays resolve against
#: its timestamp to September 2023, 003's 13 सितम्बर has no year to take):
ARTICLES = [
    # Published Friday 15 March 2024: बुधवार is the 13th.
    {"id": "m-weekday", "published": "2024-03-15",
     "text": "चुनाव 2019 में हुए थे। बुधवार को नई बैठक हुई।"},
    {"id": "m-day", "published": "2024-03-20", "text": "13 सितंबर 2019 को समझौता हुआ।"},
    # No publication date: neither the weekday nor the yearless day is a date on a timeline.
    {"id": "m-undated", "text": "बुधवार को बैठक हुई। 5 जनवरी को फिर मिलेंगे।"},
    # Dated by its dateline, which is not a date it talks about.
    {"id": "m-dateline", "text": "नई दिल्ली, 5 अक्टूबर 2023 (आईएएनएस)। मई 2018 में सौदा हुआ।"},
]
ALL_YEARS = {"2000": 1, "2018": 1, "2019": 3, "2023": 1, "2024": 1}


@pytest.fixture(scope="module")
def index(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("mentioned")
    shutil.copytree(SEEDS, root / "src")
    lines = [json.dumps(a, ensure_ascii=False) for a in ARTICLES]
    (root / "src" / "more.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    rebuild([root / "src"], root / "index")
    return root / "index"


@pytest.fixture(scope="module")
def client(index):
    app = create_app({"INDEX_DIR": str(index), "TESTING": True})
    yield app.test_client()
    engine_of(app).close()


def _search(index: Path, *args: str) -> dict:
    result = CliRunner().invoke(main, ["search", "--index", str(index), "--json", *args, ""])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def _values(data: dict) -> list[tuple[str, int, bool]]:
    return [(v["value"], v["count"], v["selected"]) for v in data["facets"]["mentioned"]]


def _ids(data: dict) -> set[str]:
    return {h["id"][:3] if h["id"][0].isdigit() else h["id"] for h in data["hits"]}


@pytest.mark.parametrize("values, expected", [
    pytest.param(["2023-09-13"], ("2023", "2023-09", "2023-09-13"), id="a-day-gives-every-level"),
    pytest.param(["2000-07"], ("2000", "2000-07"), id="a-month"),
    pytest.param(["2019", "2019-05", "2019"], ("2019", "2019-05"), id="repeats-once"),
    pytest.param(["--09-13"], (), id="no-year-no-value"),
    pytest.param([], (), id="none"),
])
def test_mentioned_values_reach_every_level_a_date_is_known_to(values, expected):
    dates = [DateMention(v, 0, 1, v, "day") for v in values]
    assert mentioned_values(dates) == expected


@pytest.mark.parametrize("text, published, expected", [
    pytest.param("बुधवार को बैठक हुई।", "2024-03-15", ["2024-03-13"], id="weekday-before"),
    pytest.param("बुधवार को बैठक हुई।", "2024-03-13", ["2024-03-13"], id="weekday-same-day"),
    pytest.param("रविवार को मतदान हुआ।", "2024-01-01", ["2023-12-31"], id="weekday-last-year"),
    pytest.param("गुरुवार को बैठक हुई।", "2024-03-01", ["2024-02-29"], id="weekday-leap-day"),
    pytest.param("बुधवार को बैठक हुई।", "2024-03", [], id="weekday-publication-month-only"),
    pytest.param("बुधवार को बैठक हुई।", None, [], id="weekday-no-publication"),
    pytest.param("अगले बुधवार को बैठक होगी।", "2024-03-15", [], id="weekday-next-is-future"),
    pytest.param("13 सितंबर को बैठक हुई।", "2023-09-17", ["2023-09-13"], id="day-takes-year"),
    pytest.param("5 जनवरी को बैठक होगी।", "2023-12-28", ["2024-01-05"], id="day-next-year"),
    pytest.param("13 सितंबर को बैठक हुई।", None, ["--09-13"], id="day-no-publication"),
])
def test_an_articles_weekdays_and_yearless_days_resolve_only_against_its_publication(
        text, published, expected):
    assert [d.value for d in extract(text, published=published).dates] == expected


def test_the_dateline_an_article_is_dated_by_is_not_a_mention():
    body = "नई दिल्ली, 5 अक्टूबर 2023 (आईएएनएस)। मई 2018 में सौदा हुआ।"
    ex = extract(body)
    assert ex.published == "2023-10-05" and len(ex.dates) == 2
    found = facet_input({"id": "x", "body": body}, ex)
    assert found.mentioned == ("2018", "2018-05")


def test_counts_every_year_mentioned_most_mentioned_first(index):
    data = _search(index)
    assert dict((v, n) for v, n, _ in _values(data)) == ALL_YEARS
    assert _values(data)[0] == ("2019", 3, False)
    assert data["facet_totals"]["mentioned"] == len(ALL_YEARS)
    assert data["facets"]["date"] != data["facets"]["mentioned"]  # publication is another facet


def test_facet_size_cuts_the_years_and_the_total_still_counts_them(index):
    data = _search(index, "--facet-size", "2")
    assert [v for v, _, _ in _values(data)] == ["2019", "2000"]
    assert data["facet_totals"]["mentioned"] == 5


def test_a_year_filters_and_drills_down_to_its_months_then_days(index):
    year = _search(index, "--mentioned", "2019")
    assert _ids(year) == {"004", "m-weekday", "m-day"}
    assert ("2019", 3, True) in _values(year) and ("2019-09", 1, False) in _values(year)
    assert ("2000", 1, False) in _values(year)  # counted as if 2019 were not chosen
    month = _search(index, "--mentioned", "2019-09")
    assert _ids(month) == {"m-day"}
    assert _values(month)[:3] == [("2019", 3, False), ("2019-09", 1, True),
                                  ("2019-09-13", 1, False)]
    assert _ids(_search(index, "--mentioned", "2019-09-13")) == {"m-day"}


def test_mentioned_ors_within_and_ands_with_the_publication_date(index):
    assert _ids(_search(index, "--mentioned", "2000", "--mentioned", "2018")) == {
        "000", "m-dateline"}
    assert _ids(_search(index, "--mentioned", "2019", "--date", "2024")) == {
        "m-weekday", "m-day"}
    assert _ids(_search(index, "--mentioned", "2024-03-13")) == {"m-weekday"}
    assert _search(index, "--mentioned", "1999")["total"] == 0


def test_api_search_has_the_facet_and_filters_by_it(client):
    data = client.get("/api/search?mentioned=2019").get_json()
    assert set(data["facets"]) == {"person", "place", "date", "mentioned"}
    assert data["total"] == 3 and data["facet_totals"]["mentioned"] == 5
    assert {"value": "2019", "count": 3, "selected": True} in data["facets"]["mentioned"]


@pytest.mark.parametrize("url", ["/api/search?mentioned=2019-9", "/api/search?mentioned=x",
                                 "/api/facets/mentioned?mentioned=2019-13"])
def test_a_bad_mentioned_date_is_a_400_with_a_message(client, url):
    r = client.get(url)
    assert r.status_code == 400
    assert "is not a date" in r.get_json()["error"]


def test_api_lists_every_year_a_page_at_a_time_in_any_digits(client):
    data = client.get("/api/facets/mentioned?limit=2").get_json()
    assert data["total"] == 5 and [v["value"] for v in data["values"]] == ["2019", "2000"]
    found = client.get("/api/facets/mentioned?contains=२०१").get_json()
    assert [v["value"] for v in found["values"]] == ["2019", "2018"]


def test_the_page_shows_its_own_block_with_toggle_links_and_more(client):
    html = client.get("/?facet_size=2").get_data(as_text=True)
    block = html[html.index('id="facet-mentioned"'):]
    assert "उल्लिखित तिथियाँ" in block and "Dates mentioned" in block
    assert 'href="?mentioned=2019"' in block  # relative: this is the search page
    assert "/facets/mentioned?" in block and "all 5 years" in block
    assert "/person/" not in block.split("</section>")[0]  # dates have no entity page


def test_the_page_drills_down_and_a_chip_removes_the_filter(client):
    html = client.get("/?mentioned=2019").get_data(as_text=True)
    assert "सितंबर 2019" in html and 'href="?mentioned=2019-09"' in html
    assert 'class="chip chip-mentioned" href="?"' in html
    assert 'name="mentioned" value="2019"' in html  # the search box keeps the filter


def test_a_bad_mentioned_date_on_the_page_keeps_the_rest_of_the_search(client):
    r = client.get("/?q=पुतिन&mentioned=2019-9")
    assert r.status_code == 400
    html = r.get_data(as_text=True)
    assert "2019-9" in html and 'id="facet-mentioned"' in html


def test_the_facets_page_lists_the_years_as_dates(client):
    html = client.get("/facets/mentioned").get_data(as_text=True)
    assert "उल्लिखित तिथियाँ" in html and 'href="/?mentioned=2018"' in html
