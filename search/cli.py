"""The ``talaash`` command line: one group, one subcommand per job.

Errors a user can cause (a missing file, a bad flag) end with a one-line message and a non-zero
exit status, never a traceback.
"""

from __future__ import annotations

import dataclasses
import json
import sys
import unicodedata
from pathlib import Path

import click

from search.analysis import AnalyzedToken, analyze, analyze_tokens
from search.indexer import IndexStateError

DEFAULT_SOURCE = Path("seeds")
DEFAULT_INDEX = Path("index")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="talaash")
def main() -> None:
    """talaash (तलाश): full-text search with facets for Hindi news."""


@main.command("analyze")
@click.option(
    "--lines",
    is_flag=True,
    help="Read standard input; print one JSON array of index terms per input line.",
)
@click.argument("text", required=False)
def analyze_command(lines: bool, text: str | None) -> None:
    """Show the index terms of TEXT (or of standard input when TEXT is '-' or absent).

    Each row is one index term with the word it came from and its character offsets.
    Exact forms start with '='; the other terms are stems, which free-text search uses.
    """
    if lines:
        if text not in (None, "-"):
            raise click.UsageError("--lines reads standard input; pass '-' or no TEXT")
        for line in sys.stdin:
            click.echo(json.dumps(analyze(line.rstrip("\n")), ensure_ascii=False))
        return
    if text in (None, "-"):
        text = sys.stdin.read()
    click.echo(format_table(analyze_tokens(text)))


@main.command("rebuild")
@click.option(
    "--source", "sources", multiple=True, type=click.Path(path_type=Path),
    help="A folder (searched recursively for *.txt) or one file; repeatable. Default: seeds/",
)
@click.option("--index", "index_dir", type=click.Path(path_type=Path), default=DEFAULT_INDEX,
              show_default=True, help="Where the index lives.")
@click.option("--full", is_flag=True, help="Re-read every file (every rebuild is full for now).")
def rebuild_command(sources: tuple[Path, ...], index_dir: Path, full: bool) -> None:
    """Build the index from article files and swap it in atomically."""
    from search.indexer import rebuild

    try:
        report = rebuild(sources or (DEFAULT_SOURCE,), index_dir)
    except IndexStateError as err:
        raise click.ClickException(str(err)) from None
    for skipped in report.skipped:
        click.echo(f"skipped {skipped.path}: {skipped.reason}", err=True)
    click.echo(
        f"indexed {report.indexed} articles, skipped {len(report.skipped)}, "
        f"in {report.seconds:.1f}s → {index_dir}"
    )
    if report.indexed == 0:
        raise click.ClickException("nothing could be indexed")


@main.command("search")
@click.option("--index", "index_dir", type=click.Path(path_type=Path), default=DEFAULT_INDEX,
              show_default=True, help="Where the index lives.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as one JSON object.")
@click.option("--limit", type=click.IntRange(min=1), default=10, show_default=True)
@click.argument("query")
def search_command(index_dir: Path, as_json: bool, limit: int, query: str) -> None:
    """Search the index for QUERY: words, "phrases", OR, NOT, -word, prefix*."""
    from search.engine import search

    try:
        result = search(index_dir, query, limit=limit)
    except IndexStateError as err:
        raise click.ClickException(str(err)) from None
    if as_json:
        click.echo(json.dumps(dataclasses.asdict(result), ensure_ascii=False))
        return
    for note in result.notes:
        click.echo(f"note: {note}", err=True)
    click.echo(f"{result.total} articles match {query!r}")
    for hit in result.hits:
        click.echo(f"\n{hit.title}\n  [{hit.id}]  score {hit.score:.2f}\n  {hit.snippet}")


def display_width(s: str) -> int:
    """Terminal columns: combining marks (matras, virama) take none."""
    return sum(
        0 if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf")
        else 2 if unicodedata.east_asian_width(ch) in ("W", "F")
        else 1
        for ch in s
    )


def _pad(s: str, width: int) -> str:
    return s + " " * (width - display_width(s))


def format_table(tokens: list[AnalyzedToken]) -> str:
    """A plain-text table: position, offsets, kind, term, surface form. The Devanagari columns
    come last, since terminals differ in how wide they draw a conjunct."""
    header = ("pos", "start", "end", "kind", "term", "surface")
    rows = [header] + [
        (
            str(t.pos) if t.span == t.pos else f"{t.pos}-{t.span}",
            str(t.start),
            str(t.end),
            ("exact" if t.exact else "stem") + (" stop" if t.stopword else ""),
            t.term,
            t.surface,
        )
        for t in tokens
    ]
    widths = [max(display_width(r[i]) for r in rows) for i in range(len(header))]
    lines = ("  ".join(_pad(c, w) for c, w in zip(row, widths, strict=True)) for row in rows)
    return "\n".join(line.rstrip() for line in lines)


if __name__ == "__main__":  # pragma: no cover
    main()
