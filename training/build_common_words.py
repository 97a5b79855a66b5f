"""The list of ordinary Hindi words that are not names: ``search/data/words/common-words.txt``.

Extraction asks it whether a one-word "place" or "person" the tagger found is an ordinary noun
(अस्पताल, दोपहर, मलबा), and whether the first word of a person span is a role glued onto the
name (वार्डन, चेयरमैन). Frequency alone cannot say: मोदी and दिल्ली are as frequent as
अस्पताल. So a word is listed when it is frequent in Hindi (wordfreq, :data:`MIN_ZIPF`) and the
NER training data shows it to be no name:

- seen in the training split, it stands outside every entity at least :data:`MIN_PLAIN_RATIO`
  times as often as inside person and place spans together;
- never seen there, it must be more frequent still (:data:`MIN_ZIPF_UNSEEN`), since many
  village and family names are in wordfreq's list too.

Only the training split is read (the test split and news-dev never shape the list). Sources:
wordfreq's Hindi word list (data CC BY-SA 4.0, Robyn Speer) and the training split of HiNER,
IL-NER and MultiCoNER II; see ``search/data/ATTRIBUTION.md``. Needs the ``lists`` extra.
Run: ``python -m training.build_common_words --shared ../shared``.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import regex

from search.analysis.normalize import fold
from training.build_boundaries import boundary_counts, write_words
from training.corpus import load_split

#: wordfreq's Zipf scale: 3 is once per million words.
MIN_ZIPF = 3.0
#: 3.5 until issue 9 chose it again with four taggers of today's code: at 4.0 the words the
#: training data never sees and wordfreq finds between 3.5 and 4.0 (village and family names
#: among them) may be names, and news-dev place F1 rose on all four models (shipped 0.870 ->
#: 0.881, the others +0.009 to +0.012; FIRE place 0.832 -> 0.846), person F1 equal or up
#: (0.840 -> 0.840), the span sets within 0.006 (MultiCoNER II PER -0.005 on average). 3.75 lies
#: between; 4.5 and never listing unseen words lose persons on news-dev.
MIN_ZIPF_UNSEEN = 4.0
MIN_PLAIN_RATIO = 5.0
_WORD = regex.compile(r"\p{Devanagari}+")

HEADER = """\
# Ordinary Hindi words that are not names (अस्पताल, दोपहर, वार्डन): a one-word person or place
# that is one of these is dropped unless the gazetteer knows it, and a person span loses a
# first word that is one. Folded forms. Built by training/build_common_words.py: wordfreq's
# Hindi words of Zipf >= {zipf} (data CC BY-SA 4.0) that the training split of HiNER, IL-NER
# and MultiCoNER II sees outside entities >= {ratio} times as often as inside person and place
# spans, or never sees and have Zipf >= {unseen}. See search/data/ATTRIBUTION.md."""


def common_words(shared: Path) -> list[str]:
    from wordfreq import iter_wordlist, zipf_frequency

    counts = boundary_counts(load_split(shared).train)
    plain = counts["person-preceders"].plain
    in_per, in_loc = counts["person-preceders"].inside, counts["place-followers"].inside
    best: dict[str, float] = {}
    for word in iter_wordlist("hi"):
        z = zipf_frequency(word, "hi")
        if z < MIN_ZIPF:
            break
        if _WORD.fullmatch(word):
            key = fold(word)
            best[key] = max(best.get(key, 0.0), z)
    listed = []
    for key, z in best.items():
        named = in_per[key] + in_loc[key]
        seen = plain[key] + named
        if (seen and plain[key] >= MIN_PLAIN_RATIO * named) or (
                not seen and z >= MIN_ZIPF_UNSEEN):
            listed.append(key)
    return sorted(listed)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", default="../shared")
    args = ap.parse_args(argv)
    listed = common_words(Path(args.shared))
    header = HEADER.format(zipf=MIN_ZIPF, ratio=MIN_PLAIN_RATIO, unseen=MIN_ZIPF_UNSEEN)
    write_words("common-words", header, listed)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
