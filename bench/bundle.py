"""Edition bundle builds at 20,000 articles in one edition: a full build beside the time to merely
serialise and write the same articles as JSON (the baseline), interleaved (``--pairs`` of each, min and
median), an incremental rebuild after 10 changed articles, and the peak memory of a full build.
``python -m bench.bundle [--articles N] [--pairs 3]``.

The articles come from bench.generate (25 segments each); every Persian piece is then made approved
with a translation in one SQL statement per table, and that translation pinned as its approved version, so
that the fa edition publishes all of them.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import insert, text
from sqlmodel import col, select

from bench.generate import write_articles
from bench.interleave import environment, figures, interleaved, seconds
from bench.run import OUT, fresh_database
from workflow.bundle import build
from workflow.bundle.collect import collect
from workflow.bundle.render import EditionInfo, _article_json, _json
from workflow.bundle.write import wait_for_cleanup
from workflow.db import Database
from workflow.importers import import_paths
from workflow.models import Piece, TargetSegment, TranslationVersion
from workflow.permissions import CONSOLE


def prepare(url: str, articles: int) -> Database:
    """A database whose fa edition publishes every generated article."""
    db = fresh_database(url)
    files = write_articles(OUT / "bundle-articles", articles)
    import_paths(db, CONSOLE, files)
    with db.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO target_segment (piece_id, source_segment_id, position, active, text, state, outdated,"
                " prefilled, version) SELECT p.id, s.id, s.position, 1, 'ترجمهٔ ' || s.text, 'done', 0, 0, 1"
                " FROM piece p JOIN source_segment s ON s.revision_id = p.revision_id WHERE p.edition_code = 'fa'"
            )
        )
        conn.execute(text("UPDATE piece SET status = 'approved', version = version + 1 WHERE edition_code = 'fa'"))
    _pin(db, "SELECT id FROM piece WHERE edition_code = 'fa'")
    return db


def _pin(db: Database, pieces: str, params: dict[str, Any] | None = None) -> None:
    """Each piece's translation as its newest approved version (what a reviewer's approval keeps)."""
    now = datetime.now(UTC)
    with db.engine.begin() as conn:
        ids = [row[0] for row in conn.execute(text(pieces), params or {})]
        texts: dict[int, list[str]] = {piece_id: [] for piece_id in ids}
        for start in range(0, len(ids), 500):
            rows = conn.execute(
                select(TargetSegment.piece_id, TargetSegment.text)
                .where(col(TargetSegment.piece_id).in_(ids[start : start + 500]))
                .order_by(col(TargetSegment.piece_id), col(TargetSegment.position))
            )
            for piece_id, segment in rows:
                texts[piece_id].append(segment)
        revisions: dict[int, int] = dict(
            conn.execute(select(Piece.id, Piece.revision_id).where(col(Piece.id).in_(ids))).all()
        )
        conn.execute(
            insert(TranslationVersion),
            [
                {"piece_id": i, "revision_id": revisions[i], "texts": texts[i], "approved_at": now, "approved_by": None}
                for i in ids
            ],
        )


def change(db: Database, count: int, round_: int) -> None:
    """``count`` approved pieces get a corrected first paragraph (as a reviewer's fix would)."""
    with db.engine.begin() as conn:
        query = text("SELECT id FROM piece WHERE edition_code = 'fa' ORDER BY id LIMIT :count")
        ids = [row[0] for row in conn.execute(query, {"count": count})]
        for piece_id in ids:
            conn.execute(
                text(
                    "UPDATE target_segment SET text = text || :mark, version = version + 1"
                    " WHERE piece_id = :piece AND position = 1"
                ),
                {"mark": f" ({round_})", "piece": piece_id},
            )
            conn.execute(
                text("UPDATE piece SET version = version + 1, updated_at = :now WHERE id = :piece"),
                {"piece": piece_id, "now": datetime.now(UTC).replace(tzinfo=None)},
            )
    _pin(db, "SELECT id FROM piece WHERE edition_code = 'fa' ORDER BY id LIMIT :count", {"count": count})


def baseline(db: Database, folder: Path) -> dict[str, float]:
    """The same articles read, then merely serialised and written as one JSON file each."""
    started = time.perf_counter()
    articles = collect(db, "fa")
    collected = time.perf_counter() - started
    info = EditionInfo("fa", "فارسی", "rtl", "persian", "gregorian")
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    settle()
    started = time.perf_counter()
    for article in articles:
        (folder / f"{article.slug}.json").write_bytes(_json(_article_json(article, info, ())))
    return {"collect_s": round(collected, 2), "serialise_and_write_s": round(time.perf_counter() - started, 2)}


def copy_floor(source: Path, target: Path) -> float:
    """The file system's share: the seconds to write the built bundle's files again, one by one."""
    _clear(target)
    files = [p for p in sorted(source.rglob("*")) if p.is_file()]
    started = time.perf_counter()
    for path in files:
        destination = target / path.relative_to(source)
        destination.parent.mkdir(parents=True, exist_ok=True)
        destination.write_bytes(path.read_bytes())
    return round(time.perf_counter() - started, 2)


def settle() -> None:
    """Before each timed run: the previous run's files deleted and everything written on disk (a folder a build
    replaced is deleted in the background, and deleting 60,000 files keeps this machine's disk busy for
    seconds), so that no run pays for the one before it."""
    wait_for_cleanup()
    os.sync()


def _clear(out: Path) -> None:
    """No bundle and no render cache: the next build starts from nothing."""
    shutil.rmtree(out, ignore_errors=True)
    out.with_name(f".{out.name}.render-cache.sqlite").unlink(missing_ok=True)


def peak_memory(url: str, out: Path) -> dict[str, float]:
    """The peak resident memory of a full build in a process of its own, and of its largest worker, in MiB
    (a worker's figure may include what its parent held when it started: Linux carries it over).
    """
    code = (  # VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the (large) parent across exec
        "import sys; from pathlib import Path; from workflow.db import Database;"
        "from workflow.bundle import build; build(Database(sys.argv[1]), 'fa', Path(sys.argv[2]));"
        "print(next(l.split()[1] for l in open('/proc/self/status') if l.startswith('VmHWM')));"
        "import resource; print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    _clear(out)
    output = subprocess.run(
        [sys.executable, "-c", code, url, str(out)], check=True, capture_output=True, text=True
    ).stdout
    main, worker = (int(value) for value in output.split()[-2:])
    return {"build process": round(main / 1024, 1), "largest worker (at most)": round(worker / 1024, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=20_000)
    parser.add_argument("--url", default=f"sqlite:///{OUT / 'bundle.db'}")
    parser.add_argument("--pairs", type=int, default=3, help="interleaved runs of the baseline and the full build")
    args = parser.parse_args()
    OUT.mkdir(exist_ok=True)
    started = time.perf_counter()
    db = prepare(args.url, args.articles)
    prepared = time.perf_counter() - started
    out = OUT / "bundle-fa"
    for folder in (out, OUT / "bundle-fa-fresh"):
        _clear(folder)
    collecting: list[float] = []

    def serialise_and_write() -> float:
        base = baseline(db, OUT / "bundle-json")
        collecting.append(base["collect_s"])
        return base["serialise_and_write_s"]

    def full_build() -> float:
        _clear(out)
        settle()
        return seconds(lambda: build(db, "fa", out))

    at_start = environment()
    comparison = interleaved(serialise_and_write, full_build, args.pairs)
    files = build(db, "fa", out)
    floor = copy_floor(out, OUT / "bundle-fa-copy")
    incremental = []
    for round_ in range(1, 4):
        change(db, 10, round_)
        settle()
        incremental.append(seconds(lambda: build(db, "fa", out)))
    rebuilt = build(db, "fa", OUT / "bundle-fa-fresh")  # from nothing: no bundle, no cache
    same = rebuilt == build(db, "fa", out)
    memory = peak_memory(args.url, OUT / "bundle-fa-memory")
    medians = comparison["dragoman"]["median"], comparison["baseline"]["median"]
    result: dict[str, Any] = {
        **at_start,
        "load at the end": environment()["load"],
        "articles": args.articles,
        "files": len(files),
        "prepare_s": round(prepared, 1),
        "full build (s) beside serialising and writing the same articles (s), interleaved": comparison,
        "baseline: collecting the articles (s)": figures(collecting),
        "full build / (collect + serialise + write), medians": round(
            medians[0] / (medians[1] + statistics.median(collecting)), 2
        ),
        "writing the same files only (read back and written again)_s": floor,
        "incremental after 10 changed articles (s)": figures(incremental),
        "incremental equals a fresh build": same,
        "peak_memory_full_build_mib": memory,
    }
    print(json.dumps(result, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
