"""``talaash`` with the web server: the engine's command line plus ``serve``.

The console script points here so that ``search`` never imports Flask: this module adds the
``serve`` command to :data:`search.cli.main`.
"""

from __future__ import annotations

from pathlib import Path

import click

from search.cli import DEFAULT_INDEX
from search.cli import main as engine_main


@engine_main.command("serve")
@click.option("--index", "index_dir", type=click.Path(path_type=Path), default=DEFAULT_INDEX,
              show_default=True, help="Where the index lives.")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@click.option("--workers", type=click.IntRange(1, 64), default=None,
              help="Worker processes [default: one per core, at most 4].")
@click.option("--threads", type=click.IntRange(1, 64), default=4, show_default=True,
              help="Threads per worker.")
def serve_command(index_dir: Path, host: str, port: int, workers: int | None,
                  threads: int) -> None:
    """Serve the search UI and the JSON API (gunicorn, one worker process per core)."""
    from search.index.generations import current_generation
    from web.server import default_workers, serve

    if current_generation(index_dir) is None:
        raise click.ClickException(f"no index in {index_dir}; build one with: talaash rebuild")
    workers = workers or default_workers()
    shown = "localhost" if host in ("127.0.0.1", "0.0.0.0") else host
    click.echo(f"talaash is serving {index_dir} at http://{shown}:{port}/ with {workers} "
               f"worker(s)  (Ctrl-C stops)")
    serve({"INDEX_DIR": str(index_dir)}, host, port, workers, threads)


main = engine_main

if __name__ == "__main__":  # pragma: no cover
    main()
