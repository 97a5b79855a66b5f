"""Property-based fuzzing of every route's parameters: whatever a user or a script sends
(unbalanced quotes, lone operators, * and ? anywhere, 10,000-character queries, control and
combining characters, invalid UTF-8, Unicode digits, negative or huge numbers, unknown facet
values, malformed dates), the answer is never a 5xx, a 4xx carries a message in Hindi and
English, and no request takes long."""

from __future__ import annotations

import re
import time
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.seed_client import seed_client

DEVANAGARI = re.compile(r"[\u0900-\u097f]")
LATIN = re.compile(r"[A-Za-z]{3}")
#: One request may take this long at most on the seeds (the caps bound the work).
SLOW = 3.0

WORDS = ["मॉस्को", "पुतिन", "किम", "रूस", "AND", "OR", "NOT", "-", "(", ")", '"', "*", "?",
         "स*", "प्र*", "*किम", "कि?म", "\u0301", "\u093c", "\u200d", "\x00", "\x1b[31m",
         "२०२३", "²", "٣", "🙂", "<script>", "%", "&", "=", "\ud7ff"]
query_text = st.one_of(
    st.lists(st.sampled_from(WORDS), max_size=12).map(" ".join),
    st.text(max_size=60),
    st.lists(st.sampled_from(WORDS), min_size=80, max_size=200).map("".join),
    st.just("क" * 10_000),
)
number = st.one_of(
    st.integers(-10**6, 10**22).map(str),
    st.sampled_from(["", "0", "-1", "²", "५", "1e3", "0x10", " 2 ", "1.5", "٣", "+3", "10001"]),
)
date = st.one_of(
    st.sampled_from(["2023", "2023-9", "2023-09", "2023-09-17", "2023-02-30", "0000", "9999-99",
                     "2023-13", "yesterday", "२०२३", "2023-09-17T00:00", "", " "]),
    st.text(max_size=12),
)
facet_value = st.one_of(st.sampled_from(["व्लादिमीर पुतिन", "मॉस्को", "नहीं है", ""]),
                        st.text(max_size=30))
params = st.fixed_dictionaries({}, optional={
    "q": query_text, "page": number, "per_page": number, "facet_size": number,
    "offset": number, "limit": number, "sort": st.sampled_from(["relevance", "newest", "x", ""]),
    "person": st.lists(facet_value, max_size=3), "place": st.lists(facet_value, max_size=3),
    "date": st.lists(date, max_size=3), "from": date, "to": date, "contains": query_text,
    "mentioned": st.lists(date, max_size=2),
})
ROUTES = ["/", "/api/search", "/facets/person", "/api/facets/place", "/api/facets/mentioned",
          "/facets/nope", "/api/facets/nope", "/doc/000_5777974ea2d1afa5.txt",
          "/api/documents/none"]


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    with seed_client(tmp_path_factory.mktemp("fuzz"), testing=False) as test_client:
        yield test_client


def _query_string(values: dict) -> str:
    pairs = []
    for key, value in values.items():
        for v in value if isinstance(value, list) else [value]:
            pairs.append(f"{key}={quote(v.encode('utf-8', 'surrogatepass'), safe='')}")
    return "&".join(pairs)


def _check(r, route: str, took: float) -> None:
    assert r.status_code < 500, (route, r.status_code, r.get_data(as_text=True)[:300])
    assert took < SLOW, (route, took)
    if r.status_code >= 400 and route.startswith("/api/"):
        message = r.get_json()["error"]
        assert DEVANAGARI.search(message) and LATIN.search(message), message


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow,
          HealthCheck.function_scoped_fixture])
@given(route=st.sampled_from(ROUTES), values=params)
def test_no_parameters_make_a_server_error(client, route, values):
    start = time.monotonic()
    r = client.get(route, query_string=_query_string(values))
    _check(r, route, time.monotonic() - start)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow,
          HealthCheck.function_scoped_fixture])
@given(route=st.sampled_from(ROUTES), raw=st.binary(max_size=40))
def test_invalid_utf8_in_the_url_is_no_server_error(client, route, raw):
    qs = "q=" + "".join(f"%{b:02X}" for b in raw) + "&person=%C3%28&date=%FF"
    start = time.monotonic()
    r = client.get(route, query_string=qs)
    _check(r, route, time.monotonic() - start)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow,
          HealthCheck.function_scoped_fixture])
@given(doc_id=st.text(max_size=40).filter(lambda s: s.strip("/") and "\x00" not in s))
def test_any_document_id_is_a_page_or_a_404(client, doc_id):
    for prefix in ("/doc/", "/api/documents/"):
        r = client.get(prefix + quote(doc_id.encode("utf-8", "surrogatepass"), safe="/"))
        assert r.status_code in (200, 308, 404), (doc_id, r.status_code)


@pytest.mark.parametrize("url", ["/api/search?page=²", "/api/search?date=2023-9",
                                 "/api/search?q=" + "क" * 600, "/api/search?per_page=1000",
                                 "/api/facets/nope", "/api/search?sort=x"])
def test_a_bad_parameter_says_what_is_wrong_in_hindi_and_english(client, url):
    r = client.get(url)
    assert r.status_code == 400
    message = r.get_json()["error"]
    assert DEVANAGARI.search(message) and LATIN.search(message), message


def test_a_one_letter_or_broad_prefix_is_bounded_and_explained(client):
    r = client.get("/api/search?q=स*").get_json()
    assert any("2" in n and "prefix" in n for n in r["notes"])
