"""Many people at once on one dashboard process's engine: ``--writers`` translators (16) saving segments of
their own pieces at the same moment, beside one translator saving alone, interleaved over ``--pairs`` rounds;
on SQLite also with this process's writers left to SQLite's own busy wait (no queue), as before; then
``--people`` (50) claiming and saving at once, counting anyone who waited past the pool's timeout.
``python -m bench.concurrency [--database URL] [--writers 16] [--saves 20] [--people 50] [--pairs 3]``.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from bench.editor import _article
from bench.interleave import environment
from bench.run import fresh_database
from workflow import actions, queries
from workflow.db import Database
from workflow.importers import import_sources
from workflow.people import create_user, get_user
from workflow.permissions import CONSOLE

OUT = Path(__file__).resolve().parent / "out"


def _ready(db: Database, count: int, tag: str) -> list[tuple[Any, int]]:
    """``count`` translators, each holding a fa piece of 10 segments."""
    import_sources(db, CONSOLE, [_article(f"{tag}-{n}", 9) for n in range(count)])
    held = []
    for n in range(count):
        name = f"{tag}-translator-{n}"
        create_user(db, CONSOLE, name, "bench-password-1", roles=["translator"], pairs=[("en", "fa")])
        person = get_user(db, name)
        found = queries.available_for(db, person, edition="fa", search=f"{tag}-{n}", limit=50)
        (row,) = [r for r in found if r.slug == f"{tag}-{n}"]
        actions.claim(db, person, row.piece_id)
        held.append((person, row.piece_id))
    return held


def _saves(db: Database, held: list[tuple[Any, int]], saves: int) -> list[float]:
    """Every translator saves ``saves`` times at once; the milliseconds of each save."""
    start = threading.Barrier(len(held))
    times: list[float] = []
    lock = threading.Lock()

    def work(person: Any, piece_id: int) -> None:
        rows = queries.piece_segments(db, piece_id)
        versions = {r.segment_id: r.version for r in rows}
        start.wait()
        mine = []
        for i in range(saves):
            segment = rows[i % len(rows)].segment_id
            began = time.perf_counter()
            saved = actions.save_segment(db, person, segment, f"ترجمهٔ {i}", versions[segment], done=False)
            mine.append((time.perf_counter() - began) * 1000)
            versions[segment] = saved.version
        with lock:
            times.extend(mine)

    threads = [threading.Thread(target=work, args=pair) for pair in held]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return times


def _summary(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    return {
        "p50_ms": round(statistics.median(ordered), 1),
        "p95_ms": round(ordered[max(0, round(len(ordered) * 0.95) - 1)], 1),
        "max_ms": round(ordered[-1], 1),
    }


def _people_at_once(db: Database, held: list[tuple[Any, int]]) -> dict[str, Any]:
    """Everyone holds a connection at one moment, then claims (already theirs: a no-op refusal) and saves."""
    everyone_in = threading.Barrier(len(held))
    failures: list[str] = []
    times: list[float] = []

    def work(person: Any, piece_id: int) -> None:
        try:
            with db.read() as session:
                session.connection()
                everyone_in.wait(timeout=120)
            began = time.perf_counter()
            row = queries.piece_segments(db, piece_id)[0]
            actions.save_segment(db, person, row.segment_id, "ترجمه", row.version, done=False)
            times.append((time.perf_counter() - began) * 1000)
        except Exception as error:  # counted and named, whatever it is
            failures.append(f"{type(error).__name__}: {error}"[:200])

    threads = [threading.Thread(target=work, args=pair) for pair in held]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return {"people": len(held), "failures": len(failures), "first_failure": failures[:1], **_summary(times or [0])}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database", help="a database URL (default: a new SQLite file)")
    parser.add_argument("--writers", type=int, default=16)
    parser.add_argument("--saves", type=int, default=20, help="saves per writer per run")
    parser.add_argument("--people", type=int, default=50)
    parser.add_argument("--pairs", type=int, default=3)
    args = parser.parse_args()
    url = args.database or f"sqlite:///{tempfile.mkdtemp(prefix='bench-concurrency-')}/c.db"
    db = fresh_database(url)
    writers = _ready(db, args.writers, "w")
    queue = db._writers  # SQLite: this process's writers take turns here
    ways: dict[str, list[list[float]]] = {"one_writer_alone": [], f"{args.writers}_writers": []}
    if queue is not None:
        ways[f"{args.writers}_writers_sqlite_busy_wait_only"] = []
    for _pair in range(args.pairs):
        ways["one_writer_alone"].append(_saves(db, writers[:1], args.saves * 4))
        ways[f"{args.writers}_writers"].append(_saves(db, writers, args.saves))
        if queue is not None:
            db._writers = None
            ways[f"{args.writers}_writers_sqlite_busy_wait_only"].append(_saves(db, writers, args.saves))
            db._writers = queue
    people = _people_at_once(db, _ready(db, args.people, "p"))
    result = {
        **environment(),  # machine, date, load now
        "database": url.split(":")[0],
        "saves": {
            way: {
                f"{stat}_{agg}": round(fn(_summary(run)[stat] for run in runs), 1)
                for stat in ("p50_ms", "p95_ms", "max_ms")
                for agg, fn in (("min", min), ("median", statistics.median))
            }
            for way, runs in ways.items()
        },
        "people_at_once": people,
    }
    OUT.mkdir(exist_ok=True)
    (OUT / "concurrency.json").write_text(json.dumps(result, indent=2), encoding="utf-8")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
