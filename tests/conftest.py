"""Shared fixtures: a migrated database on SQLite and, when configured, on PostgreSQL, and a clock tests control."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from workflow.db import Database

PG_URL = os.environ.get("DRAGOMAN_TEST_DATABASE_URL")
BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgresql)]
EDITIONS_SQL = """
INSERT INTO edition (code, name, review_policy, translation_lease_hours, review_lease_hours, digit_style,
                     calendar, enabled) VALUES
('en', 'English', 'four_eyes', 72, 24, 'latin', 'gregorian', true),
('ar', 'العربية', 'four_eyes', 72, 24, 'arabic_indic', 'gregorian', true),
('fa', 'فارسی', 'four_eyes', 72, 24, 'persian', 'solar_hijri', true),
('sq', 'Shqip', 'four_eyes', 72, 24, 'latin', 'gregorian', true)
"""


class FakeClock:
    """A clock that stands still until a test moves it."""

    def __init__(self, start: datetime | None = None) -> None:
        self.current = start or datetime(2026, 11, 2, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.current

    def advance(self, **kwargs: float) -> datetime:
        self.current += timedelta(**kwargs)
        return self.current


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.db"
    db = Database(f"sqlite:///{path}")
    db.migrate()
    with db.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    db.dispose()
    return path


@pytest.fixture(scope="session")
def pg_migrated() -> str:
    if not PG_URL:
        pytest.skip("DRAGOMAN_TEST_DATABASE_URL is not set: PostgreSQL tests skipped")
    engine = create_engine(PG_URL)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    database = Database(PG_URL)
    database.migrate()
    database.dispose()
    return PG_URL


def _pg_reset(url: str) -> None:
    engine = create_engine(url)
    with engine.begin() as conn:
        tables = [
            r[0]
            for r in conn.execute(
                text("SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'alembic_version'")
            )
        ]
        conn.execute(text(f"TRUNCATE {', '.join(chr(34) + t + chr(34) for t in tables)} RESTART IDENTITY CASCADE"))
        conn.execute(text(EDITIONS_SQL))
    engine.dispose()


def open_database(backend: str, tmp_path: Path, clock: FakeClock, request: pytest.FixtureRequest) -> Database:
    if backend == "sqlite":
        template = request.getfixturevalue("sqlite_template")
        path = tmp_path / "dragoman.db"
        shutil.copy(template, path)
        return Database(f"sqlite:///{path}", clock=clock)
    url = request.getfixturevalue("pg_migrated")
    _pg_reset(url)
    return Database(url, clock=clock)


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def db(backend: str, tmp_path: Path, clock: FakeClock, request: pytest.FixtureRequest) -> Iterator[Database]:
    database = open_database(backend, tmp_path, clock, request)
    yield database
    from workflow.tallies import tally_drift

    with database.read() as session:
        drift = tally_drift(session)
    database.dispose()
    assert drift == [], "edition tallies differ from the pieces: (key, tallied, counted)"


@pytest.fixture(autouse=True)
def fast_password_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Still argon2id, with the smallest cost, so that tests creating many accounts stay quick."""
    from argon2 import PasswordHasher

    import workflow.people

    monkeypatch.setattr(workflow.people, "_HASHER", PasswordHasher(time_cost=1, memory_cost=64, parallelism=1))


@pytest.fixture(autouse=True)
def fresh_memory(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Each test starts with no translation memory index, in memory or on disk (a PostgreSQL test database is
    reused; its index files go to a folder of the test's own)."""
    from workflow.memory import MEMORY

    monkeypatch.setenv("DRAGOMAN_MEMORY_DIR", str(tmp_path_factory.mktemp("memory-index")))
    MEMORY.clear()
    yield
    MEMORY.clear()


@pytest.fixture(autouse=True)
def never_touch_the_real_database() -> Iterator[None]:
    """Tests work on their own databases; the default one (data/dragoman.db) belongs to the person."""
    real = Path(__file__).resolve().parents[1] / "data" / "dragoman.db"
    existed = real.exists()
    yield
    assert existed or not real.exists(), "this test created data/dragoman.db"
