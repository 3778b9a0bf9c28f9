"""Benchmarks of the workflow engine: import beside a raw executemany of the same rows, interleaved (baseline,
import, baseline, import… ``--pairs`` of each, min and median), query latency (p50/p95), and the import's
peak memory. ``python -m bench.run --help``.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text

from bench.generate import write_articles
from bench.interleave import environment, figures, interleaved
from workflow import actions, queries
from workflow.db import Database
from workflow.people import create_user
from workflow.permissions import CONSOLE

OUT = Path(__file__).resolve().parent / "out"
TABLES = ["article", "revision", "source_segment", "piece", "event"]


def fresh_database(url: str) -> Database:
    """An empty, migrated database at ``url`` (SQLite file removed, PostgreSQL schema recreated)."""
    if url.startswith("sqlite"):
        path = Path(url.removeprefix("sqlite:///"))
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    else:
        engine = create_engine(url)
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
        engine.dispose()
    db = Database(url)
    db.migrate()
    return db


def timed_import(url: str, files: list[Path]) -> dict[str, Any]:
    output = subprocess.run(
        [sys.executable, "-m", "bench.import_once", url, *map(str, files)],
        check=True,
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parent.parent,
    ).stdout
    return dict(json.loads(output.strip().splitlines()[-1]))


def _rows(db: Database) -> dict[str, tuple[list[str], list[tuple[Any, ...]]]]:
    """Every row the import wrote, table by table, as the driver returns them."""
    result = {}
    with db.engine.connect() as conn:
        for table in TABLES:
            cursor = conn.exec_driver_sql(f'SELECT * FROM "{table}" ORDER BY 1')
            result[table] = (list(cursor.keys()), [tuple(r) for r in cursor.fetchall()])
    return result


def baseline_sqlite(rows: dict[str, tuple[list[str], list[tuple[Any, ...]]]], path: Path) -> float:
    """Raw sqlite3 ``executemany`` of the same rows into a fresh migrated database, in one transaction."""
    fresh_database(f"sqlite:///{path}").dispose()
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute("PRAGMA foreign_keys=ON")
    started = time.perf_counter()
    conn.execute("BEGIN")
    for table in TABLES:
        columns, values = rows[table]
        marks = ", ".join("?" for _ in columns)
        names = ", ".join(f'"{c}"' for c in columns)
        conn.executemany(f'INSERT INTO "{table}" ({names}) VALUES ({marks})', values)
    conn.execute("COMMIT")
    elapsed = time.perf_counter() - started
    conn.close()
    return elapsed


def baseline_postgresql(rows: dict[str, tuple[list[str], list[tuple[Any, ...]]]], url: str) -> float:
    """Raw psycopg ``executemany`` of the same rows into a fresh migrated database, in one transaction."""
    import psycopg
    from psycopg.types.json import Json

    fresh_database(url).dispose()
    dsn = url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(dsn) as conn:
        started = time.perf_counter()
        with conn.cursor() as cur:
            for table in TABLES:
                columns, values = rows[table]
                adapted = [tuple(Json(v) if isinstance(v, (dict, list)) else v for v in row) for row in values]
                marks = ", ".join("%s" for _ in columns)
                names = ", ".join(f'"{c}"' for c in columns)
                cur.executemany(f'INSERT INTO "{table}" ({names}) VALUES ({marks})', adapted)
        conn.commit()
        return time.perf_counter() - started


def latency(call: Callable[[], object], rounds: int) -> dict[str, float]:
    """p50 and p95 of ``rounds`` calls, in milliseconds, after two warm-up calls."""
    call()
    call()
    samples = []
    for _ in range(rounds):
        started = time.perf_counter()
        call()
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    return {"p50_ms": statistics.median(samples), "p95_ms": samples[int(len(samples) * 0.95) - 1]}


def query_latencies(url: str, rounds: int) -> dict[str, dict[str, float]]:
    db = Database(url)
    translator = create_user(
        db, CONSOLE, "bench-translator", "benchmark password", roles=["translator"], pairs=[("en", "fa")]
    )
    reviewer = create_user(
        db, CONSOLE, "bench-reviewer", "benchmark password", roles=["reviewer"], pairs=[("en", "fa")]
    )
    for row in queries.available_for(db, translator, limit=20):
        actions.claim(db, translator, row.piece_id)
    result = {
        "available_for": latency(lambda: queries.available_for(db, translator), rounds),
        "my_work": latency(lambda: queries.my_work(db, translator), rounds),
        "review_queue": latency(lambda: queries.review_queue(db, reviewer), rounds),
        "progress": latency(lambda: queries.progress(db), rounds),
    }
    db.dispose()
    return result


def bench_backend(name: str, url: str, files: list[Path], rounds: int, pairs: int) -> dict[str, Any]:
    print(f"[{name}] importing {len(files)} files once for the rows the baseline writes ...", flush=True)
    fresh_database(url).dispose()
    timed_import(url, files)
    db = Database(url)
    rows = _rows(db)
    db.dispose()
    row_count = sum(len(v) for _c, v in rows.values())
    imports: list[dict[str, Any]] = []

    def raw() -> float:
        print(f"[{name}] baseline: executemany of the same {row_count} rows ...", flush=True)
        if name == "sqlite":
            return baseline_sqlite(rows, OUT / "baseline.db")
        return baseline_postgresql(rows, url)

    def dragoman() -> float:
        print(f"[{name}] import ...", flush=True)
        fresh_database(url).dispose()
        imports.append(timed_import(url, files))
        return float(imports[-1]["seconds"])

    comparison = interleaved(raw, dragoman, pairs)  # the last run is an import: the queries read its data
    print(f"[{name}] query latency ...", flush=True)
    latencies = query_latencies(url, rounds)
    return {
        "backend": name,
        "rows": row_count,
        "import (s) beside executemany of the same rows (s), interleaved": comparison,
        "import: parse (s)": figures([i["parse_seconds"] for i in imports]),
        "import: peak memory (MiB)": figures([i["peak_mib"] for i in imports], 1),
        "queries": latencies,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=200, help="calls per query for the latency figures")
    parser.add_argument("--postgresql", metavar="URL", help="also run against this (disposable) PostgreSQL database")
    parser.add_argument("--pairs", type=int, default=3, help="interleaved runs of the baseline and the import")
    args = parser.parse_args()
    OUT.mkdir(exist_ok=True)
    data = OUT / f"articles-{args.articles}"
    files = sorted(data.glob("*.json")) if data.exists() else write_articles(data, args.articles)
    at_start = environment()
    results = [bench_backend("sqlite", f"sqlite:///{OUT / 'bench.db'}", files, args.rounds, args.pairs)]
    if args.postgresql:
        results.append(bench_backend("postgresql", args.postgresql, files, args.rounds, args.pairs))
    summary = {
        **at_start,
        "load at the end": environment()["load"],
        "SQLite": sqlite3.sqlite_version,
        "articles": args.articles,
        "results": results,
    }
    (OUT / "results.json").write_text(json.dumps(summary, indent=2))
    print(json.dumps(summary, indent=2))


if __name__ == "__main__":
    main()
