"""Building the facet store of an index generation from each document's extraction.

Runs at the end of every rebuild, over every live document. It needs no tagger: what the
facets need of a document (its id, content hash, publication date, the names and the dates it
mentions) is a :class:`FacetInput`, taken from its extraction when it was indexed, and names
are unified across the whole collection again (a new article can change which spelling of a
name is the most frequent).

The inputs are kept beside the index in a :class:`Catalog`, per Whoosh segment. A segment never
changes once written (deletions are marks in the table of contents), so its inputs stay valid
as long as it exists: an incremental rebuild reads the catalog, not every stored document, to
learn what is indexed and to count the facets; only a segment that Whoosh merged anew is read
from its stored fields (a small one, under the default merge policy).
"""

from __future__ import annotations

import pickle
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import NamedTuple

import numpy as np
from whoosh.reading import SegmentReader

from search.analysis.normalize import readings
from search.extract.article import extraction_text
from search.extract.collection import NameCounts, article_names, name_tables_of
from search.extract.names import key_rules_digest, name_key
from search.extract.published import publication_date
from search.index import extractions
from search.index.facets import FACETS, NO_DATE, Facet, FacetStore, day_number
from search.models import PERSON, PLACE, DateMention, Extraction, PartialDate

#: The catalog's file in a generation folder.
FILE_CATALOG = "catalog.pickle"
#: Bump when :class:`FacetInput` changes: an older catalog is then ignored and rebuilt.
#: 3: each segment's inputs are pickled on their own, as plain tuples (version 2 is read as
#: well: the same inputs, in one pickle).
CATALOG_VERSION = 3


class FacetInput(NamedTuple):
    """What the facet store and the rebuild need of one indexed document."""

    id: str
    content_hash: str
    published: str
    #: (kind, canonical name, mentions) in order of first mention (see ``article_names``).
    names: NameCounts
    #: The ``mentioned`` facet's values (see :func:`mentioned_values`).
    mentioned: tuple[str, ...] = ()


def facet_input(fields: dict, extraction: Extraction | None = None) -> FacetInput:
    """The input of a document from its index fields (``extraction`` saves parsing the
    stored JSON when the caller has it)."""
    ex = extraction if extraction is not None else extraction_of(fields)
    # The dateline or timestamp line the text is dated by says when, not what about:
    # "नई दिल्ली, 5 अक्टूबर 2023 (आईएएनएस)" is no mention of 5 October.
    own = publication_date(extraction_text(fields.get("body", "")))
    talked_about = [d for d in ex.dates
                    if own is None or d.end <= own.start or d.start >= own.end]
    return FacetInput(fields["id"], fields.get("content_hash", ""), fields.get("published", ""),
                      article_names(ex), mentioned_values(talked_about))


def mentioned_values(dates: Iterable[DateMention]) -> tuple[str, ...]:
    """The dates an article talks about as facet values at every level they reach: a day
    mention (13 सितंबर 2023) gives ``2023``, ``2023-09`` and ``2023-09-13``, a month mention
    ``2023`` and ``2023-09``, a year mention ``2023``; so ``mentioned=2023`` finds all three.
    A day without a year (``--09-13``: the article had no publication date to take it from)
    is left out: it has no place on a timeline."""
    parsed = (PartialDate.parse(mention.value) for mention in dates)
    return tuple(sorted({value for date in parsed if date is not None
                         for _, value in _levels(date)}))


def extraction_of(fields: dict) -> Extraction:
    """A document's extraction, from its fields as written or read with the column's value."""
    return extractions.from_value(fields.get(extractions.FIELD))


def _recalled(asked: dict[str, tuple[str, ...]], known: dict[str, tuple[str, ...]],
              make: Callable[[str], tuple[str, ...]], item: str) -> tuple[str, ...]:
    """``make(item)``, taken from ``known`` (the previous catalog's) when it is there, and
    remembered in ``asked``, which the next catalog saves: only what is still asked for."""
    found = asked.get(item)
    if found is None:
        found = known.get(item)
        if found is None:
            found = make(item)
        asked[item] = found
    return found


class Catalog:
    """Segment id → the :class:`FacetInput` of each of its documents, by document number
    within the segment (None for a document already deleted when the segment was read).
    It also keeps the :func:`name_key` of every name the facets were last counted with
    (:meth:`key_of`; while the key's rules are the same): keying 7,600 names again was 0.16 s
    of an incremental rebuild at 10,000 articles. A segment's inputs are saved as the
    pickle they were loaded from, so a rebuild pickles only its new segments' (all of them
    was 0.07 s at 10,000)."""

    def __init__(self, segments: dict[str, list[FacetInput | None]] | None = None,
                 keys: dict[str, tuple[str, ...]] | None = None,
                 pickled: dict[str, bytes] | None = None,
                 readings: dict[str, tuple[str, ...]] | None = None) -> None:
        self.segments = segments if segments is not None else {}
        self._known = keys or {}
        self._keys: dict[str, tuple[str, ...]] = {}  # those asked for, the next catalog's
        self._pickled = pickled or {}  # segment id → its inputs as loaded
        self._known_readings = readings or {}
        self._readings: dict[str, tuple[str, ...]] = {}

    def key_of(self, name: str) -> tuple[str, ...]:
        """:func:`search.extract.names.name_key` of ``name``."""
        return _recalled(self._keys, self._known, name_key, name)

    def readings_of(self, word: str) -> tuple[str, ...]:
        """:func:`search.analysis.normalize.readings` of a word of a name (the key map's
        spellings of the names, :func:`search.translit.keymap.write`: 0.15 s for 10,000
        articles' names), kept as the keys are."""
        return _recalled(self._readings, self._known_readings, readings, word)

    @classmethod
    def load(cls, folder: Path | None) -> Catalog:
        """The catalog saved in ``folder``; empty when there is none or it is outdated."""
        path = folder / FILE_CATALOG if folder is not None else None
        if path is None or not path.is_file():
            return cls()
        with path.open("rb") as f:
            saved = pickle.load(f)
        same = saved.get("key_rules") == key_rules_digest()
        keys, forms = (saved.get("keys"), saved.get("readings")) if same else (None, None)
        if saved.get("version") == 2:
            return cls(saved["segments"], keys, readings=forms)
        if saved.get("version") != CATALOG_VERSION:
            return cls()
        pickled = saved["segments"]
        return cls({sid: _inputs(raw) for sid, raw in pickled.items()}, keys, pickled, forms)

    def save(self, folder: Path, reader) -> None:
        """Write the catalog of the segments ``reader`` holds (others are gone) to ``folder``,
        with the keys and readings asked for since it was loaded."""
        kept = {sid: self._pickled.get(sid) or _pickled(self.segments[sid])
                for sid in _segment_ids(reader) if sid in self.segments}
        with (folder / FILE_CATALOG).open("wb") as f:
            pickle.dump({"version": CATALOG_VERSION, "segments": kept, "keys": self._keys,
                         "readings": self._readings, "key_rules": key_rules_digest()}, f,
                        protocol=pickle.HIGHEST_PROTOCOL)

    def add(self, segment_id: str, inputs: list[FacetInput | None]) -> None:
        self.segments[segment_id] = inputs
        self._pickled.pop(segment_id, None)

    def documents(self, ix) -> Iterator[tuple[int, FacetInput]]:
        """(document number, input) of every live document of the index ``ix``, in order; a
        segment not yet in the catalog is read from its stored fields and added. Segments
        and deletions come from the table of contents: an index reader, which copies every
        segment's term index into memory (0.1 s at 10,000 articles, each time), is opened
        only for a segment the catalog lacks."""
        offset = 0
        for segment in ix._segments():  # the latest commit's, in the order readers number them
            n_docs = segment.doc_count_all()
            if not n_docs:
                continue
            sid = segment.segment_id()
            if sid not in self.segments:
                with SegmentReader(ix.storage, ix.schema, segment) as leaf:
                    self.segments[sid] = _read_segment(leaf)
            for local, found in enumerate(self.segments[sid]):
                if found is not None and not segment.is_deleted(local):
                    yield offset + local, found
            offset += n_docs


def _pickled(inputs: list[FacetInput | None]) -> bytes:
    """One segment's inputs as the catalog keeps them: plain tuples, which unpickle in 60% of
    the time named tuples take (each is a call of its class)."""
    return pickle.dumps([None if found is None else tuple(found) for found in inputs],
                        protocol=pickle.HIGHEST_PROTOCOL)


def _inputs(pickled: bytes) -> list[FacetInput | None]:
    """:func:`_pickled`'s inputs again."""
    make = tuple.__new__
    return [None if row is None else make(FacetInput, row) for row in pickle.loads(pickled)]


def _segment_ids(reader) -> list[str]:
    return [leaf.segment().segment_id() for leaf, _ in reader.leaf_readers()
            if leaf.doc_count_all()]


def _read_segment(leaf) -> list[FacetInput | None]:
    inputs: list[FacetInput | None] = [None] * leaf.doc_count_all()
    column = leaf.column_reader(extractions.FIELD)
    for local, fields in leaf.iter_docs():
        inputs[local] = facet_input(fields | {extractions.FIELD: column[local]})
    return inputs


def live_documents(ix, catalog: Catalog) -> tuple[dict[str, str], dict[str, list[int]]]:
    """Document id → content hash of every live document of ``ix``, and each id's live
    document numbers (what deleting by its id term deletes)."""
    hashes: dict[str, str] = {}
    numbers: dict[str, list[int]] = {}
    for docnum, found in catalog.documents(ix):
        hashes[found.id] = found.content_hash
        numbers.setdefault(found.id, []).append(docnum)
    return hashes, numbers


def build_facets(ix, catalog: Catalog | None = None) -> FacetStore:
    """The facet store of the committed index ``ix``. A facet is its set of (document,
    value) pairs (:meth:`Facet.of_columns` sorts them), so they are gathered as two columns
    per facet, and a publication date's values once for all the documents it dates."""
    catalog = catalog if catalog is not None else Catalog()
    n_docs = sum(segment.doc_count_all() for segment in ix._segments())
    docs = list(catalog.documents(ix))
    tables = name_tables_of((found.names for _, found in docs), catalog.key_of)
    columns: dict[str, tuple[list[int], list[str]]] = {name: ([], []) for name in FACETS}
    published = np.full(n_docs, NO_DATE, dtype=np.int32)
    live = np.zeros(n_docs, dtype=bool)
    # Names and dates repeat: each is worked out once.
    shown: dict[str, dict[str, str]] = {PERSON: {}, PLACE: {}}
    facet_of = {PERSON: columns["person"], PLACE: columns["place"]}
    dated: dict[str, list[int]] = {}
    mentioned_docs, mentioned = columns["mentioned"]
    for docnum, found in docs:
        for kind, name, _ in found.names:
            if (column := facet_of.get(kind)) is not None:
                value = shown[kind].get(name)
                if value is None:
                    value = shown[kind][name] = tables.display(kind, name, catalog.key_of(name))
                column[0].append(docnum)  # twice is once: Facet.of_columns
                column[1].append(value)
        if found.mentioned:
            mentioned_docs.extend([docnum] * len(found.mentioned))
            mentioned.extend(found.mentioned)
        dated.setdefault(found.published, []).append(docnum)
    live[[docnum for docnum, _ in docs]] = True
    for value, numbers in dated.items():
        if (date := _date_facets(value)) is not None:
            published[numbers] = date[0]
            for facet, level in date[1]:
                columns[facet][0].extend(numbers)
                columns[facet][1].extend([level] * len(numbers))
    facets = {name: Facet.of_columns(*c) for name, c in columns.items()}
    return FacetStore(n_docs, facets, published, live, {"person": tables.people,
                                                        "place": tables.places})


def _date_facets(value: str) -> tuple[int, list[tuple[str, str]]] | None:
    """The sort key of a publication date of any granularity (its first day) and its year,
    month and day facet values; None when it is no date."""
    date = PartialDate.parse(value)
    return None if date is None else (day_number(date.first_day), _levels(date))


def _levels(date: PartialDate) -> list[tuple[str, str]]:
    """(granularity, value) of a date at each level it is known to: 2023, 2023-09, 2023-09-17."""
    values = [("year", f"{date.year:04d}")]
    if date.month is not None:
        values.append(("month", date.iso()[:7]))
    if date.day is not None:
        values.append(("day", date.iso()))
    return values
