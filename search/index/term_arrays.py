"""Posting lists as numpy arrays beside each Whoosh segment, read in slices by every searcher.

Whoosh stores a term's postings in blocks of 128, each a zlib-compressed pickle, and every
position list as a pickle of its own: reading postings costs about 1.7 µs each, so one common
word costs 85 ms at 100,000 articles and a phrase with के in it more than a second, on every
query. Whoosh stays the index (it writes, stores, and ranks whatever these arrays do not
cover); these arrays are its postings decoded once, when a segment is written, and read back
as slices of their files (:class:`~search.index.file_array.FileArray`, ``pread``), shared by
every process and thread through the page cache.

Per segment and field (``title``, ``body``), in the generation folder (hard-linked into the
next generation with the segment, like the segment itself):

- ``<seg>.<field>.terms``: the field's terms, sorted as Whoosh sorts them (UTF-8 byte order),
  one per line;
- ``…off.npy``: where each term's postings start (``off[i]:off[i + 1]``);
- ``…docs.npy`` / ``…freq.npy``: the postings' segment-local document numbers and weights;
- ``…boff.npy`` / ``…bfirst.npy`` / ``…bseek.npy``: each term's Whoosh blocks (``boff[i]:
  boff[i + 1]``), the index of each block's first posting and its offset in the postings file,
  so that one posting's stored value (character offsets, for snippets) is one block read;
- ``…len.npy``: every document's field length as Whoosh scores it (its stored, rounded form);
- ``…poff.npy`` / ``…pos.npy``: the positions of the postings of exact forms (terms starting
  with ``=``, the only ones phrases use): ``xoff[i]`` counts the exact postings before term
  ``i``, so posting ``k`` of an exact term has ``pos[poff[xoff[i] + k]:poff[xoff[i] + k + 1]]``.

``tests/test_term_arrays.py`` holds them equal to Whoosh's own postings.
"""

from __future__ import annotations

import bisect
import os
from array import array
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from search.analysis.analyzer import EXACT_MARK
from search.index.file_array import FileArray
from search.index.ranges import concat_ranges

FIELDS = ("title", "body")
SUFFIX = ".ta"
_KINDS = ("off", "xoff", "boff", "bfirst", "bseek", "docs", "freq", "len", "poff", "pos")


def _path(folder: Path, segment_id: str, field: str, kind: str) -> Path:
    ext = "terms" if kind == "terms" else f"{kind}.npy"
    return folder / f"{segment_id}.{field}{SUFFIX}.{ext}"


def files_of(folder: Path, segment_id: str) -> list[Path]:
    """Every array file of one segment."""
    return [_path(folder, segment_id, f, k) for f in FIELDS for k in ("terms", *_KINDS)]


def ensure(folder: Path, reader) -> int:
    """Give every segment of ``reader`` (the index in ``folder``) its arrays, and remove the
    arrays of segments the index no longer has (merged away); how many segments were done."""
    live = set()
    done = 0
    for leaf, _ in reader.leaf_readers():
        segment_id = leaf.segment().segment_id()
        live.add(segment_id)
        if not all(p.exists() for p in files_of(folder, segment_id)):
            write_segment(folder, leaf)
            done += 1
    for path in folder.glob(f"*{SUFFIX}.*"):
        if path.name.split(".", 1)[0] not in live:
            path.unlink()
    return done


def write_segment(folder: Path, leaf) -> None:
    """Decode every posting of one segment reader (``leaf``) into its array files."""
    fields = {}
    for field in FIELDS:
        fmt = leaf.schema[field].format
        fields[field] = _arrays(_read_postings(leaf, field, fmt), fmt, _lengths(leaf, field))
    save_segment(folder, leaf.segment().segment_id(), fields)


def save_segment(folder: Path, segment_id: str,
                 fields: dict[str, tuple[dict[str, np.ndarray], list[str]]]) -> None:
    """Write one segment's array files: each field's arrays and terms (:func:`field_arrays`)."""
    for field, (arrays, terms) in fields.items():
        for kind, values in arrays.items():
            _save(_path(folder, segment_id, field, kind), values)
        tmp = _path(folder, segment_id, field, "terms").with_suffix(".tmp")
        tmp.write_text("\n".join(terms), encoding="utf-8")
        tmp.replace(_path(folder, segment_id, field, "terms"))


def field_arrays(postings: Iterable[tuple[str, Sequence[int], Sequence[float], Sequence[bytes],
                                          Sequence[tuple[int, int]], tuple | None]],
                 fmt, lengths: np.ndarray) -> tuple[dict[str, np.ndarray], list[str]]:
    """A field's arrays and terms from its postings as a writer had them (per term in Whoosh's
    order, ``(term, docs, weights, values, blocks, positions)``: a block ``(first posting, file
    offset)``, the positions ``(count per posting, positions)`` or ``None`` to decode values)."""
    return _arrays(postings, fmt, lengths)


def _read_postings(leaf, field: str, fmt):
    """:func:`field_arrays`' postings, read back from a segment."""
    for term, terminfo in _lexicon(leaf, field):
        ids: list[int] = []
        weights: list[float] = []
        values: list[bytes] = []
        blocks: list[tuple[int, int]] = []
        for offset, block_ids, block_weights, block_values in _blocks(leaf, field, terminfo,
                                                                      fmt):
            if offset >= 0:
                blocks.append((len(ids), offset))
            ids.extend(block_ids)
            weights.extend(block_weights)
            if block_values is not None:
                values.extend(block_values)
        yield term, ids, weights, values, blocks, None


def _lengths(leaf, field: str) -> np.ndarray:
    n_docs = leaf.doc_count_all()
    # Whoosh answers None for a length stored as 0 (no posting of the field asks for it).
    return np.fromiter((leaf.doc_field_length(d, field, 0) or 0 for d in range(n_docs)),
                       dtype=np.uint32, count=n_docs)


def _save(path: Path, array: np.ndarray) -> None:
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "wb") as f:
        np.save(f, array)
        f.flush()
        os.fsync(f.fileno())
    tmp.replace(path)


def _arrays(postings, fmt, lengths: np.ndarray) -> tuple[dict[str, np.ndarray], list[str]]:
    terms: list[str] = []
    counts: list[int] = []
    exact_counts: list[int] = []
    # Typed arrays, not lists: a segment of 50,000 articles has 18 million postings.
    docs = array("i")
    freqs = array("f")
    pos_counts = array("I")
    positions = array("i")
    block_counts: list[int] = []
    block_first = array("q")
    block_offset = array("q")
    for term, ids, weights, values, blocks, known in postings:
        exact = term.startswith(EXACT_MARK)
        start = len(docs)
        for first, offset in blocks:
            block_first.append(start + first)
            block_offset.append(offset)
        docs.extend(ids)
        freqs.extend(weights)
        if exact and known is not None:
            pos_counts.frombytes(known[0].astype(np.uint32).tobytes())
            positions.frombytes(known[1].astype(np.int32).tobytes())
        elif exact:
            for value in values:
                p = fmt.decode_positions(value)
                pos_counts.append(len(p))
                positions.extend(p)
        terms.append(term)
        counts.append(len(ids))
        exact_counts.append(len(ids) if exact else 0)
        block_counts.append(len(blocks))
    freq = np.frombuffer(freqs, dtype=np.float32)
    arrays = {
        "off": _offsets(counts),
        "xoff": _offsets(exact_counts),
        "boff": _offsets(block_counts),
        "bfirst": np.frombuffer(block_first, dtype=np.int64),
        "bseek": np.frombuffer(block_offset, dtype=np.int64),
        "docs": np.frombuffer(docs, dtype=np.int32),
        "freq": freq.astype(np.uint16) if _small_counts(freq) else freq,
        "len": lengths,
        "poff": _offsets(pos_counts).astype(np.uint32)
        if sum(pos_counts) < 2**32 else _offsets(pos_counts),
        "pos": np.frombuffer(positions, dtype=np.int32).astype(
            np.uint16 if max(positions, default=0) < 2**16 else np.int32),
    }
    return arrays, terms


def _lexicon(leaf, field: str):
    """``(term, terminfo)`` of one field of a segment in Whoosh's order, read in one pass over
    its term table (``leaf.postings`` would look every term up again: 66 µs each)."""
    for (name, text), terminfo in leaf._terms.items_from(field, b""):
        if name != field:
            return
        yield text.decode("utf-8"), terminfo


def _blocks(leaf, field: str, terminfo, fmt):
    """``(offset, ids, weights, values)`` of each block of a term's postings, deleted
    documents included (the live mask drops them); ``offset`` is where the block starts in
    the postings file (-1 for postings inlined in the term table)."""
    m = leaf._codec.postings_reader(leaf._terms._postfile, terminfo, fmt, term=field)
    if terminfo.is_inlined():
        yield -1, m._ids, m._weights, m._values
        return
    offset = m._baseoffset
    while m.is_active():
        m._read_ids()
        m._read_weights()
        m._read_values()
        yield offset, m._ids, m._weights, m._values
        offset = m._nextoffset
        m._next_block()


def _offsets(counts: list[int]) -> np.ndarray:
    off = np.zeros(len(counts) + 1, dtype=np.int64)
    np.cumsum(np.asarray(counts, dtype=np.int64), out=off[1:])
    return off


def _small_counts(freq: np.ndarray) -> bool:
    return bool(freq.size == 0 or (np.all(freq == np.round(freq)) and freq.max() < 2**16
                                   and freq.min() >= 0))


@dataclass
class _Field:
    terms: list[str]
    index: dict[str, int]
    off: FileArray
    xoff: FileArray
    boff: FileArray
    bfirst: FileArray
    bseek: FileArray
    docs: FileArray
    freq: FileArray
    lengths: np.ndarray
    poff: FileArray
    pos: FileArray


@dataclass
class _Segment:
    base: int
    n_docs: int
    fields: dict[str, _Field]


class TermArrays:
    """The array files of every segment of one opened index, with each segment's first
    document number; read-only and safe to share between threads."""

    def __init__(self, segments: list[_Segment], n_docs: int):
        self._segments = segments
        self.n_docs = n_docs

    @classmethod
    def load(cls, folder: Path, reader) -> TermArrays | None:
        """The arrays of ``reader``'s segments, or None when a segment has none (an index
        written before they existed: searching then reads Whoosh's postings)."""
        segments = []
        for leaf, base in reader.leaf_readers():
            segment_id = leaf.segment().segment_id()
            if not all(p.exists() for p in files_of(folder, segment_id)):
                return None
            fields = {}
            for field in FIELDS:
                arrays = {k: FileArray(_path(folder, segment_id, field, k)) for k in _KINDS
                          if k != "len"}
                arrays["len"] = np.load(_path(folder, segment_id, field, "len"))
                text = _path(folder, segment_id, field, "terms").read_text(encoding="utf-8")
                terms = text.split("\n") if text else []
                fields[field] = _Field(terms, {t: i for i, t in enumerate(terms)},
                                       *(arrays[k] for k in _KINDS))
            segments.append(_Segment(base, leaf.doc_count_all(), fields))
        return cls(segments, reader.doc_count_all())

    def _holding(self, field: str, term: str):
        """``(segment number, segment, its field arrays, term index, lo, hi)`` for each
        segment that has ``term``, its postings being ``docs[lo:hi]``."""
        for number, seg in enumerate(self._segments):
            f = seg.fields[field]
            i = f.index.get(term)
            if i is not None:
                lo, hi = f.off[i : i + 2].tolist()
                yield number, seg, f, i, lo, hi

    def has_term(self, field: str, term: str) -> bool:
        """Whether a segment's vocabulary has ``term`` in ``field`` (one of :data:`FIELDS`):
        ``(field, term) in reader`` as a dict lookup; Whoosh's own test hashes and reads
        its term table from disk (0.1 ms, a hundred times per query while it is built)."""
        return any(term in seg.fields[field].index for seg in self._segments)

    def docs(self, field: str, term: str) -> np.ndarray:
        """Document numbers of a term's postings (deleted documents included)."""
        parts = []
        for _, seg, f, _, lo, hi in self._holding(field, term):
            local = f.docs[lo:hi]
            parts.append(local if seg.base == 0 else local + np.int32(seg.base))
        return _joined(parts, np.int32)

    def postings(self, field: str, term: str) -> tuple[np.ndarray, np.ndarray]:
        """Document numbers and weights of a term's postings."""
        ids, weights = [], []
        for _, seg, f, _, lo, hi in self._holding(field, term):
            ids.append(f.docs[lo:hi].astype(np.int64) + seg.base)
            weights.append(f.freq[lo:hi].astype(np.float64))
        return _joined(ids, np.int64), _joined(weights, np.float64)

    def positions(self, field: str, term: str, wanted: np.ndarray
                  ) -> tuple[np.ndarray, np.ndarray]:
        """``(docs, positions)``: one pair per occurrence of an exact term in the documents of
        the ``wanted`` mask."""
        all_docs, all_pos = [], []
        for _, seg, f, i, lo, hi in self._holding(field, term):
            docs = f.docs[lo:hi].astype(np.int64) + seg.base
            keep = np.flatnonzero(wanted[docs[docs < wanted.size]])
            if keep.size == 0:
                continue
            first = int(f.xoff[i]) + int(keep[0])
            bounds = f.poff[first : first + int(keep[-1] - keep[0]) + 2]
            starts, ends = bounds[keep - keep[0]], bounds[keep - keep[0] + 1]
            all_docs.append(np.repeat(docs[keep], ends - starts))
            all_pos.append(f.pos[concat_ranges(starts, ends)].astype(np.int64))
        return _joined(all_docs, np.int64), _joined(all_pos, np.int64)

    def blocks_of(self, field: str, term: str, docnums: list[int]
                  ) -> list[tuple[int, int, list[tuple[int, int]]]]:
        """For each of ``docnums`` holding ``term``: ``(segment number, block offset in the
        postings file, [(document, index in the block)])``, grouped by block."""
        out = []
        wanted = np.asarray(sorted(set(docnums)), dtype=np.int64)
        for number, seg, f, i, lo, hi in self._holding(field, term):
            local = wanted[(wanted >= seg.base) & (wanted < seg.base + seg.n_docs)] - seg.base
            docs = f.docs[lo:hi]
            k = np.searchsorted(docs, local)
            found = (k < docs.size) & (docs[np.minimum(k, docs.size - 1)] == local)
            b0, b1 = f.boff[i : i + 2].tolist()
            if b0 == b1:
                continue  # no blocks: inlined postings, which W3's inlinelimit of 1 never writes
            firsts = f.bfirst[b0:b1]
            groups: dict[int, list[tuple[int, int]]] = {}
            for d, posting in zip(local[found].tolist(), (lo + k[found]).tolist(), strict=True):
                b = int(np.searchsorted(firsts, posting, side="right")) - 1
                groups.setdefault(b, []).append((d + seg.base, posting - int(firsts[b])))
            out += [(number, int(f.bseek[b0 + b]), hits) for b, hits in groups.items()]
        return out

    def lengths(self, field: str) -> np.ndarray:
        """Every document's field length, as Whoosh's BM25F reads it."""
        out = np.zeros(self.n_docs, dtype=np.float64)
        for seg in self._segments:
            out[seg.base : seg.base + seg.n_docs] = seg.fields[field].lengths
        return out

    def expand_prefix(self, field: str, prefix: str) -> list[str]:
        """The field's terms that start with ``prefix``, sorted, each once."""
        if not prefix:
            return sorted({t for seg in self._segments for t in seg.fields[field].terms})
        # Code-point order is UTF-8 byte order: the terms with the prefix are one slice, up
        # to the first term at or after the prefix with its last letter incremented.
        after = prefix[:-1] + chr(ord(prefix[-1]) + 1)
        found: set[str] = set()
        for seg in self._segments:
            terms = seg.fields[field].terms
            found.update(terms[bisect.bisect_left(terms, prefix):bisect.bisect_left(terms, after)])
        return sorted(found)


def exact_frequencies(folder: Path, reader, max_len: int) -> dict[str, int]:
    """Every exact form (without its ``=``) of at most ``max_len`` letters and its document
    frequency, the larger of title's and body's, read from the segments' term files: what
    Whoosh's ``iter_prefix`` over every field gives, at a fraction of its cost (the key map of
    10,000 articles: 5.4 s through Whoosh)."""
    out: dict[str, int] = {}
    for field in FIELDS:
        counts: dict[str, int] = {}
        for leaf, _base in reader.leaf_readers():
            segment_id = leaf.segment().segment_id()
            text = _path(folder, segment_id, field, "terms").read_text(encoding="utf-8")
            terms = text.split("\n") if text else []
            off = np.load(_path(folder, segment_id, field, "off"), mmap_mode="r")
            lo = bisect.bisect_left(terms, EXACT_MARK)
            hi = bisect.bisect_left(terms, chr(ord(EXACT_MARK) + 1), lo)
            df = np.diff(np.asarray(off[lo : hi + 1])).tolist()
            for term, n in zip(terms[lo:hi], df, strict=True):
                if len(term) <= max_len + 1:
                    counts[term[1:]] = counts.get(term[1:], 0) + n
        for word, n in counts.items():
            if n > out.get(word, 0):
                out[word] = n
    return out


def _joined(parts: list[np.ndarray], dtype) -> np.ndarray:
    if not parts:
        return np.zeros(0, dtype=dtype)
    return parts[0] if len(parts) == 1 else np.concatenate(parts)
