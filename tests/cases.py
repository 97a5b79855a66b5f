"""Loads the language-rule tables in ``tests/cases/*.tsv``: one row a case, ids from labels.

A cell may spell a code point as ``\\uXXXX`` (ZWJ, precomposed nukta letters), since those are
invisible or indistinguishable when printed.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

CASES_DIR = Path(__file__).parent / "cases"
_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})")


def _decode(cell: str) -> str:
    return _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), cell)


def load(name: str, *columns: str) -> list:
    """``pytest.param``s of the named columns of ``cases/<name>.tsv``."""
    path = CASES_DIR / f"{name}.tsv"
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    params = []
    for row in rows:
        values = [_decode(row[c]) for c in columns]
        params.append(pytest.param(*values, id=row["label"]))
    if not params:
        raise AssertionError(f"{path} has no cases")
    return params


def alternatives(cell: str) -> tuple[str, ...]:
    """A cell listing several values, ``a | b``."""
    return tuple(part.strip() for part in cell.split("|")) if cell.strip() else ()
