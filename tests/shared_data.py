"""Where ``../shared/data`` is, for evaluations, benchmarks and the tests that need it.

The product never needs it; measurements do. When it is absent, scripts say so and exit 0, and
tests skip with the reason.
"""

from __future__ import annotations

import os
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_SHARED = REPO.parent / "shared"


def shared_dir(arg: str | os.PathLike | None = None) -> Path:
    """``--shared`` if given, else ``$TALAASH_SHARED``, else ``../shared`` beside the repo."""
    if arg:
        return Path(arg)
    return Path(os.environ.get("TALAASH_SHARED", DEFAULT_SHARED))


def missing_reason(*paths: Path) -> str | None:
    """Why a measurement cannot run, or None when every path exists."""
    absent = [str(p) for p in paths if not p.exists()]
    if absent:
        return f"shared data not found: {', '.join(absent)} (needs ../shared/data beside the repo)"
    return None
