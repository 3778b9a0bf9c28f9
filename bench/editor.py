"""The editor in a real browser (Debian's Chromium): how long it takes to open, and from the key press that
saves a segment to the grid showing it saved, at 40 segments; and the longest paragraph an import takes.

Baselines in the same run: opening the Notifications page (a page that reads almost nothing; interleaved with
the editor's opens, one of each in turn), and the round trip
of an empty component trigger through a Streamlit fragment (what any save must pay before Dragoman does
anything). ``python -m bench.editor [--segments 40] [--opens 10] [--old WORKTREE]``; ``--old`` also measures
the editor of another checkout (its own database, same content) for a before-and-after.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from bench.interleave import environment
from bench.run import fresh_database
from tests.serving import free_port
from workflow import actions, glossary, queries
from workflow.checks import Term
from workflow.db import Database
from workflow.errors import ImportFailed
from workflow.importers import import_sources
from workflow.limits import MAX_SEGMENT_CHARS
from workflow.memory import add_entries
from workflow.people import create_user
from workflow.permissions import CONSOLE
from workflow.revisions import ArticleSource
from workflow.segments import ArticleContent

OUT = Path(__file__).resolve().parent / "out"
CHROMIUM = "/usr/bin/chromium"
PASSWORD = "bench-password-1"
SENTENCES = [
    "The council met on Tuesday to discuss the new library budget for {n} branches.",
    "Residents asked for longer opening hours, and [the report](https://example.org/r{n}) agrees.",
    "About *{n} percent* of the readers borrow books in more than one language.",
]

#: an empty component whose trigger reruns a fragment that answers it: the floor under any save
TRIGGER_APP = '''
import streamlit as st

JS = """
export default function (component) {
  const { data, parentElement, setTriggerValue } = component;
  let box = parentElement.querySelector("textarea");
  if (!box) {
    box = document.createElement("textarea");
    box.addEventListener("keydown", (e) => {
      if (e.key === "Enter" && e.ctrlKey) setTriggerValue("save", { nonce: String(Date.now()), text: box.value });
    });
    parentElement.append(box);
  }
  parentElement.dataset.ack = data.ack || "";
}
"""
GRID = st.components.v2.component("bench.trigger", html="<div></div>", js=JS, isolate_styles=False)


@st.fragment
def grid():
    result = GRID(key="g", data={"ack": st.session_state.get("ack")}, on_save_change=lambda: None)
    if result.save and result.save["nonce"] != st.session_state.get("ack"):
        st.session_state["ack"] = result.save["nonce"]
        st.rerun(scope="fragment")


grid()
'''

#: records, in the page, the time of each Ctrl+Enter and of the saved state it leads to
SAVE_PROBE = """
() => {
  window.__saves = {};
  document.addEventListener("keydown", (e) => {
    const row = e.target.closest && e.target.closest(".dg-row");
    if (row && e.ctrlKey && e.key === "Enter") window.__saves[row.dataset.id] = { start: performance.now() };
  }, true);
  new MutationObserver((changes) => {
    for (const change of changes) {
      const row = change.target;
      const save = window.__saves[row.dataset.id];
      if (save && !save.end && row.dataset.saved === "yes") save.end = performance.now();
    }
  }).observe(document.body, { attributes: true, attributeFilter: ["data-saved"], subtree: true });
}
"""


def _summary(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    return {
        "n": len(ordered),
        "p50_ms": round(statistics.median(ordered), 1),
        "p95_ms": round(ordered[max(0, round(len(ordered) * 0.95) - 1)], 1),
        "max_ms": round(ordered[-1], 1),
    }


def _article(slug: str, paragraphs: int) -> ArticleSource:
    body = "\n\n".join(SENTENCES[i % len(SENTENCES)].format(n=i + 1) for i in range(paragraphs))
    return ArticleSource(slug=slug, language="en", content=ArticleContent(title=f"Budget story {slug}", body=body))


def prepare(db: Database, segments: int) -> dict[str, int]:
    """A translator, a 40-segment article claimed by them with glossary terms and memory to show, and an
    article whose one paragraph is as long as an import takes."""
    create_user(db, CONSOLE, "bench-mina", PASSWORD, roles=["translator"], pairs=[("en", "fa")])
    import_sources(db, CONSOLE, [_article("budget", segments - 1)])
    long_body = ("The council met again. " * (MAX_SEGMENT_CHARS // 23))[:MAX_SEGMENT_CHARS].strip()
    long = ArticleSource(
        slug="long-paragraph", language="en", content=ArticleContent(title="A long paragraph", body=long_body)
    )
    import_sources(db, CONSOLE, [long])
    for word, translation in [("council", "شورا"), ("library", "کتابخانه"), ("readers", "خوانندگان")]:
        glossary.save_term(db, CONSOLE, "en", "fa", Term(word, (translation,)))
    pairs = [(SENTENCES[i % 3].format(n=i + 100), f"ترجمهٔ جملهٔ {i + 100}") for i in range(300)]
    add_entries(db, "en", "fa", pairs, origin="bench.tmx", reviewed=True)
    mina = next(u for u in [_user(db)] if u is not None)
    ids = {}
    for slug in ("budget", "long-paragraph"):
        row = next(r for r in queries.available_for(db, mina, edition="fa") if r.slug == slug)
        actions.claim(db, mina, row.piece_id)
        ids[slug] = row.piece_id
    return ids


def _user(db: Database) -> Any:
    from workflow.people import get_user

    return get_user(db, "bench-mina")


def refused_megabyte(db: Database) -> dict[str, Any]:
    """A megabyte in one paragraph: how long the import takes to refuse it, and what it says."""
    huge = ArticleSource(slug="huge", language="en", content=ArticleContent(title="Huge", body="word " * 210_000))
    started = time.perf_counter()
    try:
        import_sources(db, CONSOLE, [huge])
    except ImportFailed as failed:
        return {"refused_in_ms": round((time.perf_counter() - started) * 1000, 1), "says": str(failed.problems[0])}
    raise AssertionError("a megabyte paragraph was imported")


@contextmanager
def _server(command: list[str], env: dict[str, str], port: int, cwd: Path | None = None) -> Iterator[str]:
    from tests.serving import start_dashboard, stop

    process = start_dashboard(command, env, port) if cwd is None else _start_in(command, env, port, cwd)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        stop(process)


def _start_in(command: list[str], env: dict[str, str], port: int, cwd: Path) -> subprocess.Popen[str]:
    from tests.serving import start_dashboard

    here = os.getcwd()
    os.chdir(cwd)
    try:
        return start_dashboard(command, env, port)
    finally:
        os.chdir(here)


def _settled(page: Any, after: int = 0) -> None:
    page.wait_for_function(
        "n => { const m = document.getElementById('dragoman-run'); return m !== null && Number(m.dataset.run) > n; }",
        arg=after,
        timeout=120_000,
    )
    page.wait_for_function(
        '() => !document.querySelector(\'[data-testid="stStatusWidget"], [data-stale="true"]\')', timeout=120_000
    )


def _run_number(page: Any) -> int:
    marker = page.locator("#dragoman-run")
    return int(marker.get_attribute("data-run") or 0) if marker.count() else 0


def _sign_in(page: Any, base: str) -> None:
    page.goto(base)
    _settled(page)
    page.get_by_label("User name", exact=True).fill("bench-mina")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.locator(".st-key-sign-out button").wait_for(timeout=120_000)
    _settled(page)


def _open_times(page: Any, url: str, ready: str, rounds: int) -> list[float]:
    """From navigation to the page settled with ``ready`` (a script returning true) in it."""
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        page.goto(url)
        page.wait_for_function(ready, timeout=120_000)
        _settled(page)
        times.append((time.perf_counter() - started) * 1000)
    return times


def measure_grid(base: str, pieces: dict[str, int], segments: int, rounds: int) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu"])
        page = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
        _sign_in(page, base)
        heading = "() => !!document.querySelector('[data-testid=stHeading]')"
        rows = f"() => document.querySelectorAll('.dg-row textarea').length === {segments}"
        editor = f"{base}/editor?piece={pieces['budget']}"
        opens = _open_times(page, editor, rows, 1)  # the first open, on its own
        baseline: list[float] = []
        for _round in range(rounds):  # interleaved: the baseline page, then the editor
            baseline += _open_times(page, f"{base}/notifications", heading, 1)
            opens += _open_times(page, editor, rows, 1)
        page.evaluate(SAVE_PROBE)
        boxes = page.locator(".dg-row textarea")
        for i in range(segments):
            box = boxes.nth(i)
            box.fill(f"ترجمهٔ بخش {i + 1}: شورا دربارهٔ بودجه گفت‌وگو کرد.")
            box.press("Control+Enter")
            sid = box.evaluate("e => e.closest('.dg-row').dataset.id")
            page.wait_for_function(f"() => window.__saves[{sid}] && window.__saves[{sid}].end", timeout=60_000)
        saves = [s["end"] - s["start"] for s in page.evaluate("Object.values(window.__saves)")]
        one = "() => document.querySelectorAll('.dg-row textarea').length === 2"
        long_opens = _open_times(page, f"{base}/editor?piece={pieces['long-paragraph']}", one, max(3, rounds // 2))
        browser.close()
    return {
        "baseline_open_notifications": _summary(baseline),
        "editor_first_open_ms": round(opens[0], 1),  # the server reads the translation memory's index once
        "editor_open": _summary(opens[1:]),
        "save_key_to_saved": _summary(saves),
        "editor_open_longest_paragraph": _summary(long_opens),
    }


def measure_trigger_floor(rounds: int) -> dict[str, float]:
    """The empty component's round trip: Ctrl+Enter to its fragment's answer, measured in the page."""
    from playwright.sync_api import sync_playwright

    OUT.mkdir(exist_ok=True)
    app = OUT / "trigger_app.py"
    app.write_text(TRIGGER_APP, encoding="utf-8")
    port = free_port()
    command = [sys.executable, "-m", "streamlit", "run", str(app), "--server.headless", "true"]
    command += ["--server.address", "127.0.0.1", "--server.port", str(port), "--browser.gatherUsageStats", "false"]
    with _server(command, dict(os.environ), port) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu"])
        page = browser.new_page()
        page.goto(base)
        box = page.locator("textarea")
        box.wait_for(timeout=60_000)
        times = []
        for i in range(rounds):
            box.fill(f"text {i}")
            before = page.evaluate("() => document.querySelector('[data-ack]')?.dataset.ack || ''")
            started = page.evaluate("() => performance.now()")
            box.press("Control+Enter")
            answered = "b => { const e = document.querySelector('[data-ack]'); return e && e.dataset.ack !== b; }"
            page.wait_for_function(answered, arg=before, timeout=60_000)
            times.append(page.evaluate("() => performance.now()") - started)
        browser.close()
    return _summary(times)


def measure_old_editor(worktree: Path, segments: int, rounds: int) -> dict[str, Any]:
    """The editor of another checkout (one form per segment): open, and Save click to the settled rerun."""
    from playwright.sync_api import sync_playwright

    url = f"sqlite:///{tempfile.mkdtemp(prefix='bench-old-')}/old.db"
    prepare_old(url, segments)  # the same content; the other checkout's code reads it (a newer table is unused)
    port = free_port()
    command = [sys.executable, "-m", "streamlit", "run", "ui/server.py", "--server.headless", "true"]
    command += ["--server.address", "127.0.0.1", "--server.port", str(port), "--browser.gatherUsageStats", "false"]
    env = {**os.environ, "DRAGOMAN_DATABASE_URL": url, "PYTHONPATH": str(worktree)}
    with _server(command, env, port, cwd=worktree) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu"])
        page = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
        _sign_in(page, base)
        boxes = "[class*='st-key-target-'] textarea"
        ready = f'() => document.querySelectorAll("{boxes}").length === {segments}'
        opens = _open_times(page, f"{base}/editor", ready, rounds + 1)
        saves = []
        for i in range(segments):
            box = page.locator(boxes).nth(i)
            box.fill(f"ترجمهٔ بخش {i + 1}: شورا دربارهٔ بودجه گفت‌وگو کرد.")
            before = _run_number(page)
            started = time.perf_counter()
            page.locator("[class*='st-key-save-'] button").nth(i).click()
            _settled(page, before)
            saves.append((time.perf_counter() - started) * 1000)
        browser.close()
    return {
        "editor_first_open_ms": round(opens[0], 1),
        "editor_open": _summary(opens[1:]),
        "save_click_to_settled": _summary(saves),
    }


def prepare_old(url: str, segments: int) -> None:
    """The 40-segment article alone, claimed, with the same glossary and memory, in a database of its own."""
    db = fresh_database(url)
    create_user(db, CONSOLE, "bench-mina", PASSWORD, roles=["translator"], pairs=[("en", "fa")])
    import_sources(db, CONSOLE, [_article("budget", segments - 1)])
    for word, translation in [("council", "شورا"), ("library", "کتابخانه"), ("readers", "خوانندگان")]:
        glossary.save_term(db, CONSOLE, "en", "fa", Term(word, (translation,)))
    pairs = [(SENTENCES[i % 3].format(n=i + 100), f"ترجمهٔ جملهٔ {i + 100}") for i in range(300)]
    add_entries(db, "en", "fa", pairs, origin="bench.tmx", reviewed=True)
    mina = _user(db)
    row = next(r for r in queries.available_for(db, mina, edition="fa") if r.slug == "budget")
    actions.claim(db, mina, row.piece_id)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--segments", type=int, default=40)
    parser.add_argument("--opens", type=int, default=10)
    parser.add_argument("--old", type=Path, help="a worktree of an earlier commit, to measure its editor too")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-editor-"))
    url = f"sqlite:///{folder}/editor.db"
    db = fresh_database(url)
    pieces = prepare(db, args.segments)
    result: dict[str, Any] = {
        **environment(),  # machine, date, load now
        "segments": args.segments,
        "longest_paragraph_chars": MAX_SEGMENT_CHARS,
        "megabyte_paragraph": refused_megabyte(db),
        "baseline_component_round_trip": measure_trigger_floor(args.segments),
    }
    from workflow.cli import dashboard_command

    port = free_port()
    with _server(dashboard_command(port), {**os.environ, "DRAGOMAN_DATABASE_URL": url}, port) as base:
        result |= measure_grid(base, pieces, args.segments, args.opens)
    if args.old is not None:
        result["old_editor"] = measure_old_editor(args.old.resolve(), args.segments, args.opens)
    OUT.mkdir(exist_ok=True)
    (OUT / "editor.json").write_text(json.dumps(result, indent=2, ensure_ascii=False), encoding="utf-8")
    print(json.dumps(result, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
