"""Webhooks without slowing the workflow: approvals with no subscriber, with three webhooks subscribed (a
quick receiver, a slow one and a dead address: each approval writes three outbox rows), and with those three
while ``dragoman worker`` delivers in its own process, interleaved (``--pairs`` rounds of the three); then how
long a worker takes to deliver ``--events`` messages to the quick receiver.
``python -m bench.webhooks [--events 1000] [--pairs 3] [--database URL]``.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import statistics
import subprocess
import sys
import tempfile
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from sqlmodel import col, select

from bench.editor import _article
from bench.interleave import environment
from bench.run import fresh_database
from workflow import actions, queries
from workflow.db import Database
from workflow.importers import import_sources
from workflow.models import WebhookMessage
from workflow.people import create_user, get_user
from workflow.permissions import CONSOLE
from workflow.webhooks import add_webhook, deliver_due, disable_webhook

OUT = Path(__file__).resolve().parent / "out"
PASSWORD = "bench-password-1"


def _serve(delay: float, count: Any, ready: Any) -> None:
    """Answer webhooks with 204 (after ``delay`` seconds), counting them."""

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            self.rfile.read(int(self.headers["content-length"]))
            if delay:
                time.sleep(delay)  # a slow receiver, on purpose
            with count.get_lock():
                count.value += 1
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    class Server(ThreadingHTTPServer):
        request_queue_size = 128  # as a real receiver's: the default 5 drops connections the worker opens at once
        daemon_threads = True

    server = Server(("127.0.0.1", 0), Handler)
    ready.put(server.server_address[1])
    server.serve_forever()


class Receiver:
    """A webhook receiver in its own process, so that its threads never take the approving thread's GIL."""

    def __init__(self, delay: float) -> None:
        self.count = multiprocessing.Value("i", 0)
        ready: Any = multiprocessing.Queue()
        self.process = multiprocessing.Process(target=_serve, args=(delay, self.count, ready), daemon=True)
        self.process.start()
        self.url = f"http://127.0.0.1:{ready.get(timeout=60)}/hook"

    @property
    def received(self) -> int:
        return int(self.count.value)

    def stop(self) -> None:
        self.process.terminate()
        self.process.join(timeout=30)


def _in_review(db: Database, count: int) -> list[int]:
    """``count`` fa pieces of one segment each, translated, submitted and taken for review."""
    import_sources(db, CONSOLE, [_article(f"story-{n}", 0) for n in range(count)])
    mina, reza = get_user(db, "bench-mina"), get_user(db, "bench-reza")
    ready = []
    for row in queries.available_for(db, mina, edition="fa", limit=count):
        actions.claim(db, mina, row.piece_id)
        for segment in queries.piece_segments(db, row.piece_id):
            actions.save_segment(db, mina, segment.segment_id, "ترجمهٔ " + segment.source, segment.version)
        actions.submit(db, mina, row.piece_id)
        actions.start_review(db, reza, row.piece_id)
        ready.append(row.piece_id)
    return ready


def _approvals(db: Database, pieces: list[int]) -> list[float]:
    reza = get_user(db, "bench-reza")
    times = []
    for piece_id in pieces:
        started = time.perf_counter()
        actions.approve(db, reza, piece_id)
        times.append((time.perf_counter() - started) * 1000)
    return times


def _p(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    return {"p50_ms": round(statistics.median(ordered), 2), "p95_ms": round(ordered[round(len(ordered) * 0.95) - 1], 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=1000)
    parser.add_argument("--pairs", type=int, default=3)
    parser.add_argument("--per-run", type=int, default=60, help="approvals per run")
    parser.add_argument("--database", help="a database URL to use (default: a new SQLite file)")
    args = parser.parse_args()
    url = args.database or f"sqlite:///{tempfile.mkdtemp(prefix='bench-webhooks-')}/webhooks.db"
    db = fresh_database(url)
    create_user(db, CONSOLE, "bench-mina", PASSWORD, roles=["translator"], pairs=[("en", "fa")])
    create_user(db, CONSOLE, "bench-reza", PASSWORD, roles=["reviewer"], pairs=[("en", "fa")])
    pieces = _in_review(db, args.pairs * 3 * args.per_run + args.events)
    quick, slow = Receiver(0), Receiver(2.0)
    quick_url, slow_url = quick.url, slow.url
    dead_url = "http://127.0.0.1:9/hook"  # the discard port: nobody listens there

    runs: dict[str, list[dict[str, float]]] = {
        "no_webhooks": [],
        "three_webhooks": [],
        "three_webhooks_and_a_worker_process": [],
    }
    for _pair in range(args.pairs):
        runs["no_webhooks"].append(_p(_approvals(db, [pieces.pop() for _ in range(args.per_run)])))
        hooks = [add_webhook(db, CONSOLE, u, ["piece.approved"]) for u in (quick_url, slow_url, dead_url)]
        runs["three_webhooks"].append(_p(_approvals(db, [pieces.pop() for _ in range(args.per_run)])))
        worker = subprocess.Popen(
            [sys.executable, "-m", "workflow.cli", "worker", "--idle", "0.2"],
            env={**os.environ, "DRAGOMAN_DATABASE_URL": url},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        runs["three_webhooks_and_a_worker_process"].append(
            _p(_approvals(db, [pieces.pop() for _ in range(args.per_run)]))
        )
        worker.terminate()
        worker.wait(timeout=60)
        for hook in hooks:
            disable_webhook(db, CONSOLE, hook.id or 0)

    hook = add_webhook(db, CONSOLE, quick_url, ["piece.approved"])
    _approvals(db, pieces[: args.events])
    with db.read() as session:
        queued = len(session.exec(select(WebhookMessage.id).where(WebhookMessage.webhook_id == hook.id)).all())
    before = quick.received
    started = time.perf_counter()
    while True:
        deliver_due(db)
        with db.read() as session:
            left = session.exec(
                select(WebhookMessage.id).where(
                    WebhookMessage.webhook_id == hook.id, col(WebhookMessage.delivered_at).is_(None)
                )
            ).first()
        if left is None:
            break
    seconds = time.perf_counter() - started
    quick.stop()
    slow.stop()

    def summary(samples: list[dict[str, float]]) -> dict[str, Any]:
        return {
            f"{stat}_{name}": round(fn(s[stat] for s in samples), 2)
            for stat in ("p50_ms", "p95_ms")
            for name, fn in (("min", min), ("median", statistics.median))
        }

    result = {
        **environment(),  # machine, date, load now
        "database": url.split(":")[0],
        "approvals_per_run": args.per_run,
        "approve": {name: summary(samples) for name, samples in runs.items()},
        "delivery": {
            "messages": queued,
            "received": quick.received - before,
            "seconds": round(seconds, 2),
            "per_second": round(queued / seconds, 1),
        },
    }
    OUT.mkdir(exist_ok=True)
    (OUT / "webhooks.json").write_text(json.dumps(result, indent=2), encoding="utf-8")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
