"""The HTTP API's latency beside the same call through ``workflow`` directly, in the same run: reading a piece
of 40 segments, and saving a segment. ``python -m bench.api [--calls 200] [--articles 20000] [--pairs 3]
[--database URL]``.

The API runs as ``dragoman api`` in its own process; calls go over one kept-alive HTTP connection. With
``--articles``, the database first holds that many generated articles (three editions each). Runs are
interleaved: direct, API, direct, API… (``--pairs`` of each), and each figure is given as the minimum and
the median over its runs.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlmodel import select

from bench.editor import _article
from bench.interleave import environment
from bench.run import fresh_database
from workflow import actions, queries
from workflow.importers import import_sources
from workflow.models import Article, Piece
from workflow.people import create_user, get_user
from workflow.permissions import CONSOLE
from workflow.tokens import create_token

OUT = Path(__file__).resolve().parent / "out"


def _p(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    return {
        "p50_ms": round(statistics.median(ordered), 2),
        "p95_ms": round(ordered[max(0, round(len(ordered) * 0.95) - 1)], 2),
    }


def _timed(call: Callable[[int], Any], calls: int) -> list[float]:
    times = []
    for i in range(calls + 5):
        started = time.perf_counter()
        call(i)
        if i >= 5:  # the first calls warm caches and connections
            times.append((time.perf_counter() - started) * 1000)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--calls", type=int, default=200)
    parser.add_argument("--database", help="a database URL to use (default: a new SQLite file)")
    parser.add_argument("--articles", type=int, default=0, help="generated articles imported first")
    parser.add_argument("--pairs", type=int, default=3, help="interleaved runs of each")
    args = parser.parse_args()
    url = args.database or f"sqlite:///{tempfile.mkdtemp(prefix='bench-api-')}/api.db"
    db = fresh_database(url)
    if args.articles:
        from bench.generate import write_articles
        from workflow.importers import import_paths

        folder = Path(tempfile.mkdtemp(prefix="bench-api-articles-"))
        import_paths(db, CONSOLE, write_articles(folder, args.articles))
    create_user(db, CONSOLE, "bench-mina", "bench-password-1", roles=["translator"], pairs=[("en", "fa")])
    import_sources(db, CONSOLE, [_article("budget", 39)])
    mina = get_user(db, "bench-mina")
    with db.read() as session:
        piece_id = (
            session.exec(
                select(Piece.id).join(Article).where(Article.slug == "budget", Piece.edition_code == "fa")
            ).one()
            or 0
        )
    actions.claim(db, mina, piece_id)
    segment = queries.piece_segments(db, piece_id)[1]
    secret = create_token(db, CONSOLE, "bench-mina").secret

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    server = subprocess.Popen(
        [sys.executable, "-m", "workflow.cli", "api", "--port", str(port)],
        env={**os.environ, "DRAGOMAN_DATABASE_URL": url, "DRAGOMAN_API_RATE": "1000000"},  # measured, not limited
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        while True:  # until the API answers
            try:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                connection.request("GET", "/api/v1/openapi.json")
                connection.getresponse().read()
                break
            except OSError:
                time.sleep(0.1)
        headers = {"Authorization": f"Bearer {secret}", "Content-Type": "application/json"}

        def api_read(_i: int) -> None:
            connection.request("GET", f"/api/v1/pieces/{piece_id}", headers=headers)
            response = connection.getresponse()
            assert response.status == 200 and len(json.loads(response.read())["segments"]) == 40

        version = {"now": queries.piece_segments(db, piece_id)[1].version}

        def api_save(i: int) -> None:
            body = json.dumps({"text": f"ترجمه {i}", "base_version": version["now"], "done": False})
            connection.request("PUT", f"/api/v1/segments/{segment.segment_id}", body=body, headers=headers)
            response = connection.getresponse()
            answer = json.loads(response.read())
            assert response.status == 200, answer
            version["now"] = answer["version"]

        def direct_read(_i: int) -> None:
            assert len(queries.readable_segments(db, mina, piece_id)) == 40

        def direct_save(i: int) -> None:
            saved = actions.save_segment(db, mina, segment.segment_id, f"متن {i}", version["now"], done=False)
            version["now"] = saved.version

        figures: dict[str, dict[str, list[dict[str, float]]]] = {
            "read_piece_of_40": {"direct": [], "api": []},
            "save_segment": {"direct": [], "api": []},
        }
        per_run = max(20, args.calls // args.pairs)
        for _pair in range(args.pairs):
            figures["read_piece_of_40"]["direct"].append(_p(_timed(direct_read, per_run)))
            figures["read_piece_of_40"]["api"].append(_p(_timed(api_read, per_run)))
            figures["save_segment"]["direct"].append(_p(_timed(direct_save, per_run)))
            figures["save_segment"]["api"].append(_p(_timed(api_save, per_run)))
        result = {
            **environment(),  # machine, date, load now
            "database": url.split(":")[0],
            "articles": args.articles,
            "calls_per_run": per_run,
            **{
                call: {
                    way: {
                        f"{stat}_{agg}": round(fn(r[stat] for r in runs), 2)
                        for stat in ("p50_ms", "p95_ms")
                        for agg, fn in (("min", min), ("median", statistics.median))
                    }
                    for way, runs in ways.items()
                }
                for call, ways in figures.items()
            },
        }
    finally:
        server.terminate()
        server.wait(timeout=30)
    OUT.mkdir(exist_ok=True)
    (OUT / "api.json").write_text(json.dumps(result, indent=2), encoding="utf-8")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
