"""One article's words, tokenized once and read by every step of extraction.

The tagger, the gazetteer, the dates and the search for a name's other occurrences all need the
words of the same text, and each used to split it again (five times per article). A
:class:`Doc` holds the one split, made by :func:`search.analysis.tokenize.words`, and the views
the steps read from it, each computed once on first use, the way spaCy's ``Doc`` passes through
its pipeline components (the indexer reads the same words again for the body's terms,
:func:`search.analysis.tokenize.word_list`):

- :attr:`Doc.words`: every word, a hyphenated compound's joined form before its parts;
- :attr:`Doc.parts`, :attr:`Doc.folded` and :attr:`Doc.joined`: the part-level words (what names
  and places are made of), their folded forms and whether each sits inside a compound;
- :attr:`Doc.sentences`: the tagger's tokens, sentence by sentence
  (:mod:`search.extract.ner.tokens`);
- :meth:`Doc.occurrences`: where a name key stands, found in one pass over the folded words, so
  a long article costs its length and not its length times its names.

Every step still accepts plain text (:meth:`Doc.of`), so each can be called and tested alone.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from functools import cached_property
from typing import TYPE_CHECKING

from search.analysis.normalize import fold
from search.analysis.tokenize import Word, word_list

if TYPE_CHECKING:
    from search.extract.ner.tokens import NerToken


class Doc:
    """The text of one article and its words, with offsets into ``text``."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.words: Sequence[Word] = word_list(text)

    @classmethod
    def of(cls, text: str | Doc) -> Doc:
        """``text`` itself when it is already a Doc; otherwise its Doc."""
        return text if isinstance(text, Doc) else cls(text)

    @cached_property
    def parts(self) -> list[Word]:
        """The words without the joined form of a hyphenated compound (जोंग-उन gives जोंग
        and उन)."""
        return [w for w in self.words if w.parts == 1]

    @cached_property
    def part_starts(self) -> list[int]:
        """The start offset of each of :attr:`parts`, for bisecting."""
        return [w.start for w in self.parts]

    @cached_property
    def folded(self) -> list[str]:
        """:func:`search.analysis.normalize.fold` of each of :attr:`parts`."""
        return [fold(w.text) for w in self.parts]

    @cached_property
    def joined(self) -> list[bool]:
        """For each of :attr:`parts`, whether it is a part of a hyphenated compound."""
        flags: list[bool] = []
        compound_end = -1
        for word in self.words:
            if word.parts > 1:  # the joined form comes first; its parts follow inside its span
                compound_end = word.end
            else:
                flags.append(word.start < compound_end)
        return flags

    @cached_property
    def sentences(self) -> list[list[NerToken]]:
        """The tagger's tokens (:func:`search.extract.ner.tokens.sentences`)."""
        # Imported here: the query path reads month names from dates.py, which needs Doc, and
        # must not load the tagger's package (tests/test_architecture.py).
        from search.extract.ner.tokens import sentences_of

        return sentences_of(self.text, self.words)

    def occurrences(self, keys: Iterable[tuple[str, ...]]) -> Iterator[tuple[int, int]]:
        """Character spans where a name key (folded words, never empty) stands word for word,
        key by key and left to right, in any spelling (hyphenated parts count as words, as in
        :func:`search.extract.names.name_key`). One pass over the folded words finds where
        the keys' first words stand (an index of every word, built for a few keys, cost more
        than the search)."""
        keys = list(keys)
        if not keys:
            return
        parts, folded = self.parts, self.folded
        firsts = {key[0] for key in keys}
        positions: dict[str, list[int]] = {first: [] for first in firsts}
        for i, word in enumerate(folded):
            if word in firsts:
                positions[word].append(i)
        for key in keys:
            n = len(key)
            for i in positions[key[0]]:
                if i + n <= len(parts) and tuple(folded[i : i + n]) == key:
                    yield parts[i].start, parts[i + n - 1].end
