"""Real Hindi text for benchmarks, read from ../shared/data (never copied into the repo).

HiNER and IL-NER store one token per line; sentences are rebuilt by joining tokens with spaces.
XQuAD-hi paragraphs are split after each danda. :func:`write_corpus` turns them into articles.
"""

from __future__ import annotations

import hashlib
import json
import random
from collections import Counter
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

import regex

#: Bump when the articles that :func:`write_corpus` writes change for the same parameters.
GENERATOR_VERSION = 2
#: A word of the query vocabulary: letters with their marks, starting in the Devanagari block.
_WORD = regex.compile(r"[\p{L}\p{M}]+")
_SENTENCE_END = regex.compile(r"(?<=[।?!])\s+")


def conll_sentences(path: Path) -> Iterator[str]:
    """Sentences of a ``token<TAB>tag`` file with blank lines between sentences."""
    tokens: list[str] = []
    with path.open(encoding="utf-8") as f:
        for line in f:
            token = line.split("\t", 1)[0].strip()
            if token:
                tokens.append(token)
            elif tokens:
                yield " ".join(tokens)
                tokens = []
    if tokens:
        yield " ".join(tokens)


def sentence_files(data: Path) -> list[Path]:
    return [
        data / "hiner" / "hiner-dev.conll",
        data / "ilner" / "ilner-hi-train.txt",
        data / "ilner" / "ilner-hi-dev.txt",
    ]


def article_files(data: Path) -> list[Path]:
    """Every file the generated articles draw sentences from."""
    return [*sentence_files(data), data / "xquad-hi" / "eval-corpus.jsonl"]


def hindi_sentences(data: Path) -> list[str]:
    """Every sentence of HiNER and IL-NER: about 21,000 sentences of news and tourism text."""
    return [s for f in sentence_files(data) for s in conll_sentences(f)]


def xquad_sentences(path: Path) -> Iterator[str]:
    """The sentences of XQuAD-hi's Wikipedia paragraphs (one JSON object per line)."""
    with path.open(encoding="utf-8") as f:
        for line in f:
            if line.strip():
                for sentence in _SENTENCE_END.split(json.loads(line)["text"]):
                    if len(sentence.split()) >= 3:
                        yield sentence.strip()


def article_sentences(data: Path) -> list[str]:
    """The sentence pool of the generated articles, in a fixed order, each sentence once."""
    pool = [*hindi_sentences(data), *xquad_sentences(article_files(data)[-1])]
    return list(dict.fromkeys(s for s in pool if len(s.split()) >= 3))


@dataclass(frozen=True)
class CorpusSpec:
    """Everything that decides a generated corpus (with the source files' contents)."""

    n_docs: int
    seed: int = 7
    min_sentences: int = 8
    max_sentences: int = 20
    first_year: int = 2019
    last_year: int = 2024


def fingerprint(spec: CorpusSpec, data: Path) -> str:
    """A key that changes when the generator, its parameters or its source text change."""
    h = hashlib.sha256(json.dumps([GENERATOR_VERSION, asdict(spec)]).encode())
    for path in article_files(data):
        h.update(path.name.encode())
        h.update(hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()[:16]


def article_path(folder: Path, i: int) -> Path:
    return folder / f"{i // 1000:03d}" / f"{i:06d}.txt"


def write_corpus(folder: Path, sentences: list[str], spec: CorpusSpec) -> dict[str, int]:
    """Write ``spec.n_docs`` articles of real sentences, paragraphs of up to four sentences,
    each ending in a timestamp line (its publication date); returns each word's document
    frequency, the vocabulary the query mix is drawn from."""
    rng = random.Random(spec.seed)
    df: Counter[str] = Counter()
    for i in range(spec.n_docs):
        chosen = rng.sample(sentences, rng.randint(spec.min_sentences, spec.max_sentences))
        paragraphs = [" ".join(chosen[k : k + 4]) for k in range(0, len(chosen), 4)]
        day = (f"{rng.randint(spec.first_year, spec.last_year)}-{rng.randint(1, 12):02d}-"
               f"{rng.randint(1, 28):02d} {rng.randint(6, 22):02d}:{rng.randint(0, 59):02d}:00")
        path = article_path(folder, i)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("\n\n".join(paragraphs) + f"\n{day}\n", encoding="utf-8")
        df.update(set(vocabulary_words(" ".join(chosen))))
    return dict(df)


def vocabulary_words(text: str) -> list[str]:
    """The Devanagari words of ``text``, as a person would type them."""
    return [w for w in _WORD.findall(text) if "\u0900" <= w[0] <= "\u097f"]


def change_files(src: Path, dst: Path, fraction: float, seed: int = 11) -> int:
    """A copy of the corpus ``src`` at ``dst`` (hard links) with ``fraction`` of its articles
    edited, so the cached corpus itself never changes; returns how many were edited."""
    files = sorted(src.rglob("*.txt"))
    for path in files:
        target = dst / path.relative_to(src)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.hardlink_to(path)
    chosen = random.Random(seed).sample(files, max(1, int(len(files) * fraction)))
    for path in chosen:
        target = dst / path.relative_to(src)
        text = path.read_text(encoding="utf-8")
        target.unlink()
        target.write_text("अद्यतन: " + text, encoding="utf-8")
    return len(chosen)
