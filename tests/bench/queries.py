"""The query mix: what readers type, drawn deterministically from the corpus vocabulary.

Words are picked by document-frequency band (a fraction of the corpus, so both sizes get the
same kinds of word): *rare* words (in about one source sentence), *common* words (in 2–15% of
the articles; the stopwords above that are left out), two-word ANDs of a common and a
mid-frequency word from one sentence, "phrases" of two or three consecutive words, and the
successive prefixes of a word as a person types it (one code point per keystroke, sent as
they stand, the way the search box sends them).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from urllib.parse import urlencode

from tests.bench.corpus import vocabulary_words

KINDS = ("rare", "common", "and", "phrase", "prefix")
#: Document-frequency bands, as fractions of the articles.
COMMON = (0.02, 0.15)
MID = (0.002, 0.02)
RARE_MAX = 0.001


@dataclass(frozen=True)
class Query:
    kind: str
    q: str

    def api_path(self) -> str:
        return "/api/search?" + urlencode({"q": self.q})

    def page_path(self) -> str:
        return "/?" + urlencode({"q": self.q})


def _band(df: dict[str, int], n_docs: int, low: float, high: float) -> list[str]:
    words = [w for w, n in df.items() if low * n_docs <= n <= high * n_docs and len(w) >= 2]
    return sorted(words, key=lambda w: (-df[w], w))


def query_mix(df: dict[str, int], sentences: list[str], n_docs: int, per_kind: int = 30,
              typed_words: int = 6, seed: int = 5) -> list[Query]:
    """``per_kind`` queries of each kind plus the prefixes of ``typed_words`` words, each
    query once (so a result cache cannot answer one from an earlier one)."""
    rng = random.Random(seed)
    common = _band(df, n_docs, *COMMON)
    mid = _band(df, n_docs, *MID)
    rare = [w for w, n in sorted(df.items()) if 2 <= n <= max(2, RARE_MAX * n_docs)]
    common_set, mid_set = set(common), set(mid)
    out = [Query("rare", w) for w in rng.sample(rare, min(per_kind, len(rare)))]
    out += [Query("common", w) for w in rng.sample(common, min(per_kind, len(common)))]
    ands, phrases = [], []
    for sentence in rng.sample(sentences, min(len(sentences), 50 * per_kind)):
        words = vocabulary_words(sentence)
        pair = ([w for w in words if w in common_set], [w for w in words if w in mid_set])
        if len(ands) < per_kind and pair[0] and pair[1] and pair[0][0] != pair[1][0]:
            ands.append(Query("and", f"{rng.choice(pair[0])} {rng.choice(pair[1])}"))
        run = _phrase(words, rng, df, n_docs)
        if len(phrases) < per_kind and run:
            phrases.append(Query("phrase", f'"{run}"'))
    out += ands + phrases
    for word in rng.sample([w for w in mid if 5 <= len(w) <= 9], typed_words):
        out += [Query("prefix", word[:k]) for k in range(1, len(word) + 1)]
    seen: set[str] = set()
    return [q for q in out if not (q.q in seen or seen.add(q.q))]


def _phrase(words: list[str], rng: random.Random, df: dict[str, int], n_docs: int) -> str:
    """Two or three consecutive words of a sentence, not starting or ending on a word that is
    in more than 15% of the articles (a phrase a reader would quote)."""
    size = rng.choice((2, 3))
    if len(words) < size:
        return ""
    start = rng.randrange(len(words) - size + 1)
    run = words[start : start + size]
    if any(df.get(w, 0) > COMMON[1] * n_docs for w in (run[0], run[-1])):
        return ""
    return " ".join(run)


def by_kind(values: list[float], queries: list[Query]) -> dict[str, list[float]]:
    out: dict[str, list[float]] = {k: [] for k in KINDS}
    for value, query in zip(values, queries, strict=True):
        out[query.kind].append(value)
    return out
