"""The CLI when things go wrong around it: one clear sentence (what, where, how to fix), exit 1, the database
unchanged, and no file made where none was.
"""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from sqlalchemy import event, text
from sqlmodel import select
from typer.testing import CliRunner, Result

import workflow.cli
from workflow.cli import app
from workflow.db import Database
from workflow.models import Article

ROOT = Path(__file__).resolve().parents[2]
ARTICLES = str(ROOT / "data" / "articles")


def _one_sentence(result: Result) -> str:
    assert result.exit_code == 1, result.output
    assert ("Traceback" not in result.output and result.exception is None) or isinstance(result.exception, SystemExit)
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: "), result.output
    assert "SELECT" not in lines[0] and "INSERT" not in lines[0] and len(lines[0]) < 400
    return lines[0]


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("notaurl", "'notaurl' is not a database address; set DRAGOMAN_DATABASE_URL to sqlite:///"),
        ("mysql://dragoman:secret@db.example.org/dragoman", "Dragoman runs on SQLite or PostgreSQL, not mysql"),
        ("postgresql+psycopg://nobody@127.0.0.1:1/dragoman", "cannot use the database at postgresql+psycopg://nobody@"),
        ("sqlite:///{tmp}/missing/dragoman.db", "there is no database at sqlite:///"),
        ("sqlite:///{tmp}/garbage.db", "is not a Dragoman database (file is not a database)"),
    ],
)
@pytest.mark.parametrize("command", [["progress"], ["import", ARTICLES], ["user", "list"]])
def test_an_unusable_database_is_one_sentence(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, url: str, expected: str, command: list[str]
) -> None:
    (tmp_path / "garbage.db").write_text("these are someone's notes\n", encoding="utf-8")
    monkeypatch.setenv("DRAGOMAN_DATABASE_URL", url.format(tmp=tmp_path))
    line = _one_sentence(CliRunner().invoke(app, command))
    assert expected in line and "secret" not in line
    assert not (tmp_path / "missing").exists()  # reading never creates a database (nor its folder)
    assert (tmp_path / "garbage.db").read_text(encoding="utf-8") == "these are someone's notes\n"


@pytest.fixture
def ready(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "dragoman.db"
    monkeypatch.setenv("DRAGOMAN_DATABASE_URL", f"sqlite:///{path}")
    assert CliRunner().invoke(app, ["init"]).exit_code == 0
    return path


def _articles(url: str) -> int:
    db = Database(url)
    try:
        with db.read() as session:
            return len(session.exec(select(Article.id)).all())
    finally:
        db.dispose()


def test_a_read_only_database_refuses_an_import_in_one_sentence(ready: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DRAGOMAN_DATABASE_URL", f"sqlite:///file:{ready}?mode=ro&uri=true")
    line = _one_sentence(CliRunner().invoke(app, ["import", ARTICLES]))
    assert "is read-only (attempt to write a readonly database); give Dragoman write access" in line
    assert _articles(f"sqlite:///{ready}") == 0


def test_a_full_disk_refuses_an_import_in_one_sentence(ready: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def full(url: str | None = None) -> Database:
        db = Database(url)

        @event.listens_for(db.engine, "connect")
        def little_room(connection: object, _record: object) -> None:
            size = connection.execute("PRAGMA page_count").fetchone()[0]  # type: ignore[attr-defined]
            connection.execute(f"PRAGMA max_page_count = {size + 2}")  # type: ignore[attr-defined]

        return db

    monkeypatch.setattr(workflow.cli, "_db", full)
    line = _one_sentence(CliRunner().invoke(app, ["import", ARTICLES]))
    assert "is full (database or disk is full); free some space and try again" in line
    assert _articles(f"sqlite:///{ready}") == 0


def test_serve_refuses_a_port_that_is_taken_before_announcing_it(ready: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = CliRunner().invoke(app, ["serve", "--port", str(port)])
    line = _one_sentence(result)
    assert f"port {port} on 127.0.0.1 cannot be used" in line and "--port" in line
    assert "Dragoman dashboard on" not in result.output


@pytest.mark.parametrize("port", ["99999", "0", "-1"])
def test_serve_refuses_a_port_out_of_range(port: str) -> None:
    result = CliRunner().invoke(app, ["serve", "--port", port])
    assert result.exit_code == 2 and "--port" in result.output and "Traceback" not in result.output


@pytest.mark.postgresql
def test_a_backend_killed_mid_import_is_one_sentence_and_nothing_is_written(
    monkeypatch: pytest.MonkeyPatch, pg_migrated: str
) -> None:
    """The import's own backend is terminated by PostgreSQL in the middle of its transaction (a trigger on its
    first article ends it), as when an administrator or the out-of-memory killer ends it."""
    from tests.conftest import _pg_reset

    _pg_reset(pg_migrated)
    monkeypatch.setenv("DRAGOMAN_DATABASE_URL", pg_migrated)
    admin = Database(pg_migrated)
    with admin.engine.begin() as connection:
        connection.execute(
            text(
                "CREATE FUNCTION end_this_backend() RETURNS trigger LANGUAGE plpgsql AS "
                "$$ BEGIN PERFORM pg_terminate_backend(pg_backend_pid()); RETURN NEW; END $$"
            )
        )
        connection.execute(
            text("CREATE TRIGGER end_import BEFORE INSERT ON article FOR EACH ROW EXECUTE FUNCTION end_this_backend()")
        )
    try:
        result = CliRunner().invoke(app, ["import", ARTICLES])
    finally:
        with admin.engine.begin() as connection:
            connection.execute(text("DROP TRIGGER end_import ON article"))
            connection.execute(text("DROP FUNCTION end_this_backend()"))
        admin.dispose()
    line = _one_sentence(result)
    assert "the connection to the database at postgresql" in line or "cannot use the database at" in line, line
    assert _articles(pg_migrated) == 0
