"""Backups made while the database is in use, restored into an empty database of the same kind and compared
row by row; and every refusal leaves everything as it was."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, make_url, text
from typer.testing import CliRunner

from tests.conftest import FakeClock
from tests.workflow.flows import make_cast, piece_in
from workflow import actions, queries
from workflow.backups import BackupError, backup, restore, snapshot
from workflow.cli import app
from workflow.comments import add_comment
from workflow.db import Database
from workflow.people import get_user
from workflow.permissions import CONSOLE
from workflow.status import Status
from workflow.tokens import create_token
from workflow.webhooks import add_webhook


def _content(db: Database) -> None:
    """A little of everything: pieces in several states, a comment in Persian, a token, a webhook."""
    cast = make_cast(db)
    piece_in(db, cast, Status.APPROVED, slug="approved")
    held = piece_in(db, cast, Status.IN_TRANSLATION, slug="held")
    add_comment(db, cast.translator, held, "نیم‌فاصله\u200cها می‌مانند")
    actions.withdraw(db, cast.editor, piece_in(db, cast, Status.OPEN, slug="gone"), "retracted")
    create_token(db, CONSOLE, "tina")
    add_webhook(db, CONSOLE, "https://cms.example.org/hook", ["piece.approved"])


@pytest.fixture
def empty_twin(db: Database, tmp_path: Path, clock: FakeClock) -> Iterator[Database]:
    """An empty database of the same kind as ``db``: a new SQLite file, or a new PostgreSQL database."""
    if db.is_sqlite:
        twin = Database(f"sqlite:///{tmp_path / 'restored.db'}", clock=clock)
        yield twin
        twin.dispose()
        return
    name = f"dragoman_restore_{uuid.uuid4().hex[:8]}"
    admin = create_engine(make_url(db.url).set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(
            text(f"CREATE DATABASE {name} ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8' TEMPLATE template0")
        )
    twin = Database(make_url(db.url).set(database=name).render_as_string(hide_password=False), clock=clock)
    yield twin
    twin.dispose()
    with admin.connect() as connection:
        connection.execute(text(f"DROP DATABASE {name} WITH (FORCE)"))
    admin.dispose()


def test_a_backup_restores_into_an_empty_database_row_for_row(
    db: Database, empty_twin: Database, tmp_path: Path
) -> None:
    _content(db)
    written = backup(db, tmp_path / "dragoman.backup")
    restored = restore(empty_twin, written)
    original = snapshot(db)
    assert restored == original and original.rows["piece"] == 9 and original.rows["comment"] == 1
    tina = get_user(empty_twin, "tina")  # the restored database works: a held piece moves on
    (held,) = queries.my_work(empty_twin, tina)
    assert actions.submit(empty_twin, tina, held.piece_id).status == "submitted"


def test_an_older_backup_is_migrated_after_restoring(db: Database, empty_twin: Database, tmp_path: Path) -> None:
    from alembic import command

    from workflow.db import alembic_config

    _content(db)

    def to(revision: str) -> None:
        with db.engine.begin() as connection:
            config = alembic_config(db.url)
            config.attributes["connection"] = connection
            (command.downgrade if revision != "head" else command.upgrade)(config, revision)

    to("0015")  # as a backup made by the version before webhooks would be
    try:
        written = backup(db, tmp_path / "old.backup")
    finally:
        to("head")  # the test database, as the other tests need it
    restore(empty_twin, written)
    with empty_twin.engine.connect() as connection:
        assert connection.execute(text("SELECT version_num FROM alembic_version")).scalar() == "0018"
    assert snapshot(empty_twin).rows["webhook"] == 0


def test_a_backup_never_writes_over_anything(db: Database, tmp_path: Path) -> None:
    there = tmp_path / "notes.txt"
    there.write_text("mine")
    with pytest.raises(BackupError, match="already exists"):
        backup(db, there)
    assert there.read_text() == "mine"
    with pytest.raises(BackupError, match="no folder"):
        backup(db, tmp_path / "missing" / "dragoman.backup")
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("dragoman.db")) == ["notes.txt"]


def test_a_restore_refuses_a_database_in_use_and_changes_nothing(db: Database, tmp_path: Path) -> None:
    _content(db)
    written = backup(db, tmp_path / "dragoman.backup")
    before = snapshot(db)
    with pytest.raises(BackupError, match="already"):
        restore(db, written)
    assert snapshot(db) == before


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"not a backup at all", "is not a Dragoman backup"),
        (b"PGDMP garbage", "pg_dump archive|postgresql backup"),
    ],
)
def test_a_restore_refuses_what_is_no_backup(
    empty_twin: Database, tmp_path: Path, content: bytes, message: str
) -> None:
    bad = tmp_path / "bad.backup"
    bad.write_bytes(content)
    with pytest.raises(BackupError, match=message):
        restore(empty_twin, bad)


def test_backup_and_restore_from_the_command_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DRAGOMAN_DATABASE_URL", f"sqlite:///{tmp_path / 'live.db'}")
    runner = CliRunner()
    assert runner.invoke(app, ["demo"]).exit_code == 0
    made = runner.invoke(app, ["backup", str(tmp_path / "nightly.backup")])
    assert made.exit_code == 0 and "written to" in made.output, made.output
    again = runner.invoke(app, ["backup", str(tmp_path / "nightly.backup")])
    assert again.exit_code == 1 and "already exists" in again.output
    monkeypatch.setenv("DRAGOMAN_DATABASE_URL", f"sqlite:///{tmp_path / 'restored.db'}")
    restored = runner.invoke(app, ["restore", str(tmp_path / "nightly.backup")])
    assert restored.exit_code == 0 and "restored" in restored.output, restored.output
    assert made.output.split(": ")[-1] == restored.output.split(": ")[-1]  # the same rows in the same tables
