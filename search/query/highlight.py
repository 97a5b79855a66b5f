"""Snippets with the matched words marked, whatever spelling the reader typed.

The body is re-analyzed with the same pipeline as the index, so a query for मास्को marks मॉस्को
in the text: a token is marked when one of its index terms is a term of the query. Offsets point
into the raw text, so the marked words are exactly as the article wrote them. All document text
is HTML-escaped; the only markup in a snippet is ours (``<mark>``).
"""

from __future__ import annotations

import html
import zlib
from collections.abc import Iterable
from functools import lru_cache
from io import BytesIO
from pickle import load, loads

from whoosh import query as wq
from whoosh.matching.wrappers import FilterMatcher

from search.analysis.analyzer import analyze
from search.analysis.tokenize import words
from search.index.term_arrays import TermArrays

SNIPPET_CHARS = 200
PREFIX_EXPANSIONS = 64


def query_terms(q: wq.Query | None, reader, fields: Iterable[str]) -> set[str]:
    """The index terms a query can match in ``fields``; prefixes are expanded against the
    index vocabulary. A phrase bonus (the ``b`` of AndMaybe) adds no terms of its own: its
    words are the required ones plus stopwords, and के marked all over a snippet helps no one."""
    fields = set(fields)
    terms: set[str] = set()
    if q is None:
        return terms
    if isinstance(q, wq.AndMaybe):
        return query_terms(q.a, reader, fields)
    for leaf in q.children() if not q.is_leaf() else [q]:
        if isinstance(leaf, wq.Prefix) and leaf.fieldname in fields:
            words = reader.expand_prefix(leaf.fieldname, leaf.text)
            terms.update(_text(w) for _, w in zip(range(PREFIX_EXPANSIONS), words, strict=False))
        elif isinstance(leaf, wq.Term) and leaf.fieldname in fields:
            terms.add(leaf.text)
        elif isinstance(leaf, wq.Phrase) and leaf.fieldname in fields:
            terms.update(leaf.words)
        elif not leaf.is_leaf():
            terms |= query_terms(leaf, reader, fields)
    return terms


def _text(word) -> str:
    return word.decode("utf-8") if isinstance(word, bytes) else word


@lru_cache(maxsize=100_000)
def word_terms(word: str) -> frozenset[str]:
    """The index terms of one word (or one joined compound), from the analyzer itself."""
    return frozenset(analyze(word))


def posting_spans(reader, field: str, docnums: Iterable[int], terms: set[str],
                  arrays: TermArrays | None = None) -> dict[int, list[tuple[int, int]]]:
    """Character spans of ``terms`` in each of ``docnums``, read from the postings' stored
    offsets (the field is indexed with ``chars=True``): the same spans as
    :func:`matched_spans` on the stored text, without tokenizing it again. With the term
    arrays, each posting's block is read directly; Whoosh's ``skip_to`` walks every block
    header before it (700 of them for a common word at 100,000 articles)."""
    wanted = sorted(set(docnums))
    found: dict[int, set[tuple[int, int]]] = {d: set() for d in wanted}
    for term in terms:
        if not (arrays.has_term(field, term) if arrays is not None else (field, term) in reader):
            continue
        if arrays is not None:
            _spans_by_block(reader, field, term, wanted, arrays, found)
            continue
        postings = reader.postings(field, term)
        for docnum in wanted:
            if not postings.is_active():
                break
            if postings.id() < docnum:
                postings.skip_to(docnum)
                if not postings.is_active():
                    break
            if postings.id() == docnum:
                found[docnum].update((s, e) for _, s, e in postings.value_as("characters"))
    return {d: _merged(sorted(spans)) for d, spans in found.items()}


def _spans_by_block(reader, field: str, term: str, wanted: list[int], arrays: TermArrays,
                    found: dict[int, set[tuple[int, int]]]) -> None:
    leaves = [leaf for leaf, _ in reader.leaf_readers()]
    fmt = reader.schema[field].format
    matchers: dict[int, object] = {}
    for number, seek, hits in arrays.blocks_of(field, term, wanted):
        values = _block_values(leaves[number], seek, fmt)
        if values is None:  # not Whoosh 3's postings file: open the term's matcher
            m = matchers.get(number)
            if m is None:
                m = leaves[number].postings(field, term)
                m = matchers[number] = m.child if isinstance(m, FilterMatcher) else m
            m._goto(seek)
            m._read_values()
            values = m._values
        for docnum, i in hits:
            found[docnum].update((s, e) for _, s, e in fmt.decode_characters(values[i]))


def _block_values(leaf, seek: int, fmt) -> list | None:
    """The values of the postings block at ``seek``, read as Whoosh 3's block reader reads
    them (length, pickled info, data maybe compressed) but without opening the term's matcher:
    ``reader.postings`` looks the term up in its table and reads its first block, 0.5 ms a
    term, when the term arrays already know where the block is. The block is read in one
    call and its header unpickled from memory: ``pickle.load`` on Whoosh's file object made
    some twenty small reads through Python for each header."""
    postfile = getattr(getattr(leaf, "_terms", None), "_postfile", None)
    size = fmt.fixed_value_size()
    if postfile is None or not (size is None or size < 0):
        return None
    postfile.seek(seek)
    length = abs(postfile.read_int())
    block = postfile.read(length)  # the pickled info, then the data
    head = BytesIO(block)
    info = load(head)
    data = block[head.tell():]
    if info[3]:  # compression
        data = zlib.decompress(data)
    return loads(data)[2]


@lru_cache(maxsize=100_000)
def chunk_terms(chunk: str) -> tuple[frozenset[str], tuple[tuple[int, int, frozenset[str]], ...]]:
    """The words of a run of text without spaces, with their offsets in it and their terms
    (:func:`word_terms`), and the union of those terms. No word crosses a space, so the words
    of a text are those of its runs; runs repeat far more than whole texts do."""
    found = tuple((w.start, w.end, word_terms(w.text)) for w in words(chunk))
    return frozenset().union(*(t for _, _, t in found)), found


def matched_spans(text: str, terms: set[str]) -> list[tuple[int, int]]:
    """Character spans of ``text`` whose words match ``terms``, merged where they overlap.

    Each word's terms come from :func:`word_terms`, the analyzer run on that word alone and
    cached: the same terms as analysing the whole text, at a fraction of the cost per hit.
    The text is read run by run (:func:`chunk_terms`): splitting on spaces and skipping a run
    without a query term is a third of the cost of tokenizing every word."""
    spans = set()
    cursor = 0
    for chunk in text.split():
        start = text.find(chunk, cursor)  # only spaces lie between cursor and the run
        cursor = start + len(chunk)
        union, found = chunk_terms(chunk)
        if union.isdisjoint(terms):
            continue
        spans.update((start + s, start + e) for s, e, t in found if not t.isdisjoint(terms))
    return _merged(sorted(spans))


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted spans with overlapping ones joined (a compound and its parts)."""
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def mark(text: str, spans: list[tuple[int, int]], start: int = 0, end: int | None = None) -> str:
    """HTML of ``text[start:end]`` with ``spans`` wrapped in ``<mark>``, everything escaped."""
    end = len(text) if end is None else end
    out, cursor = [], start
    for s, e in spans:
        if e <= start or s >= end:
            continue
        s, e = max(s, start), min(e, end)
        out.append(html.escape(text[cursor:s]))
        out.append(f"<mark>{html.escape(text[s:e])}</mark>")
        cursor = e
    out.append(html.escape(text[cursor:end]))
    return "".join(out)


def snippet(text: str, terms: set[str], width: int = SNIPPET_CHARS,
            spans: list[tuple[int, int]] | None = None) -> str:
    """The passage of ``text`` that holds the most distinct query words, marked and escaped;
    ``spans`` are the matches when the caller knows them (:func:`posting_spans`)."""
    if spans is None:
        spans = matched_spans(text, terms) if terms else []
    start = _best_window(text, spans, width)
    end = min(len(text), start + width)
    end = _word_boundary(text, end, forward=True)
    body = mark(text, spans, start, end)
    lead = "… " if start > 0 else ""
    tail = " …" if end < len(text) else ""
    return " ".join((lead + body + tail).split())


def _best_window(text: str, spans: list[tuple[int, int]], width: int) -> int:
    if not spans:
        return 0
    best, best_score = spans[0][0], -1
    for i, (s, _) in enumerate(spans):
        inside = {text[a:b].casefold() for a, b in spans[i:] if b <= s + width}
        if len(inside) > best_score:
            best, best_score = s, len(inside)
    start = max(0, best - width // 4)
    return _word_boundary(text, start, forward=False) if start else 0


def _word_boundary(text: str, i: int, forward: bool) -> int:
    """Move ``i`` to the nearest whitespace so no word is cut in half."""
    if i <= 0 or i >= len(text):
        return max(0, min(i, len(text)))
    step = 1 if forward else -1
    j = i
    while 0 < j < len(text) and not text[j].isspace() and abs(j - i) < 30:
        j += step
    return j if text[j:j + 1].isspace() or j in (0, len(text)) else i


def as_text(snippet_html: str, open_mark: str = "«", close_mark: str = "»") -> str:
    """A snippet for a terminal: marks as ``«»``, entities unescaped."""
    return html.unescape(snippet_html.replace("<mark>", open_mark).replace("</mark>", close_mark))
