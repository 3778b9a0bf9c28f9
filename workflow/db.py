"""The database: engine set-up for SQLite and PostgreSQL, sessions, the clock, and migrations."""

from __future__ import annotations

import os
import threading
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import URL, Engine, event, inspect, make_url
from sqlalchemy.exc import ArgumentError, InterfaceError, OperationalError
from sqlmodel import Session, create_engine

import workflow.tallies  # noqa: F401  (keeps edition tallies in step with every commit)
from workflow.errors import WorkflowError
from workflow.messages import N_, msg, quoted
from workflow.prepared import driver_cursor

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


#: Connection pool settings: (environment variable, default). A dashboard process serves many people at once and
#: each action holds a connection for its transaction only; size + overflow is the most one process opens.
POOL_SETTINGS = {
    "pool_size": ("DRAGOMAN_DB_POOL_SIZE", 10),
    "max_overflow": ("DRAGOMAN_DB_MAX_OVERFLOW", 50),
    "pool_timeout": ("DRAGOMAN_DB_POOL_TIMEOUT", 30),
    "pool_recycle": ("DRAGOMAN_DB_POOL_RECYCLE", 1800),
}


def pool_options() -> dict[str, int]:
    """The connection pool's settings, from ``DRAGOMAN_DB_POOL_SIZE``, ``_MAX_OVERFLOW``, ``_POOL_TIMEOUT``
    (seconds an action waits for a connection) and ``_POOL_RECYCLE`` (seconds before a connection is renewed).
    """
    options = {}
    for option, (variable, default) in POOL_SETTINGS.items():
        given = os.environ.get(variable, "").strip()
        if not given:
            options[option] = default
            continue
        if not given.isdigit() or (option == "pool_size" and int(given) < 1):
            template = (
                N_("{variable} is {value}: it takes a whole number of seconds, for example {example}")
                if option in ("pool_timeout", "pool_recycle")
                else N_("{variable} is {value}: it takes a whole number of connections, for example {example}")
            )
            raise DatabaseUnavailable(msg(template, variable=variable, value=quoted(given), example=default))
        options[option] = int(given)
    return options


class WriterQueue:
    """A re-entrant lock that passes from one holder to the next waiter in the order they came: a writer
    that has just finished cannot take it again ahead of those already waiting, so nobody waits long.

    >>> queue = WriterQueue()
    >>> with queue, queue:  # the same thread may enter again
    ...     queue.waiting
    0
    """

    def __init__(self) -> None:
        self._guard = threading.Lock()
        self._waiters: deque[tuple[int, threading.Event]] = deque()
        self._owner: int | None = None
        self._depth = 0

    @property
    def waiting(self) -> int:
        return len(self._waiters)

    def __enter__(self) -> None:
        me = threading.get_ident()
        with self._guard:
            if self._owner == me:
                self._depth += 1
                return
            if self._owner is None:
                self._owner, self._depth = me, 1
                return
            turn = threading.Event()
            self._waiters.append((me, turn))
        turn.wait()  # the holder before us made us the owner

    def __exit__(self, *_exc: object) -> None:
        with self._guard:
            self._depth -= 1
            if self._depth:
                return
            if self._waiters:
                self._owner, turn = self._waiters.popleft()
                self._depth = 1
                turn.set()
            else:
                self._owner = None


_WRITERS: dict[str, WriterQueue] = {}  # one per SQLite file: the writers of this process queue on it
_WRITERS_LOCK = threading.Lock()


def _writer_queue(path: str) -> WriterQueue:
    with _WRITERS_LOCK:
        return _WRITERS.setdefault(str(Path(path).resolve()), WriterQueue())


class DatabaseUnavailable(WorkflowError):
    """The database cannot be used: a bad address, a server that does not answer, a file that is no database,
    a disk that is full or read-only. The message says which, where, and how to fix it, without SQL.
    """


def shown_url(url: str) -> str:
    """``url`` as messages show it: the password hidden."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return quoted(url)


def _checked_url(url: str) -> URL:
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise DatabaseUnavailable(
            msg(
                "{url} is not a database address; set DRAGOMAN_DATABASE_URL to sqlite:///path/to/dragoman.db or "
                "postgresql+psycopg://user@host/name",
                url=quoted(url),
            )
        ) from None
    if parsed.get_backend_name() not in ("sqlite", "postgresql"):
        raise DatabaseUnavailable(
            msg(
                "Dragoman runs on SQLite or PostgreSQL, not {backend} ({url}); set DRAGOMAN_DATABASE_URL to "
                "sqlite:///path/to/dragoman.db or postgresql+psycopg://user@host/name",
                backend=parsed.get_backend_name(),
                url=shown_url(url),
            )
        )
    return parsed


def describe_failure(error: BaseException, url: str) -> DatabaseUnavailable:
    """One sentence for a database error: what failed, where, and what to do; never the SQL or its values."""
    if isinstance(error, DatabaseUnavailable):
        return error
    where = shown_url(url)
    driver = getattr(error, "orig", None) or error
    first = (str(driver).strip().splitlines() or [type(driver).__name__])[0][:200]
    lowered = first.lower()
    if "readonly" in lowered or "read-only" in lowered:
        template = N_("the database at {url} is read-only ({reason}); give Dragoman write access to it and its folder")
    elif "disk is full" in lowered or "no space" in lowered:
        template = N_("the disk of the database at {url} is full ({reason}); free some space and try again")
    elif "not a database" in lowered:
        template = N_(
            "{url} is not a Dragoman database ({reason}); point DRAGOMAN_DATABASE_URL at one, or at a new file"
        )
    elif "unable to open" in lowered:
        template = N_(
            "the database file at {url} cannot be opened ({reason}); check that its folder exists and is writable"
        )
    elif isinstance(error, OperationalError) and getattr(error, "connection_invalidated", False):
        template = N_(
            "the connection to the database at {url} was lost ({reason}); nothing of this was saved, try again"
        )
    elif isinstance(error, (OperationalError, InterfaceError)):
        template = N_("cannot use the database at {url} ({reason}); check that it runs and the address is right")
    else:
        template = N_("the database at {url} refused this ({reason}); nothing of it was saved")
    return DatabaseUnavailable(msg(template, url=where, reason=first))


class Database:
    """One Dragoman database: an engine, read and write sessions, and the clock actions use.

    Write sessions on SQLite begin IMMEDIATE, so a read-then-write transaction never
    fails half-way with "database is locked". Tests inject ``clock``.
    """

    def __init__(self, url: str | None = None, *, clock: Clock = utcnow, echo: bool = False) -> None:
        self.url = url or database_url()
        self.clock = clock
        self.is_sqlite = _checked_url(self.url).get_backend_name() == "sqlite"
        if self.is_sqlite:
            path = self.url.removeprefix("sqlite:///")
            on_disk = bool(path) and path != ":memory:"
            if on_disk:
                Path(path).parent.mkdir(parents=True, exist_ok=True)
            pool = pool_options() if on_disk else {}
            pool.pop("pool_recycle", None)  # a file needs no renewed connections
            self.engine = create_engine(self.url, echo=echo, connect_args={"check_same_thread": False}, **pool)
            _configure_sqlite(self.engine)
            self._write_engine: Engine = self.engine.execution_options(sqlite_begin="IMMEDIATE")
            # SQLite takes one writer at a time: this process's writers wait their turn here, woken as soon as
            # the one before them commits, instead of polling the file lock with growing sleeps
            self._writers: WriterQueue | None = _writer_queue(path) if on_disk else None
        else:
            self.engine = create_engine(self.url, echo=echo, pool_pre_ping=True, **pool_options())
            self._write_engine = self.engine
            self._writers = None
        self.dialect = self.engine.dialect
        #: no lease runs out before this time (see ``workflow.queries._release_due``); None: look first
        self.no_expiry_before: datetime | None = None

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
        if self._writers is None:
            with Session(self._write_engine, expire_on_commit=False) as session, session.begin():
                yield session
            return
        with self._writers, Session(self._write_engine, expire_on_commit=False) as session, session.begin():
            yield session

    @contextmanager
    def cursor(self, *, write: bool = False) -> Iterator[Any]:
        """A driver cursor in one transaction (see :mod:`workflow.prepared`), committed at the end: for the hot
        paths, which run prepared statements without the ORM. A writer waits its turn as :meth:`write` does."""
        if self.is_sqlite:
            begin = "BEGIN IMMEDIATE" if write else "BEGIN DEFERRED"
            if write and self._writers is not None:
                with self._writers, driver_cursor(self.engine, begin=begin) as cursor:
                    yield cursor
                return
            with driver_cursor(self.engine, begin=begin) as cursor:
                yield cursor
            return
        with driver_cursor(self.engine, begin=None) as cursor:
            yield cursor

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
