"""Small closed word lists about people that several parts of extraction share.

Titles and honorifics stand before a name (श्री किम, राष्ट्रपति पुतिन) but are not part of it:
IL-NER leaves them outside person spans, HiNER puts them inside, and talaash's canonical names
never include them. Keys are folded (see :func:`search.analysis.normalize.fold`), so every spelling
of a title is recognised.
"""

from __future__ import annotations

from search.analysis.normalize import fold

_TITLE_WORDS = """
श्री श्रीमती सुश्री कुमारी डॉ डॉक्टर प्रो प्रोफेसर मिस्टर मिसेज मिस सर जनाब
राष्ट्रपति उपराष्ट्रपति प्रधानमंत्री मंत्री मुख्यमंत्री उपमुख्यमंत्री राज्यपाल गवर्नर सांसद विधायक
राजदूत महासचिव सचिव अध्यक्ष उपाध्यक्ष सभापति प्रवक्ता निदेशक प्रमुख नेता तानाशाह सम्राट
राजा रानी महाराजा राजकुमार राजकुमारी जनरल कर्नल मेजर कैप्टन लेफ्टिनेंट एडमिरल मार्शल
न्यायाधीश न्यायमूर्ति जज कमिश्नर आयुक्त पुलिस अधीक्षक संत स्वामी पंडित मौलाना पादरी पोप
चांसलर सीनेटर मेयर महापौर कप्तान कोच खिलाड़ी अभिनेता अभिनेत्री गायक लेखक कवि
"""

#: Folded title words (one token each). Multi-word titles (प्रधान मंत्री) are matched by
#: their last word, मंत्री.
TITLES: frozenset[str] = frozenset(fold(w) for w in _TITLE_WORDS.split())


def is_title(word: str) -> bool:
    """Whether a surface word is a title or honorific, in any spelling."""
    return fold(word) in TITLES


_INSTITUTIONS = """
क्रेमलिन|व्हाइट हाउस|पेंटागन|डाउनिंग स्ट्रीट|ब्लू हाउस|वॉल स्ट्रीट|स्कॉटलैंड यार्ड|कैपिटल हिल
|साउथ ब्लॉक|नॉर्थ ब्लॉक|रायसीना हिल्स|राष्ट्रपति भवन|संसद भवन|लाल किला|एलिसी पैलेस|झोंगनानहाई
"""


def _phrase_key(phrase: str) -> tuple[str, ...]:
    return tuple(fold(w) for w in phrase.split())


#: Places whose name stands for an institution (the Kremlin said, the White House said): in
#: news they are organisations, never people, and a reader does not list them as places.
INSTITUTIONS: frozenset[tuple[str, ...]] = frozenset(
    _phrase_key(p) for p in _INSTITUTIONS.replace("\n", "").split("|") if p.strip()
)


#: Last words that make a tagged "place" a time or a body instead (सोवियत काल, the Soviet
#: era; भारत सरकार, the Indian government), folded.
NOT_PLACE_HEADS: frozenset[str] = frozenset(
    fold(w) for w in "काल युग दौर ज़माना जमाना शासन सरकार प्रशासन सेना पुलिस टीम".split()
)
