"""Queries: what a reader types (:mod:`~search.query.syntax`), the Whoosh query built from it
(:mod:`~search.query.builder`), the snippets and marks of its matches
(:mod:`~search.query.highlight`) and "did you mean" (:mod:`~search.query.suggest`)."""
