"""The database: engine set-up for SQLite and PostgreSQL, sessions, the clock, and migrations."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, event, inspect
from sqlmodel import Session, create_engine

import workflow.tallies  # noqa: F401  (keeps edition tallies in step with every commit)

DEFAULT_SQLITE_PATH = Path("data") / "dragoman.db"
MIGRATIONS = Path(__file__).parent / "migrations"

Clock = Callable[[], datetime]


def utcnow() -> datetime:
    """The current time, timezone-aware UTC."""
    return datetime.now(UTC)


def database_url() -> str:
    """``DRAGOMAN_DATABASE_URL`` if set, else the embedded SQLite file ``data/dragoman.db``."""
    url = os.environ.get("DRAGOMAN_DATABASE_URL")
    if url:
        return url
    return f"sqlite:///{DEFAULT_SQLITE_PATH}"


def _configure_sqlite(engine: Engine) -> None:
    """WAL, foreign keys and a busy timeout; transactions begin as the session asks (IMMEDIATE for writes)."""

    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we emit BEGIN ourselves
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def on_begin(conn: Any) -> None:
        mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
        conn.exec_driver_sql(f"BEGIN {mode}")


class Database:
    """One Dragoman database: an engine, read and write sessions, and the clock actions use.

    Write sessions on SQLite begin IMMEDIATE, so a read-then-write transaction never
    fails half-way with "database is locked". Tests inject ``clock``.
    """

    def __init__(self, url: str | None = None, *, clock: Clock = utcnow, echo: bool = False) -> None:
        self.url = url or database_url()
        self.clock = clock
        self.is_sqlite = self.url.startswith("sqlite")
        if self.is_sqlite:
            path = self.url.removeprefix("sqlite:///")
            if path and path != ":memory:":
                Path(path).parent.mkdir(parents=True, exist_ok=True)
            self.engine = create_engine(self.url, echo=echo, connect_args={"check_same_thread": False})
            _configure_sqlite(self.engine)
            self._write_engine: Engine = self.engine.execution_options(sqlite_begin="IMMEDIATE")
        else:
            self.engine = create_engine(self.url, echo=echo, pool_pre_ping=True)
            self._write_engine = self.engine

    def now(self) -> datetime:
        """The current time by this database's clock."""
        return self.clock()

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A session for queries; objects stay usable after it closes."""
        with Session(self.engine, expire_on_commit=False) as session, session.begin():
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A session in one transaction that commits on success and rolls back on any error."""
        with Session(self._write_engine, expire_on_commit=False) as session, session.begin():
            yield session

    def migrate(self, revision: str = "head") -> None:
        """Create the schema or bring it up to ``revision`` with Alembic."""
        config = alembic_config(self.url)
        with self.engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, revision)

    def refresh_statistics(self) -> None:
        """Let the query planner see the data as it is now (after a bulk import)."""
        with self.engine.begin() as connection:
            if self.is_sqlite:
                connection.exec_driver_sql("PRAGMA optimize")
            else:
                connection.exec_driver_sql("ANALYZE article, revision, source_segment, piece, event")

    def has_schema(self) -> bool:
        """True when the tables exist."""
        return inspect(self.engine).has_table("piece")

    def dispose(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()


def alembic_config(url: str) -> Config:
    """An Alembic configuration for Dragoman's migrations against ``url``."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config
