"""Retrieval beside Apache Lucene's ``HindiAnalyzer`` BM25, in one run, on both XQuAD-hi sets.

``../shared/tools/lucene-ref/lucene_ref.py`` indexes a set with Lucene 8.8 (Debian's
``liblucene8-java``: the analyzer Elasticsearch, OpenSearch and Solr call ``hindi``) at
Anserini's BM25 (k1 0.9, b 0.4) and at Lucene's default (1.2, 0.75), Whoosh's default as the
low anchor, and talaash through its own commands (``talaash rebuild`` + ``search --batch``).
It runs on ``eval-corpus.jsonl`` (612 questions among 720 passages, most of them distractors:
the archive case) and on ``corpus.jsonl`` (the 120 answer passages only).

The script installs a JDK and Lucene with apt when they are missing, so it needs root or
both already installed; otherwise this evaluation is skipped with that reason.
Run: ``make eval`` or ``python -m tests.eval.lucene [--shared DIR]``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from tests.shared_data import missing_reason, shared_dir

SETS = {"eval-corpus.jsonl": "among distractors", "corpus.jsonl": "answer passages only"}
SYSTEMS = {"lucene_hindi_bm25_anserini": "Lucene hindi k1 .9 b .4",
           "lucene_hindi_bm25_default": "Lucene hindi k1 1.2 b .75",
           "whoosh_default": "Whoosh default", "talaash": "talaash"}


def _talaash_bin(tmp: Path) -> Path:
    """A ``talaash`` command for the script: this interpreter running the product's CLI."""
    installed = Path(sys.executable).with_name("talaash")
    if installed.exists():
        return installed
    wrapper = tmp / "talaash"
    wrapper.write_text(f"#!/bin/sh\nexec {sys.executable} -m web.cli \"$@\"\n")
    wrapper.chmod(0o755)
    return wrapper


def _can_install() -> str | None:
    if shutil.which("javac") or os.geteuid() == 0:
        return None
    return "needs a JDK and liblucene8-java, or root to install them with apt"


def run_set(script: Path, folder: Path, corpus: str, tmp: Path) -> dict:
    data = tmp / corpus.split(".")[0]
    data.mkdir()
    for name in (corpus, "queries.tsv", "qrels.tsv"):
        (data / name).symlink_to(folder / name)
    out = subprocess.run([sys.executable, str(script), "--data", str(data),
                          "--talaash", str(_talaash_bin(tmp))],
                         capture_output=True, text=True, check=False)
    if out.returncode != 0:
        raise RuntimeError(f"lucene_ref.py failed: {(out.stderr or out.stdout)[-400:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", help="the shared folder (default ../shared)")
    args, _ = ap.parse_known_args(argv)
    shared = shared_dir(args.shared)
    folder = shared / "data" / "xquad-hi"
    script = shared / "tools" / "lucene-ref" / "lucene_ref.py"
    reason = missing_reason(folder) or (None if script.exists() else f"no {script}")
    reason = reason or _can_install()
    if reason:
        print(f"Lucene comparison skipped: {reason}")
        return 0
    print("XQuAD-hi, one run: Lucene's HindiAnalyzer BM25 beside talaash (rebuild + search)")
    print(f"{'set':<20}{'system':<28}{'nDCG@10':>9}{'Recall@10':>11}{'MRR@10':>8}")
    status = 0
    with tempfile.TemporaryDirectory() as tmp:
        for corpus, what in SETS.items():
            try:
                rows = run_set(script, folder, corpus, Path(tmp))
            except RuntimeError as err:
                print(f"{corpus}: {err}")
                status = 1
                continue
            for key, label in SYSTEMS.items():
                r = rows.get(key)
                if r:
                    print(f"{corpus:<20}{label:<28}{r['ndcg@10']:>9.4f}{r['recall@10']:>11.4f}"
                          f"{r['mrr@10']:>8.4f}")
            best = max(rows[k]["ndcg@10"] for k in SYSTEMS if k.startswith("lucene"))
            gap = rows["talaash"]["ndcg@10"] - best
            print(f"{'':<20}talaash - best Lucene: {gap:+.4f} nDCG@10 ({what}, "
                  f"{rows['talaash']['queries']} questions)")
    return status


if __name__ == "__main__":
    sys.exit(main())
