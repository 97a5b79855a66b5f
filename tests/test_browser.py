"""What a person does in the browser, in a real headless Chromium (Debian's, via Playwright).

The server is ``talaash serve`` (gunicorn) on a free loopback port, over an index of the seeds.
Screenshots of the search and document pages go to ``reports/screenshots/``. Skipped, with the
reason, when Chromium or Playwright is not installed (``make test`` installs both as root).
"""

from __future__ import annotations

import json
import shutil
import time
from urllib.parse import parse_qs, urlencode, urlparse

import pytest

from search.index.writer import rebuild
from tests.conftest import REPO, SEEDS
from tests.live_server import CHROMIUM, CHROMIUM_ARGS, serving

SHOTS = REPO / "reports" / "screenshots"
EVIL = {"id": "evil", "title": '<img src=x onerror="window.__pwned=1">शीर्षक',
        "text": '<script>window.__pwned=2</script> मॉस्को <img src=x onerror="window.__pwned=3">'}

playwright = pytest.importorskip("playwright.sync_api", reason="pip playwright is not installed")
pytestmark = pytest.mark.skipif(not CHROMIUM.exists(),
                                reason="needs Debian's chromium: apt-get install chromium")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    root = tmp_path_factory.mktemp("browser")
    src = root / "src"
    shutil.copytree(SEEDS, src)
    (src / "evil.jsonl").write_text(json.dumps(EVIL, ensure_ascii=False), encoding="utf-8")
    rebuild([src], root / "index")
    with serving(root / "index", root / "server.log") as base:
        yield base


@pytest.fixture(scope="module")
def browser():
    with playwright.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="hi-IN")
    pg = context.new_page()
    dialogs: list[str] = []
    pg.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    yield pg
    assert not dialogs, f"a dialog opened: {dialogs}"
    context.close()


@pytest.fixture
def nojs_page(browser):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1280,
                                                                        "height": 900})
    yield context.new_page()
    context.close()


def _until(pg, expression: str, timeout: float = 10) -> None:
    """Wait until ``expression`` is true in the page (wait_for_function evaluates a string in
    the page, which the app's CSP forbids)."""
    deadline = time.monotonic() + timeout
    while not pg.evaluate(expression):
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {expression}")
        time.sleep(0.05)


def _params(url: str) -> dict[str, list[str]]:
    return parse_qs(urlparse(url).query)


def _summary(pg) -> str:
    return pg.locator("#summary").inner_text()


def test_typing_a_hindi_query_updates_results_without_a_page_load(page, server):
    page.goto(server + "/")
    page.evaluate("window.__same_page = true")
    page.locator("#q").press_sequentially("कोस्मोड्रोम", delay=30)
    _until(page, "document.querySelector('#summary').innerText.includes('3 results')")
    assert page.evaluate("window.__same_page") is True  # no navigation happened
    assert _params(page.url)["q"] == ["कोस्मोड्रोम"]
    assert page.locator(".hit-list > li").count() == 3
    assert page.locator(".hit-list h2 ~ p mark").first.inner_text() in ("कॉस्मोड्रोम", "कोस्मोड्रोम")


def test_ime_composition_does_not_fire_half_typed_searches(page, server):
    page.goto(server + "/?q=किम")
    requests: list[str] = []
    # Searches only: the suggestions while typing are a request of their own.
    page.on("request", lambda r: requests.append(r.url)
            if "q=" in r.url and "/api/suggest" not in r.url else None)
    page.evaluate("""() => {
        const q = document.querySelector('#q');
        q.dispatchEvent(new CompositionEvent('compositionstart', {bubbles: true}));
        for (const v of ['म', 'मॉ', 'मॉस']) {
            q.value = v;
            q.dispatchEvent(new InputEvent('input', {bubbles: true, isComposing: true}));
        }
    }""")
    page.wait_for_timeout(700)
    assert requests == []
    page.evaluate("""() => {
        const q = document.querySelector('#q');
        q.value = 'मॉस्को';
        q.dispatchEvent(new CompositionEvent('compositionend', {bubbles: true, data: 'मॉस्को'}));
    }""")
    _until(page, "location.search.includes('%E0%A4%AE%E0%A5%89')")
    assert len(requests) == 1


def test_clicking_a_person_narrows_and_the_chip_and_back_restore(page, server):
    page.goto(server + "/?q=पुतिन")
    page.evaluate("window.__same_page = true")
    before = _summary(page)
    page.locator(".facet-values a", has_text="किम जोंग-इल").first.click()
    _until(page, "location.search.includes('person=')")
    page.wait_for_selector(".chip-person")
    assert "1 result" in _summary(page)
    assert _params(page.url)["person"] == ["किम जोंग-इल"]
    assert page.locator(".chip-person").inner_text().startswith("किम जोंग-इल")
    page.screenshot(path=str(SHOTS / "search-filtered.png"), full_page=True)
    page.locator(".chip-person").click()
    _until(page, "!location.search.includes('person=')")
    page.wait_for_selector(".chip-person", state="detached")
    assert _summary(page) == before
    page.go_back()
    _until(page, "location.search.includes('person=')")
    page.wait_for_selector(".chip-person")
    assert "1 result" in _summary(page)
    assert page.evaluate("window.__same_page") is True


def test_the_same_flow_works_without_javascript(nojs_page, server):
    pg = nojs_page
    pg.goto(server + "/")
    pg.locator("#q").fill("पुतिन")
    pg.locator("#q").press("Enter")
    pg.wait_for_url("**/?q=*")
    before = _summary(pg)
    pg.locator(".facet-values a", has_text="किम जोंग-इल").first.click()
    pg.wait_for_url("**person=*")
    assert "1 result" in _summary(pg)
    pg.locator(".chip-person").click()
    pg.wait_for_load_state()
    assert "person=" not in pg.url and _summary(pg) == before
    pg.go_back()
    assert "1 result" in _summary(pg)


def test_a_document_page_opens_with_marked_words_and_people(page, server):
    page.goto(server + "/?q=मास्को")
    page.screenshot(path=str(SHOTS / "search.png"), full_page=True)
    page.locator(".hit-list h2 a").first.click()
    page.wait_for_url("**/doc/**")
    assert page.locator(".doc-body mark").count() > 0
    assert page.locator(".doc-body a.entity.person").count() > 0
    page.screenshot(path=str(SHOTS / "document.png"), full_page=True)


def test_document_text_never_executes(page, server):
    for url in ("/?q=मॉस्को", "/", "/doc/evil", "/?q=शीर्षक"):
        page.goto(server + url)
        page.wait_for_load_state("networkidle")
        assert page.evaluate("window.__pwned") is None, url
    page.goto(server + "/doc/evil")
    assert "<script>" in page.locator(".doc-body").inner_text()


@pytest.fixture(scope="module", autouse=True)
def _screenshot_folder():
    SHOTS.mkdir(parents=True, exist_ok=True)



def _narrow_by_a_hit_name(pg, server, js: bool) -> None:
    """Click the first hit's first person: the search narrows to it, keeping q and sort, and
    the name is then shown selected (a link that removes it)."""
    pg.goto(server + "/?q=मॉस्को&sort=newest")
    if js:
        pg.evaluate("window.__same_page = true")
    chip = pg.locator(".hit-list ul input[name=person]").first
    name = chip.get_attribute("value")
    chip.click()
    if js:
        _until(pg, "location.search.includes('person=')")
    else:
        pg.wait_for_url("**person=*")
    pg.wait_for_selector(".chip-person")
    params = _params(pg.url)
    assert params["q"] == ["मॉस्को"] and params["sort"] == ["newest"] and params["person"] == [name]
    total = pg.request.get(server + "/api/search?" + urlparse(pg.url).query).json()["total"]
    assert f"{total:,} result" in _summary(pg)
    assert pg.locator(".hit-list ul a.entity[aria-current=true]").first.inner_text() == name
    if js:
        assert pg.evaluate("window.__same_page") is True  # swapped in place, no page load


def test_a_hit_name_narrows_the_search_in_place(page, server):
    _narrow_by_a_hit_name(page, server, js=True)


def test_a_hit_name_narrows_the_search_without_javascript(nojs_page, server):
    _narrow_by_a_hit_name(nojs_page, server, js=False)


def test_an_iri_link_opens_the_same_search_clicked_opened_or_without_javascript(
        browser, page, nojs_page, server):
    """Links carry Devanagari as is (tests/test_iri_links.py): Chromium encodes it, and the
    ASCII specials we escape stay part of the query, whether the link is followed by htmx, by
    a plain navigation, or opened on its own (a new tab), and back returns to the search."""
    q = 'पुतिन & "मॉस्को" 100%+ #1 a=b'
    page.goto(server + "/?" + urlencode({"q": q}))
    link = page.locator("[data-facet=person] a").first
    href = link.get_attribute("href")
    assert "पुतिन" in href and "%E0" not in href and "%22" in href  # an IRI, specials escaped
    before = _summary(page)
    link.click()
    _until(page, "location.search.includes('person=')")
    page.wait_for_selector(".chip-person")
    clicked, params = _summary(page), _params(page.url)
    assert params["q"] == [q] and len(params["person"]) == 1
    page.go_back()
    _until(page, "!location.search.includes('person=')")
    page.wait_for_selector(".chip-person", state="detached")
    assert _summary(page) == before
    tab = page.context.new_page()  # "open in new tab": the href resolved against the page
    tab.goto(server + "/" + href)
    assert _params(tab.url) == params and _summary(tab) == clicked
    tab.close()
    nojs_page.goto(server + "/?" + urlencode({"q": q}))
    nojs_page.locator("[data-facet=person] a").first.click()
    nojs_page.wait_for_url("**person=*")
    assert _params(nojs_page.url) == params and _summary(nojs_page) == clicked
