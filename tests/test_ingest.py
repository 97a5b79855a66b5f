"""Reading sources: scraped-news noise, file formats, and every way a file can be broken."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from search.index.ingest import Article, Unchanged, clean_text, read_articles, read_sources
from search.models import Document, Skipped
from tests.conftest import SEEDS


def _read(*paths: Path) -> tuple[list[Document], list[Skipped]]:
    items = list(read_sources(paths))
    return ([i for i in items if isinstance(i, Document)],
            [i for i in items if isinstance(i, Skipped)])


@pytest.mark.parametrize(
    "seed, title",
    [
        pytest.param("000", "उत्तर कोरिया के नेता किम जोंग उन ने राष्ट्रपति व्लादिमीर पुतिन के साथ "
                     "शिखर वार्ता के बाद शुक्रवार को एक रूसी…", id="long-first-sentence-shortened"),
        pytest.param("002", "उत्तर कोरिया के नेता किम जोंग-उन मंगलवार को रूसी राष्ट्रपति व्लादिमीर "
                     "पुतिन के साथ शिखर वार्ता करने के लिए…", id="dateline-dropped-from-title"),
        pytest.param("003", "उत्तर कोरियाई नेता किम जोंग उन ने बुधवार को रूस के राष्ट्रपति व्लादिमिर "
                     "पुतिन से मुलाकात की।", id="dated-dateline-dropped"),
        pytest.param("004", "उत्तर कोरिया का तानाशाह किम जोंग उन पुतिन से मिलने रूस पहुंचा",
                     id="headline-line"),
    ],
)
def test_title_is_the_headline_or_the_first_sentence(seed, title):
    (path,) = SEEDS.glob(f"{seed}_*.txt")
    assert clean_text(path.read_text(encoding="utf-8")).title == title


def test_mangled_hashtags_and_timestamp_leave_the_body_of_seed_001():
    (path,) = SEEDS.glob("001_*.txt")
    cleaned = clean_text(path.read_text(encoding="utf-8"))
    assert "#उततर" not in cleaned.body and "#" not in cleaned.body
    assert "2023-09-17" not in cleaned.body
    assert cleaned.timestamp == "2023-09-17"
    assert cleaned.body.endswith("जो पहली बार होगा।")


def test_agency_tag_becomes_the_source_of_seed_002():
    (path,) = SEEDS.glob("002_*.txt")
    cleaned = clean_text(path.read_text(encoding="utf-8"))
    assert cleaned.source == "आईएएनएस"
    assert not cleaned.body.endswith(")")


def test_repeated_headline_appears_once_in_seed_004():
    (path,) = SEEDS.glob("004_*.txt")
    cleaned = clean_text(path.read_text(encoding="utf-8"))
    assert cleaned.body.count("उत्तर कोरिया का तानाशाह किम जोंग उन पुतिन से मिलने रूस पहुंचा") == 1


def test_seed_ids_are_relative_paths_and_stable():
    first, _ = _read(SEEDS)
    again, _ = _read(SEEDS)
    assert [d.id for d in first] == sorted(p.name for p in SEEDS.glob("*.txt"))
    assert [d.content_hash for d in first] == [d.content_hash for d in again]


def test_jsonl_lines_are_articles_and_bad_lines_are_reported(tmp_path):
    good = {"id": "a1", "title": "शीर्षक", "text": "मॉस्को में बैठक हुई।", "published": "2023-09-13",
            "url": "https://example.org/a1", "source": "भाषा", "extra": "ignored"}
    lines = [json.dumps(good, ensure_ascii=False), "{not json", json.dumps({"id": "a2"}),
             "", json.dumps(["list"]), json.dumps({"text": "किम आए।"})]
    path = tmp_path / "feed.jsonl"
    path.write_text("\n".join(lines), encoding="utf-8")
    docs, skipped = _read(path)
    assert [(d.id, d.title, d.published, d.url, d.source) for d in docs] == [
        ("a1", "शीर्षक", "2023-09-13", "https://example.org/a1", "भाषा"),
        ("feed.jsonl#6", "किम आए।", None, "", ""),
    ]
    assert [(s.path.rsplit("/", 1)[-1], s.reason) for s in skipped] == [
        ("feed.jsonl:2", "bad JSON (Expecting property name enclosed in double quotes)"),
        ("feed.jsonl:3", "missing or empty 'text'"),
        ("feed.jsonl:5", "not an object with id/title/text fields"),
    ]


def test_csv_rows_are_articles_and_bad_rows_are_reported(tmp_path):
    path = tmp_path / "feed.csv"
    path.write_text(
        'id,title,text\nc1,पहला,"पुतिन ने कहा, ""हाँ""।"\nc2,दूसरा,\nc3,तीसरा,एक,दो\n',
        encoding="utf-8",
    )
    docs, skipped = _read(path)
    assert [(d.id, d.body) for d in docs] == [("c1", 'पुतिन ने कहा, "हाँ"।')]
    assert [(s.path.rsplit("/", 1)[-1], s.reason) for s in skipped] == [
        ("feed.csv:3", "missing or empty 'text'"),
        ("feed.csv:4", "more fields than the header has"),
    ]


def test_csv_without_text_column_is_reported(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("id,body\n1,x\n", encoding="utf-8")
    _, skipped = _read(path)
    assert skipped[0].reason == "CSV needs a header row with a 'text' column"


@pytest.mark.parametrize(
    "name, content, reason",
    [
        pytest.param("latin1.txt", "caf\xe9".encode("latin-1"), "not UTF-8 (byte 3)", id="latin1"),
        pytest.param("empty.txt", b"  \n\n", "empty file", id="empty"),
        pytest.param("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00", "binary file (contains NUL bytes)",
                     id="binary"),
        pytest.param("empty.jsonl", b"\n\n", "empty file", id="empty-jsonl"),
    ],
)
def test_broken_files_are_skipped_with_a_reason(tmp_path, name, content, reason):
    (tmp_path / name).write_bytes(content)
    (tmp_path / "good.txt").write_text("पुतिन आए।", encoding="utf-8")
    docs, skipped = _read(tmp_path)
    assert [d.id for d in docs] == ["good.txt"]
    assert len(skipped) == 1 and skipped[0].reason == reason


def test_missing_source_is_reported(tmp_path):
    _, skipped = _read(tmp_path / "nope")
    assert skipped[0].reason == "no such file or folder"


def test_utf8_bom_is_accepted(tmp_path):
    (tmp_path / "bom.txt").write_bytes("\ufeffमॉस्को\nपुतिन आए।".encode())
    docs, _ = _read(tmp_path)
    assert docs[0].title == "मॉस्को"


def test_a_file_the_index_has_byte_for_byte_is_not_decoded_again(tmp_path):
    """With the index's hashes, an unchanged .txt comes as Unchanged (same id, path, hash); an
    edited one, or one now broken, is read in full as without them."""
    (tmp_path / "a.txt").write_bytes(b"\xef\xbb\xbf" + "पहला लेख".encode())
    (tmp_path / "b.txt").write_text("दूसरा लेख", encoding="utf-8")
    before = {a.id: a for a in read_articles([tmp_path])}
    known = {i: a.content_hash for i, a in before.items()}
    again = list(read_articles([tmp_path], known))
    assert [type(a) for a in again] == [Unchanged, Unchanged]
    assert [tuple(a) for a in again] == [(a.id, a.path, a.content_hash) for a in before.values()]
    (tmp_path / "b.txt").write_text("दूसरा लेख, बदला", encoding="utf-8")
    (tmp_path / "a.txt").write_bytes(b"\xff" + "पहला लेख".encode())
    a, b = read_articles([tmp_path], known)
    assert isinstance(a, Skipped) and "not UTF-8" in a.reason
    assert isinstance(b, Article) and b.text == "दूसरा लेख, बदला"
