"""A Flask test client over an index rebuilt from a copy of the seeds, for test modules that
need the web app on real articles (one index a module, so no module sees another's)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from flask.testing import FlaskClient

from search.index.writer import rebuild
from tests.conftest import SEEDS
from web import create_app, engine_of


@contextmanager
def seed_client(root: Path, testing: bool = True) -> Iterator[FlaskClient]:
    """The app's test client over ``root/index``, built from the seeds copied to
    ``root/src``; the engine closed after (``testing``: Flask's TESTING, which lets errors
    through instead of answering them as a user would get them)."""
    shutil.copytree(SEEDS, root / "src")
    rebuild([root / "src"], root / "index")
    app = create_app({"INDEX_DIR": str(root / "index"), "TESTING": testing})
    try:
        yield app.test_client()
    finally:
        engine_of(app).close()
