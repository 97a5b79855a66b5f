"""Real Hindi text for benchmarks, read from ../shared/data (never copied into the repo).

HiNER and IL-NER store one token per line; sentences are rebuilt by joining tokens with spaces.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path


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


def hindi_sentences(data: Path) -> list[str]:
    """Every sentence of HiNER and IL-NER: about 21,000 sentences of news and tourism text."""
    return [s for f in sentence_files(data) for s in conll_sentences(f)]
