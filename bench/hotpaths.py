"""The hot paths beside their own SQL through the raw driver, in the same run: the queue (`available_for`),
my work, the review queue, progress, and a segment save. Each call's statements are captured as SQLAlchemy
sends them (SQL and parameters) and replayed through the driver's own connection (``sqlite3`` or ``psycopg``)
in one transaction, so the baseline is exactly the same database work without the ORM and the workflow's
Python. Runs are interleaved (raw, Dragoman, raw, Dragoman… ``--pairs`` of each); figures are the minimum and
median over the runs. ``python -m bench.hotpaths [--articles 20000] [--calls 100] [--pairs 3]
[--database URL]``.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import event

from bench.generate import write_articles
from bench.interleave import environment
from bench.run import fresh_database, latency
from workflow import actions, prepared, queries
from workflow.db import Database
from workflow.importers import import_paths
from workflow.people import create_user, get_user
from workflow.permissions import CONSOLE

OUT = Path(__file__).resolve().parent / "out"
Statement = tuple[str, Any, bool]  # SQL, parameters, executemany


def captured(db: Database, call: Callable[[], object]) -> list[Statement]:
    """The statements ``call`` sends to the database, in order."""
    sent: list[Statement] = []

    def record(_conn: Any, _cursor: Any, statement: str, parameters: Any, _context: Any, many: bool) -> None:
        sent.append((statement, parameters, many))

    def record_prepared(statement: str, parameters: Any) -> None:
        sent.append((statement, parameters, False))

    event.listen(db.engine, "before_cursor_execute", record)
    prepared.observers.append(record_prepared)
    try:
        call()
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
        prepared.observers.remove(record_prepared)
    return sent


def replay(db: Database, statements: list[Statement]) -> Callable[[], None]:
    """A call that sends ``statements`` through the raw driver in one transaction, reading every row."""

    def run() -> None:
        raw = db.engine.raw_connection()
        try:
            cursor = raw.cursor()
            for statement, parameters, many in statements:
                if many:
                    cursor.executemany(statement, parameters)
                else:
                    cursor.execute(statement, parameters)
                if cursor.description is not None:
                    cursor.fetchall()
            raw.commit()
        finally:
            raw.close()

    return run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=20_000)
    parser.add_argument("--calls", type=int, default=100, help="calls per run")
    parser.add_argument("--pairs", type=int, default=3)
    parser.add_argument("--database", help="a database URL (default: a new SQLite file)")
    args = parser.parse_args()
    url = args.database or f"sqlite:///{tempfile.mkdtemp(prefix='bench-hotpaths-')}/h.db"
    db = fresh_database(url)
    import_paths(db, CONSOLE, write_articles(Path(tempfile.mkdtemp(prefix="bench-hotpaths-articles-")), args.articles))
    db.refresh_statistics()
    for name, roles in (("bench-translator", ["translator"]), ("bench-reviewer", ["reviewer"])):
        create_user(db, CONSOLE, name, "benchmark password", roles=roles, pairs=[("en", "fa")])
    translator, reviewer = get_user(db, "bench-translator"), get_user(db, "bench-reviewer")
    held = [row.piece_id for row in queries.available_for(db, translator, limit=20)]
    for piece_id in held:
        actions.claim(db, translator, piece_id)
    for piece_id in held[:5]:  # five wait for review
        for row in queries.piece_segments(db, piece_id):
            actions.save_segment(db, translator, row.segment_id, "ترجمهٔ " + row.source, row.version)
        actions.submit(db, translator, piece_id)
    editing = queries.piece_segments(db, held[-1])[1]
    version = {"now": editing.version}

    def save() -> None:
        saved = actions.save_segment(db, translator, editing.segment_id, "متن", version["now"], done=False)
        version["now"] = saved.version

    paths: dict[str, Callable[[], object]] = {
        "available_for": lambda: queries.available_for(db, translator),
        "my_work": lambda: queries.my_work(db, translator),
        "review_queue": lambda: queries.review_queue(db, reviewer),
        "progress": lambda: queries.progress(db),
        "save_segment": save,
    }
    result: dict[str, Any] = {
        **environment(),  # machine, date, load now
        "database": url.split(":")[0],
        "articles": args.articles,
        "calls_per_run": args.calls,
    }
    for name, call in paths.items():
        statements = captured(db, call)
        raw = replay(db, statements)
        runs: dict[str, list[dict[str, float]]] = {"raw": [], "dragoman": []}
        for _pair in range(args.pairs):
            runs["raw"].append(latency(raw, args.calls))
            runs["dragoman"].append(latency(call, args.calls))
        figures = {
            way: {
                f"{stat}_{agg}": round(fn(r[stat] for r in samples), 2)
                for stat in ("p50_ms", "p95_ms")
                for agg, fn in (("min", min), ("median", statistics.median))
            }
            for way, samples in runs.items()
        }
        result[name] = {
            "statements": len(statements),
            **figures,
            "ratio_p50_median": round(figures["dragoman"]["p50_ms_median"] / figures["raw"]["p50_ms_median"], 2),
            "ratio_p95_median": round(figures["dragoman"]["p95_ms_median"] / figures["raw"]["p95_ms_median"], 2),
        }
        print(name, json.dumps(result[name]), flush=True)
    result["load at the end"] = environment()["load"]
    OUT.mkdir(exist_ok=True)
    (OUT / f"hotpaths-{result['database'].split('+')[0]}.json").write_text(json.dumps(result, indent=2))
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
