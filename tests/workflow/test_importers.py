"""Importing files: formats, language detection, and all-or-nothing refusal of bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlmodel import func, select

from tests.factories import make_user
from workflow.db import Database
from workflow.errors import ImportFailed
from workflow.importers import import_paths
from workflow.models import Article, AuditEvent, Piece, Revision, SourceSegment
from workflow.permissions import CONSOLE

DATA = Path(__file__).resolve().parents[2] / "data" / "articles"

GOOD = """---
slug: good-article
language: en
title: A good article
tags: [one, two]
date: 2026-11-01
---
The first paragraph is here.

The second paragraph is here.
"""


def _write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def _counts(db: Database) -> tuple[int, ...]:
    with db.read() as session:
        return tuple(
            session.exec(select(func.count()).select_from(model)).one()
            for model in (Article, Revision, SourceSegment, Piece, AuditEvent)
        )


def test_the_sample_articles_import(db: Database) -> None:
    report = import_paths(db, CONSOLE, [DATA])
    assert len(report.created) == 12
    assert report.warnings == []
    with db.read() as session:
        languages = dict(session.exec(select(Article.slug, Article.source_language)).all())
        pieces = session.exec(select(func.count()).select_from(Piece)).one()
    assert languages["book-club-evening"] == "fa" and languages["newsletter-november-2026"] == "en"
    assert pieces == 36


def test_markdown_and_json_with_a_list(db: Database, tmp_path: Path) -> None:
    md = _write(tmp_path, "good.md", GOOD)
    items = [
        {
            "slug": f"json-{i}",
            "title": f"Article {i}",
            "body": "Ein Absatz? No: a paragraph in English here.",
            "language": "en",
            "references": ["[1] A source."],
        }
        for i in range(2)
    ]
    js = _write(tmp_path, "batch.json", json.dumps(items))
    report = import_paths(db, CONSOLE, [md, js])
    assert sorted(report.created) == ["good-article", "json-0", "json-1"]
    with db.read() as session:
        revision = session.exec(select(Revision).where(Revision.source_file.like("%good.md%"))).one()  # type: ignore[union-attr]
    assert revision.tags == ["one", "two"] and str(revision.published_on) == "2026-11-01"


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("The city council approved a new budget for the public libraries on Tuesday evening.", "en"),
        ("Këshilli bashkiak miratoi të martën një buxhet të ri për bibliotekat publike të qytetit.", "sq"),
        ("وافق مجلس المدينة يوم الثلاثاء على ميزانية جديدة للمكتبات العامة في المدينة.", "ar"),
        ("شورای شهر روز سه‌شنبه بودجهٔ تازه‌ای برای کتابخانه‌های عمومی شهر تصویب کرد.", "fa"),
    ],
)
def test_the_language_is_detected_when_not_declared(db: Database, tmp_path: Path, text: str, language: str) -> None:
    path = _write(tmp_path, "undeclared.md", f"---\ntitle: {text[:30]}\n---\n{text}\n")
    import_paths(db, CONSOLE, [path])
    with db.read() as session:
        assert session.exec(select(Article.source_language)).one() == language


def test_a_declared_language_that_disagrees_with_the_text_is_a_warning(db: Database, tmp_path: Path) -> None:
    text = "The city council approved a new budget for the public libraries on Tuesday evening."
    path = _write(tmp_path, "mismatch.md", f"---\ntitle: Budget\nlanguage: sq\n---\n{text}\n")
    report = import_paths(db, CONSOLE, [path])
    assert report.created == ["mismatch"]
    assert [(w.location, w.reason) for w in report.warnings] == [
        ("field 'language'", "declared sq, but the text reads as en; check the metadata")
    ]


BAD_CASES = [
    ("broken.md", "---\ntitle: [unclosed\nlanguage: en\n---\nBody.\n", "line 3", "starts on line 2"),
    ("notitle.md", "---\nlanguage: en\n---\nBody text.\n", "field 'title'", "the title is missing"),
    (
        "unknown.md",
        "---\ntitle: T\nlanguage: de\n---\nBody text.\n",
        "line 3, field 'language'",
        "unknown language 'de'",
    ),
    ("nofront.md", "Just a body without front matter.\n", "line 1", "must start with front matter"),
    ("unclosed.md", "---\ntitle: T\n", "line 1", "front matter is not closed"),
    ("typo.md", "---\ntitel: T\ntitle: T\nlanguage: en\n---\nBody.\n", "line 2, field 'titel'", "unknown field"),
    ("date.md", "---\ntitle: T\nlanguage: en\ndate: yesterday\n---\nB.\n", "line 4, field 'date'", "not a date"),
    ("short.md", "---\ntitle: Sport\n---\nSport\n", "field 'language'", "too short to tell its language"),
    ("bad.json", '{"title": "T", "language": "en",}', "line 1, column 33", "not valid JSON"),
    (
        "item.json",
        '[{"title": "T", "language": "en", "slug": "ok"}, {"language": "en", "slug": "x"}]',
        "item 2, field 'title'",
        "the title is missing",
    ),
    ("notes.txt", "plain text", "", "unsupported file type '.txt'"),
]


@pytest.mark.parametrize(("name", "content", "location", "reason"), BAD_CASES)
def test_bad_files_are_refused_naming_file_and_place(
    db: Database, tmp_path: Path, name: str, content: str, location: str, reason: str
) -> None:
    good = _write(tmp_path, "good.md", GOOD)
    bad = _write(tmp_path, name, content)
    before = _counts(db)
    with pytest.raises(ImportFailed) as caught:
        import_paths(db, CONSOLE, [good, bad])
    problems = [(p.file, p.location) for p in caught.value.problems]
    assert (str(bad), location) in problems, caught.value.problems
    assert reason in str(caught.value)
    assert _counts(db) == before


def test_binary_huge_and_invalid_utf8_files(db: Database, tmp_path: Path) -> None:
    binary = _write(tmp_path, "image.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    huge = tmp_path / "huge.json"
    with huge.open("wb") as f:
        f.truncate(20 * 1024 * 1024)
    invalid = _write(tmp_path, "latin1.md", "---\ntitle: Café\nlanguage: fr\n---\n".encode() + b"caf\xe9 au lait\n")
    before = _counts(db)
    with pytest.raises(ImportFailed) as caught:
        import_paths(db, CONSOLE, [binary, huge, invalid, _write(tmp_path, "good.md", GOOD)])
    found = {p.file: (p.location, p.reason) for p in caught.value.problems}
    assert "binary file" in found[str(binary)][1]
    assert "20.0 MB; the limit is 10 MB" in found[str(huge)][1]
    assert found[str(invalid)][0] == "line 5, column 4"
    assert "invalid UTF-8 (byte 0xe9)" in found[str(invalid)][1]
    assert _counts(db) == before


def test_duplicate_slugs_in_one_batch(db: Database, tmp_path: Path) -> None:
    one = _write(tmp_path, "one.md", GOOD)
    two = _write(tmp_path, "two.md", GOOD.replace("A good article", "Another"))
    before = _counts(db)
    with pytest.raises(ImportFailed, match="the slug 'good-article' is also used by") as caught:
        import_paths(db, CONSOLE, [one, two])
    assert caught.value.file == str(two)
    assert _counts(db) == before


def test_a_revision_cannot_change_the_source_language(db: Database, tmp_path: Path) -> None:
    import_paths(db, CONSOLE, [_write(tmp_path, "good.md", GOOD)])
    before = _counts(db)
    changed = GOOD.replace("language: en", "language: sq").replace("first paragraph", "changed paragraph")
    with pytest.raises(ImportFailed, match="already in Dragoman as en"):
        import_paths(db, CONSOLE, [_write(tmp_path, "good.md", changed)])
    assert _counts(db) == before


def test_only_editors_import(db: Database, tmp_path: Path) -> None:
    from workflow.errors import PermissionDenied

    translator = make_user(db, "tina")
    with pytest.raises(PermissionDenied, match="needs the editor role"):
        import_paths(db, translator, [_write(tmp_path, "good.md", GOOD)])


def test_text_is_stored_nfc_with_zwnj(db: Database, tmp_path: Path) -> None:
    text = "---\nslug: zwnj\nlanguage: fa\ntitle: کتاب‌ها\n---\nمی\u200cشود که Cafe\u0301 را دید.\n"
    import_paths(db, CONSOLE, [_write(tmp_path, "zwnj.md", text)])
    with db.read() as session:
        revision = session.exec(select(Revision)).one()
    assert revision.title == "کتاب\u200cها"
    assert revision.body == "می\u200cشود که Café را دید.\n"


def test_an_article_stored_before_is_unchanged_by_the_same_file_again(db: Database, tmp_path: Path) -> None:
    """Markdown stored the first way (before tables were segmented) and the same text imported now: no new
    revision, so no translation is marked outdated.
    """
    from tests.factories import make_source
    from workflow.importers import import_sources

    source = make_source("same-text", paragraphs=2)
    import_sources(db, CONSOLE, [source])  # stored as "markdown", as before
    page = tmp_path / "same-text.md"
    page.write_text(f"---\ntitle: {source.content.title}\nlanguage: en\n---\n{source.content.body}", encoding="utf-8")
    assert import_paths(db, CONSOLE, [page]).unchanged == ["same-text"]
    table = "\n| a | b |\n|---|---|\n| 1 | 2 |\n"
    page.write_text(
        f"---\ntitle: {source.content.title}\nlanguage: en\n---\n{source.content.body}{table}", encoding="utf-8"
    )
    assert import_paths(db, CONSOLE, [page]).revised == ["same-text"]  # new text: segmented the new way
    from workflow.models import Revision

    with db.read() as session:
        formats = [r.body_format for r in session.exec(select(Revision).order_by(Revision.number)).all()]
    assert formats == ["markdown", "commonmark"]


def test_a_table_of_a_markdown_article_is_translated(db: Database, tmp_path: Path) -> None:
    from tests.factories import pieces_of
    from tests.workflow.flows import make_cast
    from workflow import actions, queries
    from workflow.bundle import build

    page = tmp_path / "results.md"
    page.write_text(
        "---\ntitle: Election results\nlanguage: en\n---\nThe count is final.\n\n"
        "| District | Turnout |\n|---|--:|\n| North | 61% |\n",
        encoding="utf-8",
    )
    import_paths(db, CONSOLE, [page])
    cast = make_cast(db)
    piece_id = pieces_of(db, "results")["fa"].id or 0
    actions.claim(db, cast.translator, piece_id)
    texts = {
        "Election results": "نتایج انتخابات",
        "The count is final.": "شمارش نهایی است.",
        "District": "حوزه",
        "Turnout": "مشارکت",
        "North": "شمال",
        "61%": "۶۱٪",
    }
    for row in queries.piece_segments(db, piece_id):
        actions.save_segment(db, cast.translator, row.segment_id, texts[row.source], row.version, done=True)
    actions.submit(db, cast.translator, piece_id)
    actions.start_review(db, cast.reviewer, piece_id)
    actions.approve(db, cast.reviewer, piece_id)
    files = build(db, "fa", tmp_path / "fa")
    assert "| حوزه | مشارکت |\n|---|--:|\n| شمال | ۶۱٪ |" in files["articles/results.md"].decode()
    assert "<th>حوزه</th>" in files["articles/results.html"].decode()


@pytest.mark.parametrize(
    ("paragraph", "refused"),
    [
        ("word " * 4_000, False),  # 20,000 characters: the longest segment taken
        ("word " * 4_000 + "more", True),
        ("کلمه‌ای " * 150_000, True),  # a megabyte of Persian in one paragraph
    ],
)
def test_a_paragraph_too_long_to_translate_is_refused_naming_it(
    db: Database, tmp_path: Path, paragraph: str, refused: bool
) -> None:
    text = GOOD.replace("The second paragraph is here.", paragraph.strip())
    if paragraph.startswith("کلمه"):
        text = text.replace("language: en", "language: fa")
    good, long = _write(tmp_path, "good.md", GOOD.replace("good-article", "other")), _write(tmp_path, "long.md", text)
    before = _counts(db)
    if not refused:
        import_paths(db, CONSOLE, [good, long])
        return
    with pytest.raises(ImportFailed) as caught:
        import_paths(db, CONSOLE, [good, long])
    (problem,) = caught.value.problems
    assert (problem.file, problem.location) == (str(long), "segment 3 (paragraph)")
    assert f"it is {len(paragraph.strip()):,} characters long; the limit is 20,000: split it" in problem.reason
    assert _counts(db) == before  # all or nothing
