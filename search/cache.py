"""The user's cache of what talaash derives from its own code and data, never from an archive.

Some derived values take seconds that every rebuild would otherwise spend again: the features
the shipped tagger has weights for (:mod:`search.extract.ner.tagger`), the keys of the null
model's made-up words (:mod:`search.translit.chance`). They are kept as JSON files named by a
hash of everything they are made from, so a changed model, table or rule is simply a new file.
Losing the cache costs time only; a read-only home means computing them every time.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any


def cache_dir() -> Path:
    """``$TALAASH_CACHE``, else ``$XDG_CACHE_HOME/talaash``, else ``~/.cache/talaash``."""
    if os.environ.get("TALAASH_CACHE"):
        return Path(os.environ["TALAASH_CACHE"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "talaash"


def digest(parts: Iterable[str | bytes | Path]) -> str:
    """A short hash of everything a cached value is made from, in order: text, bytes, or a
    file's bytes (a module's source, a data table)."""
    h = hashlib.sha256()
    for part in parts:
        h.update(part.read_bytes() if isinstance(part, Path)
                 else part.encode() if isinstance(part, str) else part)
    return h.hexdigest()[:20]


def load_json(name: str) -> Any | None:
    """The cached value ``name``, or None when it is not there (or unreadable)."""
    try:
        return json.loads((cache_dir() / name).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def save_json(name: str, value: Any) -> None:
    """Cache ``value`` as ``name``, whole or not at all, whichever process writes it."""
    path = cache_dir() / name
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        part = path.with_name(f"{path.name}.{os.getpid()}.part")
        part.write_text(json.dumps(value, ensure_ascii=False), encoding="utf-8")
        os.replace(part, path)
    except OSError:
        pass  # a read-only home: computed every time
