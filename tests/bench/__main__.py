"""``make bench``: every speed measurement, each skipped with its reason when its data is
absent."""

from __future__ import annotations

import sys

from tests.measure import run_modules

MODULES = ("tests.bench.analysis", "tests.bench.extraction", "tests.bench.index")

if __name__ == "__main__":
    sys.exit(run_modules(MODULES, sys.argv[1:]))
