"""From a parsed query to a Whoosh query, through the same analyzer that built the index.

The analyzer gives each query word its terms at a position: exact forms (``=`` + folded word),
stems, both readings of a loanword, and the joined form of a hyphenated compound. This module
decides how they combine:

- a free word requires one of its stems (readings are OR-ed); a stopword is not required;
- a "phrase" requires its exact forms in order, stopwords included;
- consecutive free words also score higher where they stand together as a phrase, so किम जोंग उन
  ranks the son above किम जोंग-इल;
- compounds meet in all spellings: a hyphenated query word matches its joined form or its parts
  in order; with an index reader at hand, two query words also match their closed compound
  (बुलेट प्रूफ → बुलेटप्रूफ) and a closed word also matches its two parts (बुलेटप्रूफ → बुलेट
  प्रूफ) when the index vocabulary has them.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import islice

from whoosh import query as wq
from whoosh.query import spans

from search.analysis.analyzer import EXACT_MARK, analyze_tokens
from search.analysis.normalize import readings
from search.query import syntax as qs
from search.query.word_forms import stem_terms
from search.translit.session import latin_readings

#: A prefix query needs this many letters: ``स*`` would expand to a good part of the vocabulary.
MIN_PREFIX_LETTERS = 2
#: Words one prefix may expand to; beyond it, the most frequent ones are searched.
MAX_PREFIX_TERMS = 200
#: Completions of the word being typed (``prefix_last``), the most frequent first, and their
#: weight beside the word's own matches.
COMPLETIONS = 100
COMPLETION_WEIGHT = 0.5
#: Characters the word being typed needs before it is completed: पु (a letter and its vowel
#: sign) already narrows the vocabulary, and the completions are bounded anyway.
COMPLETION_MIN_CHARS = 2
#: Vocabulary entries read to choose them, so that the choosing is bounded too.
PREFIX_SCAN = 20 * MAX_PREFIX_TERMS
SHORT_PREFIX_NOTE = ("'{text}*' में कम से कम {n} अक्षर चाहिए; '{text}' शब्द खोजा गया "
                     "(a prefix needs at least {n} letters; searched the word '{text}')")
BROAD_PREFIX_NOTE = ("'{text}*' से बहुत शब्द शुरू होते हैं; सबसे आम {n} खोजे गए, और अक्षर जोड़ें "
                     "(too many words start with '{text}'; searched the {n} most common, "
                     "add letters to narrow it)")


@dataclass(frozen=True, slots=True)
class Slot:
    """The terms of one query word at one position."""

    exact: tuple[str, ...]
    stems: tuple[str, ...]
    stopword: bool


@dataclass(frozen=True, slots=True)
class Compound:
    """A hyphenated query word: its joined form, and its parts in order."""

    joined: Slot
    parts: tuple[Slot, ...]


Unit = Slot | Compound


class SpanAny(spans.SpanOr):
    """Alternatives at one position of a phrase (the two readings of मॉस्को).

    Whoosh's ``SpanOr`` lacks ``estimate_size`` (so it cannot sit inside an AND, which orders
    its clauses by size) and ``children`` (so the highlighter cannot see its terms)."""

    def children(self):
        return iter(self.subqs)

    def estimate_size(self, ixreader) -> int:
        return sum(q.estimate_size(ixreader) for q in self.subqs)

    def estimate_min_size(self, ixreader) -> int:
        return min(q.estimate_min_size(ixreader) for q in self.subqs)


def units(text: str) -> list[Unit]:
    """The query words of ``text`` in order, each with its terms."""
    groups: dict[tuple[int, int], list] = {}
    for tok in analyze_tokens(text, mode="query"):
        groups.setdefault((tok.pos, tok.span), []).append(tok)
    slots = {key: _slot(toks) for key, toks in groups.items()}
    out: list[Unit] = []
    covered = -1
    for (pos, span), slot in slots.items():
        if pos <= covered:
            continue
        if span > pos:
            parts = tuple(slots[(p, p)] for p in range(pos, span + 1) if (p, p) in slots)
            out.append(Compound(slot, parts))
            covered = span
        else:
            out.append(slot)
    return out


def _slot(toks: list) -> Slot:
    exact = tuple(t.term for t in toks if t.exact)
    stems = tuple(t.term for t in toks if not t.exact)
    latin = latin_readings(exact)  # "putin" also reads पुतिन (search/translit)
    return Slot(exact + latin.exact, stems + latin.stems,
                latin.stopword or all(t.stopword for t in toks if t.exact))


class QueryBuilder:
    """Builds Whoosh queries over weighted text fields (e.g. ``{"title": 2.0, "body": 1.0}``).

    ``reader`` (optional) is the index vocabulary used to join or split compounds;
    ``default_op`` is how bare words combine: ``"and"`` (search box) or ``"or"`` (questions);
    ``names`` are the folded words of the index's people and places; ``vocabulary(field,
    term)`` (optional) says whether the index has a term, faster than asking ``reader``.
    """

    def __init__(self, fields: dict[str, float], reader=None, default_op: str = "and",
                 names: frozenset[str] = frozenset(), vocabulary: Callable | None = None):
        if default_op not in ("and", "or"):
            raise ValueError(f"default_op must be 'and' or 'or', not {default_op!r}")
        self.fields = fields
        self.reader = reader
        self.vocabulary = vocabulary or (lambda field, term: (field, term) in reader)
        #: Folded words of known person and place names (search/query/word_forms.py).
        self.names = names
        self.default_op = default_op
        #: What the reader should know about how the query was read (a prefix cut short).
        self.notes: list[str] = []

    # -- entry point -----------------------------------------------------------------------

    def build(self, tree: qs.Node | None) -> wq.Query | None:
        """The Whoosh query for a syntax tree; None when nothing searchable is left."""
        if tree is None:
            return None
        if isinstance(tree, qs.Word):
            return self._words([tree])
        if isinstance(tree, qs.Phrase):
            return self._phrase(units(tree.text))
        if isinstance(tree, qs.Or):
            return _combine(wq.Or, [self.build(x) for x in tree.items])
        if isinstance(tree, qs.Not):
            return self._and([tree])
        return self._and(list(tree.items))

    # -- boolean structure ---------------------------------------------------------------

    def _and(self, items: Sequence[qs.Node]) -> wq.Query | None:
        positive: list[wq.Query | None] = []
        negative: list[wq.Query | None] = []
        run: list[qs.Word] = []
        for item in [*items, None]:
            if isinstance(item, qs.Word) and not item.prefix:
                run.append(item)
                continue
            if run:
                positive.append(self._words(run))
                run = []
            if isinstance(item, qs.Not):
                negative.append(self.build(item.item))
            elif item is not None:
                positive.append(self.build(item))
        pos_q = _combine(wq.And, positive)
        neg_q = _combine(wq.Or, negative)
        if neg_q is None:
            return pos_q
        return wq.AndNot(pos_q if pos_q is not None else wq.Every(), neg_q)

    def _words(self, run: Sequence[qs.Word]) -> wq.Query | None:
        """Consecutive bare words: each required (or any, in "or" mode), joined compounds
        found in the vocabulary as alternatives, and a phrase bonus when they stand together."""
        if len(run) == 1 and run[0].completing:
            return self._completing(run[0].text)
        if len(run) == 1 and run[0].prefix:
            return self._prefix(run[0].text)
        unit_lists = [units(w.text) for w in run]
        flat = [u for us in unit_lists for u in us]
        clauses = self._free_clauses(run, unit_lists)
        if not clauses and flat:
            # Only stopwords: search them after all, exactly.
            clauses = [self._phrase(flat)]
        group = wq.And if self.default_op == "and" else wq.Or
        required = _combine(group, clauses)
        if required is None or sum(isinstance(u, Slot) and not u.stopword for u in flat) < 2:
            return required
        return wq.AndMaybe(required, self._phrase(flat, boost=2.0))

    def _free_clauses(self, run, unit_lists) -> list[wq.Query]:
        clauses: list[wq.Query] = []
        i = 0
        while i < len(run):
            q = self._free_units(unit_lists[i])
            if i + 1 < len(run):
                joined = self._joined_pair(run[i].text, run[i + 1].text)
                if joined is not None:
                    nxt = self._free_units(unit_lists[i + 1])
                    q = _combine(wq.Or, [_combine(wq.And, [q, nxt]), joined])
                    i += 1
            if q is not None:
                clauses.append(q)
            i += 1
        return clauses

    def _free_units(self, us: Iterable[Unit]) -> wq.Query | None:
        group = wq.And if self.default_op == "and" else wq.Or
        return _combine(group, [self._free_unit(u) for u in us])

    def _free_unit(self, unit: Unit) -> wq.Query | None:
        if isinstance(unit, Compound):
            return _combine(wq.Or, [self._terms(unit.joined.stems), self._phrase(unit.parts)])
        if unit.stopword:
            return None
        alternatives = [self._terms(self._stem_terms(unit))]
        for left, right in self._splits(unit):
            alternatives.append(self._sequence([(left,), (right,)]))
        return _combine(wq.Or, alternatives)

    def _stem_terms(self, unit: Slot) -> Sequence[str]:
        """The stems, or the word's own forms where a stem is also an unrelated word's."""
        if self.reader is None:
            return unit.stems
        return stem_terms(unit.exact, unit.stems, self.names,
                          lambda word: self._in_vocabulary(EXACT_MARK + word))

    # -- compounds against the index vocabulary -----------------------------------------

    def _in_vocabulary(self, term: str) -> bool:
        return self.reader is not None and any(self.vocabulary(f, term) for f in self.fields)

    def _joined_pair(self, left: str, right: str) -> wq.Query | None:
        """बुलेट + प्रूफ → the closed compound बुलेटप्रूफ, when the index has it."""
        if self.reader is None:
            return None
        joined = units(left + right)
        if len(joined) != 1 or not isinstance(joined[0], Slot) or joined[0].stopword:
            return None
        slot = joined[0]
        if not any(self._in_vocabulary(t) for t in slot.exact):
            return None
        return self._terms(slot.stems)

    def _splits(self, unit: Slot) -> list[tuple[str, str]]:
        """बुलेटप्रूफ → (बुलेट, प्रूफ) when both halves are indexed words of two syllables or
        more: a one-syllable half is an inflection or a particle far more often than a word
        (अधिकारियों is not अधिकारि + यों), and each split costs a phrase search."""
        if self.reader is None:
            return []
        found = []
        for term in unit.exact:
            word = term[len(EXACT_MARK):]
            for cut in range(3, len(word) - 2):
                left, right = word[:cut], word[cut:]
                if not right[0].isalpha():  # never start a half with a vowel sign
                    continue
                if _syllables(left) < 2 or _syllables(right) < 2:
                    continue
                if self._in_vocabulary(EXACT_MARK + left) and self._in_vocabulary(
                    EXACT_MARK + right
                ):
                    found.append((EXACT_MARK + left, EXACT_MARK + right))
        return found

    # -- leaves ----------------------------------------------------------------------------

    def _terms(self, terms: Iterable[str], boost: float = 1.0) -> wq.Query | None:
        unique = list(dict.fromkeys(terms))
        return _combine(
            wq.Or,
            [
                wq.Term(field, term, boost=weight * boost)
                for field, weight in self.fields.items()
                for term in unique
            ],
        )

    def _prefix(self, text: str) -> wq.Query | None:
        """``प्रति*``: a prefix of the exact (unstemmed) forms, in every reading; bounded, so
        that one request cannot make the server score most of the vocabulary (``स*`` took
        3 s and ``प्र*`` 29 s on 10,000 articles)."""
        if _letters(text) < MIN_PREFIX_LETTERS:
            self.notes.append(SHORT_PREFIX_NOTE.format(text=text, n=MIN_PREFIX_LETTERS))
            return self._words([qs.Word(text)])
        return _combine(
            wq.Or,
            [
                self._bounded_prefix(field, EXACT_MARK + reading, weight, text)
                for field, weight in self.fields.items()
                for reading in readings(text)
            ],
        )

    def _completing(self, text: str) -> wq.Query | None:
        """The word being typed: itself, as any word (its stems), or one of its
        :data:`COMPLETIONS` most frequent completions at a lower weight, so that पुति finds
        पुतिन while पुतिन, once typed, still ranks its own matches first. A stopword is not
        dropped here (जो may be the start of जोंग), and a one-character word is only itself."""
        own = self._free_units(units(text)) or self._phrase(units(text))
        if len(text) < COMPLETION_MIN_CHARS or self.reader is None:
            return own
        completions = []
        for field, weight in self.fields.items():
            for reading in readings(text):
                found = islice(self.reader.iter_prefix(field, EXACT_MARK + reading), PREFIX_SCAN)
                best = sorted(found, key=lambda item: -item[1].doc_frequency())[:COMPLETIONS]
                completions += [wq.Term(field, t.decode("utf-8") if isinstance(t, bytes) else t,
                                        boost=weight * COMPLETION_WEIGHT) for t, _ in best]
        return _combine(wq.Or, [own, *completions])

    def _bounded_prefix(self, field: str, prefix: str, weight: float, text: str) -> wq.Query:
        """Whoosh's prefix query when it expands to at most :data:`MAX_PREFIX_TERMS` words;
        else the most frequent of them (among the first :data:`PREFIX_SCAN`), with a note."""
        query = wq.Prefix(field, prefix, boost=weight)
        if self.reader is None:
            return query
        found = list(islice(self.reader.iter_prefix(field, prefix), PREFIX_SCAN))
        if len(found) <= MAX_PREFIX_TERMS:
            return query
        found.sort(key=lambda item: -item[1].doc_frequency())
        note = BROAD_PREFIX_NOTE.format(text=text, n=MAX_PREFIX_TERMS)
        if note not in self.notes:
            self.notes.append(note)
        return wq.Or([wq.Term(field, t.decode("utf-8") if isinstance(t, bytes) else t,
                              boost=weight) for t, _ in found[:MAX_PREFIX_TERMS]])

    def _phrase(self, us: Sequence[Unit], boost: float = 1.0) -> wq.Query | None:
        """Exact forms in order, stopwords included. A lone compound may also match its
        joined form."""
        if len(us) == 1 and isinstance(us[0], Compound):
            return _combine(
                wq.Or,
                [self._terms(us[0].joined.exact, boost), self._phrase(us[0].parts, boost)],
            )
        seq: list[tuple[str, ...]] = []
        for u in us:
            for slot in u.parts if isinstance(u, Compound) else (u,):
                seq.append(slot.exact)
        return self._sequence(seq, boost)

    def _sequence(self, seq: list[tuple[str, ...]], boost: float = 1.0) -> wq.Query | None:
        """Terms at consecutive positions, several alternatives allowed at each."""
        seq = [alts for alts in seq if alts]
        if not seq:
            return None
        if len(seq) == 1:
            return self._terms(seq[0], boost)
        per_field = []
        for field, weight in self.fields.items():
            if all(len(alts) == 1 for alts in seq):
                per_field.append(
                    wq.Phrase(field, [alts[0] for alts in seq], boost=weight * boost)
                )
            else:
                clauses = [
                    SpanAny([wq.Term(field, t) for t in alts])
                    if len(alts) > 1 else wq.Term(field, alts[0])
                    for alts in seq
                ]
                near = spans.SpanNear2(clauses, slop=1, ordered=True)
                near.boost = weight * boost
                per_field.append(near)
        return _combine(wq.Or, per_field)


def _letters(word: str) -> int:
    """Letters and digits of a word, vowel signs and virama not counted (प्र has two)."""
    return sum(1 for ch in word if unicodedata.category(ch)[0] in "LN")


def _syllables(word: str) -> int:
    """Aksharas in a Devanagari word: consonants and independent vowels not joined to the
    letter before by a virama (प्रूफ has two, यों one)."""
    count = 0
    for i, ch in enumerate(word):
        if ch.isalpha() and unicodedata.category(ch) == "Lo" and not (
                i and word[i - 1] == VIRAMA):
            count += 1
    return count


VIRAMA = "\u094d"


def _combine(cls, queries: Iterable[wq.Query | None]) -> wq.Query | None:
    qs_ = [q for q in queries if q is not None]
    if not qs_:
        return None
    if len(qs_) == 1:
        return qs_[0]
    return cls(qs_)
