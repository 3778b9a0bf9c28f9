"""The first dashboard page, driven with Streamlit's AppTest against a demo database."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from workflow.db import Database
from workflow.demo import DEMO_PASSWORD, load_demo

APP = str(Path(__file__).resolve().parents[2] / "ui" / "app.py")


@pytest.fixture
def demo_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Database:
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    monkeypatch.setenv("DRAGOMAN_DATABASE_URL", url)
    db = Database(url)
    db.migrate()
    load_demo(db)
    import streamlit as st

    st.cache_resource.clear()  # the dashboard's engine must point at this test's database
    return db


def _signed_in(username: str) -> AppTest:
    app = AppTest.from_file(APP, default_timeout=30)
    app.run()
    app.text_input(key="username").input(username)
    app.text_input(key="password").input(DEMO_PASSWORD)
    app.button[0].click()
    app.run()
    return app


def test_sign_in_shows_work_and_claiming_moves_a_piece(demo_db: Database) -> None:
    app = _signed_in("mina")
    assert not app.exception
    texts = " ".join(m.value for m in app.markdown)
    assert "Mina Tehrani" in texts
    claim = next(b for b in app.button if b.key and b.key.startswith("claim-"))
    claim.click()
    app.run()
    assert not app.error
    from workflow import queries
    from workflow.people import get_user

    assert len(queries.my_work(demo_db, get_user(demo_db, "mina"))) == 1


def test_wrong_password_is_refused(demo_db: Database) -> None:
    app = AppTest.from_file(APP, default_timeout=30)
    app.run()
    app.text_input(key="username").input("mina")
    app.text_input(key="password").input("not the password")
    app.button[0].click()
    app.run()
    assert "Wrong user name or password" in app.error[0].value
