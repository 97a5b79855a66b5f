"""Links are IRIs: Devanagari stays as is in an href (3 bytes a letter, not the 9 of %E0%A4%AE)
and only what a query component must escape is percent-encoded. The property: for any state,
the href read as a browser reads it (HTML character references decoded, then every non-ASCII
code point percent-encoded as UTF-8, as the WHATWG URL parser does with a UTF-8 document) is
parsed by the server into exactly that state."""

from __future__ import annotations

import html
import re
import string
from dataclasses import replace
from urllib.parse import parse_qsl, quote, unquote, urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markupsafe import escape
from werkzeug.datastructures import MultiDict

from search.models import SearchRequest
from tests.seed_client import seed_client
from web.params import query_string, search_request, state_pairs, toggle

#: What may stand unescaped in one of our hrefs: unreserved ASCII, the query's own delimiters
#: and percent escapes. Space, quotes, <, >, #, controls and DEL never do.
ASCII_ALLOWED = set(string.ascii_letters + string.digits + "-._~%+&=?/")
#: ASCII the browser leaves as it is in a query or path (it escapes only non-ASCII here).
BROWSER_SAFE = "".join(chr(c) for c in range(0x21, 0x7F))


def browser_url(attribute: str) -> str:
    """What Chromium requests for an href attribute's source text."""
    return quote(html.unescape(attribute), safe=BROWSER_SAFE)


def parsed_state(url: str) -> list[tuple[str, str]]:
    args = MultiDict(parse_qsl(urlsplit(url).query, keep_blank_values=True))
    return state_pairs(search_request(args))


specials = st.sampled_from([*"&=+#%?/\"'<> \t\n\r\x00\x7f;,:@!$()*[]\\^`{|}",
                            "मॉस्को", "व्लादिमीर पुतिन", "\u200d", "\u00a0", "🙂", "\u0085",
                            "\u2028", "\ufeff", "ॐ", "०१"])
text = st.one_of(st.text(max_size=40),
                 st.lists(specials, max_size=12).map("".join))
name = text.filter(lambda s: s.strip())
dates = st.sampled_from(["2019", "2023-09", "2023-09-17"])
requests = st.builds(
    SearchRequest, q=text,
    person=st.lists(name, max_size=3, unique=True).map(tuple),
    place=st.lists(name, max_size=2, unique=True).map(tuple),
    date=st.lists(dates, max_size=2, unique=True).map(tuple),
    mentioned=st.lists(dates, max_size=1).map(tuple),
    sort=st.sampled_from([None, "newest", "oldest"]),
    literal=st.booleans(), respell=st.booleans())


@settings(max_examples=300, deadline=None)
@given(requests)
def test_an_href_gives_back_exactly_its_state(req):
    href = str(escape(query_string(req)))  # as the template writes it into the attribute
    assert set(ch for ch in html.unescape(href) if ord(ch) < 128) <= ASCII_ALLOWED
    assert parsed_state(browser_url(href)) == state_pairs(req)


@settings(max_examples=200, deadline=None)
@given(requests, name)
def test_a_facet_link_adds_and_removes_exactly_its_value(req, value):
    # From a state without the value (toggling a selected one removes it: the second half).
    req = replace(req, person=tuple(p for p in req.person if p != value))
    added = parsed_state(browser_url(str(escape(toggle(req, "person", value)))))
    assert ("person", value) in added
    selected = search_request(MultiDict(added))
    removed = parsed_state(browser_url(str(escape(toggle(selected, "person", value)))))
    assert ("person", value) not in removed


def test_devanagari_is_written_as_utf8_not_percent_escapes():
    req = SearchRequest(q="मॉस्को रूस", person=("व्लादिमीर पुतिन",), respell=True)
    assert query_string(req) == "?q=मॉस्को+रूस&person=व्लादिमीर+पुतिन"
    assert unquote(browser_url(query_string(req))) == query_string(req)


# The rendered page: every link of a results fragment keeps the query it was made for. ---------

@pytest.fixture(scope="module")
def client(tmp_path_factory):
    with seed_client(tmp_path_factory.mktemp("iri")) as test_client:
        yield test_client


HREF = re.compile(r'href="([^"]*)"')
PAGE_QUERIES = st.one_of(
    st.sampled_from(['"मॉस्को" & रूस', "पुतिन 100% +किम #1", "किम=जोंग;उन", "मास्को<b>", "रूस"]),
    st.lists(specials, min_size=1, max_size=6).map("".join))


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(PAGE_QUERIES)
def test_every_link_of_a_results_fragment_keeps_the_query(client, q):
    page = client.get("/", query_string={"q": q, "person": "व्लादिमीर पुतिन"},
                      headers={"HX-Request": "true", "HX-Target": "results"})
    assert page.status_code == 200
    body = page.get_data(as_text=True)
    expected = search_request(MultiDict({"q": q})).q
    # A respelling or "did you mean" link searches another query, on purpose.
    body = re.sub(r'<p class="(did-you-mean|notice[^"]*respelled)".*?</p>', "", body, flags=re.S)
    links = [h for h in HREF.findall(body) if "?" in h and not h.startswith("http")]
    assert links
    for href in links:
        assert not re.search(r"%E0%A[4-7]", href), href  # Devanagari is never %-escaped
        args = MultiDict(parse_qsl(urlsplit(browser_url(href)).query, keep_blank_values=True))
        assert args.get("q", "") == expected, href
