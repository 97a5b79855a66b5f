"""The search page as issue 12 asks for it, in Debian's Chromium (Playwright), on the seeds and
on a generated collection of 2,500 articles (tests/generated_corpus.py), desktop and 390×844:
history while typing, errors on screen, facet values from the server, the search kept on the
article page, the mobile drawer, focus and announcements, dates; axe-core finds no serious or
critical violation, light and dark. Screenshots go to reports/screenshots/ (git-ignored).
"""

from __future__ import annotations

import shutil
import time
from urllib.parse import parse_qs, urlparse

import pytest

from search.index.writer import rebuild
from tests.conftest import REPO, SEEDS
from tests.generated_corpus import write_corpus
from tests.live_server import CHROMIUM, CHROMIUM_ARGS, serving

AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
SHOTS = REPO / "reports" / "screenshots"
MOBILE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
#: A facet value's label: its link's last span but one (the count is the last; no class).
LABEL = ".facet-values a > span:nth-last-child(2)"
#: Records any CSP violation: the pages must work under the app's strict policy.
CSP_WATCH = """document.addEventListener('securitypolicyviolation',
  e => (window.__csp = window.__csp || []).push(e.violatedDirective + ' ' + e.blockedURI));"""

playwright = pytest.importorskip("playwright.sync_api", reason="pip playwright is not installed")
pytestmark = pytest.mark.skipif(not CHROMIUM.exists(),
                                reason="needs Debian's chromium: apt-get install chromium")


@pytest.fixture(scope="module")
def seeds_server(tmp_path_factory):
    root = tmp_path_factory.mktemp("ui-seeds")
    rebuild([SEEDS], root / "index")
    with serving(root / "index", root / "server.log", "--workers", "1") as base:
        yield base


@pytest.fixture(scope="module")
def big_server(tmp_path_factory):
    """2,500 generated articles (about 15 s to build with two jobs)."""
    root = tmp_path_factory.mktemp("ui-big")
    corrections = write_corpus(SEEDS, root / "src", n=2500)
    shutil.copytree(SEEDS, root / "src" / "seeds")
    rebuild([root / "src"], root / "index", corrections=corrections, jobs=2)
    with serving(root / "index", root / "server.log", "--workers", "1") as base:
        yield base


@pytest.fixture(scope="module")
def browser():
    """Module-scoped: another module's Playwright cannot start while this one runs."""
    with playwright.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


def _context(browser, viewport=DESKTOP, **kw):
    context = browser.new_context(viewport=viewport, locale="hi-IN", **kw)
    context.add_init_script(CSP_WATCH)
    return context


@pytest.fixture
def page(browser):
    context = _context(browser)
    pg = context.new_page()
    yield pg
    violations = pg.evaluate("window.__csp || []")
    context.close()
    assert violations == []


@pytest.fixture
def mobile(browser):
    context = _context(browser, MOBILE, has_touch=True, is_mobile=True)
    pg = context.new_page()
    yield pg
    context.close()


@pytest.fixture
def nojs(browser):
    context = browser.new_context(java_script_enabled=False, viewport=DESKTOP)
    yield context.new_page()
    context.close()


@pytest.fixture(scope="session", autouse=True)
def _shots():
    SHOTS.mkdir(parents=True, exist_ok=True)


def _q(url: str) -> dict[str, list[str]]:
    return parse_qs(urlparse(url).query)


def _until(pg, expression: str, timeout: float = 10) -> None:
    """Wait until ``expression`` is true in the page. (Playwright's wait_for_function evaluates
    a string in the page, which the app's CSP rightly forbids.)"""
    deadline = time.monotonic() + timeout
    while not pg.evaluate(expression):
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {expression}")
        time.sleep(0.05)


def _settled(pg) -> None:
    _until(pg, "!document.querySelector('#results[aria-busy=true]')")
    pg.wait_for_load_state("networkidle")


# 1. History -------------------------------------------------------------------------------

def test_typing_adds_one_history_entry_and_back_forward_keep_the_box(page, big_server):
    page.goto(big_server + "/")
    start = page.evaluate("history.length")
    page.locator("#q").press_sequentially("किम जोंग उन", delay=140)
    _until(page, "new URLSearchParams(location.search).get('q') === 'किम जोंग उन'")
    _settled(page)
    assert page.evaluate("history.length") - start == 1
    page.locator("#q").press("Enter")
    _settled(page)
    assert page.evaluate("history.length") - start == 1  # Enter commits the same state
    page.locator(".facet-values a", has_text="व्लादिमीर पुतिन").first.click()
    _until(page, "location.search.includes('person=')")
    _settled(page)
    assert page.evaluate("history.length") - start == 2
    page.go_back()
    _until(page, "!location.search.includes('person=')")
    _settled(page)
    assert page.locator("#q").input_value() == "किम जोंग उन"
    page.go_back()
    _until(page, "!location.search.includes('q=')")
    _settled(page)
    assert page.locator("#q").input_value() == ""
    page.go_forward()
    _until(page, "location.search.includes('q=')")
    _settled(page)
    assert page.locator("#q").input_value() == "किम जोंग उन"


def test_a_pause_long_enough_to_read_starts_a_new_entry(page, seeds_server):
    page.goto(seeds_server + "/")
    start = page.evaluate("history.length")
    page.locator("#q").press_sequentially("पुतिन", delay=60)
    page.wait_for_timeout(2600)
    page.locator("#q").press_sequentially(" किम", delay=60)
    _until(page, "(new URLSearchParams(location.search).get('q') || '').endsWith('किम')")
    _settled(page)
    assert page.evaluate("history.length") - start == 2


# 2. Errors with JavaScript on ---------------------------------------------------------------

def test_a_bad_date_shows_its_message_in_place(page, seeds_server):
    page.goto(seeds_server + "/?q=पुतिन")
    page.evaluate("window.__same_page = true")
    page.locator(".date-range input[name=from]").fill("2023-13")
    page.locator(".date-range button").click()
    alert = page.locator("#results [role=alert]")
    alert.wait_for()
    assert "2023-13" in alert.inner_text() and "तारीख़" in alert.inner_text()
    assert page.evaluate("window.__same_page") is True
    assert page.locator(".hit-list > li").count() > 0  # the rest of the search stays
    page.screenshot(path=str(SHOTS / "error-date-js.png"), full_page=True)


def test_a_query_over_the_limit_is_cut_by_the_box_and_refused_by_the_server(page, seeds_server):
    page.goto(seeds_server + "/")
    assert page.locator("#q").get_attribute("maxlength") == "500"
    page.evaluate("""() => { const q = document.querySelector('#q');
        q.value = 'ab '.repeat(200);
        q.dispatchEvent(new InputEvent('input', {bubbles: true})); }""")
    alert = page.locator("#results [role=alert]")
    alert.wait_for()
    assert "500" in alert.inner_text()


# 3. Errors without JavaScript ---------------------------------------------------------------

def test_without_javascript_a_bad_date_keeps_the_search(nojs, seeds_server):
    nojs.goto(seeds_server + "/?q=पुतिन&place=मॉस्को")
    nojs.locator(".date-range input[name=from]").fill("2023-13")
    nojs.locator(".date-range button").click()
    nojs.wait_for_load_state()
    assert nojs.locator("#q").input_value() == "पुतिन"
    assert nojs.locator(".chip-place").count() == 1
    assert nojs.locator(".facet").count() == 4  # people, places, dates, dates mentioned
    message = nojs.locator("[role=alert]").inner_text()
    assert "तारीख़ नहीं है" in message and "not a date" in message
    assert nojs.locator(".date-range input[name=from]").input_value() == "2023-13"
    nojs.screenshot(path=str(SHOTS / "error-date-nojs.png"), full_page=True)


# 4. Facet values from the server ------------------------------------------------------------

def test_searching_a_facets_values_asks_the_server(page, big_server):
    page.goto(big_server + "/")
    # The box comes with the facet's "all" link (a keystroke sends none), focused.
    assert page.locator("form.facet-search").count() == 0
    page.locator("#facet-body-person .facet-more-link").click()
    box = page.locator("#facet-body-person form.facet-search input[name=contains]")
    box.wait_for()
    _until(page, "document.activeElement && document.activeElement.name === 'contains'")
    box.fill("मोदी")
    page.wait_for_selector("#facet-body-person .facet-page-summary")
    _until(page, "document.querySelectorAll('#facet-body-person .facet-values > li').length === 3")
    names = page.locator(f"#facet-body-person {LABEL}").all_inner_texts()
    assert sorted(names) == sorted(["नरेंद्र मोदी", "सुशील मोदी", "ललित मोदी"])
    api = page.request.get(big_server + "/api/facets/person?contains=मोदी").json()
    assert api["total"] == 3


def test_more_pages_through_every_value(page, big_server):
    page.goto(big_server + "/")
    total = page.request.get(big_server + "/api/facets/person?limit=1").json()["total"]
    assert total > 200
    page.locator("#facet-body-person .facet-more-link").click()
    page.wait_for_selector("#facet-body-person .facet-page-summary")
    while page.locator("#facet-body-person .facet-more-link").count():
        before = page.locator("#facet-body-person .facet-values > li").count()
        page.locator("#facet-body-person .facet-more-link").click()
        _until(page,
            f"document.querySelectorAll('#facet-body-person .facet-values > li').length > {before}")
    assert page.locator("#facet-body-person .facet-values > li").count() == total


# 5. The article page keeps the search -------------------------------------------------------

def test_the_article_page_keeps_query_and_filters(page, seeds_server):
    page.goto(seeds_server + "/?q=पुतिन&place=मॉस्को")
    page.locator(".hit-list h2 a").first.click()
    page.wait_for_url("**/doc/**")
    assert page.locator("#results").count() == 0  # a whole page, never boosted
    assert page.locator("#q").input_value() == "पुतिन"
    back = page.locator(".back a").get_attribute("href")
    assert _q(back) == {"q": ["पुतिन"], "place": ["मॉस्को"]}
    assert not page.locator(".doc-title").inner_text().endswith("…")
    page.locator(".back a").click()
    page.wait_for_selector(".chip-place")


# 6. Mobile ------------------------------------------------------------------------------------

def test_mobile_facets_open_as_a_drawer_and_chips_stay_on_top(mobile, big_server):
    pg = mobile
    pg.goto(big_server + "/?person=किम+जोंग+उन")
    chip = pg.locator(".chip-person").bounding_box()
    assert chip["y"] < 400
    assert not pg.locator("#facets").is_visible() or \
        pg.locator("#facets").bounding_box()["x"] < -100
    pg.screenshot(path=str(SHOTS / "mobile-search.png"))
    pg.locator(".filters-toggle").click()
    _until(pg, "document.querySelector('#facets').getBoundingClientRect().x >= 0")
    pg.wait_for_timeout(300)
    pg.screenshot(path=str(SHOTS / "mobile-drawer.png"))
    help_box = pg.locator("#q").bounding_box()
    assert help_box["width"] > 200
    pg.keyboard.press("Escape")
    _until(pg, "!document.querySelector('#facets').classList.contains('open')")


# 7. Keyboard and screen readers -------------------------------------------------------------

def test_focus_stays_on_the_chosen_facet_and_a_short_status_is_announced(page, seeds_server):
    page.goto(seeds_server + "/?q=पुतिन")
    assert page.locator("[role=checkbox]").count() == 0
    assert page.locator("#results").get_attribute("aria-live") is None
    link = page.locator(".facet-values a", has_text="व्लादिमीर पुतिन").first
    link.focus()
    page.keyboard.press("Enter")
    _until(page, "location.search.includes('person=')")
    _settled(page)
    # The key app.js keeps focus by: a data-key (the new chip's), or a facet value's list
    # and label.
    focused = page.evaluate("""() => { const a = document.activeElement;
        const list = a.closest('[data-facet]');
        const label = a.querySelector(':scope > span:nth-last-child(2)');
        return a.getAttribute('data-key') ||
               (list && label ? list.dataset.facet + ':' + label.textContent : ''); }""")
    assert focused == "person:व्लादिमीर पुतिन"
    # Removing it from the facet: no chip is left, focus stays on the value (no data-key).
    page.locator(".facet-values a", has_text="व्लादिमीर पुतिन").first.focus()
    page.keyboard.press("Enter")
    _until(page, "!location.search.includes('person=')")
    _settled(page)
    assert page.evaluate("document.activeElement.closest('[data-facet=person]') !== null")
    assert page.evaluate("document.activeElement.textContent").strip().startswith("व्लादिमीर पुतिन")
    status = page.locator("#status").inner_text()
    assert "लेख" in status and "result" in status and len(status) < 60


def test_focus_stays_on_the_chosen_sort_and_page_now_marked_current(page, big_server):
    """The current sort, page and page size are marked, not linked: focus comes back to the
    one chosen (by its group and text, app.js), and it is out of the tab order."""
    page.goto(big_server + "/?q=मोदी")
    for group, text, param in (("sort", "सबसे पुराने", "sort=oldest"), ("pages", "2", "page=2"),
                               ("per-page", "20", "per_page=20")):
        page.locator(f".{group} a", has_text=text).first.focus()
        page.keyboard.press("Enter")
        _until(page, f"location.search.includes('{param}')")
        _settled(page)
        active = page.evaluate("""() => { const a = document.activeElement;
            return [a.closest('.sort, .per-page, .pages').classList[0], a.textContent.trim(),
                    a.getAttribute('aria-current'), a.hasAttribute('href'), a.tabIndex]; }""")
        assert active[0] == group and active[1].startswith(text) and active[2], active
        assert active[3:] == [False, -1], active


def test_few_tab_stops_before_the_first_result_and_a_skip_link(page, seeds_server):
    page.goto(seeds_server + "/?q=पुतिन")
    assert page.evaluate("document.activeElement.id") == "q"  # autofocus
    stops = 0
    while not page.evaluate("!!document.activeElement.closest('.hit-list h2')") and stops < 12:
        page.keyboard.press("Tab")
        stops += 1
    assert stops <= 6, stops
    page.focus(".skip-link")
    assert page.locator(".skip-link").bounding_box()["x"] >= 0
    page.keyboard.press("Enter")
    _until(page, "document.activeElement.id === 'hits'")


# 8. Dates -------------------------------------------------------------------------------------

def test_date_chips_read_as_the_facet_does_and_a_reversed_range_is_swapped(page, big_server):
    page.goto(big_server + "/?date=2020&date=2020-03")
    assert "मार्च 2020" in page.locator(".chips").inner_text()
    page.goto(big_server + "/?from=2021&to=2020")
    assert page.locator(".hit-list > li").count() > 0
    assert "swapped" in page.locator(".notice-info").inner_text()


def test_a_mentioned_year_narrows_the_results_in_place(page, seeds_server):
    page.goto(seeds_server + "/")
    page.locator("#facet-body-mentioned .facet-values a",
                 has=page.locator("span:nth-last-child(2)", has_text="2019")).click()
    _until(page, "location.search.includes('mentioned=2019')")
    _settled(page)
    assert page.locator(".hit-list > li").count() == 1  # seed 004: "2019 में"
    assert "2019" in page.locator(".chip-mentioned").inner_text()
    selected = page.locator("#facet-body-mentioned a[aria-current=true] > span:nth-last-child(2)")
    assert selected.inner_text() == "2019"


def test_brushing_the_histogram_sets_from_and_to(page, big_server):
    page.goto(big_server + "/")
    # The date list's rows are its bars (newest first): one display, no separate histogram.
    assert page.locator(".histogram").count() == 0
    bars = page.locator("[data-facet=date] .bar")
    assert bars.count() >= 5
    bars.nth(3).scroll_into_view_if_needed()
    a, b = bars.nth(1).bounding_box(), bars.nth(3).bounding_box()
    ends = sorted(bars.nth(k).get_attribute("data-value") for k in (1, 3))
    page.mouse.move(a["x"] + a["width"] / 2, a["y"] + a["height"] - 4)
    page.mouse.down()
    page.mouse.move(b["x"] + b["width"] / 2, b["y"] + b["height"] - 4, steps=5)
    page.mouse.up()
    _until(page, "location.search.includes('from=')")
    params = _q(page.url)
    assert params["from"] == ends[:1] and params["to"] == ends[1:]
    _settled(page)
    page.screenshot(path=str(SHOTS / "histogram-brushed.png"), full_page=True)


# axe-core -------------------------------------------------------------------------------------

@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("viewport", [DESKTOP, MOBILE], ids=["desktop", "mobile"])
def test_axe_finds_no_serious_violation(browser, seeds_server, scheme, viewport):
    if not AXE.exists():
        pytest.skip("axe-core is not installed: npm ci")
    context = _context(browser, viewport, color_scheme=scheme)
    pg = context.new_page()
    tag = f"{scheme}-{'mobile' if viewport is MOBILE else 'desktop'}"
    for name, url in (("search", "/"), ("filtered", "/?q=पुतिन&place=मॉस्को&date=2023"),
                      ("article", None)):
        if url is None:
            pg.goto(seeds_server + "/?q=मॉस्को")
            pg.locator(".hit-list h2 a").first.click()
            pg.wait_for_url("**/doc/**")
        else:
            pg.goto(seeds_server + url)
        pg.wait_for_load_state("networkidle")
        pg.evaluate(AXE.read_text(encoding="utf-8"))  # not a <script>: the CSP forbids inline
        found = pg.evaluate("""async () => (await axe.run(document, {resultTypes: ['violations']}))
            .violations.filter(v => ['serious', 'critical'].includes(v.impact))
            .map(v => v.id + ': ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', '))""")
        pg.screenshot(path=str(SHOTS / f"{name}-{tag}.png"), full_page=True)
        assert found == [], (name, scheme, found)
    context.close()
