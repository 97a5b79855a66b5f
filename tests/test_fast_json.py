"""orjson's JSON responses are byte for byte Flask's own, whatever the answer holds."""

from __future__ import annotations

import datetime
import decimal
import uuid
from dataclasses import dataclass

import numpy as np
import pytest
from flask.json.provider import DefaultJSONProvider
from markupsafe import Markup

from search.models import FacetValue, Hit, SearchResult
from web import create_app
from web.fast_json import FastJSONProvider


@dataclass
class Point:
    x: int
    when: datetime.date


RESULT = SearchResult(
    query="पुतिन \"मॉस्को\" <b>", total=2, total_all_words=1, notes=["टिप्पणी\n\t\u2028"],
    hits=[Hit(id="a/1", title="शीर्षक & <x>", snippet="… <mark>पुतिन</mark> …", published=None,
              persons=["व्लादिमीर पुतिन"], places=[], score=12.3456, title_html="x"),
          Hit(id="b", title="", snippet="", published="2020-01-02", persons=[], places=["रूस"],
              score=None, all_words=False)],
    facets={"person": [FacetValue("व्लादिमीर पुतिन", 2, True)]}, facet_totals={"person": 1},
).to_json()

OBJECTS = [
    RESULT,
    [RESULT, RESULT["hits"]],
    {"float": [0.1, 1.5, 0.0001, 123456.789, 1e300, -0.0, 3.0], "big": 2**63 - 1, "neg": -7},
    {"z": 1, "a": {"y": [True, False, None], "b": "\x00\x1f\"\\/\u007f\u00e9😀"}},
    {"date": datetime.date(2024, 3, 5), "at": datetime.datetime(2024, 3, 5, 6, 7, 8)},
    {"decimal": decimal.Decimal("1.10"), "uuid": uuid.UUID(int=5), "markup": Markup("<b>x</b>")},
    {"point": Point(1, datetime.date(2020, 1, 1)), "tuple": (1, "दो")},
    {"int keys": {2: "b", 10: "a"}},  # orjson refuses these: Flask's encoder writes them
    {"huge": 2**70},
    {"numpy": np.float64(0.25)},
    "एक पंक्ति",
    None,
]


@pytest.fixture
def app(tmp_path):
    return create_app({"INDEX_DIR": str(tmp_path), "TESTING": True})


def test_the_app_uses_it(app):
    assert isinstance(app.json, FastJSONProvider)


@pytest.mark.parametrize("obj", OBJECTS, ids=range(len(OBJECTS)))
def test_same_bytes_as_flask(app, obj):
    flask_own = DefaultJSONProvider(app)
    flask_own.ensure_ascii = False
    with app.app_context():
        ours, theirs = app.json.response(obj), flask_own.response(obj)
    assert ours.get_data() == theirs.get_data()
    assert ours.mimetype == theirs.mimetype == "application/json"


def test_several_arguments_make_a_list(app):
    with app.app_context():
        assert app.json.response(1, "दो").get_data() == '[1,"दो"]\n'.encode()
        assert app.json.response(a=1).get_data() == b'{"a":1}\n'


def test_indented_output_is_left_to_flask(app):
    app.json.compact = False
    with app.app_context():
        assert app.json.response({"b": 1, "a": "क"}).get_data() == \
            '{\n  "a": "क",\n  "b": 1\n}\n'.encode()
