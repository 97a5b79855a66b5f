"""No way in: security headers on every response, only http(s) urls become links, payloads
in titles, bodies, urls, entity names (through the corrections file) and queries are shown as
text and never run in a real Chromium, no debug mode, loopback by default."""

from __future__ import annotations

import json
import shutil
import threading
from pathlib import Path

import pytest

from search.extract.corrections import Corrections
from search.index.writer import rebuild
from tests.conftest import SEEDS
from tests.live_server import CHROMIUM, CHROMIUM_ARGS, serving
from web import create_app, engine_of
from web.security import CONTENT_SECURITY_POLICY, HEADERS, is_web_link

PAYLOADS = [
    '<script>window.__pwned=1</script>',
    '<img src=x onerror="window.__pwned=2">',
    '"><svg onload="window.__pwned=3">',
    "'><iframe srcdoc=\"<script>parent.__pwned=4</script>\">",
    '<a href="javascript:window.__pwned=5">x</a>',
    '{{7*7}}<style>body{display:none}</style>',
]
JS_URL = "javascript:window.__pwned=6"


@pytest.fixture(scope="module")
def index(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("security")
    src = root / "src"
    shutil.copytree(SEEDS, src)
    records = [
        {"id": f"x{i}", "title": p + " शीर्षक", "text": f"मॉस्को {p} ज़हरीला नाम आया।",
         "url": JS_URL if i % 2 else " JaVaScRiPt:alert(1)"}
        for i, p in enumerate(PAYLOADS)
    ]
    records.append({"id": "ok", "title": "ठीक", "text": "मॉस्को ठीक लेख", "url": "https://e.org/a"})
    (src / "evil.jsonl").write_text(
        "\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n", encoding="utf-8")
    corrections = "add\tperson\tज़हरीला नाम<script>window.__pwned=7</script>\n"
    rebuild([src], root / "index", corrections=Corrections.parse(corrections.splitlines()))
    return root / "index"


@pytest.fixture(scope="module")
def app(index):
    app = create_app({"INDEX_DIR": str(index), "TESTING": True})
    yield app
    engine_of(app).close()


@pytest.fixture(scope="module")
def client(app):
    return app.test_client()


@pytest.mark.parametrize("method, url", [
    ("GET", "/"), ("GET", "/?q=मॉस्को"), ("GET", "/?page=²"), ("GET", "/nothing"),
    ("POST", "/"), ("GET", "/doc/x0"), ("GET", "/doc/none"), ("GET", "/facets/person"),
    ("GET", "/api/search?q=मॉस्को"), ("GET", "/api/search?date=2023-9"), ("GET", "/api/x"),
    ("GET", "/api/documents/x0"), ("GET", "/api/documents/none"), ("GET", "/api/facets/bad"),
    ("GET", "/static/app.css"), ("GET", "/api/search?q=" + "क" * 600),
])
def test_every_response_carries_the_security_headers(client, method, url):
    r = client.open(url, method=method)
    r.close()  # a static file is streamed
    for name, value in HEADERS.items():
        assert r.headers.get(name) == value, (url, name)


def test_an_internal_error_is_a_message_with_the_headers(app, client, monkeypatch):
    def boom(*_a, **_k):
        raise RuntimeError("a bug")

    monkeypatch.setattr(engine_of(app), "search", boom)
    app.testing = False  # let the 500 handler answer, as in production
    try:
        page, api = client.get("/?q=x"), client.get("/api/search?q=x")
    finally:
        app.testing = True
    assert page.status_code == api.status_code == 500
    assert "a bug" not in page.get_data(as_text=True) and "Traceback" not in api.text
    assert "error" in api.get_json()
    assert page.headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    assert api.headers["X-Frame-Options"] == "DENY"


def test_the_policy_allows_only_our_own_scripts_and_styles():
    assert "script-src 'self';" in CONTENT_SECURITY_POLICY
    assert "unsafe-inline" not in CONTENT_SECURITY_POLICY
    assert "unsafe-eval" not in CONTENT_SECURITY_POLICY
    assert "frame-ancestors 'none'" in CONTENT_SECURITY_POLICY


def test_pages_have_no_inline_script_style_or_handler_and_htmx_needs_no_eval(client):
    html = client.get("/?q=पुतिन").get_data(as_text=True)  # the seeds: no payload in them
    assert '"allowEval": false' in html
    for bad in ("<script>", " onclick=", " onload=", " style=", "<style"):
        assert bad not in html


@pytest.mark.parametrize("url, link", [
    ("https://e.org/a", True), ("http://e.org", True), ("javascript:alert(1)", False),
    (" JaVaScRiPt:alert(1)", False), ("java\tscript:alert(1)", False),
    ("data:text/html,<script>", False), ("vbscript:x", False), ("//e.org", False),
    ("https://", False), ("", False), (None, False),
])
def test_only_http_urls_are_links(url, link):
    assert is_web_link(url) is link


def test_a_javascript_url_is_shown_as_text_not_a_link(client):
    html = client.get("/doc/x1").get_data(as_text=True)
    assert 'href="javascript' not in html.lower() and "javascript:window.__pwned=6" in html
    assert 'href="https://e.org/a"' in client.get("/doc/ok").get_data(as_text=True)


@pytest.mark.parametrize("url", ["/?q=मॉस्को", "/doc/x0", "/doc/x2?q=मॉस्को",
                                 "/?q=" + PAYLOADS[0], "/?person=" + PAYLOADS[1]])
def test_payloads_are_escaped(client, url):
    html = client.get(url).get_data(as_text=True)
    for payload in PAYLOADS:
        assert payload not in html
    assert "<script>window" not in html


def test_document_ids_never_reach_files(client):
    for doc_id in ("../../etc/passwd", "..%2F..%2Fetc%2Fpasswd", "/etc/passwd", "x0/../x1"):
        for prefix in ("/doc/", "/api/documents/"):
            r = client.get(prefix + doc_id)
            assert r.status_code in (404, 308) and "root:" not in r.get_data(as_text=True)


def test_never_debug_and_loopback_by_default(index, monkeypatch):
    monkeypatch.setenv("FLASK_DEBUG", "1")
    app = create_app({"INDEX_DIR": str(index)})
    assert app.debug is False
    engine_of(app).close()
    from web.cli import serve_command

    host = next(p for p in serve_command.params if p.name == "host")
    assert host.default == "127.0.0.1"


@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium")
def test_no_payload_runs_in_chromium(index):
    """Served as in production (``talaash serve``, gunicorn), read by a real browser."""
    playwright = pytest.importorskip("playwright.sync_api", reason="pip playwright missing")
    urls = ["/?q=मॉस्को", "/?q=ज़हरीला", *[f"/doc/x{i}" for i in range(len(PAYLOADS))],
            "/?q=" + PAYLOADS[1], "/?person=ज़हरीला नाम<script>window.__pwned=7</script>"]
    with serving(index, None, "--workers", "1") as base:
        errors: list[BaseException] = []
        # In a thread of its own: another module's Playwright may hold this thread's loop.
        thread = threading.Thread(target=_browse, args=(playwright, base, urls, errors))
        thread.start()
        thread.join(120)
        if errors:
            raise errors[0]


def _browse(playwright, base: str, urls: list[str], errors: list) -> None:
    try:
        with playwright.sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                        args=CHROMIUM_ARGS)
            page = browser.new_page()
            dialogs = []
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            for url in urls:
                page.goto(base + url)
                page.wait_for_load_state("load")
                assert page.evaluate("window.__pwned") is None, url
                # Our own scripts are allowed: htmx is running.
                assert page.evaluate("typeof htmx") == "object", url
            page.goto(base + "/doc/x1")
            page.click("text=javascript:window.__pwned=6", timeout=2000)
            assert page.evaluate("window.__pwned") is None
            browser.close()
        assert dialogs == []
    except BaseException as err:  # raised again in the test's thread
        errors.append(err)
