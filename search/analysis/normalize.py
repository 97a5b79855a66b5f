"""Devanagari normalization for search: spellings of one word meet at one term.

Hindi is written with a great deal of legitimate variation (सितम्बर/सितंबर, हिन्दी/हिंदी,
ज़रूरत/जरूरत, मॉस्को/मास्को), and a search engine that keeps every variant apart fails its
readers. Each rule here is one named ``str -> str`` function so that it can be tested with
positive and negative cases; :func:`fold` applies them in the one order that makes the result
idempotent, and :func:`readings` adds the loanword rule that gives a word two spellings.

The folding follows Lucene's ``HindiNormalizer`` (Larkey, Connell & AbdulJaleel 2003, "Hindi
CLIR in thirty days"), with the deliberate departures noted on each rule.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from indicnlp.normalize.indic_normalize import DevanagariNormalizer

VIRAMA = "\u094d"
NUKTA = "\u093c"
ANUSVARA = "\u0902"
CHANDRABINDU = "\u0901"
VISARGA = "\u0903"
ZWNJ = "\u200c"
ZWJ = "\u200d"
SOFT_HYPHEN = "\u00ad"
#: U+0949 DEVANAGARI VOWEL SIGN CANDRA O, the ॉ of मॉस्को, and its independent form ऑ.
CANDRA_O_SIGN = "\u0949"
CANDRA_O_LETTER = "\u0911"

# One shared instance: indic-nlp's normalizer is stateless once built.
_INDIC = DevanagariNormalizer(lang="hi")

#: ङ ञ ण न म: the nasal consonants that a following consonant turns into an anusvara.
_NASALS = frozenset("\u0919\u091e\u0923\u0928\u092e")


def _is_consonant(ch: str) -> bool:
    return "\u0915" <= ch <= "\u0939" or "\u0958" <= ch <= "\u095f" or "\u0978" <= ch <= "\u097f"


def nfc(word: str) -> str:
    """Unicode NFC, so that precomposed and decomposed input compare equal."""
    return unicodedata.normalize("NFC", word)


def indic_canonical(word: str) -> str:
    """indic-nlp-library's canonical Devanagari: decomposes nukta letters (क़ → क + ़), drops
    BOM, soft hyphen and joiners, and maps Marathi ॲ to its Hindi letter."""
    return _INDIC.normalize(word)


def remove_joiners(word: str) -> str:
    """ZWJ U+200D and ZWNJ U+200C only choose a glyph (half form, explicit virama); they never
    change the word, so क्‍ष and क्ष are one word."""
    return word.replace(ZWJ, "").replace(ZWNJ, "").replace(SOFT_HYPHEN, "")


def ascii_digits(word: str) -> str:
    """Digits of any script become ASCII: १३ and 13 are the same number."""
    if word.isascii():
        return word
    return "".join(str(unicodedata.digit(ch)) if ch.isdecimal() else ch for ch in word)


def strip_digit_grouping(word: str) -> str:
    """Thousands separators inside a number go: 8,000 = 8000, and the Indian 1,00,000 = 100000.
    A decimal point stays (1.5 is not 15)."""
    if "," not in word or not word.replace(",", "").replace(".", "").isdecimal():
        return word
    return word.replace(",", "")


def casefold(word: str) -> str:
    """Latin and other cased scripts: Su-35 and su-35 are one term."""
    return word.casefold()


_NUKTA_LETTERS = str.maketrans(
    {
        NUKTA: None,
        "\u0929": "\u0928",  # ऩ → न (NFC keeps these three composed)
        "\u0931": "\u0930",  # ऱ → र
        "\u0934": "\u0933",  # ऴ → ळ
    }
)


def remove_nukta(word: str) -> str:
    """U+093C nukta is dropped (Lucene): ज़रूरत and जरूरत, फ़रवरी and फरवरी are one word in
    everyday spelling. क़ and its kind were decomposed by :func:`indic_canonical`; ऩ ऱ ऴ are
    recomposed by NFC, so they are mapped here."""
    return word.translate(_NUKTA_LETTERS)


def chandrabindu_to_anusvara(word: str) -> str:
    """U+0901 chandrabindu → U+0902 anusvara (Lucene): पहुँचे and पहुंचे."""
    return word.replace(CHANDRABINDU, ANUSVARA)


def nasal_virama_to_anusvara(word: str) -> str:
    """A nasal consonant + virama before a consonant → anusvara: सितम्बर = सितंबर,
    हिन्दी = हिंदी, उन्हें = उंहें.

    Lucene folds only न्; Hindi writes every homorganic nasal both ways, so ङ ञ ण न म all fold.
    Unlike Lucene, a word-initial nasal is left alone (न्याय must not become a term that starts
    with a bare anusvara)."""
    if VIRAMA not in word:
        return word
    out: list[str] = []
    i, n = 0, len(word)
    while i < n:
        ch = word[i]
        if (
            ch in _NASALS
            and i > 0
            and i + 2 < n
            and word[i + 1] == VIRAMA
            and _is_consonant(word[i + 2])
        ):
            out.append(ANUSVARA)
            i += 2
            continue
        out.append(ch)
        i += 1
    return "".join(out)


def drop_visarga(word: str) -> str:
    """U+0903 visarga is dropped: दुःख and दुख, अतः and अत are written both ways.
    (Beyond Lucene; the Tatsama visarga carries no distinction in modern Hindi search.)"""
    return word.replace(VISARGA, "")


_CANDRA_FOLDS = str.maketrans(
    {
        "\u0945": "\u0947",  # ॅ candra e → े
        "\u0946": "\u0947",  # ॆ short e → े
        "\u094a": "\u094b",  # ॊ short o → ो
        "\u090d": "\u090f",  # ऍ candra E → ए
        "\u090e": "\u090f",  # ऎ short E → ए
        "\u0912": "\u0913",  # ऒ short O → ओ
        "\u0972": "\u0905",  # ॲ candra A → अ
        # Only reached when readings() was bypassed: the ो reading, as Lucene does.
        "\u0949": "\u094b",
        "\u0911": "\u0913",
    }
)


def fold_candra_vowels(word: str) -> str:
    """Candra and short vowels fold to their common Hindi letters (Lucene): ॅ → े, ऍ → ए.
    ॉ/ऑ are normally split into two readings first, by :func:`loanword_o_readings`."""
    return word.translate(_CANDRA_FOLDS)


_SHORT_VOWELS = str.maketrans(
    {
        "\u0906": "\u0905",  # आ → अ
        "\u0908": "\u0907",  # ई → इ
        "\u090a": "\u0909",  # ऊ → उ
        "\u0960": "\u090b",  # ॠ → ऋ
        "\u0961": "\u090c",  # ॡ → ऌ
        "\u0910": "\u090f",  # ऐ → ए
        "\u0914": "\u0913",  # औ → ओ
        "\u0940": "\u093f",  # ी → ि
        "\u0942": "\u0941",  # ू → ु
        "\u0944": "\u0943",  # ॄ → ृ
        "\u0963": "\u0962",  # ॣ → ॢ
        "\u0948": "\u0947",  # ै → े
        "\u094c": "\u094b",  # ौ → ो
    }
)


def shorten_vowels(word: str) -> str:
    """Long vowels fold to short ones (Lucene): व्लादिमीर = व्लादिमिर, दूसरे = दुसरे.
    The dependent ा is the one long vowel that is kept: removing it would erase the
    difference between कम and काम."""
    return word.translate(_SHORT_VOWELS)


def delete_virama(word: str) -> str:
    """U+094D virama is dropped (Lucene): अंग्रेजी = अंगरेजी, गर्म = गरम, and a final
    Sanskrit halant (महान्) meets the plain spelling. Runs after
    :func:`nasal_virama_to_anusvara`, which needs to see the virama."""
    return word.replace(VIRAMA, "")


def loanword_o_readings(word: str) -> tuple[str, ...]:
    """ॉ (U+0949) and ऑ (U+0911) are the English "o" of loanwords, which Hindi also writes
    with ा or ो: मॉस्को/मास्को, कॉस्मोड्रोम/कोस्मोड्रोम, ऑस्ट्रेलिया/आस्ट्रेलिया. A word
    written with ॉ has both readings; a word written without it has only its own, so native
    pairs such as बाल/बोल never meet."""
    if CANDRA_O_SIGN not in word and CANDRA_O_LETTER not in word:
        return (word,)
    aa = word.replace(CANDRA_O_SIGN, "\u093e").replace(CANDRA_O_LETTER, "\u0906")
    oo = word.replace(CANDRA_O_SIGN, "\u094b").replace(CANDRA_O_LETTER, "\u0913")
    return (aa, oo)


#: Established variant spellings that no general rule joins (folded form → folded form).
#: अक्तूबर/अक्टूबर differ in a consonant, and त/ट must stay apart everywhere else.
VARIANT_SPELLINGS = {"अकतुबर": "अकटुबर"}


def known_variant(word: str) -> str:
    """A folded word's established spelling variant, or the word itself."""
    return VARIANT_SPELLINGS.get(word, word)


def _canonical(word: str) -> str:
    """The steps that make one spelling canonical, before any reading is chosen."""
    word = remove_joiners(indic_canonical(nfc(word)))
    # NFC again after case folding: "ǰ".casefold() is decomposed.
    return nfc(casefold(strip_digit_grouping(ascii_digits(word))))


def _fold_reading(word: str) -> str:
    word = chandrabindu_to_anusvara(remove_nukta(word))
    word = delete_virama(nasal_virama_to_anusvara(word))
    word = drop_visarga(word)
    # NFC last: dropping a nukta or virama can leave a sequence that composes.
    return nfc(known_variant(shorten_vowels(fold_candra_vowels(word))))


@lru_cache(maxsize=200_000)
def readings(word: str) -> tuple[str, ...]:
    """All search forms of one token, most usual first; one form for almost every word,
    two for a loanword written with ॉ. Empty when nothing searchable is left."""
    forms: list[str] = []
    for reading in loanword_o_readings(_canonical(word)):
        folded = _fold_reading(reading)
        if folded and folded not in forms:
            forms.append(folded)
    return tuple(forms)


def fold(word: str) -> str:
    """The single search form of a word (its first reading), for word lists such as the
    stopwords and for callers that need one key per word."""
    forms = readings(word)
    return forms[0] if forms else ""
