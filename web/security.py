"""What every response carries so that a page of talaash cannot be turned against its reader.

Titles, bodies, urls and entity names come from scraped articles and the corrections file,
queries from anyone: all of it is escaped by Jinja, and these headers are the second wall if an
escape is ever missed. The Content-Security-Policy allows only the app's own scripts and styles
(no inline script, no ``eval``: htmx is configured with ``allowEval: false`` in ``base.html``),
so an injected ``<script>`` or ``onerror=`` does not run; ``frame-ancestors 'none'`` and
``X-Frame-Options`` keep the pages out of other sites' frames. They are set on the app, not on a
blueprint, so the JSON API, static files and error pages (404, 405, 500) get them too.
"""

from __future__ import annotations

from flask import Flask, Response

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
)
HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}
#: The only schemes a stored article url may have to become a link.
LINK_SCHEMES = ("http://", "https://")


def add_security_headers(response: Response) -> Response:
    for name, value in HEADERS.items():
        response.headers[name] = value
    return response


def is_web_link(url: object) -> bool:
    """Whether a stored url may become a link: ``http(s)`` only, never ``javascript:``,
    ``data:`` or ``vbscript:`` (browsers ignore leading spaces and control characters and
    any case, so those are stripped before looking)."""
    if not isinstance(url, str):
        return False
    cleaned = "".join(ch for ch in url if ch > " " and ch != "\x7f").lower()
    return cleaned.startswith(LINK_SCHEMES) and len(cleaned) > len("https://")


def init_app(app: Flask) -> None:
    """Headers on every response, and the ``web_link`` test for templates."""
    app.after_request(add_security_headers)
    app.add_template_test(is_web_link, "web_link")
