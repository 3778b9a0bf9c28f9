"""Dashboard tests run against a fresh demo database (every status present)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

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


@pytest.fixture
def browser() -> Iterator[object]:
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=20_000)  # a loaded CI machine reruns pages slower than a desk

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()
