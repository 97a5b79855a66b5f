"""Typing Hindi in Latin letters in a real headless Chromium (issue 14): "putin" finds the
articles that write पुतिन, marks it in them, and says what was searched.

The server is ``talaash serve`` over an index of the seeds (:mod:`tests.live_server`). Skipped,
with the reason, when Chromium or Playwright is not installed.
"""

from __future__ import annotations

import time

import pytest

from search.index.writer import rebuild
from tests.conftest import SEEDS
from tests.live_server import CHROMIUM, CHROMIUM_ARGS, serving

playwright = pytest.importorskip("playwright.sync_api", reason="pip playwright is not installed")
pytestmark = pytest.mark.skipif(not CHROMIUM.exists(),
                                reason="needs Debian's chromium: apt-get install chromium")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    root = tmp_path_factory.mktemp("translit-browser")
    rebuild([SEEDS], root / "index")
    with serving(root / "index", root / "server.log") as base:
        yield base


@pytest.fixture(scope="module")
def page():
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS,
                                    headless=True)
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="hi-IN")
        yield context.new_page()
        browser.close()


def _until(pg, expression: str, timeout: float = 10) -> None:
    """Wait until ``expression`` is true in the page (the app's CSP forbids
    wait_for_function's string evaluation)."""
    deadline = time.monotonic() + timeout
    while not pg.evaluate(expression):
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {expression}")
        time.sleep(0.05)


def test_typing_putin_marks_putin_and_says_what_was_searched(page, server):
    page.goto(server + "/")
    page.locator("#q").press_sequentially("putin", delay=40)
    _until(page, "!!document.querySelector('.searched-as')"
                 " && document.querySelectorAll('.hit-list > li').length > 0")
    line = page.locator(".searched-as")
    assert line.is_visible()
    assert "खोजा गया: पुतिन (putin)" in line.inner_text()
    marks = page.locator(".hit-list h2 ~ p mark").all_inner_texts()
    assert "पुतिन" in marks
    literal = line.locator("a[data-key=literal]")
    assert "literal=1" in literal.get_attribute("href")
    literal.click()
    _until(page, "location.search.includes('literal=1')"
                 " && document.querySelectorAll('.hit-list > li').length === 0")
    assert "read them as Hindi" in page.locator(".searched-as").inner_text()
