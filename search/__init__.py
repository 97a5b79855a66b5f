"""talaash's search engine: Hindi analysis, extraction, the Whoosh index and queries.

Nothing here imports Flask or ``web``: the web package is one client of this engine.
"""
