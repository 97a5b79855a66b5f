"""Extraction: an article's text in; its title, publication date, people, places and dates out.

The pipeline is :func:`search.extract.pipeline.extract`. This package deliberately re-exports
nothing: the query path imports :mod:`search.extract.collection` (collection-wide display
names) and must not load the tagger that :mod:`search.extract.pipeline` brings in.
"""
