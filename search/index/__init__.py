"""The index: ingest of article files, the Whoosh schema, the one writer (rebuild), and the
facet store kept beside each index generation.

The writer loads the tagger only in the processes that extract, so importing this package for
searching never loads it.
"""
