"""A published translation stays on its edition's site until its successor is approved."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import FakeClock
from tests.factories import fake_translation, make_source, pieces_of
from tests.workflow.flows import make_cast, piece_in
from workflow import actions, queries
from workflow.bundle import build
from workflow.db import Database
from workflow.demo import DATA, load_demo
from workflow.importers import import_paths, import_sources
from workflow.people import get_user
from workflow.permissions import CONSOLE
from workflow.status import Status
from workflow.versions import behind

SLUG = "library-reading-room-opens"
OLD = "The room has forty seats and stays open until nine in the evening on weekdays."
NEW = "The room has forty-two seats and stays open until nine in the evening on weekdays."


def _bundle(db: Database, code: str, out: Path) -> dict[str, object]:
    build(db, code, out)
    article = out / "articles" / f"{SLUG}.json"
    return {
        "article": json.loads(article.read_text(encoding="utf-8")) if article.exists() else None,
        "manifest": json.loads((out / "manifest.json").read_text(encoding="utf-8")),
        "feed": (out / "feed.atom").read_text(encoding="utf-8"),
        "sitemap": (out / "sitemap.xml").read_text(encoding="utf-8") if (out / "sitemap.xml").exists() else "",
    }


def _correct(db: Database, tmp_path: Path) -> None:
    """The editor imports the article again with one sentence corrected."""
    text = (DATA / "articles" / f"{SLUG}.md").read_text(encoding="utf-8")
    assert OLD in text
    corrected = tmp_path / "import" / f"{SLUG}.md"
    corrected.parent.mkdir()
    corrected.write_text(text.replace(OLD, NEW), encoding="utf-8")
    import_paths(db, get_user(db, "editor"), [corrected])


def test_a_corrected_published_article_stays_in_its_editions_until_the_update_is_approved(
    db: Database, clock: FakeClock, tmp_path: Path
) -> None:
    load_demo(db)
    before = _bundle(db, "fa", tmp_path / "fa-1")
    assert before["article"]["update_pending"] is False and before["article"]["revision"] == 1  # type: ignore[index]
    published = before["article"]["segments"]  # type: ignore[index]
    clock.advance(days=3)
    _correct(db, tmp_path)

    pieces = pieces_of(db, SLUG)
    assert pieces["fa"].status == Status.IN_TRANSLATION and pieces["ar"].status == Status.IN_TRANSLATION
    for code, previous in (("fa", "published"), ("ar", "approved")):
        during = _bundle(db, code, tmp_path / f"{code}-2")
        article = during["article"]
        assert article is not None, f"the {previous} {code} translation left its bundle"
        assert article["update_pending"] is True and article["revision"] == 1
        assert during["manifest"]["update_pending"] == [SLUG]  # type: ignore[index]
        assert f"/{code}/articles/{SLUG}" in during["feed"]  # type: ignore[operator]
        assert f"/{code}/articles/{SLUG}" in during["sitemap"]  # type: ignore[operator]
    assert _bundle(db, "fa", tmp_path / "fa-3")["article"]["segments"] == published  # type: ignore[index]
    assert _bundle(db, "sq", tmp_path / "sq")["article"] is None  # never approved: nothing to keep up

    waiting = behind(db, "fa")
    assert [(b.slug, b.translates, b.current, b.since, b.status) for b in waiting] == [
        (SLUG, 1, 2, clock(), "in_translation")
    ]

    mina, reza = get_user(db, "mina"), get_user(db, "reza")
    fa = pieces["fa"].id
    assert fa is not None
    for row in queries.piece_segments(db, fa):
        if row.outdated:
            actions.save_segment(
                db, mina, row.segment_id, fake_translation(row.source, row.position, "اصلاح"), row.version
            )
    actions.submit(db, mina, fa)
    actions.start_review(db, reza, fa)
    actions.approve(db, reza, fa)

    after = _bundle(db, "fa", tmp_path / "fa-4")
    article = after["article"]
    assert article is not None and article["update_pending"] is False and article["revision"] == 2
    assert after["manifest"]["update_pending"] == []  # type: ignore[index]
    texts = [segment["text"] for segment in article["segments"]]
    assert any(text.startswith("اصلاح") for text in texts) and texts != [s["text"] for s in published]
    assert behind(db, "fa") == [] and [b.edition for b in behind(db)] == ["ar"]


@pytest.mark.parametrize("status", [Status.APPROVED, Status.PUBLISHED])
def test_only_withdrawing_takes_a_translated_article_out(db: Database, tmp_path: Path, status: Status) -> None:
    cast = make_cast(db)
    piece_id = piece_in(db, cast, status)
    import_sources(db, CONSOLE, [make_source("story", paragraphs=2, changed={1: "A corrected paragraph."})])
    assert pieces_of(db, "story")["fa"].status == Status.IN_TRANSLATION
    build(db, "fa", tmp_path / "corrected")
    assert (tmp_path / "corrected" / "articles" / "story.json").exists()
    actions.withdraw(db, cast.editor, piece_id, "retracted")
    build(db, "fa", tmp_path / "withdrawn")
    assert not (tmp_path / "withdrawn" / "articles" / "story.json").exists()


def test_a_minor_edit_keeps_the_translation_current(db: Database, tmp_path: Path) -> None:
    load_demo(db)
    _correct(db, tmp_path)
    actions.mark_minor_edit(db, get_user(db, "editor"), SLUG, comment="a typo")
    assert pieces_of(db, SLUG)["fa"].status == Status.PUBLISHED
    article = _bundle(db, "fa", tmp_path / "fa")["article"]
    assert article is not None and article["update_pending"] is False and article["revision"] == 2
    assert behind(db) == []


NOTE = "An earlier version of this article said the room had forty seats; it has forty-two."


def test_an_urgent_correction_of_a_published_article_end_to_end(db: Database, clock: FakeClock, tmp_path: Path) -> None:
    """The newsroom's common case: the English text is corrected and marked urgent. The Persian page stays up
    (update pending), Mina and Reza hear of it, it tops the queue, Mina sees the note above the changed text,
    and once approved the Persian page carries the corrected text and the translated note.
    """
    from workflow.corrections import corrections_to_translate, mark_correction
    from workflow.limits import PRIORITY
    from workflow.notifications import notifications

    load_demo(db)
    clock.advance(days=2)
    _correct(db, tmp_path)
    editor, mina, reza = get_user(db, "editor"), get_user(db, "mina"), get_user(db, "reza")
    revision = mark_correction(db, editor, SLUG, NOTE, urgent=True)
    assert revision.number == 3 and revision.corrections == [{"on": clock().date().isoformat(), "note": NOTE}]

    english = _bundle(db, "en", tmp_path / "en")["article"]
    assert english is not None and english["corrections"] == [{"date": clock().date().isoformat(), "note": NOTE}]
    during = _bundle(db, "fa", tmp_path / "fa-during")
    assert during["article"]["update_pending"] is True and during["article"]["corrections"] == []  # type: ignore[index]

    fa = pieces_of(db, SLUG)["fa"]
    assert fa.priority == PRIORITY[1] and fa.status == Status.IN_TRANSLATION
    for person in (mina, reza):
        told = [n for n in notifications(db, person) if n.kind == "urgent_correction"]
        assert [(n.piece_id, n.detail) for n in told] == [(fa.id, NOTE)]
    assert corrections_to_translate(db, fa.id or 0) == [(clock().date().isoformat(), NOTE)]

    rows = queries.piece_segments(db, fa.id or 0)
    assert [r.source for r in rows if r.kind == "correction"] == [NOTE]
    for row in rows:
        if row.outdated or not row.target:
            actions.save_segment(
                db, mina, row.segment_id, fake_translation(row.source, row.position, "اصلاح"), row.version
            )
    actions.submit(db, mina, fa.id or 0)
    actions.start_review(db, reza, fa.id or 0)
    actions.approve(db, reza, fa.id or 0)

    after = _bundle(db, "fa", tmp_path / "fa-after")
    article = after["article"]
    assert article is not None and article["update_pending"] is False and article["revision"] == 3
    (note,) = article["corrections"]
    assert note["date"] == clock().date().isoformat() and note["note"].startswith("اصلاح")
    page = (tmp_path / "fa-after" / "articles" / f"{SLUG}.html").read_text(encoding="utf-8")
    assert '<aside class="corrections"><p class="correction"><time datetime=' in page
    assert corrections_to_translate(db, fa.id or 0) == []


def test_a_correction_needs_a_note_and_a_changed_article(db: Database, tmp_path: Path) -> None:
    from workflow.corrections import mark_correction
    from workflow.errors import NotFound
    from workflow.people import InvalidInput

    load_demo(db)
    editor = get_user(db, "editor")
    with pytest.raises(InvalidInput, match="one revision only"):
        mark_correction(db, editor, SLUG, NOTE)
    _correct(db, tmp_path)
    with pytest.raises(InvalidInput, match="say what was corrected"):
        mark_correction(db, editor, SLUG, "  ")
    with pytest.raises(NotFound):
        mark_correction(db, editor, "no-such-article", NOTE)
    from workflow.errors import PermissionDenied

    with pytest.raises(PermissionDenied):
        mark_correction(db, get_user(db, "mina"), SLUG, NOTE)
    mark_correction(db, editor, SLUG, NOTE)
    again = (DATA / "articles" / f"{SLUG}.md").read_text(encoding="utf-8").replace(OLD, NEW)
    path = tmp_path / "again" / f"{SLUG}.md"
    path.parent.mkdir()
    path.write_text(again, encoding="utf-8")
    assert import_paths(db, editor, [path]).unchanged == [SLUG]  # the same file again keeps the correction
