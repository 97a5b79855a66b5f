"""A hit's names narrow the search (issue 11). Each name is a submit button of the one form
that carries the search's state (``#narrow``), not a link repeating that state, so what a
button submits must be exactly the search its old link was: the state, page 1, plus the
name. A name already selected is a link that removes it. Checked over HTTP, on the full page
and on the htmx fragment, by submitting every button the way a browser does."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest

from search.models import FacetValue
from tests.seed_client import seed_client
from web.render import bar_heights

HTMX = {"HX-Request": "true", "HX-Target": "results"}
PUTIN = "व्लादिमीर पुतिन"


class NameControls(HTMLParser):
    """The #narrow form (its action and hidden fields) and where each hit's names lead: a
    submit button of the form (its fields and the button's name=value, as a browser submits
    them) or a link (its href)."""

    def __init__(self):
        super().__init__()
        self.action, self.hidden, self.names = None, [], []
        self.in_form = self.in_names = False
        self.link = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and a.get("id") == "narrow":
            self.in_form, self.action = True, a.get("action")
        elif tag == "ul" and a.get("aria-labelledby") == "ents":  # a hit's names
            self.in_names = True
        elif self.in_form and tag == "input" and a.get("type") == "hidden":
            self.hidden.append((a["name"], a["value"]))
        elif self.in_names and tag == "input" and a.get("type") == "submit":
            # A button outside the form would need form="narrow"; these sit inside it.
            assert self.in_form and "form" not in a
            self.names.append((a["name"], a["value"], None, False))
        elif self.in_names and tag == "a" and a.get("class", "").startswith("entity "):
            self.link = (a["class"].split()[1], a["href"], a.get("aria-current") == "true")

    def handle_data(self, data):
        if self.link:
            facet, href, selected = self.link
            self.names.append((facet, data, parse_qsl(urlsplit(href).query), selected))
            self.link = None

    def handle_endtag(self, tag):
        if tag == "form":
            self.in_form = False
        elif tag == "ul":
            self.in_names = False

    def leads_to(self, facet: str, name: str, query) -> list[tuple[str, str]]:
        """The query string a name's control asks for."""
        return [*self.hidden, (facet, name)] if query is None else query


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    with seed_client(tmp_path_factory.mktemp("hit-names")) as test_client:
        yield test_client


def _controls(client, params: list[tuple[str, str]], headers=None) -> NameControls:
    r = client.get("/?" + urlencode(params), headers=headers or {})
    assert r.status_code == 200
    parser = NameControls()
    parser.feed(r.get_data(as_text=True))
    return parser


def _answer(client, params: list[tuple[str, str]]) -> dict:
    return client.get("/api/search?" + urlencode(params)).get_json()


def _same_search(a: list[tuple[str, str]], b: list[tuple[str, str]]) -> bool:
    """Two query strings ask for the same search: the same values per parameter, in order
    (a filter's values are OR-ed, their order is kept for display)."""
    def by_name(pairs):
        return {name: [v for n, v in pairs if n == name] for name, _ in pairs}
    return by_name(a) == by_name(b)


#: Searches with everything the state can carry: filters of each kind, a range, sort, page
#: size, page 2 (a new filter starts again at page 1), literal and as-typed.
STATES = [
    [("q", "मॉस्को")],
    [("q", "पुतिन"), ("sort", "newest"), ("per_page", "1"), ("page", "2")],
    [("q", ""), ("place", "मॉस्को"), ("from", "2000"), ("to", "2030"), ("literal", "1")],
    [("q", "रूस"), ("person", PUTIN), ("as_typed", "1"), ("sort", "oldest")],
]


@pytest.mark.parametrize("state", STATES, ids=lambda s: urlencode(s))
@pytest.mark.parametrize("headers", [None, HTMX], ids=["page", "fragment"])
def test_every_hit_name_narrows_the_search_it_is_shown_in(client, state, headers):
    controls = _controls(client, state, headers)
    assert controls.action == "/"
    # The form carries the whole state but the page (a narrower search starts at page 1).
    assert _same_search(controls.hidden, [(n, v) for n, v in state if n != "page" and v])
    before = _answer(client, state)
    offered = [(f, name, query) for f, name, query, selected in controls.names if not selected]
    assert offered, "the search shows no hit with a name to narrow by"
    for facet, name, query in offered:
        submitted = controls.leads_to(facet, name, query)
        expected = [(n, v) for n, v in state if n != "page"] + [(facet, name)]
        got, want = _answer(client, submitted), _answer(client, expected)
        assert [h["id"] for h in got["hits"]] == [h["id"] for h in want["hits"]]
        assert got["total"] == want["total"] > 0
        # Values of one facet are OR-ed: a first one narrows, a second one widens its facet.
        chosen = {v for n, v in expected if n == facet}
        assert all(chosen & set(h[facet + "s"]) for h in got["hits"])
        if chosen == {name}:
            assert got["total"] <= before["total"]
        assert {"value": name, "selected": True} in [
            {"value": v["value"], "selected": v["selected"]} for v in got["facets"][facet]]
        assert got["query"] == before["query"]


def test_a_selected_name_is_a_link_that_removes_only_it(client):
    state = [("q", "रूस"), ("person", PUTIN), ("sort", "newest")]
    controls = _controls(client, state, HTMX)
    mine = [(f, name, query) for f, name, query, selected in controls.names if selected]
    assert [name for _, name, _ in mine] and {name for _, name, _ in mine} == {PUTIN}
    for _, _, query in mine:
        assert _same_search(query, [("q", "रूस"), ("sort", "newest")])


def test_a_name_is_escaped_in_the_button_and_the_state_in_the_form(client):
    q = 'मॉस्को "><script>x</script>'
    html = client.get("/", query_string={"q": q}, headers=HTMX).get_data(as_text=True)
    assert "<script>x" not in html
    escaped = "मॉस्को &#34;&gt;&lt;script&gt;x&lt;/script&gt;"
    assert f'<input type="hidden" name="q" value="{escaped}">' in html


def test_the_page_forms_carry_the_same_state_as_its_links(client):
    """The date range and a facet's value search keep literal, as-typed and the rest: a form
    that dropped them would search something else than the page shows."""
    state = [("q", "मॉस्को"), ("literal", "1"), ("as_typed", "1"), ("sort", "newest"),
             ("per_page", "2"), ("from", "2000")]
    html = client.get("/?" + urlencode(state), headers=HTMX).get_data(as_text=True)
    # A facet's value search comes with its "all" link's answer, from that link's state.
    more = re.search(r'<a class="facet-more-link" href="(/facets/(?:person|place)[^"]*)"', html)[1]
    html += client.get(more.replace("&amp;", "&"), headers=HTMX).get_data(as_text=True)
    forms = re.findall(r'<form[^>]*class="(date-range|facet-search)"[^>]*>(.*?)</form>', html,
                       re.S)
    assert sorted(kind for kind, _ in forms) == ["date-range", "facet-search"]
    for kind, body in forms:
        hidden = re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)">', body)
        carried = [p for p in state if kind == "facet-search" or p[0] not in ("from", "to")]
        assert _same_search(hidden, carried), kind


def test_a_keystroke_says_each_thing_once(client):
    """What issue 11 took out of every keystroke stays out: the dates as bars and again as a
    list, a search box per facet carrying the state, links from the current sort, page and
    page size to themselves. Each date row is its bar; the current ones are marked."""
    html = client.get("/", query_string={"q": "", "per_page": "2"},
                      headers=HTMX).get_data(as_text=True)
    assert 'class="histogram' not in html.replace('class="facet-values date-values', "")
    assert 'class="facet-search"' not in html
    for current in re.findall(r"<a [^>]*aria-current=\"(?:page|true)\"[^>]*>", html):
        assert "href" not in current or 'class="entity' in current or "selected" in current
    # The sort and the page (2 is no page size offered, so none of those is current).
    assert html.count('aria-current="page"') == 1
    assert html.count('tabindex="-1" aria-current') == 2


def test_the_date_rows_draw_the_bars_of_the_finest_values():
    years = [FacetValue("2023", 40, False), FacetValue("2022", 10, False)]
    assert bar_heights(years) == {"2022": 2, "2023": 10}
    months = [FacetValue("2023", 50, True), FacetValue("2023-09", 30, False),
              FacetValue("2023-10", 20, False), FacetValue("2022", 10, False)]
    assert bar_heights(months) == {"2023-09": 10, "2023-10": 7}
    assert bar_heights(years[:1]) == {}  # one bar is no histogram
