"""``make bench``: every speed measurement, in order, each skipped with its reason when its
data is absent: analysis and tagging throughput on one core, then talaash at 10,000 and
100,000 articles beside tantivy (:mod:`tests.bench.scale`, which writes the results file)."""

from __future__ import annotations

import sys

from tests.measure import run_modules

MODULES = ("tests.bench.analysis", "tests.bench.extraction", "tests.bench.scale")

if __name__ == "__main__":
    sys.exit(run_modules(MODULES, sys.argv[1:]))
