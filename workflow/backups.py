"""Backups: ``dragoman backup OUT`` copies the whole database to a new file while people keep working
(SQLite's online backup; ``pg_dump``'s custom format for PostgreSQL), and ``dragoman restore IN`` brings one
back into an empty database, then migrates it to this version's schema.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import inspect, make_url, text

from workflow.db import Database, shown_url

__all__ = ["BackupError", "Snapshot", "backup", "restore", "snapshot"]

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_MAGIC = b"PGDMP"


class BackupError(Exception):
    """A backup or restore refused or failed: what, where, and how to go on. Nothing was changed."""


@dataclass(frozen=True)
class Snapshot:
    """A database's content in short: rows per table and a digest of every row, to compare two databases."""

    rows: dict[str, int]
    digest: str


def snapshot(db: Database) -> Snapshot:
    """Every table's rows (ordered by primary key) counted and hashed: the same content, the same snapshot."""
    rows: dict[str, int] = {}
    digest = hashlib.sha256()
    with db.engine.connect() as connection:
        inspector = inspect(connection)
        for table in sorted(inspector.get_table_names()):
            if table == "alembic_version":
                continue
            key = inspector.get_pk_constraint(table).get("constrained_columns") or []
            columns = [c["name"] for c in inspector.get_columns(table)]
            listed = ", ".join(f'"{c}"' for c in columns)
            order = ", ".join(f'"{c}"' for c in (key or columns))
            result = connection.execute(text(f'SELECT {listed} FROM "{table}" ORDER BY {order}'))
            count = 0
            for row in result:
                digest.update(repr((table, tuple(_plain(v) for v in row))).encode())
                count += 1
            rows[table] = count
    return Snapshot(rows, digest.hexdigest())


def _plain(value: object) -> object:
    """A value as both databases give it back (SQLite keeps datetimes and JSON as text)."""
    if hasattr(value, "isoformat"):
        text_value = value.isoformat()
        return text_value.replace("+00:00", "").replace("T", " ")
    if isinstance(value, (dict, list)):
        return json.dumps(value, sort_keys=True, ensure_ascii=False)
    if isinstance(value, str) and value[:1] in "[{":
        try:
            return json.dumps(json.loads(value), sort_keys=True, ensure_ascii=False)
        except ValueError:
            return value
    return value


def _libpq(url: str) -> tuple[str, dict[str, str]]:
    """The libpq address of a PostgreSQL URL (without its password) and the environment carrying it."""
    parsed = make_url(url)
    env = {**os.environ}
    if parsed.password:
        env["PGPASSWORD"] = str(parsed.password)
    return parsed.set(drivername="postgresql", password=None).render_as_string(hide_password=False), env


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(f"{name} is not installed; install PostgreSQL's client tools (Debian: postgresql-client)")
    return found


def backup(db: Database, out: Path) -> Path:
    """Copy the database to ``out``, a new file (refused when anything is there); written beside it and
    renamed, so a failure leaves nothing behind.
    """
    out = out.resolve()
    if out.exists() or out.is_symlink():
        raise BackupError(f"{out} already exists; name a new file (a backup never writes over anything)")
    if not out.parent.is_dir():
        raise BackupError(f"there is no folder {out.parent}; create it first")
    partial = out.with_name(f".{out.name}.partial")
    partial.unlink(missing_ok=True)
    try:
        if db.is_sqlite:
            source = sqlite3.connect(make_url(db.url).database or "")
            target = sqlite3.connect(partial)
            try:
                source.backup(target)  # a consistent copy while others read and write
                target.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
            finally:
                target.close()
                source.close()
        else:
            address, env = _libpq(db.url)
            done = subprocess.run(
                [_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges", f"--file={partial}", address],
                env=env,
                capture_output=True,
                text=True,
            )
            if done.returncode != 0:
                raise BackupError(f"pg_dump of {shown_url(db.url)} failed: {done.stderr.strip()}")
        partial.rename(out)
    finally:
        partial.unlink(missing_ok=True)
    return out


def _kind(path: Path) -> str:
    try:
        with path.open("rb") as file:
            head = file.read(16)
    except OSError as error:
        raise BackupError(f"{path} cannot be read: {error.strerror}") from None
    if head.startswith(SQLITE_MAGIC):
        return "sqlite"
    if head.startswith(PG_MAGIC):
        return "postgresql"
    raise BackupError(f"{path} is not a Dragoman backup (neither a SQLite database nor a pg_dump custom archive)")


def _empty(db: Database) -> bool:
    with db.engine.connect() as connection:
        return not inspect(connection).get_table_names()


def restore(db: Database, backup_file: Path) -> Snapshot:
    """Bring ``backup_file`` into ``db``, which must be empty (refused otherwise, saying what is there), then
    migrate it to this version's schema; returns what it holds.
    """
    kind = _kind(backup_file)
    backend = "sqlite" if db.is_sqlite else "postgresql"
    if kind != backend:
        raise BackupError(
            f"{backup_file} is a {kind} backup and {shown_url(db.url)} is {backend}; restore it into a {kind} database"
        )
    if db.is_sqlite:
        path = Path(make_url(db.url).database or "")
        if path.exists() and path.stat().st_size > 0 and not _empty(db):
            raise BackupError(f"{path} already holds a database; restore into a new file (set DRAGOMAN_DATABASE_URL)")
        source = sqlite3.connect(f"file:{backup_file}?mode=ro", uri=True)
        try:
            tables = {r[0] for r in source.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if "alembic_version" not in tables:
                raise BackupError(f"{backup_file} is a SQLite database, but not Dragoman's (it has no schema version)")
            db.dispose()
            target = sqlite3.connect(path)
            try:
                source.backup(target)
            finally:
                target.close()
        finally:
            source.close()
    else:
        if not _empty(db):
            raise BackupError(f"{shown_url(db.url)} already has tables; restore into an empty database")
        address, env = _libpq(db.url)
        listed = subprocess.run([_tool("pg_restore"), "--list", str(backup_file)], capture_output=True, text=True)
        if listed.returncode != 0 or "alembic_version" not in listed.stdout:
            raise BackupError(f"{backup_file} is not a pg_dump archive of a Dragoman database: {listed.stderr.strip()}")
        done = subprocess.run(
            [
                _tool("pg_restore"),
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                "--exit-on-error",
                f"--dbname={address}",
                str(backup_file),
            ],
            env=env,
            capture_output=True,
            text=True,
        )
        if done.returncode != 0:
            raise BackupError(
                f"pg_restore into {shown_url(db.url)} failed, nothing was restored: {done.stderr.strip()}"
            )
    db.migrate()
    return snapshot(db)
