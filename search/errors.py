"""Every exception the engine raises on purpose. Each message is for the person who can act on
it (a reader, or whoever runs the rebuild), and callers catch these, never a bare Exception:
the CLI prints the message, the web app turns it into a 400 or a 503."""

from __future__ import annotations

from search.models import Skipped


class SearchError(ValueError):
    """A request the engine cannot answer as asked; the message is for the user."""


class CorrectionsError(ValueError):
    """A malformed line in a corrections file; the message names the file and the line."""


class IndexStateError(RuntimeError):
    """A problem with the index a user can act on; the message says what to do."""


class RebuildInProgressError(IndexStateError):
    """Another rebuild holds the index's lock."""


class IndexMissingError(IndexStateError):
    """No index, or one built by another version of talaash."""


class NothingIndexedError(IndexStateError):
    """No source gave a single article; ``skipped`` says why, file by file."""

    def __init__(self, message: str, skipped: list[Skipped]):
        super().__init__(message)
        self.skipped = skipped
