"""The application factory of :mod:`web` (see its docstring); kept out of ``web/__init__``
so that ``talaash rebuild``, which starts in :mod:`web.cli`, does not import Flask."""

from __future__ import annotations

import os
import re
from pathlib import Path

from flask import Flask, render_template, request
from flask_compress import Compress
from jinja2 import BaseLoader

from search.engine import Engine
from search.errors import IndexStateError, SearchError
from web.fast_json import FastJSONProvider

#: A source line of nothing but template tags (``{% if … %}``, ``{# … #}``) and its newline:
#: it renders as an empty line, and a keystroke's fragment had hundreds of them.
TAG_LINE = re.compile(r"^((?:\{%[^\n]*?%\}|\{#[^\n]*?#\})+)\n", re.M)
#: A newline beside a block-level tag (``</li>\n<li>``, ``<ul …>\n``, ``\n</section>``): HTML
#: renders none of it (whitespace at a block's edges or between blocks collapses away; the
#: stylesheet makes none of these tags inline), and a keystroke's fragment had 180 of them.
BLOCK = r"(?:li|ul|ol|div|section|aside|nav|header|footer|main|h[1-6]|p|form|dl|dt|dd|title)"
BLOCK_EDGE = re.compile(rf"\n+(?=</?{BLOCK}[\s>])|(</?{BLOCK}(?:[\s{{][^<>]*)?>)\n+")


class DedentedLoader(BaseLoader):
    """Template source without the indentation at the start of its lines, the newline after a
    line of only template tags and the newlines beside block-level tags (HTML collapses that
    whitespace anyway; the templates have no ``<pre>`` or ``<textarea>`` in their source)."""

    def __init__(self, inner: BaseLoader):
        self.inner = inner

    def get_source(self, environment, template):
        source, filename, uptodate = self.inner.get_source(environment, template)
        source = TAG_LINE.sub(r"\1", re.sub(r"\n\s+", "\n", source))
        return BLOCK_EDGE.sub(lambda m: m.group(1) or "", source), filename, uptodate

    def list_templates(self):
        return self.inner.list_templates()


def create_app(test_config: dict | None = None) -> Flask:
    app = Flask("web")  # the package: its templates and static files
    app.config.from_mapping(
        INDEX_DIR=os.environ.get("TALAASH_INDEX", "index"),
        PER_PAGE=10,
    )
    if test_config:
        app.config.update(test_config)
    # Never the interactive debugger, whatever FLASK_DEBUG says: it runs code sent to it.
    app.debug = False
    app.json = FastJSONProvider(app)  # jsonify's bytes, written ten times faster
    app.json.ensure_ascii = False
    # The templates' indentation and the lines of their logic are not sent: 6 KB of a 37 KB
    # keystroke. Only template source is dedented, never the text of an article.
    app.jinja_env.loader = DedentedLoader(app.jinja_env.loader)
    app.extensions["talaash"] = Engine(Path(app.config["INDEX_DIR"]))
    # gzip only (no brotli/zstd negotiation to test): every browser and curl speak it.
    app.config.setdefault("COMPRESS_ALGORITHM", ["gzip"])
    app.config.setdefault("COMPRESS_MIN_SIZE", 1024)
    Compress(app)

    from web import api, entities, exports, feeds, security, views
    from web.params import ParamError, iri
    from web.render import date_label

    app.register_blueprint(views.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(entities.bp)
    app.register_blueprint(feeds.bp)
    app.register_blueprint(exports.bp)
    app.add_template_global(entities.entity_url)
    app.add_template_filter(date_label)
    app.add_template_filter(iri)
    security.init_app(app)
    app.register_error_handler(ParamError, lambda err: _error_answer(err, 400))
    app.register_error_handler(SearchError, lambda err: _error_answer(err, 400))
    app.register_error_handler(IndexStateError, lambda err: _error_answer(err, 503))
    return app


def message_of(err: Exception) -> str:
    """An error's message in Hindi and English: the engine's messages have both; a parameter
    error carries its Hindi beside (``hindi``); anything else gets a Hindi lead."""
    english = str(err)
    if any("\u0900" <= ch <= "\u097f" for ch in english):
        return english
    hindi = getattr(err, "hindi", "") or "अनुरोध ठीक नहीं है"
    return f"{hindi} ({english})"


def _error_answer(err: Exception, status: int):
    if request.path.startswith("/api/"):
        return {"error": message_of(err)}, status
    return render_template("unavailable.html", message=message_of(err)), status


def engine_of(app: Flask) -> Engine:
    return app.extensions["talaash"]
