"""Latin-script (Hinglish) queries against the Devanagari queries they mean (issue 14).

For each row of ``tests/cases/translit-queries.tsv``: how much of the Devanagari query's top 10
the Latin query's top 10 contains (target: 90%), on the seeds and on an index of
``../shared/data/news-dev`` plus generated articles (:mod:`tests.bench.corpus`, 2,000 articles
of HiNER/IL-NER/XQuAD sentences). Rows whose Devanagari query finds nothing in an index are
not counted there. Then false friends: pronounceable made-up words and English words that
mean nothing there should find nothing; and a sweep of the key map's similarity threshold
(``search.translit.keymap.MIN_SIMILARITY``) over both figures, which is how it was chosen.

Run: ``python -m tests.eval.translit [--shared DIR] [--rows] [--sweep]``.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from search.engine import Engine
from search.index.facets import FacetStore
from search.index.generations import current_generation, open_generation
from search.index.writer import rebuild
from search.models import SearchRequest
from search.translit import keymap
from tests.shared_data import missing_reason, shared_dir

REPO = Path(__file__).resolve().parents[2]
TABLE = REPO / "tests" / "cases" / "translit-queries.tsv"
TARGET = 0.9
GENERATED = 2000
#: English words a Hindi news archive has no Hindi word for; reading one as Hindi is a false
#: friend. Everyday words, not chosen by what the key map does with them.
ENGLISH = ("weather", "computer", "keyboard", "butterfly", "umbrella", "yesterday", "window",
           "breakfast", "happiness", "purple", "elephant", "mountain", "library", "kitchen",
           "blanket", "whisper", "thunder", "garden", "pencil", "bridge")


@dataclass(frozen=True)
class Row:
    latin: str
    devanagari: str
    kind: str


def load_rows(path: Path = TABLE) -> list[Row]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            latin, devanagari, kind = line.split("\t")
            rows.append(Row(latin, devanagari, kind))
    return rows


def top_ids(engine: Engine, q: str, literal: bool = False) -> list[str]:
    return [h.id for h in engine.search(SearchRequest(q=q, literal=literal)).hits]


def overlap(engine: Engine, row: Row) -> float | None:
    """Share of the Devanagari query's top 10 in the Latin query's; None when the Devanagari
    query finds nothing."""
    meant = top_ids(engine, row.devanagari)
    if not meant:
        return None
    got = set(top_ids(engine, row.latin))
    return sum(1 for d in meant if d in got) / len(meant)


def made_up_words(n: int = 60, seed: int = 5) -> list[str]:
    """Pronounceable nonsense (consonant-vowel syllables), the hardest false friends."""
    rng = random.Random(seed)
    cons, vows = "bdfgklmnprstvz", "aeiou"
    return ["".join(rng.choice(cons) + rng.choice(vows) for _ in range(rng.randint(3, 4)))
            for _ in range(n)]


def false_friends(engine: Engine, words: list[str]) -> tuple[int, int]:
    """How many of ``words`` that neither the archive nor its key map should know find an
    article, among those that are not in the archive as written."""
    tried = found = 0
    for word in words:
        if top_ids(engine, word, literal=True):
            continue  # in the archive as written: not nonsense here
        tried += 1
        found += bool(top_ids(engine, word))
    return found, tried


def measure(index: Path, rows: list[Row]) -> dict:
    with Engine(index) as engine:
        scores = {r: overlap(engine, r) for r in rows}
        counted = {r: s for r, s in scores.items() if s is not None}
        friends = false_friends(engine, made_up_words())
        english = false_friends(engine, list(ENGLISH))
    return {
        "rows": counted,
        "counted": len(counted),
        "mean": sum(counted.values()) / len(counted) if counted else 0.0,
        "at_target": sum(1 for s in counted.values() if s >= TARGET),
        "made_up": friends,
        "english": english,
    }


def build(sources: list[Path], folder: Path) -> Path:
    index = folder / "index"
    rebuild(sources, index, full=True, jobs=1)
    return index


def refresh_keymap(index: Path) -> None:
    """A kept index (``--keep``) gets the key map of this version of search/translit."""
    folder = current_generation(index)
    store = FacetStore.load(folder)
    names = [n for f in store.facets.values() for n in f.values]
    with open_generation(folder).reader() as reader:
        keymap.write(folder, reader, names)


def news_dev_sources(data: Path, folder: Path) -> list[Path]:
    from tests.bench.corpus import CorpusSpec, article_sentences, write_corpus

    src = folder / "src"
    src.mkdir()
    with (src / "news-dev.jsonl").open("w", encoding="utf-8") as out:
        for line in (data / "news-dev" / "articles.jsonl").read_text(encoding="utf-8").splitlines():
            if line.strip():
                article = json.loads(line)
                out.write(json.dumps({"id": article["id"], "title": "", "text": article["text"]},
                                     ensure_ascii=False) + "\n")
    write_corpus(src / "generated", article_sentences(data), CorpusSpec(n_docs=GENERATED))
    return [src, REPO / "seeds"]


def report(name: str, figures: dict, show_rows: bool) -> None:
    n = figures["counted"]
    print(f"{name}: {n} of the table's queries find something in Devanagari; Latin top 10 "
          f"holds {figures['mean']:.1%} of the Devanagari top 10 on average, "
          f">= {TARGET:.0%} for {figures['at_target']} of {n}")
    found, tried = figures["made_up"]
    efound, etried = figures["english"]
    print(f"  false friends: {found} of {tried} made-up words and {efound} of {etried} "
          f"English words find an article")
    if show_rows:
        for row, score in sorted(figures["rows"].items(), key=lambda item: item[1]):
            print(f"  {score:5.0%}  {row.latin}  ->  {row.devanagari}  ({row.kind})")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", help="the shared folder (default ../shared)")
    ap.add_argument("--rows", action="store_true", help="list each row's overlap")
    ap.add_argument("--sweep", action="store_true", help="also sweep MIN_SIMILARITY")
    ap.add_argument("--keep", help="build the indexes in this folder and keep them")
    args = ap.parse_args(argv)
    rows = load_rows()
    data = shared_dir(args.shared) / "data"
    folder = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="talaash-translit-"))
    try:
        indexes = {"seeds": folder / "seeds" / "index"}
        if not indexes["seeds"].exists():
            (folder / "seeds").mkdir(parents=True, exist_ok=True)
            build([REPO / "seeds"], folder / "seeds")
        else:
            refresh_keymap(indexes["seeds"])
        reason = missing_reason(data / "news-dev" / "articles.jsonl",
                                data / "hiner" / "hiner-dev.conll")
        if reason:
            print(f"news-dev + generated skipped: {reason}")
        else:
            indexes["news-dev + generated"] = folder / "news" / "index"
            if not indexes["news-dev + generated"].exists():
                (folder / "news").mkdir(parents=True, exist_ok=True)
                build(news_dev_sources(data, folder / "news"), folder / "news")
            else:
                refresh_keymap(indexes["news-dev + generated"])
        print(f"{len(rows)} Latin queries (tests/cases/translit-queries.tsv); similarity "
              f"threshold {keymap.MIN_SIMILARITY}")
        for name, index in indexes.items():
            report(name, measure(index, rows), args.rows)
        if args.sweep:
            sweep(indexes, rows)
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)
    return 0


def sweep(indexes: dict[str, Path], rows: list[Row]) -> None:
    chosen = keymap.MIN_SIMILARITY
    try:
        for threshold in (0.5, 0.6, 0.7, 0.8, 0.9):
            keymap.MIN_SIMILARITY = threshold
            for name, index in indexes.items():
                f = measure(index, rows)
                print(f"  threshold {threshold}: {name}: mean {f['mean']:.1%}, >= target "
                      f"{f['at_target']}/{f['counted']}, false friends made-up "
                      f"{f['made_up'][0]}/{f['made_up'][1]}, English "
                      f"{f['english'][0]}/{f['english'][1]}")
    finally:
        keymap.MIN_SIMILARITY = chosen


if __name__ == "__main__":
    sys.exit(main())
