"""Hindi stopwords: the function words a free-text query should not require.

The base list is stopwords-iso's Hindi list (the CLEF list by Jacques Savoy that Lucene also
ships). It carries a few content words that a news reader does search for, which are taken out
(``search/data/words/stopwords-kept.txt``), and it misses some frequent pronouns and auxiliaries,
which are added (``stopwords-added.txt``). Stopwords are still
indexed in their exact form, so a phrase such as "किम जोंग उन" (उन is also the pronoun "them")
matches precisely; they only stop being required terms of a free-text query.
"""

from __future__ import annotations

import stopwordsiso

from search import data
from search.analysis.normalize import fold


def _load() -> frozenset[str]:
    base = set(stopwordsiso.stopwords("hi"))
    if not base:
        raise RuntimeError("the stopwords-iso package has no Hindi list; reinstall it")
    words = (base - set(data.words("stopwords-kept"))) | set(data.words("stopwords-added"))
    return frozenset(f for f in (fold(w) for w in words) if f)


#: Folded forms, as they appear after :func:`search.analysis.normalize.readings`.
STOPWORDS: frozenset[str] = _load()


def is_stopword(folded: str) -> bool:
    """Whether a folded term is a function word."""
    return folded in STOPWORDS
