"""Hindi text analysis: the one pipeline that indexing, querying, highlighting and extraction
share (tokenize → normalize → exact copy → stopwords → stem).

- :mod:`search.analysis.tokenize`: words with their marks, offsets into the raw text;
- :mod:`search.analysis.normalize`: the Indic normalizer, one function per rule;
- :mod:`search.analysis.stem`: the light stemmer;
- :mod:`search.analysis.stopwords`: the function words a query does not require;
- :mod:`search.analysis.analyzer`: ``HindiAnalyzer()``, the Whoosh chain of all of them.

Indexes built before this package existed pickled the analyzer's classes as
``search.analysis.HindiTokenizer`` and so on; the names below keep those paths resolving, so an
old index still opens (see ``../shared/notes/whoosh.md``).
"""

from search.analysis.analyzer import (
    DevanagariFoldFilter,
    ExactCopyFilter,
    HindiAnalyzer,
    HindiStemFilter,
    HindiStopFilter,
    HindiTokenizer,
    UniqueTermFilter,
)

__all__ = [
    "DevanagariFoldFilter",
    "ExactCopyFilter",
    "HindiAnalyzer",
    "HindiStemFilter",
    "HindiStopFilter",
    "HindiTokenizer",
    "UniqueTermFilter",
]
