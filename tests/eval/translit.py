"""Latin-script (Hinglish) queries against the Devanagari queries they mean (issue 14).

For each row of ``tests/cases/translit-queries.tsv``: how much of the Devanagari query's top 10
the Latin query's top 10 contains (target: 90%), on the seeds and on an index of
``../shared/data/news-dev`` plus generated articles (:mod:`tests.bench.corpus`, 2,000 articles
of HiNER/IL-NER/XQuAD sentences). Rows whose Devanagari query finds nothing in an index are
not counted there. Then false friends: pronounceable made-up words should find nothing, and
the English words of ``tests/cases/translit-english.tsv`` should find the articles of their
Hindi spelling when the index has it (window is विंडो) and nothing when it has not. Each list
has a part the acceptance rule was developed against and a held-out part (``--held-out``),
scored only once a rule is final. ``--sweep`` varies the key map's similarity floor
(``search.translit.keymap.MIN_SIMILARITY``) and the null model's share of made-up words let
through (``search.translit.chance.ALPHA``), which is how both were chosen.

Run: ``python -m tests.eval.translit [--shared DIR] [--rows] [--sweep] [--held-out]``.
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

import numpy as np

from search.engine import Engine
from search.index.facets import FacetStore
from search.index.generations import current_generation, open_generation
from search.index.writer import rebuild
from search.models import SearchRequest
from search.translit import chance, keymap
from tests.shared_data import missing_reason, shared_dir

REPO = Path(__file__).resolve().parents[2]
TABLE = REPO / "tests" / "cases" / "translit-queries.tsv"
ENGLISH_TABLE = REPO / "tests" / "cases" / "translit-english.tsv"
TARGET = 0.9
GENERATED = 2000
#: Made-up words: the set looked at (seed 5) and the held-out one (another seed, larger).
MADE_UP_LOOK = (60, 5)
MADE_UP_HELD_OUT = (300, 1414)


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


@dataclass(frozen=True)
class English:
    latin: str
    hindi: str
    part: str


def load_english(part: str, path: Path = ENGLISH_TABLE) -> list[English]:
    """The English words of one part ("look" or "held-out")."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            word = English(*line.split("\t"))
            if word.part == part:
                out.append(word)
    return out


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


def english_readings(engine: Engine, words: list[English]) -> dict[str, int]:
    """Of the English words not in the archive as written: ``false``, those that find an
    article though the archive lacks their Hindi spelling, or find other articles than it
    (< TARGET of its top 10); ``read``, those that find their Hindi spelling's articles;
    ``missed``, those whose Hindi spelling is there and that find nothing; out of ``tried``,
    ``with_hindi`` of them having their Hindi spelling in the archive."""
    out = dict.fromkeys(("tried", "with_hindi", "read", "missed", "false"), 0)
    for word in words:
        if top_ids(engine, word.latin, literal=True):
            continue
        out["tried"] += 1
        meant = top_ids(engine, word.hindi)
        got = set(top_ids(engine, word.latin))
        out["with_hindi"] += bool(meant)
        if meant and sum(d in got for d in meant) >= TARGET * len(meant):
            out["read"] += 1
        elif got:
            out["false"] += 1
        elif meant:
            out["missed"] += 1
    return out


def measure(index: Path, rows: list[Row], held_out: bool = False) -> dict:
    with Engine(index) as engine:
        scores = {r: overlap(engine, r) for r in rows}
        counted = {r: s for r, s in scores.items() if s is not None}
        figures = {
            "rows": counted,
            "counted": len(counted),
            "mean": sum(counted.values()) / len(counted) if counted else 0.0,
            "at_target": sum(1 for s in counted.values() if s >= TARGET),
            "made_up": false_friends(engine, made_up_words(*MADE_UP_LOOK)),
            "english": english_readings(engine, load_english("look")),
        }
        if held_out:
            figures["made_up_held_out"] = false_friends(engine, made_up_words(*MADE_UP_HELD_OUT))
            figures["english_held_out"] = english_readings(engine, load_english("held-out"))
    return figures


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
    print(f"  false friends (looked at): {friends_line(figures, '')}")
    if "made_up_held_out" in figures:
        print(f"  false friends (held out): {friends_line(figures, '_held_out')}")
    if show_rows:
        for row, score in sorted(figures["rows"].items(), key=lambda item: item[1]):
            print(f"  {score:5.0%}  {row.latin}  ->  {row.devanagari}  ({row.kind})")


def friends_line(figures: dict, part: str) -> str:
    found, tried = figures["made_up" + part]
    e = figures["english" + part]
    return (f"{found} of {tried} made-up words find an article; English words: {e['false']} "
            f"of {e['tried']} find unrelated articles, {e['read']} of the {e['with_hindi']} "
            f"whose Hindi spelling is here find it, {e['missed']} find nothing")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", help="the shared folder (default ../shared)")
    ap.add_argument("--rows", action="store_true", help="list each row's overlap")
    ap.add_argument("--sweep", action="store_true",
                    help="also sweep MIN_SIMILARITY and the null model's ALPHA")
    ap.add_argument("--held-out", action="store_true",
                    help="also score the held-out made-up and English words")
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
              f"threshold {keymap.MIN_SIMILARITY}, null model alpha {chance.ALPHA}")
        for name, index in indexes.items():
            report(name, measure(index, rows, args.held_out), args.rows)
        if args.sweep:
            sweep(indexes, rows, args.held_out)
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)
    return 0


def sweep(indexes: dict[str, Path], rows: list[Row], held_out: bool = False) -> None:
    chosen = keymap.MIN_SIMILARITY
    try:
        for threshold in (0.5, 0.6, 0.7, 0.8, 0.9):
            keymap.MIN_SIMILARITY = threshold
            _sweep_line(f"threshold {threshold}", indexes, rows, held_out)
    finally:
        keymap.MIN_SIMILARITY = chosen
    try:
        for alpha in (None, 0.01, 0.02, 0.05, 0.1, 0.2):
            for index in indexes.values():
                write_floors(index, alpha)
            _sweep_line(f"alpha {alpha or 'none (no null model)'}", indexes, rows, held_out)
    finally:
        for index in indexes.values():
            write_floors(index, chance.ALPHA)


def write_floors(index: Path, alpha: float | None) -> None:
    """Store the null model's floors at ``alpha`` (none: an empty table) in the generation,
    where each engine loads them (an engine forgets its key map when it closes)."""
    folder = current_generation(index)
    km = keymap.KeyMap.load(folder)
    floors = np.zeros(0) if alpha is None else chance.floors(km.chance_score, alpha=alpha)
    np.save(folder / f"translit.{keymap.CHANCE}.npy", floors)
    keymap.forget(folder)


def _sweep_line(label: str, indexes: dict[str, Path], rows: list[Row], held_out: bool) -> None:
    for name, index in indexes.items():
        f = measure(index, rows, held_out)
        print(f"  {label}: {name}: mean {f['mean']:.1%}, >= target "
              f"{f['at_target']}/{f['counted']}; {friends_line(f, '')}")
        if held_out:
            print(f"    held out: {friends_line(f, '_held_out')}")


if __name__ == "__main__":
    sys.exit(main())
