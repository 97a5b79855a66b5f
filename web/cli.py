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
@click.option("--threads", type=click.IntRange(1, 64), default=8, show_default=True)
def serve_command(index_dir: Path, host: str, port: int, threads: int) -> None:
    """Serve the search UI and the JSON API with waitress (a production WSGI server)."""
    from waitress import serve

    from search.index.generations import current_generation
    from web import create_app

    if current_generation(index_dir) is None:
        raise click.ClickException(f"no index in {index_dir}; build one with: talaash rebuild")
    app = create_app({"INDEX_DIR": str(index_dir)})
    shown = "localhost" if host in ("127.0.0.1", "0.0.0.0") else host
    click.echo(f"talaash is serving {index_dir} at http://{shown}:{port}/  (Ctrl-C stops)")
    serve(app, host=host, port=port, threads=threads, ident="talaash")


main = engine_main

if __name__ == "__main__":  # pragma: no cover
    main()
