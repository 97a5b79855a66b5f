"""Entity pages in Debian's Chromium on a generated collection of 2,000 articles: a month bar
filters the page, a co-mention opens the page narrowed to both names and its own page; no CSP
violation. Screenshots (desktop, 390×844 and dark) go to reports/screenshots/ (git-ignored)."""

from __future__ import annotations

import shutil
from urllib.parse import parse_qs, unquote, urlparse

import pytest

from search.index.writer import rebuild
from tests.conftest import REPO, SEEDS
from tests.generated_corpus import write_corpus
from tests.live_server import CHROMIUM, CHROMIUM_ARGS, serving

SHOTS = REPO / "reports" / "screenshots"
CSP_WATCH = """document.addEventListener('securitypolicyviolation',
  e => (window.__csp = window.__csp || []).push(e.violatedDirective + ' ' + e.blockedURI));"""

playwright = pytest.importorskip("playwright.sync_api", reason="pip playwright is not installed")
pytestmark = pytest.mark.skipif(not CHROMIUM.exists(),
                                reason="needs Debian's chromium: apt-get install chromium")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    root = tmp_path_factory.mktemp("entity-ui")
    corrections = write_corpus(SEEDS, root / "src", n=2000)
    shutil.copytree(SEEDS, root / "src" / "seeds")
    rebuild([root / "src"], root / "index", corrections=corrections, jobs=2)
    with serving(root / "index", root / "server.log", "--workers", "1") as base:
        yield base


@pytest.fixture(scope="module")
def browser():
    with playwright.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


def _page(browser, **kw):
    context = browser.new_context(locale="hi-IN", **kw)
    context.add_init_script(CSP_WATCH)
    return context, context.new_page()


def _follow(page, locator) -> None:
    with page.expect_navigation():
        locator.click()
    page.wait_for_load_state("networkidle")


def _path(url: str) -> str:
    return unquote(urlparse(url).path)


def test_histogram_and_co_mentions_navigate(browser, server):
    SHOTS.mkdir(parents=True, exist_ok=True)
    context, page = _page(browser, viewport={"width": 1280, "height": 900})
    page.goto(server + "/?q=")
    # From the person facet's small link to the busiest person's page.
    value = page.locator(".facet-values > li").first
    link = value.locator("a").nth(1)  # the value's page link (›)
    name = value.locator("a > span:nth-last-child(2)").first.inner_text()  # its label
    _follow(page, link)
    assert _path(page.url) == f"/person/{name}"
    # A whole page, not swapped into the results (htmx-config's disableSelector).
    assert page.locator("#results").count() == 0
    assert page.locator("h1.entity-name").inner_text() == name
    page.screenshot(path=str(SHOTS / "entity-person.png"), full_page=True)

    bars = page.locator(".month-histogram .bar")
    assert bars.count() > 12
    bar = bars.nth(3)
    month = bar.get_attribute("data-value")
    count = bar.get_attribute("title").rsplit(":", 1)[1].strip()
    _follow(page, bar)
    assert parse_qs(urlparse(page.url).query) == {"from": [month], "to": [month]}
    assert page.locator(".month-histogram .bar.selected").get_attribute("data-value") == month
    assert page.locator(".entity-count strong").first.inner_text() == count
    page.screenshot(path=str(SHOTS / "entity-person-month.png"), full_page=True)

    page.goto(server + f"/person/{name}")
    together = page.locator(".co-mentions .co-together").first
    other = together.get_attribute("data-key").split(":", 2)[2]
    n = together.inner_text().split()[0]
    _follow(page, together)
    assert parse_qs(urlparse(page.url).query) == {"person": [other]}
    assert page.locator(".entity-count strong").first.inner_text() == n
    for title in page.locator(".article-list[data-list=latest] li").all()[:3]:
        assert title.is_visible()

    _follow(page, page.locator(".co-mentions .co-name").first)
    assert _path(page.url).startswith("/person/") and _path(page.url) != f"/person/{name}"
    assert page.evaluate("window.__csp || []") == []
    context.close()


def test_place_page_mobile_and_dark(browser, server):
    context, page = _page(browser, viewport={"width": 390, "height": 844}, is_mobile=True,
                          has_touch=True)
    page.goto(server + "/place/रूस")
    assert page.locator("h1.entity-name").inner_text() == "रूस"
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 392, f"the page scrolls sideways on a phone ({width}px)"
    page.screenshot(path=str(SHOTS / "entity-place-mobile.png"), full_page=True)
    context.close()
    context, page = _page(browser, viewport={"width": 1280, "height": 900}, color_scheme="dark")
    page.goto(server + "/place/रूस")
    page.screenshot(path=str(SHOTS / "entity-place-dark.png"), full_page=True)
    assert page.evaluate("window.__csp || []") == []
    context.close()
