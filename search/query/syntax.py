"""The query language a reader types, parsed leniently: any string gives a query.

Supported: words (AND-ed by default), "quoted phrases" (ASCII or typographic quotes “ ”),
``AND``, ``OR``, ``NOT`` or a leading ``-``, parentheses, and a trailing ``*`` for a prefix.
``?`` is punctuation, never a wildcard: Hindi questions end in ``?``. Whoosh's own parser is not
used because it treats ``?`` and ``*`` as wildcards and skips analysis for them, and because it
hands the analyzer's tokens over without their positions, which the two readings of a loanword
and the parts of a compound need.

Mistakes (an unclosed quote or parenthesis, a dangling operator) never raise: they are repaired
and described in ``notes``, which the UI shows to the reader.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

OPEN_QUOTES = '"“„«'
CLOSE_QUOTES = '"”“»'
OPERATORS = {"AND": "AND", "&&": "AND", "OR": "OR", "||": "OR", "NOT": "NOT"}


@dataclass(frozen=True, slots=True)
class Word:
    """A bare word; ``prefix`` when it ended with ``*``."""

    text: str
    prefix: bool = False
    #: The word being typed (``prefix_last``): it matches itself and, less, its completions.
    completing: bool = False


@dataclass(frozen=True, slots=True)
class Phrase:
    text: str


@dataclass(frozen=True, slots=True)
class And:
    items: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Or:
    items: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Not:
    item: Node


Node = Word | Phrase | And | Or | Not


@dataclass
class ParsedQuery:
    """The syntax tree (None for an empty query) and what was repaired on the way."""

    tree: Node | None
    notes: list[str] = field(default_factory=list)


def _lex(text: str, notes: list[str]) -> list[tuple[str, str]]:
    tokens: list[tuple[str, str]] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch.isspace():
            i += 1
        elif ch in "()":
            tokens.append((ch, ch))
            i += 1
        elif ch in OPEN_QUOTES:
            end = _closing_quote(text, i + 1)
            if end < 0:
                notes.append("उद्धरण चिह्न बंद नहीं था; शब्दों को अलग-अलग खोजा गया (unclosed quote)")
                i += 1
                continue
            tokens.append(("PHRASE", text[i + 1 : end]))
            i = end + 1
        else:
            j = i
            while j < n and not text[j].isspace() and text[j] not in "()" + OPEN_QUOTES:
                j += 1
            tokens.extend(_word_tokens(text[i:j]))
            i = j
    return tokens


def _closing_quote(text: str, start: int) -> int:
    for k in range(start, len(text)):
        if text[k] in CLOSE_QUOTES:
            return k
    return -1


def _word_tokens(raw: str) -> list[tuple[str, str]]:
    if raw in OPERATORS:
        return [(OPERATORS[raw], raw)]
    if raw.startswith("-") and len(raw) > 1:
        return [("NOT", "-"), ("WORD", raw[1:])]
    if raw.startswith("+") and len(raw) > 1:
        raw = raw[1:]
    return [("WORD", raw)]


class _Parser:
    def __init__(self, tokens: list[tuple[str, str]], notes: list[str]):
        self.tokens = tokens
        self.i = 0
        self.notes = notes

    def peek(self) -> str | None:
        return self.tokens[self.i][0] if self.i < len(self.tokens) else None

    def take(self) -> tuple[str, str]:
        tok = self.tokens[self.i]
        self.i += 1
        return tok

    def parse(self) -> Node | None:
        items = []
        while self.peek() is not None:
            node = self.or_expr()
            if node is not None:
                items.append(node)
            if self.peek() == ")":
                self.take()
                self.notes.append("एक ')' अतिरिक्त था और छोड़ दिया गया (unmatched parenthesis)")
        return _join(And, items)

    def or_expr(self) -> Node | None:
        items = [self.and_expr()]
        while self.peek() == "OR":
            self.take()
            items.append(self.and_expr())
        if len(items) > 1 and None in items:
            self.notes.append("OR के दोनों ओर शब्द चाहिए; अधूरा OR छोड़ दिया गया (dangling OR)")
        return _join(Or, [x for x in items if x is not None])

    def and_expr(self) -> Node | None:
        items = []
        while self.peek() not in (None, ")", "OR"):
            if self.peek() == "AND":
                self.take()
                continue
            node = self.unary()
            if node is not None:
                items.append(node)
        return _join(And, items)

    def unary(self) -> Node | None:
        kind = self.peek()
        if kind == "NOT":
            self.take()
            if self.peek() in (None, ")", "OR", "AND"):
                self.notes.append("NOT के बाद कोई शब्द नहीं था; NOT छोड़ दिया गया (dangling NOT)")
                return None
            inner = self.unary()
            return Not(inner) if inner is not None else None
        if kind == "(":
            self.take()
            inner = self.or_expr()
            if self.peek() == ")":
                self.take()
            else:
                self.notes.append("कोष्ठक बंद नहीं था; अंत में बंद मान लिया गया (unclosed parenthesis)")
            return inner
        _, text = self.take()
        if kind == "PHRASE":
            return Phrase(text) if text.strip() else None
        return _word(text)


def _word(text: str) -> Word | None:
    if text.endswith("*") and text.rstrip("*"):
        return Word(text.rstrip("*"), prefix=True)
    return Word(text) if text.strip("*") else None


def _join(cls: type[And] | type[Or], items: list[Node]) -> Node | None:
    if not items:
        return None
    if len(items) == 1:
        return items[0]
    return cls(tuple(items))


def complete_last(tree: Node | None, text: str) -> Node | None:
    """``tree`` with its last word marked as still being typed, when ``text`` ends inside a
    word (a letter, a vowel sign or a digit last: not a space, a quote, ``?`` or ``*``) and that
    word is a bare word of the top-level AND; otherwise ``tree`` unchanged."""
    if not text or unicodedata.category(text[-1])[0] not in "LMN":
        return tree
    if isinstance(tree, Word) and not tree.prefix:
        return Word(tree.text, prefix=True, completing=True)
    if isinstance(tree, And) and isinstance(tree.items[-1], Word) and not tree.items[-1].prefix:
        last = tree.items[-1]
        if len(last.text) < 2:
            # One letter of a new word says nothing yet: किम जोंग उ searches किम जोंग.
            rest = tree.items[:-1]
            return rest[0] if len(rest) == 1 else And(rest)
        return And((*tree.items[:-1], Word(last.text, prefix=True, completing=True)))
    return tree


def parse(text: str) -> ParsedQuery:
    """Parse a reader's query; never raises, whatever the input."""
    notes: list[str] = []
    tree = _Parser(_lex(text, notes), notes).parse()
    return ParsedQuery(tree, notes)
