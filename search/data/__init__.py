"""The files talaash ships: the trained tagger, the place list and the word lists.

Every language word list is a file under ``words/`` with a comment header (``#`` lines) that says
what it is for and where it comes from, so that a reader can change a list without reading code
and the lists can be tested as tables. They are read as package resources, so they work from a
wheel as well as from a checkout; a missing file is an error that says so, never an empty list.
"""

from __future__ import annotations

from functools import cache
from importlib import resources


class MissingDataError(RuntimeError):
    """A file that talaash ships is not where it should be (a broken installation)."""


def read_bytes(name: str) -> bytes:
    """The bytes of ``search/data/<name>``."""
    try:
        return (resources.files(__package__) / name).read_bytes()
    except (FileNotFoundError, IsADirectoryError):
        raise MissingDataError(
            f"talaash's data file search/data/{name} is missing; reinstall talaash"
        ) from None


@cache
def lines(name: str) -> tuple[str, ...]:
    """The entries of the list ``words/<name>.txt``: its lines without ``#`` comments and
    surrounding spaces, blank lines skipped."""
    text = read_bytes(f"words/{name}.txt").decode("utf-8")
    entries = (line.split("#", 1)[0].strip() for line in text.splitlines())
    return tuple(entry for entry in entries if entry)


def words(name: str) -> tuple[str, ...]:
    """Every word of the list ``words/<name>.txt`` (entries split on spaces)."""
    return tuple(word for entry in lines(name) for word in entry.split())
