"""talaash's web app: instant faceted search in the browser (Flask + htmx) and a JSON API.

``web`` imports ``search``, never the other way round. :func:`create_app` is the application
factory; the engine (the open index) is created once per app and picks up a rebuild's swap by
itself.
"""

from __future__ import annotations

import os
from pathlib import Path

from flask import Flask
from flask_compress import Compress

from search.engine import Engine


def create_app(test_config: dict | None = None) -> Flask:
    app = Flask(__name__)
    app.config.from_mapping(
        INDEX_DIR=os.environ.get("TALAASH_INDEX", "index"),
        PER_PAGE=10,
    )
    if test_config:
        app.config.update(test_config)
    app.json.ensure_ascii = False
    app.extensions["talaash"] = Engine(Path(app.config["INDEX_DIR"]))
    # gzip only (no brotli/zstd negotiation to test): every browser and curl speak it.
    app.config.setdefault("COMPRESS_ALGORITHM", ["gzip"])
    app.config.setdefault("COMPRESS_MIN_SIZE", 1024)
    Compress(app)

    from web import api, views
    from web.params import iri
    from web.render import date_label

    app.register_blueprint(views.bp)
    app.register_blueprint(api.bp)
    app.add_template_filter(date_label)
    app.add_template_filter(iri)
    return app


def engine_of(app: Flask) -> Engine:
    return app.extensions["talaash"]
