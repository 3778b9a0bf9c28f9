"""Publishing per edition: an edition's editors publish it (logged), and an embargo keeps a translation out of
its bundles until its time.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from sqlmodel import col, select

from tests.conftest import FakeClock
from tests.factories import make_user
from tests.workflow.flows import make_cast, piece_in
from workflow import actions, people
from workflow.bundle import build, build_report
from workflow.db import Database
from workflow.errors import PermissionDenied
from workflow.models import AuditEvent
from workflow.people import InvalidInput
from workflow.permissions import CONSOLE
from workflow.status import Status


def test_an_editor_publishes_only_the_editions_listed_for_them(db: Database, tmp_path: Path) -> None:
    cast = make_cast(db)
    piece_id = piece_in(db, cast, Status.APPROVED)
    ar_editor = make_user(db, "nadia", ["editor"], [])
    people.set_editions(db, CONSOLE, "nadia", ["ar"])
    assert people.editions_of(db, "nadia") == ["ar"] and people.editions_of(db, "ed") == ["ar", "en", "fa", "sq"]

    with pytest.raises(PermissionDenied, match="the edition fa is not among the editions they publish"):
        build(db, "fa", tmp_path / "refused", actor=ar_editor, publish=True)
    assert not (tmp_path / "refused").exists()  # refused before anything was written
    with pytest.raises(PermissionDenied, match="the edition fa is not among"):
        actions.publish(db, ar_editor, piece_id)
    with pytest.raises(PermissionDenied, match="the edition fa is not among"):
        actions.set_embargo(db, ar_editor, piece_id, None)
    build(db, "fa", tmp_path / "built", actor=ar_editor)  # building (without publishing) stays every editor's

    report, _files = build_report(db, "fa", tmp_path / "fa", actor=cast.editor, publish=True)
    assert report.published == 1
    with db.read() as session:
        (event,) = session.exec(select(AuditEvent).where(AuditEvent.action == "publish_edition")).all()
    assert event.actor_id == cast.editor.id
    assert event.detail == {"edition": "fa", "build_id": report.build_id, "articles": 1, "published": 1}


def test_editions_an_editor_publishes_are_checked_and_a_new_editor_gets_them_all(db: Database) -> None:
    make_user(db, "tina", ["translator"], [("en", "fa")])
    assert people.editions_of(db, "tina") == []
    people.set_roles(db, CONSOLE, "tina", ["translator", "editor"])
    assert people.editions_of(db, "tina") == ["ar", "en", "fa", "sq"]
    with pytest.raises(InvalidInput, match="there is no edition de"):
        people.set_editions(db, CONSOLE, "tina", ["fa", "de"])
    assert people.editions_of(db, "tina") == ["ar", "en", "fa", "sq"]  # refused: nothing changed
    people.set_editions(db, CONSOLE, "tina", ["fa"])
    people.set_roles(db, CONSOLE, "tina", ["editor"])  # still an editor: the list stays as the admin left it
    assert people.editions_of(db, "tina") == ["fa"]


def test_an_embargoed_translation_stays_out_of_bundles_until_its_time(
    db: Database, clock: FakeClock, tmp_path: Path
) -> None:
    cast = make_cast(db)
    piece_id = piece_in(db, cast, Status.APPROVED)
    until = clock() + timedelta(hours=6)
    actions.set_embargo(db, cast.editor, piece_id, until)
    report, files = build_report(db, "fa", tmp_path / "fa-1", actor=cast.editor, publish=True)
    assert "articles/story.json" not in files and report.published == 0
    en = dict(build(db, "en", tmp_path / "en-1"))
    assert b"/fa/articles/story" not in en["sitemap.xml"]  # no alternate to a page not out yet

    clock.advance(hours=6)
    report, files = build_report(db, "fa", tmp_path / "fa-1", actor=cast.editor, publish=True)
    assert "articles/story.json" in files and report.published == 1 and report.added
    en = dict(build(db, "en", tmp_path / "en-2"))
    assert b"/fa/articles/story" in en["sitemap.xml"]
    with db.read() as session:
        actions_logged = session.exec(
            select(AuditEvent.action).where(AuditEvent.piece_id == piece_id).order_by(col(AuditEvent.id))
        ).all()
    assert actions_logged[-2:] == ["embargo", "publish"]


def test_an_embargo_needs_a_time_zone_and_can_be_lifted(db: Database, clock: FakeClock, tmp_path: Path) -> None:
    cast = make_cast(db)
    piece_id = piece_in(db, cast, Status.APPROVED)
    with pytest.raises(InvalidInput, match="time zone"):
        actions.set_embargo(db, cast.editor, piece_id, clock().replace(tzinfo=None) + timedelta(days=1))
    actions.set_embargo(db, cast.editor, piece_id, clock() + timedelta(days=1))
    assert "articles/story.json" not in build(db, "fa", tmp_path / "a")
    assert actions.set_embargo(db, cast.editor, piece_id, None).publish_at is None
    assert "articles/story.json" in build(db, "fa", tmp_path / "b")
