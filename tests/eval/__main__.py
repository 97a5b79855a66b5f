"""``make eval``: every quality measurement, each skipped with its reason when its data is
absent. Extraction figures come from :mod:`tests.eval.extraction` once it exists."""

from __future__ import annotations

import importlib
import sys

MODULES = ("tests.eval.retrieval", "tests.eval.retrieval_cli", "tests.eval.extraction",
           "tests.eval.seeds")


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    status = 0
    for name in MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as err:
            if err.name != name:
                raise
            continue
        print(f"\n== {name} ==", flush=True)
        status |= module.main(argv)
    return status


if __name__ == "__main__":
    sys.exit(main())
