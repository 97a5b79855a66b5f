"""People and places on 40 real news articles (``../shared/data/news-dev``), as a user sees them.

The seeds are five articles the rules were written on; news-dev is real BBC Hindi and regional
newswire that nothing here was tuned on, so it is the figure issue 9's targets are set on. The
articles go through the product exactly as a user's would: written to a temporary ``.jsonl``
(``id``, ``text``), indexed by ``talaash rebuild --full`` in a subprocess, then read back with
``talaash search --json ""``. Each hit's ``persons`` and ``places`` (the collection-wide display
names of the facets) are scored against ``gold.json`` by the rules of ``news-dev/README.md``:

- names match loosely (:func:`name_keys`: NFC, ZWJ/ZWNJ, nukta, candra, vowel length, virama
  and hyphens folded);
- a person may be listed by a fuller name that another article's gold uses (आडवाणी may be
  listed as लालकृष्ण आडवाणी when another article's gold says लालकृष्ण आडवाणी);
- a second listed name for a gold entity already matched is a duplicate: an error;
- a listed name that matches no gold entity and no optional name of its kind is an error; a
  gold entity that nothing matches is a miss; optional names count neither way.

Run: ``make eval`` or ``python -m tests.eval.news_dev [--shared DIR] [--errors] [--json FILE]``.
"""

from __future__ import annotations

import argparse
import itertools
import json
import re
import subprocess
import sys
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from search.analysis.normalize import VIRAMA, readings
from tests.shared_data import REPO, missing_reason, shared_dir

KINDS = ("persons", "places")
SOURCES = ("BBC", "FIRE")
#: ASCII hyphen-minus and the Unicode hyphens and dashes that join compound names.
_HYPHENS = re.compile("[-\u2010\u2011\u2012\u2013\u2014\u2212\u00ad]")
#: U+093E ा, the dependent long ā. :func:`search.analysis.normalize.shorten_vowels` keeps it
#: (for words, कम ≠ काम), but the README folds every vowel length in names: काश्मीर = कश्मीर.
_AA_SIGN = "\u093e"


# --- loose names ------------------------------------------------------------------------------


def word_keys(word: str) -> frozenset[str]:
    """Every loose form of one word. The product's :func:`readings` does NFC, joiners, nukta,
    chandrabindu, candra vowels (ॉ with both its readings) and long vowels; the scorer adds the
    ā sign, and a reading with the virama dropped before the nasal rule (हिन्दी = हिनदी as well
    as हिंदी)."""
    forms = set(readings(word)) | set(readings(word.replace(VIRAMA, "")))
    return frozenset(f.replace(_AA_SIGN, "") for f in forms if f)


def name_words(name: str, hyphen: str = " ") -> list[frozenset[str]]:
    """A name's words as loose key sets, hyphens read as ``hyphen`` (a space or nothing)."""
    words = _HYPHENS.sub(hyphen, name).split()
    return [keys for keys in map(word_keys, words) if keys]


def name_keys(name: str) -> frozenset[str]:
    """Every loose form of a whole name; two names match when their sets meet. A hyphen folds
    both ways: किम जोंग-इल = किम जोंग इल = किम जोंगइल."""
    keys: set[str] = set()
    for hyphen in (" ", ""):
        words = name_words(name, hyphen)
        keys.update(" ".join(combo) for combo in itertools.product(*words))
    return frozenset(keys)


def is_part_of(short: str, full: str) -> bool:
    """Whether ``short``'s words appear in ``full`` in order (आडवाणी in लालकृष्ण आडवाणी,
    नरेंद्र मोदी in नरेंद्र दामोदरदास मोदी)."""
    remaining = iter(name_words(full))
    return all(any(word & other for other in remaining) for word in name_words(short))


# --- gold and matching ------------------------------------------------------------------------


@dataclass
class Entity:
    canonical: str
    names: tuple[str, ...]
    keys: frozenset[str]


@dataclass
class ArticleGold:
    """One article's gold: entities per kind, and optional names per kind."""

    entities: dict[str, list[Entity]]
    optional: dict[str, frozenset[str]]


def load_gold(raw: dict) -> dict[str, ArticleGold]:
    """``gold.json`` → per article the entities (canonical + aliases) and optional name keys."""
    out = {}
    for doc_id, g in raw.items():
        entities = {kind: [] for kind in KINDS}
        for kind in KINDS:
            for canonical, aliases in g.get(kind, {}).items():
                names = tuple(dict.fromkeys([canonical, *aliases]))
                keys = frozenset().union(*map(name_keys, names))
                entities[kind].append(Entity(canonical, names, keys))
        optional = {kind: set() for kind in KINDS}
        for o in g.get("optional", []):
            optional["persons" if o["kind"] == "person" else "places"] |= name_keys(o["name"])
        out[doc_id] = ArticleGold(entities, {k: frozenset(v) for k, v in optional.items()})
    return out


def person_owners(gold: dict[str, ArticleGold]) -> dict[str, set[str]]:
    """Loose key of every gold person name → the articles whose gold uses it (fuller-name rule)."""
    owners: dict[str, set[str]] = defaultdict(set)
    for doc_id, g in gold.items():
        for entity in g.entities["persons"]:
            for key in entity.keys:
                owners[key].add(doc_id)
    return owners


def fullest_names(entity: Entity) -> list[str]:
    """The entity's names with the most words: what the article itself knows of the person."""
    counts = {n: len(name_words(n)) for n in entity.names}
    return [n for n, c in counts.items() if c == max(counts.values())]


def candidates(listed: str, entities: list[Entity], elsewhere: bool) -> list[int]:
    """The gold entities a listed name may stand for: by loose match, or (``elsewhere``: the
    name is another article's gold person) when the entity's fullest name is part of it. Only
    the fullest: an alias सिंह of नटवर सिंह does not make मनमोहन सिंह that person."""
    keys = name_keys(listed)
    return [i for i, e in enumerate(entities) if keys & e.keys
            or (elsewhere and any(is_part_of(n, listed) for n in fullest_names(e)))]


def _max_matching(options: list[list[int]]) -> dict[int, int]:
    """Entity → listed name, as many pairs as possible (Kuhn's augmenting paths): when one
    listed name could be either of two entities, it must not steal the other's only match."""
    owner: dict[int, int] = {}

    def augment(listed: int, seen: set[int]) -> bool:
        for entity in options[listed]:
            if entity not in seen:
                seen.add(entity)
                if entity not in owner or augment(owner[entity], seen):
                    owner[entity] = listed
                    return True
        return False

    for listed in range(len(options)):
        augment(listed, set())
    return owner


@dataclass
class Score:
    """Counts for one kind in one article (or summed), and the errors behind them."""

    tp: int = 0
    spurious: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)
    neutral: list[str] = field(default_factory=list)
    #: Listed names matched by the fuller-name rule only, as "listed (for gold)".
    fuller: list[str] = field(default_factory=list)

    @property
    def fp(self) -> int:
        return len(self.spurious) + len(self.duplicates)

    def add(self, other: Score) -> Score:
        return Score(self.tp + other.tp, self.spurious + other.spurious,
                     self.duplicates + other.duplicates, self.misses + other.misses,
                     self.neutral + other.neutral, self.fuller + other.fuller)

    def figures(self) -> dict:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + len(self.misses)) if self.tp + len(self.misses) else 0.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        return {"P": p, "R": r, "F1": f1, "tp": self.tp, "fp": self.fp,
                "duplicates": len(self.duplicates), "fn": len(self.misses),
                "neutral": len(self.neutral), "fuller": len(self.fuller)}


def score_article(listed: list[str], gold: ArticleGold, kind: str, doc_id: str = "",
                  owners: dict[str, set[str]] | None = None) -> Score:
    """Score one article's listed names of one kind against its gold (the README's rules)."""
    entities = gold.entities[kind]
    options = []
    for name in listed:
        others = set().union(*((owners or {}).get(k, set()) for k in name_keys(name)))
        elsewhere = kind == "persons" and bool(others - {doc_id})
        options.append(candidates(name, entities, elsewhere))
    owner = _max_matching(options)
    matched = set(owner.values())
    score = Score(tp=len(owner))
    for entity, i in owner.items():
        if not name_keys(listed[i]) & entities[entity].keys:
            score.fuller.append(f"{listed[i]} (for {entities[entity].canonical})")
    for i, name in enumerate(listed):
        if i in matched:
            continue
        if options[i]:
            score.duplicates.append(f"{name} (= {entities[options[i][0]].canonical})")
        elif name_keys(name) & gold.optional[kind]:
            score.neutral.append(name)
        else:
            score.spurious.append(name)
    score.misses = [e.canonical for i, e in enumerate(entities) if i not in owner]
    return score


def source_of(source: str) -> str:
    """``BBC Hindi (sport)`` → BBC, ``FIRE-2018 EventXtract …`` → FIRE."""
    return "BBC" if source.startswith("BBC") else "FIRE" if source.startswith("FIRE") else source


def score_all(listed: dict[str, dict[str, list[str]]], gold: dict[str, ArticleGold],
              sources: dict[str, str]) -> tuple[dict, dict[str, dict[str, Score]]]:
    """Figures overall and per source, and each article's scores. An article the index does
    not return lists nothing: all its gold is missed."""
    owners = person_owners(gold)
    per_article = {
        doc_id: {kind: score_article(listed.get(doc_id, {}).get(kind, []), g, kind, doc_id,
                                     owners) for kind in KINDS}
        for doc_id, g in gold.items()
    }
    groups = {"all": list(gold), **{s: [d for d in gold if sources.get(d) == s]
                                    for s in SOURCES}}
    figures = {}
    for group, ids in groups.items():
        figures[group] = {}
        for kind in KINDS:
            total = Score()
            for doc_id in ids:
                total = total.add(per_article[doc_id][kind])
            figures[group][kind] = total.figures() | {"articles": len(ids)}
    return figures, per_article


# --- running the product ----------------------------------------------------------------------


def _talaash(*args: str) -> str:
    """Run the product's command line (as ``talaash``, without Flask) from the checkout."""
    done = subprocess.run([sys.executable, "-m", "search.cli", *args], cwd=REPO,
                          capture_output=True, text=True, encoding="utf-8")
    if done.returncode:
        raise RuntimeError(f"talaash {args[0]} failed ({done.returncode}): {done.stderr}")
    return done.stdout


def listed_names(articles: list[dict], folder: Path) -> tuple[dict, str]:
    """Index the articles with ``talaash rebuild --full`` and read back every hit's persons
    and places; also the rebuild's summary line."""
    source, index = folder / "source", folder / "index"
    source.mkdir()
    lines = (json.dumps({"id": a["id"], "text": a["text"]}, ensure_ascii=False)
             for a in articles)
    (source / "news-dev.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    summary = _talaash("rebuild", "--source", str(source), "--index", str(index), "--full")
    listed: dict[str, dict[str, list[str]]] = {}
    for page in itertools.count(1):
        result = json.loads(_talaash("search", "--index", str(index), "--json", "--limit",
                                     "100", "--page", str(page), ""))
        for hit in result["hits"]:
            listed[hit["id"]] = {"persons": hit["persons"], "places": hit["places"]}
        if not result["hits"] or len(listed) >= result["total"]:
            break
    return listed, summary.strip().splitlines()[-1]


# --- report -----------------------------------------------------------------------------------


#: Person and place F1 before issue 9 (commit 8c4d20d), printed beside today's.
BEFORE = {"all": (0.724, 0.703), "BBC": (0.772, 0.813), "FIRE": (0.619, 0.627)}


def format_table(figures: dict) -> str:
    head = f"{'articles':<12}" + "".join(f"{k[:-1] + ' ' + m:>11}" for k in KINDS
                                         for m in ("P", "R", "F1")) + "   tp/fp(dup)/fn per kind"
    lines = [head + "   before F1 person/place (8c4d20d)"]
    for group, kinds in figures.items():
        cells = "".join(f"{kinds[k][m]:>11.3f}" for k in KINDS for m in ("P", "R", "F1"))
        counts = "  ".join(f"{kinds[k]['tp']}/{kinds[k]['fp']}({kinds[k]['duplicates']})/"
                           f"{kinds[k]['fn']}" for k in KINDS)
        before = BEFORE.get(group)
        was = f"   {before[0]:.3f}/{before[1]:.3f}" if before else ""
        lines.append(f"{group + ' (' + str(kinds['persons']['articles']) + ')':<12}{cells}"
                     f"   {counts}{was}")
    return "\n".join(lines)


def format_errors(per_article: dict[str, dict[str, Score]]) -> str:
    """Each article's errors (wrong names, duplicates, misses), then, not errors, the names
    that counted only by the fuller-name rule or as optional: to check the scorer too."""
    lines = []
    for doc_id, kinds in per_article.items():
        for kind, s in kinds.items():
            parts = [(label, items) for label, items in (
                ("wrong", s.spurious), ("duplicate", s.duplicates), ("missed", s.misses),
                ("ok:fuller", s.fuller), ("ok:option", s.neutral)) if items]
            for label, items in parts:
                lines.append(f"{doc_id:<11} {kind:<8} {label:<10} {' | '.join(items)}")
    return "\n".join(lines)


def article_json(per_article: dict[str, dict[str, Score]], listed: dict) -> dict:
    """Per article and kind: what was listed, and the errors and neutral names behind it."""
    return {doc_id: {kind: {"listed": listed.get(doc_id, {}).get(kind, []),
                            "wrong": s.spurious, "duplicate": s.duplicates, "missed": s.misses,
                            "optional": s.neutral, "fuller": s.fuller}
                     for kind, s in kinds.items()} for doc_id, kinds in per_article.items()}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", help="the shared folder (default ../shared)")
    ap.add_argument("--errors", action="store_true", help="also list each article's errors")
    ap.add_argument("--json", help="also write the figures (and each article's errors) here")
    args = ap.parse_args(argv)
    data = shared_dir(args.shared) / "data" / "news-dev"
    reason = missing_reason(data / "articles.jsonl", data / "gold.json")
    if reason:
        print(f"news-dev eval skipped: {reason}")
        return 0
    articles = [json.loads(line) for line in
                (data / "articles.jsonl").read_text(encoding="utf-8").splitlines() if line]
    gold = load_gold(json.loads((data / "gold.json").read_text(encoding="utf-8")))
    sources = {a["id"]: source_of(a["source"]) for a in articles}
    with tempfile.TemporaryDirectory(prefix="talaash-news-dev-") as folder:
        listed, summary = listed_names(articles, Path(folder))
    figures, per_article = score_all(listed, gold, sources)
    print(f"news-dev: {len(articles)} real articles as a user sees them after talaash rebuild "
          f"({summary}); document-level scores by news-dev/README.md")
    print(format_table(figures))
    if args.errors:
        print(format_errors(per_article))
    if args.json:
        out = {"figures": figures, "articles": article_json(per_article, listed)}
        Path(args.json).write_text(json.dumps(out, ensure_ascii=False, indent=2),
                                   encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
