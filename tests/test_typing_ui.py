"""Typing in the search box in Debian's Chromium (issue 10): results at every letter from the
third on, and a person picked from the suggestions with the keyboard alone."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest

from search.index.writer import rebuild
from tests.conftest import SEEDS
from tests.live_server import CHROMIUM, CHROMIUM_ARGS, serving

playwright = pytest.importorskip("playwright.sync_api", reason="pip playwright is not installed")
pytestmark = pytest.mark.skipif(not CHROMIUM.exists(),
                                reason="needs Debian's chromium: apt-get install chromium")

#: The results region shows the search of what the box holds (the fragment sets the title).
SHOWS_BOX = """() => {
  const box = document.getElementById('q');
  return document.title.startsWith(box.value + ' ') &&
         document.getElementById('results').getAttribute('aria-busy') !== 'true';
}"""


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    root = tmp_path_factory.mktemp("typing-ui")
    rebuild([SEEDS], root / "index")
    with serving(root / "index", root / "server.log", "--workers", "1") as url:
        yield url


@pytest.fixture
def page(base):
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS,
                                    headless=True)
        pg = browser.new_page(locale="hi-IN")
        pg.goto(base + "/")
        yield pg
        browser.close()


def test_results_appear_at_every_letter_from_the_third(page):
    box = page.locator("#q")
    box.focus()
    for i, ch in enumerate("पुतिन", start=1):
        page.keyboard.insert_text(ch)
        if i < 3:
            continue
        page.wait_for_function(SHOWS_BOX, timeout=10_000)
        hits = page.locator(".hit-list h2")
        assert hits.count() > 0, f"no results after typing {box.input_value()!r}"
        assert page.locator(".hit-list h2 ~ p mark").count() > 0


def test_a_suggested_person_is_picked_with_the_keyboard(page):
    box = page.locator("#q")
    box.focus()
    page.keyboard.insert_text("पुति")
    option = page.locator("#suggestions [role=option]").first
    option.wait_for(state="visible", timeout=10_000)
    assert "व्लादिमीर पुतिन" in option.inner_text()
    assert box.get_attribute("aria-expanded") == "true"
    page.keyboard.press("ArrowDown")
    assert option.get_attribute("aria-selected") == "true"
    assert box.get_attribute("aria-activedescendant") == option.get_attribute("id")
    page.keyboard.press("Enter")
    page.wait_for_function(
        "() => new URLSearchParams(location.search).getAll('person').includes('व्लादिमीर पुतिन')",
        timeout=10_000)
    query = parse_qs(urlparse(page.url).query)
    assert query.get("q", [""]) == [""] and query["person"] == ["व्लादिमीर पुतिन"]
    assert box.input_value() == ""
    assert page.locator("#suggestions").is_hidden()
    page.wait_for_function(SHOWS_BOX.replace("box.value + ' '", "''"), timeout=10_000)
    assert page.locator(".hit-list h2").count() == 5


def test_escape_closes_the_suggestions(page):
    page.locator("#q").focus()
    page.keyboard.insert_text("मास्")
    page.locator("#suggestions [role=option]").first.wait_for(state="visible", timeout=10_000)
    page.keyboard.press("Escape")
    assert page.locator("#suggestions").is_hidden()
    assert page.locator("#q").get_attribute("aria-expanded") == "false"
