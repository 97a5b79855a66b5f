"""Fixtures shared by the suite: the repository's seed articles, indexed in memory."""

from __future__ import annotations

from pathlib import Path

import pytest
from whoosh.fields import ID, TEXT, Schema

from search.analysis.analyzer import HindiAnalyzer
from tests.ram_storage import IsolatedRamStorage

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"

#: A document that names only the father, with the pronoun उन right after his name: the trap
#: for a phrase search of किम जोंग उन that drops or misplaces stopwords.
FATHER_ONLY = "x-father", "जुलाई 2000 में पुतिन ने किम जोंग-इल उन दिनों के नेता से मुलाकात की।"


@pytest.fixture(scope="session")
def seed_texts() -> dict[str, str]:
    """Seed id (the file's three-digit prefix) → text."""
    return {p.name[:3]: p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))}


@pytest.fixture(scope="session")
def seed_index(seed_texts):
    schema = Schema(
        id=ID(stored=True, unique=True),
        body=TEXT(analyzer=HindiAnalyzer(), stored=True),
    )
    ix = IsolatedRamStorage().create_index(schema)
    with ix.writer() as writer:
        for doc_id, text in [*seed_texts.items(), FATHER_ONLY]:
            writer.add_document(id=doc_id, body=text)
    return ix
