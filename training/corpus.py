"""Training and test data for the entity tagger: three Hindi NER datasets made into one.

HiNER (Murthy et al., LREC 2022), IL-NER (Bhashini) and MultiCoNER II (SemEval-2023) label
different things in different ways, and IL-NER's files have malformed tags. This module reads
them tolerantly, counting every repair, and unifies them:

- labels: PER, LOC and ORG in BIO (HiNER's PERSON/LOCATION/ORGANIZATION, IL-NER's NEP/NEL/NEO,
  MultiCoNER's fine types by its own coarse groups, :data:`MULTICONER_LABELS`); every other
  type (dates, numbers, artefacts, creative works, products ...) is O;
- titles: IL-NER's convention, titles outside person spans. HiNER's leading titles (श्री,
  जनरल, डॉ) are stripped from its spans, because talaash's canonical names never hold them;
- split: decided by a stable hash of each sentence's text, never by file order or a random
  seed, so it is the same on every machine and identical sentences always land on one side.
  test = IL-NER dev + HiNER sentences with ``md5 % 5 == 0``; train = IL-NER train + the rest of
  HiNER + MultiCoNER II train, minus any sentence whose text is also in test. MultiCoNER II's
  own dev file is its test (:mod:`tests.eval.spans_pipeline`), never trained on. Tuning uses a
  dev carve-out of train chosen the same way (``md5 % 5 == 1``); the test split is only ever
  used for the final figures.

The tagger sees raw text through :func:`search.extract.ner.tokens.ner_tokens`, which may cut a
dataset token further (HiNER's ``"अभियान`` is a quote and a word). :func:`runtime_sentence`
re-tokenizes each sentence that way and moves its labels onto the new tokens, so the model learns
from exactly the tokens it will meet.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from search.analysis.normalize import fold
from search.extract.names import TITLES
from search.extract.ner.tagger import bio_spans
from search.extract.ner.tokens import NerToken, ner_tokens

LABELS = ("PER", "LOC", "ORG")
#: Dataset entity types → unified labels; types not listed here become O.
TYPE_LABELS = {
    "PERSON": "PER", "LOCATION": "LOC", "ORGANIZATION": "ORG",  # HiNER
    "NEP": "PER", "NEL": "LOC", "NEO": "ORG",  # IL-NER
    "PER": "PER", "LOC": "LOC", "ORG": "ORG",
}
HINER = "hiner"
ILNER = "ilner"
MULTICONER = "multiconer"
#: MultiCoNER II's fine types → unified labels, by the data set's own coarse groups (Person,
#: Location, and the Group types that are organisations); the rest (works, products, medical,
#: ...) is O.
MULTICONER_LABELS = {
    **dict.fromkeys(("Artist", "Athlete", "Cleric", "Politician", "Scientist",
                     "SportsManager", "OtherPER"), "PER"),
    **dict.fromkeys(("HumanSettlement", "Facility", "Station", "OtherLOC"), "LOC"),
    **dict.fromkeys(("ORG", "SportsGRP", "PublicCorp", "PrivateCorp", "MusicalGRP",
                     "CarManufacturer", "AerospaceManufacturer"), "ORG"),
}
#: A tag whose type was lost (IL-NER's bare "-"): it continues a preceding entity or is O.
UNKNOWN_TYPE = "?"


@dataclass(frozen=True, slots=True)
class Sentence:
    """One annotated sentence in its dataset's tokenization, labels already unified."""

    tokens: tuple[str, ...]
    labels: tuple[str, ...]
    source: str

    @property
    def text(self) -> str:
        return " ".join(self.tokens)


@dataclass
class Repairs:
    """What tolerant reading changed, by kind, for the report."""

    counts: Counter = field(default_factory=Counter)

    def add(self, kind: str, n: int = 1) -> None:
        self.counts[kind] += n

    def lines(self) -> list[str]:
        return [f"{n:>6}  {kind}" for kind, n in sorted(self.counts.items(), key=lambda kv: -kv[1])]


_PREFIXED = re.compile(r"([BI])([^A-Z0-9]+)([A-Z]+)")
_TYPE_ONLY = re.compile(r"[^A-Z0-9]*([A-Z]{2,})")
_NO_TYPE = re.compile(r"[^A-Z0-9]+")


def parse_tag(raw: str, repairs: Repairs) -> tuple[str | None, str | None]:
    """``(prefix, label)`` of one raw tag: prefix "B", "I" or None when missing; label a unified
    label, :data:`UNKNOWN_TYPE`, or None for O (and for types talaash does not extract)."""
    tag = raw.strip()
    if tag != raw:
        repairs.add("stray whitespace around a tag")
    if tag != tag.upper():
        repairs.add("lowercase tag")
        tag = tag.upper()
    if tag in ("", "O"):
        return None, None
    if m := _PREFIXED.fullmatch(tag):
        prefix, separator, entity_type = m.groups()
        if separator != "-":
            repairs.add(f"odd separator {separator.strip() or 'space'!r} in a tag")
        return prefix, TYPE_LABELS.get(entity_type)
    if m := _TYPE_ONLY.fullmatch(tag):
        repairs.add("missing B-/I- prefix")
        return None, TYPE_LABELS.get(m.group(1))
    if _NO_TYPE.fullmatch(tag):
        return None, UNKNOWN_TYPE
    repairs.add("unreadable tag read as O")
    return None, None


def decode_bio(tags: list[tuple[str | None, str | None]], repairs: Repairs) -> list[str]:
    """Well-formed BIO labels from parsed tags: a missing prefix continues an entity of the same
    type or begins one; an I- that follows nothing of its type begins one; a tag with no type
    continues the entity before it, or is O."""
    labels: list[str] = []
    previous: str | None = None
    for prefix, label in tags:
        if label == UNKNOWN_TYPE:
            repairs.add("tag without a type: continued the entity before it" if previous
                        else "tag without a type: read as O")
            label, prefix = previous, "I"
        if label is None:
            labels.append("O")
        elif prefix == "B" or previous != label:
            if prefix == "I":
                repairs.add("I- with no entity of its type before it: read as B-")
            labels.append(f"B-{label}")
        else:
            labels.append(f"I-{label}")
        previous = label
    return labels


def _split_line(line: str, repairs: Repairs) -> tuple[str, str] | None:
    """``(token, raw tag)`` of one non-blank line, or None when it holds no token."""
    fields = line.split("\t")
    if len(fields) < 2:
        fields = line.split()
        if len(fields) < 2:
            repairs.add("line with a single field: skipped")
            return None
        repairs.add("space instead of a tab between token and tag")
    if len(fields) > 2:
        repairs.add("extra fields on a line: last one read as the tag")
    token = fields[0].strip()
    if not token:
        repairs.add("line without a token: skipped")
        return None
    return token, fields[-1]


def read_conll(lines: Iterable[str], source: str, repairs: Repairs) -> Iterator[Sentence]:
    """Sentences of a ``token<TAB>tag`` file (blank line between sentences), read tolerantly."""
    tokens: list[str] = []
    tags: list[tuple[str | None, str | None]] = []
    for line in [*lines, ""]:
        line = line.rstrip("\r\n")
        if line.strip():
            pair = _split_line(line, repairs)
            if pair:
                tokens.append(pair[0])
                tags.append(parse_tag(pair[1], repairs))
        elif tokens:
            labels = decode_bio(tags, repairs)
            yield strip_titles(Sentence(tuple(tokens), tuple(labels), source), repairs)
            tokens, tags = [], []


def read_multiconer(lines: Iterable[str]) -> Iterator[Sentence]:
    """Sentences of a MultiCoNER ``word _ _ TAG`` file (``# id`` line and blank lines between
    sentences), labels mapped by :data:`MULTICONER_LABELS`, titles stripped from persons."""
    tokens: list[str] = []
    labels: list[str] = []
    for line in [*lines, ""]:
        fields = line.split()
        if line.startswith("# id") or not fields:
            if tokens:
                yield strip_titles(Sentence(tuple(tokens), tuple(labels), MULTICONER))
            tokens, labels = [], []
            continue
        prefix, _, fine = fields[-1].partition("-")
        label = MULTICONER_LABELS.get(fine)
        tokens.append(fields[0])
        labels.append(f"{prefix}-{label}" if label and prefix in ("B", "I") else "O")


def _is_title_or_mark(token: str) -> bool:
    folded = fold(token)
    return not folded or folded in TITLES or not any(ch.isalnum() for ch in token)


def strip_titles(sentence: Sentence, repairs: Repairs | None = None) -> Sentence:
    """Leading titles (and marks such as the dot of डॉ.) leave person spans: the talaash and
    IL-NER convention. A span of nothing but titles is no person at all."""
    labels = list(sentence.labels)
    for i, label in enumerate(labels):
        if label != "B-PER":
            continue
        j = i
        while j < len(labels) and labels[j].endswith("PER") and _is_title_or_mark(
            sentence.tokens[j]
        ):
            labels[j] = "O"
            j += 1
        if j > i:
            if repairs is not None:
                repairs.add(f"{sentence.source}: title stripped from a person span")
            if j < len(labels) and labels[j] == "I-PER":
                labels[j] = "B-PER"
    return Sentence(sentence.tokens, tuple(labels), sentence.source)


def read_file(path: Path, source: str, repairs: Repairs) -> list[Sentence]:
    with path.open(encoding="utf-8") as f:
        return list(read_conll(f, source, repairs))


def text_hash(text: str) -> int:
    """The stable hash that decides a sentence's side of every split."""
    return int(hashlib.md5(text.encode("utf-8")).hexdigest(), 16)


def is_held_out(sentence: Sentence) -> bool:
    return text_hash(sentence.text) % 5 == 0


def is_dev(sentence: Sentence) -> bool:
    """The tuning carve-out of train (disjoint from :func:`is_held_out` by construction)."""
    return text_hash(sentence.text) % 5 == 1


@dataclass
class Split:
    train: list[Sentence]
    test: list[Sentence]
    repairs: Repairs
    dropped_duplicates: int = 0

    def dev_carve_out(self) -> tuple[list[Sentence], list[Sentence]]:
        """``(fit, dev)``: train without and with its tuning sentences."""
        return [s for s in self.train if not is_dev(s)], [s for s in self.train if is_dev(s)]


def data_files(shared: Path) -> dict[str, Path]:
    data = shared / "data"
    return {
        "hiner": data / "hiner" / "hiner-dev.conll",
        "ilner-train": data / "ilner" / "ilner-hi-train.txt",
        "ilner-dev": data / "ilner" / "ilner-hi-dev.txt",
        "multiconer-train": data / "multiconer2-hi" / "hi-train.conll",
    }


def load_split(shared: Path, multiconer: bool = True) -> Split:
    """The unified train/test split from ``shared/data`` (see the module docstring);
    ``multiconer=False`` leaves MultiCoNER II out of train (for measuring what it brings)."""
    files, repairs = data_files(shared), Repairs()
    hiner = read_file(files["hiner"], HINER, repairs)
    test = read_file(files["ilner-dev"], ILNER, repairs) + [s for s in hiner if is_held_out(s)]
    wiki: list[Sentence] = []
    if multiconer:
        with files["multiconer-train"].open(encoding="utf-8") as f:
            wiki = list(read_multiconer(f))
    train = read_file(files["ilner-train"], ILNER, repairs) + [
        s for s in hiner if not is_held_out(s)
    ] + wiki
    test_texts = {s.text for s in test}
    kept = [s for s in train if s.text not in test_texts]
    return Split(kept, test, repairs, dropped_duplicates=len(train) - len(kept))


@dataclass(frozen=True, slots=True)
class RuntimeSentence:
    """A dataset sentence as the tagger meets raw text: ``text`` is its tokens joined by
    spaces, ``tokens`` come from :func:`ner_tokens`, ``gold`` are character spans."""

    text: str
    tokens: list[NerToken]
    labels: list[str]
    gold: list[tuple[int, int, str]]
    source: str = ""


def _is_word(token: str) -> bool:
    return any(ch.isalnum() for ch in token)


def runtime_sentence(sentence: Sentence) -> RuntimeSentence:
    """Re-tokenize with :func:`ner_tokens` and carry the gold spans over; a span loses leading
    and trailing punctuation (a tagger cannot be asked to include HiNER's quote marks)."""
    text, starts, offset = sentence.text, [], 0
    for token in sentence.tokens:
        starts.append(offset)
        offset += len(token) + 1
    tokens = ner_tokens(text)
    labels, gold = ["O"] * len(tokens), []
    for first, stop, label in bio_spans(sentence.labels):
        lo, hi = starts[first], starts[stop - 1] + len(sentence.tokens[stop - 1])
        inside = [k for k, t in enumerate(tokens) if lo <= t.start and t.end <= hi]
        while inside and not _is_word(tokens[inside[0]].text):
            inside.pop(0)
        while inside and not _is_word(tokens[inside[-1]].text):
            inside.pop()
        if not inside:
            continue
        for k in range(inside[0], inside[-1] + 1):
            labels[k] = ("B-" if k == inside[0] else "I-") + label
        gold.append((tokens[inside[0]].start, tokens[inside[-1]].end, label))
    return RuntimeSentence(text, tokens, labels, gold, sentence.source)
