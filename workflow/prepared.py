"""Statements compiled once per database kind and run on the driver's own cursor: the hot paths' SQL without
the ORM's work on every call (building the statement, compiling it, making objects of the rows).

A :class:`Prepared` keeps a SQLAlchemy Core statement with named bind parameters; the first run on a
dialect compiles it to the driver's SQL and finds each parameter's and each result column's converter (a
SQLite date is text, for one), which later runs reuse. Rows come back as plain tuples, converted as
SQLAlchemy would convert them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Dialect
from sqlalchemy.exc import DBAPIError
from sqlalchemy.sql.expression import Executable

Converter = Callable[[Any], Any] | None

#: Called with each statement and its parameters as the driver gets them (benchmarks replay them); empty
#: in normal use.
observers: list[Callable[[str, Any], None]] = []


def _execute(cursor: Any, sql: str, parameters: Any) -> None:
    for observe in observers:
        observe(sql, parameters)
    cursor.execute(sql, parameters)


@dataclass(frozen=True)
class _Compiled:
    sql: str
    order: tuple[str, ...] | None  # parameter names in the order a positional driver takes them
    fixed: dict[str, Any]  # parameters whose values the statement carries
    binds: dict[str, Converter]
    results: tuple[Converter, ...]


class Prepared:
    """One statement, compiled on first use for each database kind."""

    def __init__(self, statement: Executable) -> None:
        self.statement = statement
        self._compiled: dict[str, _Compiled] = {}

    def _for(self, dialect: Dialect) -> _Compiled:
        done = self._compiled.get(dialect.name)
        if done is not None:
            return done
        compiled = self.statement.compile(dialect=dialect)  # type: ignore[attr-defined]
        binds = {name: bind.type.dialect_impl(dialect).bind_processor(dialect) for name, bind in compiled.binds.items()}
        fixed = {name: bind.value for name, bind in compiled.binds.items() if not bind.required}
        columns = getattr(self.statement, "selected_columns", None) or ()  # a SELECT's; other statements none
        results = tuple(column.type.dialect_impl(dialect).result_processor(dialect, None) for column in columns)
        done = _Compiled(
            str(compiled),
            tuple(compiled.positiontup) if compiled.positional else None,
            fixed,
            binds,
            results,
        )
        self._compiled[dialect.name] = done
        return done

    def _parameters(self, compiled: _Compiled, given: dict[str, Any]) -> Any:
        values = {**compiled.fixed, **given}
        for name, convert in compiled.binds.items():
            if convert is not None and values.get(name) is not None:
                values[name] = convert(values[name])
        if compiled.order is None:
            return values
        return tuple(values[name] for name in compiled.order)

    def fetch(self, cursor: Any, dialect: Dialect, **given: Any) -> list[Any]:
        """Run the statement and return every row as the driver gives it (see :meth:`convert`)."""
        compiled = self._for(dialect)
        _execute(cursor, compiled.sql, self._parameters(compiled, given))
        return list(cursor.fetchall())

    def convert(self, dialect: Dialect, fetched: Sequence[Any]) -> list[tuple[Any, ...]]:
        """Rows as :meth:`fetch` gave them, each value converted as SQLAlchemy would (a SQLite date's text to a
        datetime, for one): converting only the rows kept saves the rest."""
        converting = [(i, convert) for i, convert in enumerate(self._for(dialect).results) if convert is not None]
        if not converting:
            return [tuple(row) for row in fetched]
        rows = []
        for row in fetched:
            values = list(row)
            for i, convert in converting:
                if values[i] is not None:
                    values[i] = convert(values[i])
            rows.append(tuple(values))
        return rows

    def rows(self, cursor: Any, dialect: Dialect, **given: Any) -> list[tuple[Any, ...]]:
        """Run the statement and return every row, each value converted."""
        return self.convert(dialect, self.fetch(cursor, dialect, **given))

    def run(self, cursor: Any, dialect: Dialect, **given: Any) -> int:
        """Run a statement that returns no rows; how many rows it changed."""
        compiled = self._for(dialect)
        _execute(cursor, compiled.sql, self._parameters(compiled, given))
        return int(cursor.rowcount)


@contextmanager
def driver_cursor(engine: Any, *, begin: str | None) -> Iterator[Any]:
    """A cursor of a pooled driver connection in one transaction, committed at the end (rolled back on error);
    ``begin`` is the statement that opens it on SQLite (the driver opens PostgreSQL's itself)."""
    dialect = engine.dialect
    driver_error = dialect.loaded_dbapi.Error
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        try:
            if begin is not None:
                _execute(cursor, begin, ())
            yield cursor
            raw.commit()
        except driver_error as error:
            if dialect.is_disconnect(error, raw.dbapi_connection, cursor):
                raw.invalidate(error)
            else:
                raw.rollback()
            raise DBAPIError.instance(None, None, error, driver_error) from error
        except BaseException:
            raw.rollback()
            raise
    finally:
        raw.close()


def first(rows: Sequence[tuple[Any, ...]]) -> tuple[Any, ...] | None:
    """The first row, or None."""
    return rows[0] if rows else None
