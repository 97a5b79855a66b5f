"""Hindi stopwords: the function words a free-text query should not require.

The base list is stopwords-iso's Hindi list (the CLEF list by Jacques Savoy that Lucene also
ships). It carries a few content words that a news reader does search for, which are taken out,
and it misses some frequent pronouns and auxiliaries, which are added. Stopwords are still
indexed in their exact form, so a phrase such as "किम जोंग उन" (उन is also the pronoun "them")
matches precisely; they only stop being required terms of a free-text query.
"""

from __future__ import annotations

import stopwordsiso

from search.analysis.normalize import fold

#: Content words in the base list: home, class, two, total, whole, made, keep, S.
NOT_STOPWORDS = frozenset(
    "घर वर्ग वरग दो कुल पूरा पुरा साबुत निहायत बनी बनि रखें एस".split()
)

#: Frequent function words the base list lacks, and question words (Hindi questions are
#: typed into the search box as they are spoken).
EXTRA_STOPWORDS = frozenset(
    """
    मैं मुझे मेरा मेरी मेरे हम हमें हमारा हमारी हमारे तुम तुम्हें तुम्हारा आपका आपकी आपके
    उन्होंने इन्होंने जिन्होंने किसने उसकी उसका उसने इसने गई गए गयी गये रही रहीं रहा रहे
    जाता जाती जाते जाएगा जाएगी जाएंगे वाला वाली वाले लिया ली होगा होगी होंगे थीं तथा अथवा
    यानी बल्कि क्योंकि जबकि ताकि अगर किए किये करती करके करेगा करेंगे करेगी कर रहा
    क्या कब कहाँ कहां कैसे कैसा कैसी क्यों किसने किसको किसका किसकी किसके कितने कितनी
    """.split()
)


def _load() -> frozenset[str]:
    words = (set(stopwordsiso.stopwords("hi")) - NOT_STOPWORDS) | EXTRA_STOPWORDS
    if not words:
        raise RuntimeError("the stopwords-iso package has no Hindi list; reinstall it")
    return frozenset(f for f in (fold(w) for w in words) if f)


#: Folded forms, as they appear after :func:`search.analysis.normalize.readings`.
STOPWORDS: frozenset[str] = _load()


def is_stopword(folded: str) -> bool:
    """Whether a folded term is a function word."""
    return folded in STOPWORDS
