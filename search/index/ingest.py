"""Reading article files into :class:`~search.models.Document`s, reporting what cannot be read.

Sources are ``.txt`` files (one article each), ``.jsonl`` (one article per line) and ``.csv``
(one article per row), with fields ``id``, ``title``, ``text`` and optional ``published``,
``url``, ``source``; metadata wins over what is inferred from the text, unknown fields are
ignored. A broken file, line or row never stops a rebuild: it becomes a :class:`Skipped` with
its file, line and reason, and everything else is still read.

Scraped news carries noise that must not reach titles, snippets or facets; see
:func:`search.extract.article.clean_text`.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import json
import os
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import NamedTuple

from search.extract.article import clean_text, shorten
from search.models import Document, Skipped

SUFFIXES = (".txt", ".jsonl", ".csv")
FIELDS = ("id", "title", "text", "published", "url", "source")


class Article(NamedTuple):
    """An article as read, before its text is cleaned: an incremental rebuild compares
    ``content_hash`` with the index and cleans (:meth:`document`) only what changed."""

    id: str
    text: str
    path: str
    meta: dict
    content_hash: str

    def document(self) -> Document:
        """The article as indexed: metadata wins over what its text says."""
        cleaned = clean_text(self.text)
        return Document(
            id=self.id,
            title=shorten(self.meta["title"]) if self.meta.get("title") else cleaned.title,
            body=cleaned.body,
            content_hash=self.content_hash,
            path=self.path,
            published=self.meta.get("published") or cleaned.timestamp,
            url=self.meta.get("url") or "",
            source=self.meta.get("source") or cleaned.source or "",
            headline=bool(self.meta.get("title")) or cleaned.headline,
        )


def content_hash(*parts: str | bytes) -> str:
    """The hash an incremental rebuild compares; a part given as bytes is the UTF-8 encoding
    of its text (hashed as it was read, not encoded again)."""
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part if isinstance(part, bytes) else part.encode("utf-8"))
        digest.update(b"\x00")
    return digest.hexdigest()


def make_document(doc_id: str, text: str, path: str, meta: dict | None = None) -> Document:
    """A document from raw article text and its metadata (which wins over inference)."""
    return make_article(doc_id, text, path, meta).document()


def make_article(doc_id: str, text: str, path: str, meta: dict | None = None,
                 encoded: bytes | None = None) -> Article:
    """``encoded``: ``text``'s UTF-8 bytes, when the caller read them."""
    meta = {k: (v.strip() if isinstance(v, str) else v) for k, v in (meta or {}).items() if v}
    digest = content_hash(doc_id, text if encoded is None else encoded,
                          json.dumps(meta, sort_keys=True))
    return Article(doc_id, text, path, meta, digest)


def discover(sources: Iterable[Path]) -> Iterator[tuple[str, str] | Skipped]:
    """(file, id) for every article file under each source: a folder searched recursively,
    or one file. A file's id is its path relative to the folder (for a file given alone: its
    name), so that ids are stable. A link to a folder is not followed (it may lead back up, a
    loop): it is reported as skipped. Paths are handled as strings, the way ``Path`` writes
    them (pathlib was half the time of reading 10,000 unchanged files)."""
    for source in sources:
        if not source.is_dir():
            yield str(source), source.name
            continue
        found = []
        for folder, dirs, files in os.walk(source):
            here = Path(folder)  # once per folder: str(here / name) is prefix + name
            prefix = _prefix(str(here))
            below = _prefix(here.relative_to(source).as_posix())
            for name in sorted(dirs):
                if os.path.islink(prefix + name):
                    yield Skipped(prefix + name, "link to a folder, not followed "
                                                 "(it could lead in a loop)")
            dirs[:] = [d for d in dirs if not os.path.islink(prefix + d)]
            found += [(below + name, prefix + name) for name in files
                      if _suffix(name).lower() in SUFFIXES]
        # The order of the paths (as Path sorts them, part by part), as document numbers follow.
        for rel, path in sorted(found, key=lambda f: f[0].split("/")):
            if os.path.isfile(path):
                yield path, rel


def _prefix(folder: str) -> str:
    """What ``str(Path(folder) / name)`` puts before ``name``."""
    return "" if folder == "." else folder if folder.endswith("/") else folder + "/"


def _suffix(name: str) -> str:
    """``Path(name).suffix`` of a file name."""
    i = name.rfind(".")
    return name[i:] if 0 < i < len(name) - 1 else ""


def read_sources(sources: Iterable[Path]) -> Iterator[Document | Skipped]:
    """Every article of every source, in a stable order, or the reason it was skipped."""
    for item in read_articles(sources):
        yield item.document() if isinstance(item, Article) else item


class Unchanged(NamedTuple):
    """A ``.txt`` article whose bytes hash to what the index already has for its id: it is
    not decoded (a tenth of a second per 10,000 articles); what was indexed came from valid,
    non-empty text, and these are the same bytes."""

    id: str
    path: str
    content_hash: str


Read = Article | Unchanged | Skipped


def read_articles(sources: Iterable[Path],
                  known: Mapping[str, str] | None = None) -> Iterator[Read]:
    """:func:`read_sources`, each article still uncleaned; one whose content hash is its id's
    in ``known`` may come as :class:`Unchanged`."""
    for source in sources:
        if not source.exists():
            yield Skipped(str(source), "no such file or folder")
            continue
        for found in discover([source]):
            if isinstance(found, Skipped):
                yield found
            else:
                yield from read_file(*found, known=known)


def read_file(path: str, rel: str, known: Mapping[str, str] | None = None) -> Iterator[Read]:
    """The articles of the file ``path`` (a string, as :func:`discover` gives it), whose id
    (or the stem of its records' ids) is ``rel``."""
    suffix = _suffix(os.path.basename(path)).lower()
    if suffix not in SUFFIXES:
        yield Skipped(path, f"unsupported file type {suffix or '(none)'}; use {SUFFIXES}")
        return
    if suffix == ".txt" and known and rel in known:
        unchanged = _unchanged(path, rel, known[rel])
        if unchanged is not None:
            yield unchanged
            return
    raw = _read_utf8(path)
    if isinstance(raw, Skipped):
        yield raw
        return
    text, encoded = raw
    if suffix == ".txt":
        yield make_article(rel, text, path, encoded=encoded) if text.strip() else Skipped(
            path, "empty file")
    elif suffix == ".jsonl":
        yield from _jsonl_articles(Path(path), rel, text)
    else:
        yield from _csv_articles(Path(path), rel, text)


def _unchanged(path: str, rel: str, indexed_hash: str) -> Unchanged | None:
    """The ``.txt`` file as :class:`Unchanged` when its bytes (checked as :func:`_read_utf8`
    checks them, short of decoding) hash to ``indexed_hash``; None: read it in full."""
    try:
        with open(path, "rb") as f:
            raw = f.read()
    except OSError:
        return None
    if b"\x00" in raw[:8192]:
        return None
    encoded = raw[3:] if raw.startswith(codecs.BOM_UTF8) else raw
    digest = content_hash(rel, encoded, _NO_META)
    return Unchanged(rel, path, digest) if digest == indexed_hash else None


#: The metadata part of :func:`content_hash` for an article that has none, made once (not a
#: ``json.dumps({})`` for each of 10,000 unchanged files).
_NO_META = json.dumps({}).encode("utf-8")


def _read_utf8(path: str) -> tuple[str, bytes] | Skipped:
    """The text of a file and its UTF-8 bytes (without a byte-order mark)."""
    try:
        with open(path, "rb") as f:
            raw = f.read()
    except OSError as err:
        return Skipped(path, f"cannot read: {err.strerror}")
    if b"\x00" in raw[:8192]:
        return Skipped(path, "binary file (contains NUL bytes)")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        return Skipped(f"{path}:{line}", f"not UTF-8 (byte {err.start})")
    return text, raw[3:] if raw.startswith(codecs.BOM_UTF8) else raw


def _record_article(path: Path, rel: str, where: int, record) -> Article | Skipped:
    if not isinstance(record, dict):
        return Skipped(f"{path}:{where}", "not an object with id/title/text fields")
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        return Skipped(f"{path}:{where}", "missing or empty 'text'")
    bad = [k for k in FIELDS if k in record and record[k] is not None
           and not isinstance(record[k], str | int)]
    if bad:
        return Skipped(f"{path}:{where}", f"field(s) {bad} must be text")
    meta = {k: str(record[k]) for k in FIELDS if record.get(k) not in (None, "")}
    doc_id = meta.pop("id", None) or f"{rel}#{where}"
    return make_article(doc_id, text, f"{path}:{where}", meta)


def _jsonl_articles(path: Path, rel: str, text: str) -> Iterator[Article | Skipped]:
    any_line = False
    for number, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        any_line = True
        try:
            record = json.loads(line)
        except json.JSONDecodeError as err:
            yield Skipped(f"{path}:{number}", f"bad JSON ({err.msg})")
            continue
        yield _record_article(path, rel, number, record)
    if not any_line:
        yield Skipped(str(path), "empty file")


def _csv_articles(path: Path, rel: str, text: str) -> Iterator[Article | Skipped]:
    reader = csv.DictReader(text.splitlines(keepends=True))
    if not reader.fieldnames or "text" not in reader.fieldnames:
        yield Skipped(str(path), "CSV needs a header row with a 'text' column")
        return
    try:
        for row in reader:
            if None in row:
                yield Skipped(f"{path}:{reader.line_num}", "more fields than the header has")
                continue
            yield _record_article(path, rel, reader.line_num, row)
    except csv.Error as err:
        yield Skipped(f"{path}:{reader.line_num}", f"bad CSV ({err})")
