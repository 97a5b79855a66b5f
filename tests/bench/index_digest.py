"""A digest of an index's content, to prove that a faster rebuild writes the same index.

``python -m tests.bench.index_digest INDEX [OTHER]`` prints, per segment (in the index's order)
and per part, a SHA-256 of: every stored document; every field's terms with each posting's
document, weight and value bytes (positions and character offsets); every document's field
lengths; the deleted documents; each term-array file beside the segment; and the facet
store's files. Segment ids are random, so they are not part of a digest. With two indexes it
compares them part by part and exits 1 on any difference.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

from whoosh import index as whoosh_index

from search.index import term_arrays
from search.index.generations import current_generation
from search.index.schema import build_schema


def _postings_digest(leaf, field: str) -> str:
    h = hashlib.sha256()
    fmt = leaf.schema[field].format
    for (name, text), terminfo in leaf._terms.items_from(field, b""):
        if name != field:
            break
        h.update(text + b"\x00")
        for _offset, ids, weights, values in term_arrays._blocks(leaf, field, terminfo, fmt):
            h.update(repr(list(ids)).encode())
            h.update(repr([float(w) for w in weights]).encode())
            h.update(repr(list(values) if values is not None else None).encode())
    return h.hexdigest()


def segment_digests(folder: Path) -> list[dict[str, str]]:
    """One dict of part → digest per segment of the index in ``folder``."""
    ix = whoosh_index.open_dir(str(folder), schema=build_schema())
    out = []
    with ix.reader() as reader:
        for leaf, _base in reader.leaf_readers():
            parts: dict[str, str] = {}
            n = leaf.doc_count_all()
            stored = hashlib.sha256()
            lengths = hashlib.sha256()
            for d in range(n):
                stored.update(json.dumps(leaf.stored_fields(d), sort_keys=True,
                                         ensure_ascii=False).encode())
                lengths.update(repr([leaf.doc_field_length(d, f, 0) for f in
                                     ("title", "body")]).encode())
            parts["stored"] = stored.hexdigest()
            parts["lengths"] = lengths.hexdigest()
            deleted = [d for d in range(n) if leaf.is_deleted(d)]
            parts["deleted"] = hashlib.sha256(repr(deleted).encode()).hexdigest()
            for field in sorted(leaf.schema.names()):
                if leaf.schema[field].indexed:
                    parts[f"postings:{field}"] = _postings_digest(leaf, field)
            seg = leaf.segment().segment_id()
            for path in term_arrays.files_of(folder, seg):
                if path.exists():
                    key = path.name[len(seg):]
                    parts[f"arrays{key}"] = hashlib.sha256(path.read_bytes()).hexdigest()
            out.append(parts)
    return out


def facet_digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())
            if p.is_file() and (p.suffix in (".npy", ".json") or p.name.startswith("facet"))
            and ".ta." not in p.name and not p.name.startswith("_")}


def digest(index: Path) -> dict:
    folder = current_generation(index) or index
    return {"segments": segment_digests(folder), "files": facet_digests(folder)}


def main(argv: list[str]) -> int:
    first = digest(Path(argv[0]))
    if len(argv) == 1:
        print(json.dumps(first, indent=1))
        return 0
    second = digest(Path(argv[1]))
    bad = 0
    if len(first["segments"]) != len(second["segments"]):
        print(f"segments: {len(first['segments'])} != {len(second['segments'])}")
        return 1
    for i, (a, b) in enumerate(zip(first["segments"], second["segments"], strict=True)):
        for part in sorted(a.keys() | b.keys()):
            if a.get(part) != b.get(part):
                bad += 1
                print(f"segment {i} {part}: differs")
    for name in sorted(first["files"].keys() | second["files"].keys()):
        if first["files"].get(name) != second["files"].get(name):
            bad += 1
            print(f"file {name}: differs")
    parts = sum(len(s) for s in first["segments"]) + len(first["files"])
    print(f"{parts} parts compared, {bad} differ")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
