"""talaash's web app: instant faceted search in the browser (Flask + htmx) and a JSON API.

``web`` imports ``search``, never the other way round. :func:`create_app` is the application
factory; the engine (the open index) is created once per app and picks up a rebuild's swap by
itself. Every response carries the security headers of :mod:`web.security`, and a bad
parameter that a view does not catch itself is still a 400 (an unusable index a 503), in JSON
under ``/api/`` and as a page elsewhere: never a 500 for what a user typed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from web.app import create_app, engine_of, message_of

__all__ = ["create_app", "engine_of", "message_of"]


def __getattr__(name: str) -> Any:
    """The app's names, imported on first use: the console script's module, :mod:`web.cli`,
    is in this package, and ``talaash rebuild`` should not pay for Flask and the search
    engine (a third of a second) before it starts."""
    if name in __all__:
        from web import app

        return getattr(app, name)
    raise AttributeError(f"module 'web' has no attribute {name!r}")
