"""Server-side script time of each dashboard page on the benchmark database (run ``bench.run`` first).

Each page is run with Streamlit's AppTest for the people who use it; beside it, in the same run, an empty
page gives the baseline cost of a script run. ``python -m bench.pages [--rounds N]``.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import statistics
import time
from pathlib import Path

from streamlit.testing.v1 import AppTest

from workflow import actions, queries
from workflow.db import Database
from workflow.people import create_user, get_user
from workflow.permissions import CONSOLE

OUT = Path(__file__).resolve().parent / "out"
HARNESS = Path(__file__).resolve().parents[1] / "tests" / "ui" / "harness.py"
EMPTY = OUT / "empty_page.py"
PAGES = [
    ("available", "bench-translator"),
    ("my-work", "bench-translator"),
    ("editor", "bench-translator"),
    ("review", "bench-reviewer"),
    ("notifications", "bench-translator"),
    ("progress", "bench-editor"),
    ("articles", "bench-editor"),
    ("reports", "bench-editor"),
    ("history", "bench-editor"),
    ("glossary", "bench-editor"),
    ("users", "bench-admin"),
    ("editions", "bench-admin"),
]


def _p(samples: list[float]) -> dict[str, float]:
    samples = sorted(samples)
    return {"p50_ms": statistics.median(samples), "p95_ms": samples[max(0, int(len(samples) * 0.95) - 1)]}


_COMPONENTS: object = None


def _time(make: object, rounds: int) -> dict[str, dict[str, float]]:
    """The whole AppTest run, and the page's own script time as the page measured it.

    A server discovers installed components once at start; a fresh AppTest does it at every run (312
    package manifests parsed, a few hundred ms of garbage that the collector then clears in the middle
    of the next script). The runs here share one discovery, as a server's sessions do.
    """
    global _COMPONENTS
    runs, scripts = [], []
    for i in range(rounds + 2):
        app = make()  # type: ignore[operator]
        if _COMPONENTS is not None:
            app._bidi_component_manager = _COMPONENTS
        gc.collect()  # the previous AppTest's garbage is the harness's, not this page's
        started = time.perf_counter()
        app.run(timeout=60)
        elapsed = (time.perf_counter() - started) * 1000
        _COMPONENTS = app._bidi_component_manager
        assert not app.exception, app.exception
        if i >= 2:
            runs.append(elapsed)
            if "script_ms" in app.session_state:
                scripts.append(float(app.session_state["script_ms"]))
    result = {"apptest_run": _p(runs)}
    if scripts:
        result["script"] = _p(scripts)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    url = f"sqlite:///{OUT / 'bench.db'}"
    os.environ["DRAGOMAN_DATABASE_URL"] = url
    db = Database(url)
    db.migrate()
    for name, roles in (("bench-editor", ["editor"]), ("bench-admin", ["admin"])):
        try:
            get_user(db, name)
        except Exception:
            create_user(db, CONSOLE, name, "benchmark password", roles=roles)
    translator = get_user(db, "bench-translator")
    if not queries.my_work(db, translator):
        actions.claim(db, translator, queries.available_for(db, translator, limit=1)[0].piece_id)
    EMPTY.write_text("import streamlit as st\nst.write('baseline')\n")
    results = {"baseline (empty page)": _time(lambda: AppTest.from_file(str(EMPTY)), args.rounds)}
    empty = results["baseline (empty page)"]["apptest_run"]["p50_ms"]
    print(f"baseline   AppTest run of an empty page p50 {empty:.1f} ms")
    with db.read() as session:
        from sqlmodel import func, select

        from workflow.models import Article

        articles = session.exec(select(func.count()).select_from(Article)).one()
    for page, user in PAGES:

        def make(page: str = page, user: str = user) -> AppTest:
            app = AppTest.from_file(str(HARNESS), default_timeout=60)
            app.session_state["harness_page"] = page
            app.session_state["harness_user"] = user
            return app

        results[page] = _time(make, args.rounds)
        script = results[page]["script"]
        print(
            f"{page:<10} script p50 {script['p50_ms']:6.1f} ms p95 {script['p95_ms']:6.1f} ms; "
            f"AppTest run p50 {results[page]['apptest_run']['p50_ms']:6.1f} ms",
            flush=True,
        )
    (OUT / "pages.json").write_text(json.dumps({"articles": articles, "results": results}, indent=2))
    print(json.dumps({"articles": articles, "results": results}, indent=2))


if __name__ == "__main__":
    main()
