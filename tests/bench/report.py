"""The results of :mod:`tests.bench.scale` as markdown: the machine, the commit, the date, one
column per corpus size, then what the query mix found compared with an earlier run."""

from __future__ import annotations

import datetime as dt
import os
import platform
import shutil
import statistics
import subprocess

from tests.bench import translit as translit_bench
from tests.bench.queries import KINDS, by_kind
from tests.bench.tantivy_compare import TOKENIZER
from tests.bench.timing import percentile
from tests.shared_data import REPO

MiB = 2**20


def _git(*args: str) -> str:
    return subprocess.run(["git", *args], cwd=REPO, capture_output=True, text=True).stdout.strip()


def _meminfo_total() -> int:
    with open("/proc/meminfo") as f:
        for line in f:
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) * 1024
    return 0


def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def git_state() -> dict:
    """The commit checked out, and the files of the product changed but not committed (the
    work tree may change while a long run goes on: each step records what it ran)."""
    dirty = _git("diff", "--name-only", "HEAD", "--", "search", "web", "setup.cfg")
    return {"commit": _git("rev-parse", "--short", "HEAD") or "unknown",
            "dirty": dirty.splitlines()}


def context(sizes: list[int]) -> dict:
    """Where and when a run happens, taken before it starts."""
    return git_state() | {
        "date": dt.date.today().isoformat(),
        "started": dt.datetime.now().strftime("%Y-%m-%d %H:%M"),
        "subject": _git("log", "-1", "--format=%s"),
        "cores": os.cpu_count(),
        "cpu": _cpu_model(),
        "ram": _meminfo_total(),
        "load": os.getloadavg(),
        "python": platform.python_version(),
        "sizes": sizes,
    }


def size_label(n: int) -> str:
    return f"{n // 1000}k" if n % 1000 == 0 else str(n)


def stem(ctx: dict, sizes: list[int], full: tuple[int, ...]) -> str:
    suffix = "" if tuple(sizes) == full else "-" + "-".join(map(size_label, sizes))
    return f"{ctx['date']}-{ctx['commit']}{suffix}"


def _ms(values: list[float], *pcts: int) -> str:
    if not values:
        return "–"
    return " / ".join(f"{1000 * percentile(values, p):.1f}" for p in pcts) + " ms"


def _gib(n: int) -> str:
    return f"{n / 2**30:.2f} GiB" if n >= 2**30 else f"{n / MiB:.0f} MiB"


def _ratio(a: list[float], b: list[float], pct: int) -> str:
    return f"{percentile(a, pct) / percentile(b, pct):.1f}×"


def rows(r: dict) -> dict[str, str]:
    """One column of the main table."""
    http, eng, tv = r["http"], r["engine"], r["tantivy"]
    full, inc = r["rebuild"], r["incremental"]
    api = http["api_seconds"]
    soak = http["soak"]
    rss = [b for _, b in soak.rss_samples]
    frag, gz = http["fragment_bytes"], http.get("fragment_gzip_bytes") or [0]
    out = {
        "full rebuild with extraction (`talaash rebuild --jobs 2`)":
            f"**{full['rate']:.1f} articles/s** ({full['seconds']:.0f} s)" + (
                f", measured when the reused index was built ({full['at']}, "
                f"`{full['code']['commit']}`)" if full.get("reused") else "") if full
            else "not measured (`--reuse-index`)",
        "rebuild peak RSS (all its processes)":
            _gib(full["peak_rss"]) if full and full["peak_rss"] else "–",
        "incremental rebuild, 1% of the articles changed":
            f"{inc['seconds']:.1f} s" + (f" ({100 * inc['seconds'] / full['seconds']:.1f}% of"
                                         " full)" if full else "")
            + f", {inc['changed']:,} articles",
        "index size on disk (live generation)": _gib(r["index_bytes"]),
        "API p50 / p95 / p99, HTTP, sequential":
            f"**{_ms(api, 50, 95, 99)}** ({len(api)} queries"
            + (f", {http['api_errors']} not 200)" if http["api_errors"] else ")"),
        "talaash in-process `Engine.search` p50 / p95": _ms(eng["seconds"], 50, 95),
        "tantivy in-process p50 / p95 (top-10 + count + 3 facets)":
            _ms(tv["seconds"], 50, 95),
        "ratio talaash API / tantivy, p50 / p95":
            f"**{_ratio(api, tv['seconds'], 50)} / {_ratio(api, tv['seconds'], 95)}**",
        "ratio talaash in-process / tantivy, p50 / p95":
            f"{_ratio(eng['seconds'], tv['seconds'], 50)} / "
            f"{_ratio(eng['seconds'], tv['seconds'], 95)}",
        "throughput, 8 concurrent clients":
            f"**{http['throughput'].per_second:.1f} requests/s**, "
            f"{http['throughput'].errors} errors in {http['throughput'].seconds:.0f} s",
        "server RSS after the query run (all its processes)":
            f"**{_gib(http['rss_after_queries'])}** (after warm-up: {_gib(http['rss_warm'])})"
            + (f"; {http['processes']} processes, PSS {_gib(http['pss_after_queries'])}"
               if "pss_after_queries" in http else ""),
        "server RSS during a longer load run: start → end (max)":
            f"{_gib(rss[0])} → {_gib(rss[-1])} (max {_gib(max(rss))}) in {soak.seconds:.0f} s;"
            f" {soak.per_second:.1f} requests/s, {soak.errors} errors"
            + (f"; PSS at the end {_gib(http['pss_after_soak'])}" if "pss_after_soak" in http
               else "") if rss else "–",
        "HTML fragment per keystroke, median / max (with `Accept-Encoding: gzip`)":
            f"{statistics.median(frag) / 1000:.1f} / {max(frag) / 1000:.1f} KB "
            f"({statistics.median(gz) / 1000:.1f} / {max(gz) / 1000:.1f} KB)",
        "key-map lookup of a Latin query word (`KeyMap.candidates`) p50 / p95":
            translit_bench.summary(r.get("translit", {})),
        "tantivy: index build (no extraction), size":
            f"{tv['build']['documents'] / tv['build']['seconds']:,.0f} articles/s, "
            f"{_gib(tv['bytes'])}",
    }
    return out


def _code(ctx: dict, runs: list[dict]) -> str:
    """The commit at the start, and any change of commit or uncommitted product files seen by
    a rebuild or a server during the run."""
    states = [("start", ctx)]
    for r in runs:
        n = size_label(r["documents"])
        if r["rebuild"] and not r["rebuild"].get("reused"):
            states.append((f"rebuild {n}", r["rebuild"]["code"]))
        states.append((f"serve {n}", r["serve_code"]))
    text = f"commit `{ctx['commit']}` ({ctx['subject']})"
    moved = [f"{step}: `{s['commit']}`" for step, s in states if s["commit"] != ctx["commit"]]
    if moved:
        text += "; **the checkout moved during the run**: " + ", ".join(moved)
    dirty = sorted({f for _, s in states for f in s["dirty"]})
    if dirty:
        text += f"; **uncommitted changes** during the run in {', '.join(dirty)}"
    return text


def _table(header: list[str], body: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    return lines + ["| " + " | ".join(row) + " |" for row in body]


def markdown(ctx: dict, runs: list[dict], comparison) -> str:
    sizes = [f"{r['documents']:,} articles" for r in runs]
    columns = [rows(r) for r in runs]
    names = list(dict.fromkeys(name for c in columns for name in c))
    lines = [f"# talaash at scale: {', '.join(sizes)}", "",
             f"- date: {ctx['started']}; {_code(ctx, runs)}",
             f"- machine: {ctx['cores']} cores ({ctx['cpu']}), "
             f"{ctx['ram'] / 2**30:.1f} GiB RAM (/proc/meminfo), Python {ctx['python']}; "
             f"load average (1 min) {ctx['load'][0]:.2f} at the start, "
             f"{os.getloadavg()[0]:.2f} at the end (a shared machine: medians and percentiles "
             "of single runs)", ""]
    lines += _table(["measure", *sizes], [[name] + [c.get(name, "–") for c in columns]
                                          for name in names])
    lines += ["", "Latency by kind of query, p50 / p95 (talaash API over HTTP, with the number "
              "of queries; tantivy in-process):", ""]
    header = ["kind"] + [f"{s}: {e}" for s in sizes for e in ("talaash API", "tantivy")]
    body = []
    for kind in KINDS:
        row = [kind]
        for r in runs:
            api = by_kind(r["http"]["api_seconds"], r["mix"])[kind]
            row.append(f"{_ms(api, 50, 95)} ({len(api)})")
            row.append(_ms(by_kind(r["tantivy"]["seconds"], r["mix"])[kind], 50, 95))
        body.append(row)
    lines += _table(header, body)
    lines += ["", *_notes(runs), *_comparison(comparison)]
    return "\n".join(lines) + "\n"


def _notes(runs: list[dict]) -> list[str]:
    r = runs[0]
    tool = r["http"]["throughput"].tool
    return [
        "How measured:",
        "- Corpus: articles of 8–20 real sentences (HiNER, IL-NER, XQuAD-hi from "
        "../shared/data), seeded, each `.txt` ending in a timestamp line (2019–2024). "
        "The rebuild runs from a folder without `corrections.tsv`; its rate counts the whole "
        "command (reading, extraction, writing, facets).",
        "- Incremental: 1% of the articles edited, on hard-linked copies of the corpus and the "
        "index, so the cached ones stay as generated.",
        "- Query mix: rare words, common words, two-word ANDs, \"phrases\" and the successive "
        "prefixes of words as typed, drawn from the corpus vocabulary by document-frequency "
        "band; each query once, after 5 warm-up queries. Client wall time on loopback with "
        "one keep-alive connection (`http.client`) to `talaash serve`.",
        f"- Throughput and load run: {tool}, each "
        f"{'wrk thread' if shutil.which('wrk') else 'client'} rotating from its own offset "
        f"through {r['wide']:,} distinct "
        "`/api/search` queries (more than a recent-results cache holds). RSS: psutil, the "
        "server and its children, sampled every 2 s in the load run.",
        "- Fragment: `GET /?q=…` with `HX-Request: true` and `HX-Target: results`, for every "
        "query of the mix.",
        f"- tantivy {_tantivy_version()}: title + body with a regex tokenizer `{TOKENIZER}` + "
        "lowercase (tantivy's default tokenizer splits at the virama); person and place "
        "facet values read from talaash's own index, year from the publication date; AND "
        "between words, title boost 2; top-10 (ids and titles from its store) + count with "
        "`search`, the three facets' counts with one terms `aggregate` on fast fields; no "
        "snippets. In-process, one thread.",
        "- talaash in-process: `Engine.search` in a child process, the same mix after the same "
        "warm-up.",
        "",
    ]


def _tantivy_version() -> str:
    from importlib.metadata import version

    return version("tantivy")


def _comparison(comparison) -> list[str]:
    if comparison is None:
        return ["What the query mix found (total, top-10 ids, facet counts) is in the "
                "`.answers.json` beside this file; `--compare FILE` checks a later run "
                "against it."]
    name, diffs = comparison
    lines = [f"Compared with `{name}` (total, top-10 ids, facet counts of every query):"]
    for size, found in diffs.items():
        if not found:
            lines.append(f"- {int(size):,} articles: **identical**")
        else:
            lines.append(f"- {int(size):,} articles: **{len(found)} differences**")
            lines += [f"  - {d}" for d in found[:20]]
    if not diffs:
        lines.append("- no corpus size in common")
    return lines
