"""Running a list of measurement modules (``make eval``, ``make bench``): each module's
``main(argv)`` prints its figures, or a line saying why it was skipped."""

from __future__ import annotations

import importlib
from collections.abc import Sequence


def run_modules(names: Sequence[str], argv: list[str]) -> int:
    status = 0
    for name in names:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as err:
            if err.name != name:
                raise
            continue
        print(f"\n== {name} ==", flush=True)
        status |= module.main(argv)
    return status
