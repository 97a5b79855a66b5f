"""The ``talaash`` command line: one group, one subcommand per job.

Errors a user can cause (a missing file, a bad flag) end with a one-line message and a non-zero
exit status, never a traceback.
"""

from __future__ import annotations

import dataclasses
import json
import sys
import time
import unicodedata
from contextlib import contextmanager
from pathlib import Path

import click

from search.analysis.analyzer import AnalyzedToken, analyze, analyze_tokens
from search.errors import IndexStateError
from search.extract.article import EXTRACT_LIMIT
from search.extract.published import DATE_SOURCES

DEFAULT_SOURCE = Path("seeds")
DEFAULT_INDEX = Path("index")
#: Used when present and no --corrections is given: the file a user edits to fix extraction.
DEFAULT_CORRECTIONS = Path("corrections.tsv")
#: ``talaash rebuild``'s exit status when the index was updated but some sources were skipped
#: (0: everything was read; 1: nothing was indexed, or the index could not be rebuilt).
EXIT_SKIPPED = 3


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
    help="A folder (searched recursively for *.txt, *.jsonl, *.csv) or one such file; "
    "repeatable. Default: seeds/",
)
@click.option("--index", "index_dir", type=click.Path(path_type=Path), default=DEFAULT_INDEX,
              show_default=True, help="Where the index lives.")
@click.option("--full", is_flag=True, help="Re-read and re-extract every article.")
@click.option("--jobs", type=click.IntRange(min=1), default=1, show_default=True,
              help="Processes that run entity extraction.")
@click.option("--corrections", "corrections_path", type=click.Path(path_type=Path),
              help="Corrections file (default: ./corrections.tsv when it exists).")
def rebuild_command(sources: tuple[Path, ...], index_dir: Path, full: bool, jobs: int,
                    corrections_path: Path | None) -> None:
    """Bring the index up to date with the article files, and swap it in atomically.

    Unchanged articles are kept as they are; changed ones are replaced and removed ones
    deleted (--full redoes everything). Broken files are reported and skipped.

    Exit status: 0 when every source was read, 3 when the index was updated but some files
    or lines were skipped (each is reported with its file and line), 1 when nothing could be
    indexed or the index could not be rebuilt (it is then left as it was).
    """
    from search.errors import NothingIndexedError
    from search.index.writer import rebuild

    corrections = load_corrections(corrections_path)
    with progress_reporter() as progress:
        try:
            report = rebuild(sources or (DEFAULT_SOURCE,), index_dir, full=full, jobs=jobs,
                             corrections=corrections, progress=progress)
        except NothingIndexedError as err:
            _print_skipped(err.skipped)
            raise click.ClickException(str(err)) from None
        except IndexStateError as err:
            raise click.ClickException(str(err)) from None
    for notice in report.notices:
        click.echo(f"recovered: {notice}", err=True)
    _print_skipped(report.skipped)
    kind = "full" if report.full else "incremental"
    click.echo(
        f"{kind} rebuild of {index_dir} in {report.seconds:.1f}s: indexed {report.indexed}, "
        f"unchanged {report.unchanged}, removed {report.removed}, skipped {len(report.skipped)}; "
        f"{report.documents} articles, {report.persons} people, {report.places} places"
        + (f"; {report.truncated} longer than {EXTRACT_LIMIT:,} characters: indexed whole, "
           f"people, places and dates read from the beginning" if report.truncated else "")
        + _date_sources(report)
    )
    if report.skipped:
        # The index was updated, but not with everything: a script or cron job should know.
        sys.exit(EXIT_SKIPPED)


def _date_sources(report) -> str:
    """Where the indexed articles' publication dates came from, for the summary line."""
    if not report.date_sources:
        return ""
    counts = [(report.date_sources.get(s, 0), s) for s in DATE_SOURCES]
    return f"; dates of the {report.indexed} indexed: " + ", ".join(
        f"{n} none" if s == "none" else f"{n} from {'the ' if s != 'metadata' else ''}{s}"
        for n, s in counts)


def _print_skipped(skipped) -> None:
    for item in skipped:
        click.echo(f"skipped {item.path}: {item.reason}", err=True)


@contextmanager
def progress_reporter():
    """A progress bar (count, rate, ETA) on a terminal; plain log lines otherwise."""
    if sys.stderr.isatty():
        from tqdm import tqdm

        bar = None

        def update(done: int, total: int) -> None:
            nonlocal bar
            if bar is None:
                bar = tqdm(total=total, unit="article", desc="extracting", file=sys.stderr)
            bar.update(done - bar.n)

        yield update
        if bar is not None:
            bar.close()
        return
    started, last = time.monotonic(), [0.0]

    def log(done: int, total: int) -> None:
        now = time.monotonic()
        if done == total or now - last[0] >= 5:
            last[0] = now
            rate = done / max(now - started, 1e-9)
            click.echo(f"extracted {done}/{total} articles ({rate:.1f}/s)", err=True)

    yield log


@main.command("search")
@click.option("--index", "index_dir", type=click.Path(path_type=Path), default=DEFAULT_INDEX,
              show_default=True, help="Where the index lives.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as one JSON object.")
@click.option("--person", multiple=True, help="Only articles naming this person (repeatable: any).")
@click.option("--place", multiple=True, help="Only articles naming this place (repeatable: any).")
@click.option("--date", "dates", multiple=True, metavar="YYYY[-MM[-DD]]",
              help="Only articles published then (repeatable: any).")
@click.option("--mentioned", multiple=True, metavar="YYYY[-MM[-DD]]",
              help="Only articles whose text mentions a date then (repeatable: any).")
@click.option("--from", "date_from", metavar="YYYY[-MM[-DD]]", help="Published on or after.")
@click.option("--to", "date_to", metavar="YYYY[-MM[-DD]]", help="Published on or before.")
@click.option("--sort", type=click.Choice(["relevance", "newest", "oldest"]),
              help="Default: relevance, or newest for an empty query.")
@click.option("--page", type=click.IntRange(min=1), default=1, show_default=True)
@click.option("--limit", type=click.IntRange(min=1, max=100), default=10, show_default=True,
              help="Hits per page.")
@click.option("--facet-size", type=click.IntRange(min=1, max=1000), default=10,
              show_default=True, help="Values shown per person/place facet (years mentioned).")
@click.option("--batch", type=click.File("r", encoding="utf-8"),
              help="Read one query per line from FILE ('-' for stdin); print one JSON per line.")
@click.option("--prefix-last", is_flag=True,
              help="The last word is still being typed: it also matches its completions.")
@click.option("--literal", is_flag=True,
              help="Search words in Latin letters only as written, not as the Hindi words "
                   "they may spell.")
@click.argument("query", required=False, default="")
def search_command(index_dir: Path, as_json: bool, person, place, dates, mentioned, date_from,
                   date_to, sort, page: int, limit: int, facet_size: int, batch, prefix_last: bool,
                   literal: bool, query: str) -> None:
    """Search the index for QUERY: words, "phrases", OR, NOT, -word, prefix*.

    An empty QUERY browses every article, newest first.
    """
    from search.engine import Engine
    from search.models import SearchRequest

    base = SearchRequest(person=tuple(person), place=tuple(place), date=tuple(dates),
                         mentioned=tuple(mentioned),
                         date_from=date_from, date_to=date_to, sort=sort, page=page,
                         per_page=limit, facet_size=facet_size, prefix_last=prefix_last,
                         literal=literal)
    with Engine(index_dir) as engine:
        _search_all(engine, query, batch, as_json, base)


def _search_all(engine, query: str, batch, as_json: bool, base) -> None:
    from search.errors import SearchError

    queries = (line.rstrip("\n") for line in batch) if batch else [query]
    for text in queries:
        try:
            result = engine.search(dataclasses.replace(base, q=text))
        except IndexStateError as err:
            raise click.ClickException(str(err)) from None
        except SearchError as err:
            raise click.BadParameter(str(err)) from None
        if as_json or batch:
            click.echo(json.dumps(result.to_json(), ensure_ascii=False))
        else:
            click.echo(format_result(result))


def format_result(result) -> str:
    """A terminal rendering: hits with marked words, then the facets."""
    from search.query.highlight import as_text

    lines = [f"note: {n}" for n in result.notes]
    if result.transliterated:
        lines.insert(0, result.transliterated)
    if result.total_all_words < result.total:
        lines.append(f"{result.total} articles match {result.query!r} "
                     f"({result.total_all_words} with every word)")
    else:
        lines.append(f"{result.total} articles match {result.query!r}")
    for hit in result.hits:
        meta = " · ".join(x for x in (hit.published, hit.id) if x)
        lines += ["", hit.title, f"  {meta}", f"  {as_text(hit.snippet)}"]
        if hit.persons or hit.places:
            lines.append(f"  people: {', '.join(hit.persons)} | places: {', '.join(hit.places)}")
    for name, values in result.facets.items():
        if values:
            shown = ", ".join(f"{v.value} ({v.count})" + ("*" if v.selected else "")
                              for v in values[:8])
            lines.append(f"\n{name}: {shown}")
    return "\n".join(lines)


def load_corrections(path: Path | None):
    """The corrections to apply: --corrections, else ./corrections.tsv when it exists."""
    from search.errors import CorrectionsError
    from search.extract.corrections import Corrections

    if path is None and DEFAULT_CORRECTIONS.is_file():
        path = DEFAULT_CORRECTIONS
    if path is None:
        return None
    try:
        return Corrections.load(path)
    except CorrectionsError as err:
        raise click.ClickException(str(err)) from None


@main.command("extract")
@click.option("--lines", is_flag=True,
              help="Each input line is a separate document; print one JSON object per line.")
@click.option("--corrections", "corrections_path", type=click.Path(path_type=Path),
              help="Corrections file (default: ./corrections.tsv when it exists).")
@click.option("--published", help="Publication date from metadata (YYYY-MM-DD); wins over text.")
@click.argument("file", default="-", type=click.File("r", encoding="utf-8"))
def extract_command(lines: bool, corrections_path: Path | None, published: str | None,
                    file) -> None:
    """Print the title, publication date, people, places and dates of FILE (or of standard
    input when FILE is '-' or absent) as JSON."""
    from search.extract.pipeline import extract

    corrections = load_corrections(corrections_path)
    try:
        docs = [line.rstrip("\n") for line in file] if lines else [file.read()]
    except UnicodeDecodeError as err:
        raise click.ClickException(f"input is not UTF-8 text ({err.reason})") from None
    for doc in docs:
        result = extract(doc, published=published, corrections=corrections)
        click.echo(json.dumps(result.to_json(), ensure_ascii=False))


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
