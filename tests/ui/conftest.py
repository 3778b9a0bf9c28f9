"""Dashboard tests run against a fresh demo database (every status present)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import streamlit as st

from workflow.db import Database
from workflow.demo import load_demo

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]

collect_ignore = ["harness.py"]  # a Streamlit script run by AppTest, not a test module


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from argon2 import PasswordHasher

    import workflow.people

    original = workflow.people._HASHER
    workflow.people._HASHER = PasswordHasher(time_cost=1, memory_cost=64, parallelism=1)
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    db = Database(f"sqlite:///{path}")
    db.migrate()
    load_demo(db)
    with db.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    db.dispose()
    workflow.people._HASHER = original
    return path


@pytest.fixture
def demo_db(demo_template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Database:
    path = tmp_path / "demo.db"
    shutil.copy(demo_template, path)
    url = f"sqlite:///{path}"
    monkeypatch.setenv("DRAGOMAN_DATABASE_URL", url)
    st.cache_resource.clear()  # the dashboard's engine must point at this test's database
    st.cache_data.clear()  # and no figure cached for another test's database may be shown
    return Database(url)


@pytest.fixture(scope="module")
def chromium() -> Iterator[object]:
    """One Chromium for a module's browser tests (each test gets its own contexts: see :func:`browser`)."""
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=20_000)  # a loaded CI machine reruns pages slower than a desk

    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield launched
        launched.close()


@pytest.fixture
def browser(chromium: Any) -> Iterator[object]:
    """The module's Chromium; every context a test opened is closed after it (its cookies and pages gone)."""
    yield chromium
    for context in chromium.contexts:
        context.close()
