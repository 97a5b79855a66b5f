"""``make eval``: every quality measurement, each skipped with its reason when its data is
absent."""

from __future__ import annotations

import sys

from tests.measure import run_modules

MODULES = ("tests.eval.retrieval", "tests.eval.retrieval_cli", "tests.eval.lucene",
           "tests.eval.extraction", "tests.eval.seeds", "tests.eval.news_dev",
           "tests.eval.spans_pipeline", "tests.eval.translit")

if __name__ == "__main__":
    sys.exit(run_modules(MODULES, sys.argv[1:]))
