"""A plain, user-editable file of corrections that extraction applies.

No tagger is perfect, and the people who run talaash know their news better than any model. A
corrections file lets them fix what extraction gets wrong, without retraining:

    # action  kind    name                 [canonical]
    block     place   पश्चिम
    add       person  येवगेनी प्रिगोझिन
    alias     person  पुतिन                व्लादिमीर पुतिन

Fields are separated by tabs (or runs of two or more spaces); ``#`` starts a comment. Names
match in any spelling (they are compared through :func:`search.analysis.normalize.fold`). ``block``
drops a name, ``add`` reports a name wherever it appears, ``alias`` reports a name as the canonical.
A malformed line is an error that names the file and line: a silent fallback would hide the
very mistake a user is trying to fix.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from search.errors import CorrectionsError
from search.extract.doc import Doc
from search.extract.names import name_key
from search.extract.spans import DisjointSpans, SpanSet
from search.models import PERSON, PLACE, Mention

ACTIONS = ("block", "add", "alias")
KINDS = (PERSON, PLACE)
_SEPARATOR = re.compile(r"\t+| {2,}")


@dataclass
class Corrections:
    blocked: dict[str, set[tuple[str, ...]]] = field(default_factory=dict)
    added: dict[str, dict[tuple[str, ...], str]] = field(default_factory=dict)
    aliases: dict[str, dict[tuple[str, ...], str]] = field(default_factory=dict)

    @classmethod
    def parse(cls, lines: Iterable[str], source: str = "<corrections>") -> Corrections:
        corrections = cls()
        for number, line in enumerate(lines, 1):
            text = line.split("#", 1)[0].strip()
            if text:
                corrections._add_rule(_SEPARATOR.split(text), f"{source}:{number}")
        return corrections

    @classmethod
    def load(cls, path: Path) -> Corrections:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as err:
            raise CorrectionsError(f"{path}: cannot read corrections ({err})") from None
        return cls.parse(text.splitlines(), str(path))

    def _add_rule(self, fields: list[str], where: str) -> None:
        action, kind, *names = [*fields, "", ""][:2] + fields[2:]
        if action not in ACTIONS:
            raise CorrectionsError(f"{where}: unknown action {action!r}; use {ACTIONS}")
        if kind not in KINDS:
            raise CorrectionsError(f"{where}: unknown kind {kind!r}; use {KINDS}")
        wanted = 2 if action == "alias" else 1
        if len(names) != wanted or not all(name_key(n) for n in names):
            raise CorrectionsError(f"{where}: {action!r} takes {wanted} name(s)")
        key = name_key(names[0])
        if action == "block":
            self.blocked.setdefault(kind, set()).add(key)
        elif action == "add":
            self.added.setdefault(kind, {})[key] = " ".join(names[0].split())
        else:
            self.aliases.setdefault(kind, {})[key] = " ".join(names[1].split())

    def apply(self, raw: str | Doc, mentions: list[Mention]) -> list[Mention]:
        """Mentions with blocked names gone, aliases renamed and added names found."""
        out = []
        for m in mentions:
            blocked = self.blocked.get(m.kind, set())
            if name_key(m.text) in blocked or name_key(m.canonical) in blocked:
                continue
            alias = self.aliases.get(m.kind, {}).get(name_key(m.text))
            out.append(Mention(m.text, m.start, m.end, m.kind, alias) if alias else m)
        if not self.added:
            return sorted(out, key=lambda m: m.start)
        doc, kept, added = Doc.of(raw), SpanSet(out), DisjointSpans()
        for kind, names in self.added.items():
            for m in _occurrences(doc, names, kind):
                if not kept.overlap(m.start, m.end) and not added.overlap(m.start, m.end):
                    out.append(m)
                    added.add(m.start, m.end)
        return sorted(out, key=lambda m: m.start)


def _occurrences(doc: Doc, names: dict[tuple[str, ...], str], kind: str) -> list[Mention]:
    """Every place in the text where one of ``names`` stands, word for word."""
    return [Mention(doc.text[start:end], start, end, kind, display)
            for key, display in names.items() for start, end in doc.occurrences([key])]
