"""A Hindi-aware edit distance for "did you mean": the slips Hindi typists make cost less than
a consonant.

Both words are compared in their folded forms (search/analysis/normalize.py), so a nukta,
chandrabindu, vowel-length or halant slip costs nothing: the index already holds them as one
word. What folding keeps apart but a reader confuses costs less than 1, from the table
``search/data/spelling-costs.tsv``: a dropped or wrong matra or anusvara 0.5, श/ष/स 0.5, an
aspiration slip 0.8. Every other substitution, insertion or deletion costs 1, so पुतिन → पुलिस
(two consonants) costs 2 while पकिस्तान → पाकिस्तान (one matra) costs 0.5.
"""

from __future__ import annotations

from functools import cache

from search import data
from search.analysis.normalize import fold

#: The cost of any edit the table does not make cheaper.
EDIT = 1.0


@cache
def _table() -> tuple[dict[tuple[str, str], float], dict[str, float]]:
    """(substitution costs of character pairs, insertion/deletion costs of characters)."""
    swaps: dict[tuple[str, str], float] = {}
    drops: dict[str, float] = {}
    for line in data.read_bytes("spelling-costs.tsv").decode("utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        kind, cost_text, chars, *_ = line.split("\t")
        cost, members = float(cost_text), chars.split()
        if kind == "drop":
            for ch in members:
                drops[ch] = min(cost, drops.get(ch, EDIT))
        elif kind == "swap":
            for a in members:
                for b in members:
                    if a != b:
                        swaps[a, b] = min(cost, swaps.get((a, b), EDIT))
        else:
            raise ValueError(f"spelling-costs.tsv: unknown kind {kind!r} in {line!r}")
    return swaps, drops


def swap_partners(ch: str) -> set[str]:
    """The characters that ``ch`` is cheaply mistaken for (ष for श)."""
    return {b for (a, b) in _table()[0] if a == ch}


def folded_distance(a: str, b: str, limit: float = float("inf")) -> float:
    """The weighted edit distance of two folded words; anything above ``limit`` comes back as
    ``inf`` (the row minimum passing ``limit`` stops the work early)."""
    swaps, drops = _table()
    previous = [0.0]
    for ch in b:
        previous.append(previous[-1] + drops.get(ch, EDIT))
    for ca in a:
        drop_a = drops.get(ca, EDIT)
        row = [previous[0] + drop_a]
        for j, cb in enumerate(b, 1):
            swap = 0.0 if ca == cb else swaps.get((ca, cb), EDIT)
            row.append(min(previous[j - 1] + swap, previous[j] + drop_a,
                           row[j - 1] + drops.get(cb, EDIT)))
        if min(row) > limit:
            return float("inf")
        previous = row
    return previous[-1] if previous[-1] <= limit else float("inf")


def spelling_distance(typed: str, word: str) -> float:
    """How far apart two words are as spellings of one word (0: the same search term)."""
    return folded_distance(fold(typed), fold(word))
