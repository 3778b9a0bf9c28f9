"""Every dashboard page as people get it: the real app script (``ui/app.py``: the session checked against the
database, roles, navigation, the sidebar, then the page) run by Streamlit's AppTest for a signed-in person
whose roles allow the page, on a database of ``--articles`` generated articles with ``--entries`` reviewed
entries in the translation memory (its shared index built, as a server that has started has it).

Each page is run again and again in one session (a person's clicks rerun the script). Beside each page, in
turn with it (empty, page, empty, page…), a script that only writes a line gives what any run costs in this
harness. ``python -m bench.pages [--articles 20000] [--entries 500000] [--rounds 30]``.
"""

from __future__ import annotations

import argparse
import gc
import json
import logging
import os
import random
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from streamlit.testing.v1 import AppTest
from streamlit.util import calc_hash

from bench.generate import write_articles
from bench.interleave import environment
from bench.memory import Writer, store_entries
from bench.run import OUT, fresh_database
from ui.app import PAGES
from workflow import actions, queries
from workflow.db import Database
from workflow.importers import import_paths
from workflow.memory import build_file
from workflow.people import create_user, get_user
from workflow.permissions import CONSOLE
from workflow.signin import open_session

APP = Path(__file__).resolve().parents[1] / "ui" / "app.py"
EMPTY = OUT / "empty_page.py"
GOAL_MS = 150
PEOPLE = {  # who opens each page: a person with a role that allows it
    "translator": ("bench-translator", ["translator"]),
    "reviewer": ("bench-reviewer", ["reviewer"]),
    "editor": ("bench-editor", ["editor"]),
    "admin": ("bench-admin", ["admin"]),
}


def _p(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    return {
        "p50_ms": round(statistics.median(ordered), 1),
        "p95_ms": round(ordered[max(0, round(len(ordered) * 0.95) - 1)], 1),
        "max_ms": round(ordered[-1], 1),
    }


def prepare(url: str, articles: int, entries: int) -> tuple[Database, dict[str, str], int]:
    """The database: articles, the people, a piece the translator holds and has begun (for the editor), memory
    entries with close variants of that piece's sentences among them, and the memory's index file; each
    person's session token and the piece."""
    db = fresh_database(url)
    print(f"importing {articles} articles ...", flush=True)
    import_paths(db, CONSOLE, write_articles(Path(tempfile.mkdtemp(prefix="bench-pages-")), articles))
    db.refresh_statistics()
    tokens = {}
    for role, (name, roles) in PEOPLE.items():
        user = create_user(db, CONSOLE, name, "benchmark password", roles=roles, pairs=[("en", "fa")])
        tokens[role] = open_session(db, user).token
    translator = get_user(db, PEOPLE["translator"][0])
    held = [row.piece_id for row in queries.available_for(db, translator, limit=5)]
    for piece_id in held:
        actions.claim(db, translator, piece_id)
    segments = queries.piece_segments(db, held[0])
    for row in segments[: random.Random(7).randint(3, 6)]:  # a piece under way
        actions.save_segment(db, translator, row.segment_id, f"ترجمهٔ {row.position}", row.version)
    print(f"storing {entries} memory entries and building the index ...", flush=True)
    writer = Writer()
    variants = [writer.edited(row.source) for row in segments for _ in range(3)]  # what the editor finds
    store_entries(db, variants + [writer.sentence() for _ in range(entries - len(variants))])
    build_file(db, "en", "fa")
    return db, tokens, held[0]


def _editor_shows(app: AppTest) -> tuple[int, int]:
    """How many segments the editor's grid shows, and how many of them with a memory match."""
    (grid,) = app.get("bidi_component")
    rows = json.loads(grid.proto.json)["rows"]
    return len(rows), sum(1 for row in rows if row.get("matches"))


def _session(path: str, token: str, piece: int) -> AppTest:
    app = AppTest.from_file(str(APP), default_timeout=60)
    app.session_state["token"] = token
    app.run()  # the person's first page, then the one measured
    app._page_hash = calc_hash(path)  # what the browser asks for by its address
    if path == "editor":
        app.query_params["piece"] = str(piece)
    return app


def _run(app: AppTest) -> float:
    gc.collect()  # the previous run's garbage is the harness's, not this page's
    started = time.perf_counter()
    app.run()
    elapsed = (time.perf_counter() - started) * 1000
    assert not app.exception, app.exception
    return elapsed


def main() -> None:
    for name in list(logging.root.manager.loggerDict):  # scripts run outside a server: Streamlit's warnings
        if name.startswith("streamlit"):
            logging.getLogger(name).setLevel(logging.ERROR)
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=20_000)
    parser.add_argument("--entries", type=int, default=500_000)
    parser.add_argument("--rounds", type=int, default=30)
    args = parser.parse_args()
    OUT.mkdir(exist_ok=True)
    url = f"sqlite:///{OUT / 'pages.db'}"
    os.environ["DRAGOMAN_DATABASE_URL"] = url
    os.environ["DRAGOMAN_MEMORY_DIR"] = str(OUT / "pages-memory")
    _db, tokens, piece = prepare(url, args.articles, args.entries)
    EMPTY.write_text("import streamlit as st\nst.write('baseline')\n")
    at_start = environment()
    results: dict[str, Any] = {}
    for path, _title, _render, roles in PAGES:
        role = next(r for r in PEOPLE if r in roles)
        empty = AppTest.from_file(str(EMPTY))
        empty.run()
        app = _session(path, tokens[role], piece)
        first = _run(app)  # the page opened: its caches fill (not in the percentiles)
        page_ms, empty_ms = [], []
        for _round in range(args.rounds):
            empty_ms.append(_run(empty))
            page_ms.append(_run(app))
        heading = app.header[0].value if len(app.header) else None  # which page ran: its heading
        results[path] = {
            "who": role,
            "heading": heading,
            "opened (ms)": round(first, 1),
            "page": _p(page_ms),
            "baseline: empty script": _p(empty_ms),
        }
        if path == "editor":
            results[path]["segments shown, with memory matches"] = _editor_shows(app)
        shown = results[path]["page"]
        print(f"{path:<14} p50 {shown['p50_ms']:6.1f} ms  p95 {shown['p95_ms']:6.1f} ms  ({heading})", flush=True)
    worst = max(r["page"]["p95_ms"] for r in results.values())
    summary = {
        **at_start,
        "load at the end": environment()["load"],
        "articles": args.articles,
        "memory entries": args.entries,
        "runs per page": args.rounds,
        "goal: p95 under (ms)": GOAL_MS,
        "worst page p95 (ms)": worst,
        "pages": results,
    }
    (OUT / "pages.json").write_text(json.dumps(summary, indent=2))
    print(json.dumps(summary, indent=2))


if __name__ == "__main__":
    main()
