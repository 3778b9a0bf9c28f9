"""Fast multi-row inserts: the driver's own ``executemany``, with SQLAlchemy's type conversions applied
once per column, so that importing tens of thousands of articles costs little more than the raw driver.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import Table
from sqlmodel import Session

CHUNK = 5000  # rows per executemany: keeps the driver's buffers small on large imports


def insert_rows(session: Session, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """Insert ``rows`` (dicts keyed by column name, all with the same keys) into ``table``."""
    if not rows:
        return
    connection = session.connection()
    dialect = connection.dialect
    names = list(rows[0])
    columns = [table.c[name] for name in names]
    processors: list[Callable[[Any], Any] | None] = [
        column.type.dialect_impl(dialect).bind_processor(dialect) for column in columns
    ]
    mark = "?" if dialect.paramstyle == "qmark" else "%s"
    sql = (
        f"INSERT INTO {dialect.identifier_preparer.format_table(table)} "
        f"({', '.join(dialect.identifier_preparer.quote(n) for n in names)}) "
        f"VALUES ({', '.join(mark for _ in names)})"
    )
    if all(p is None for p in processors):
        values = [tuple(row[n] for n in names) for row in rows]
    else:
        pairs = list(zip(names, processors, strict=True))
        values = [tuple(p(row[n]) if p else row[n] for n, p in pairs) for row in rows]
    for start in range(0, len(values), CHUNK):
        connection.exec_driver_sql(sql, values[start : start + CHUNK])
