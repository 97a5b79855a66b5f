"""What the query mix found, saved beside the results, so that an optimisation can show that it
changed nothing: per corpus size and query, the total, the top-10 ids and the facet counts.

``--compare FILE`` (of :mod:`tests.bench.scale`) reports every difference against an earlier
run's file; ``python -m tests.bench.answers EARLIER LATER`` compares two files.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

FACET_NAMES = ("person", "place", "date")


def answer(data: dict) -> dict:
    """The comparable part of one ``/api/search`` response."""
    facets = data.get("facets", {})
    return {
        "total": data.get("total"),
        "ids": [h["id"] for h in data.get("hits", [])],
        "facets": {name: [[v["value"], v["count"]] for v in facets.get(name, [])]
                   for name in FACET_NAMES},
    }


def save(path: Path, answers: dict[str, dict[str, dict]]) -> None:
    path.write_text(json.dumps(answers, ensure_ascii=False, indent=1, sort_keys=True) + "\n",
                    encoding="utf-8")


def compare(earlier: dict[str, dict[str, dict]], now: dict[str, dict[str, dict]]
            ) -> dict[str, list[str]]:
    """Per corpus size present in both runs: one line per query whose answer differs."""
    out: dict[str, list[str]] = {}
    for size in sorted(set(earlier) & set(now), key=int):
        diffs = []
        for q, a in now[size].items():
            b = earlier[size].get(q)
            if b is None:
                diffs.append(f"{q!r}: not in the earlier run")
                continue
            for key in ("total", "ids", "facets"):
                if a[key] != b[key]:
                    diffs.append(f"{q!r}: {key} differs: {_short(b[key])} -> {_short(a[key])}")
        diffs += [f"{q!r}: only in the earlier run" for q in earlier[size] if q not in now[size]]
        out[size] = diffs
    return out


def _short(value) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 160 else text[:157] + "..."


def load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def main(argv: list[str] | None = None) -> int:
    """``python -m tests.bench.answers EARLIER LATER``: the differences between two runs'
    answers, without running anything; exit status 1 when there are any."""
    ap = argparse.ArgumentParser(description=main.__doc__.splitlines()[0])
    ap.add_argument("earlier", type=Path)
    ap.add_argument("later", type=Path)
    args = ap.parse_args(argv)
    diffs = compare(load(args.earlier), load(args.later))
    for size, found in diffs.items():
        print(f"{int(size):,} articles: " + (f"{len(found)} differences" if found else "identical"))
        for line in found:
            print(f"  {line}")
    if not diffs:
        print("no corpus size in common")
    return 1 if not diffs or any(diffs.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
