"""Several processes on one database, as docs/deploy.md sets Dragoman up: two dashboards (``dragoman serve
--address``) and the API. A change made in one is seen by the others, in a real browser."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import BACKENDS, _pg_reset
from tests.serving import call, free_port, start_api, start_dashboard, stop, stop_api
from tests.ui.conftest import CHROMIUM
from tests.ui.test_browser import _box, _do, _open, _sign_in
from workflow import queries
from workflow.db import Database
from workflow.people import get_user
from workflow.permissions import CONSOLE
from workflow.tokens import create_token

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed (.ci/run installs it)"),
]


@pytest.fixture(params=BACKENDS)
def shared_db(request: pytest.FixtureRequest, demo_template: Path, tmp_path: Path) -> Iterator[Database]:
    """The demo content on SQLite (one file, several processes) or on PostgreSQL."""
    if request.param == "sqlite":
        path = tmp_path / "shared.db"
        shutil.copy(demo_template, path)
        db = Database(f"sqlite:///{path}")
    else:
        from workflow.demo import load_demo

        url = request.getfixturevalue("pg_migrated")
        _pg_reset(url)
        db = Database(url)
        load_demo(db)
    yield db
    db.dispose()


@pytest.fixture
def hosts(shared_db: Database) -> Iterator[tuple[str, str, str]]:
    """Dashboards A and B and the API, each its own process on the one database."""
    env = {**os.environ, "DRAGOMAN_DATABASE_URL": shared_db.url}
    started = []
    try:
        for _ in range(2):
            port = free_port()
            command = [sys.executable, "-m", "workflow.cli", "serve", "--address", "127.0.0.1", "--port", str(port)]
            started.append((start_dashboard(command, env, port), f"http://127.0.0.1:{port}"))
        api, base = start_api(env)
        try:
            yield started[0][1], started[1][1], base
        finally:
            stop_api(api)
    finally:
        for process, _url in started:
            stop(process)


def test_a_change_in_one_process_is_seen_by_the_others(
    hosts: tuple[str, str, str], shared_db: Database, browser
) -> None:  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect

    first, second, api = hosts
    mina = get_user(shared_db, "mina")
    token = create_token(shared_db, CONSOLE, "mina").secret
    one, other = (row.piece_id for row in queries.available_for(shared_db, mina, edition="fa")[:2])

    on_a = browser.new_context().new_page()
    _sign_in(on_a, first, "mina", "en")
    _do(on_a, lambda: on_a.locator(f".st-key-claim-{one} button").click())  # claimed on dashboard A

    status, _kind, mine = call(api, "GET", "/pieces?queue=mine", token)  # ... the API sees it
    assert status == 200 and one in [p["piece_id"] for p in mine["items"]]

    on_b = browser.new_context().new_page()
    _sign_in(on_b, second, "mina", "en")  # ... and dashboard B: no longer to claim, among her work
    expect(on_b.locator(f".st-key-claim-{other} button")).to_be_visible()
    expect(on_b.locator(f".st-key-claim-{one} button")).to_have_count(0)

    status, _kind, _claimed = call(api, "POST", f"/pieces/{other}/claim", token)  # claimed through the API
    assert status == 200
    segment = queries.piece_segments(shared_db, other)[0]
    body = {"text": "متن از راه API", "base_version": segment.version}
    assert call(api, "PUT", f"/segments/{segment.segment_id}", token, body)[0] == 200
    _open(on_a, f"{first}/editor?piece={other}")  # ... dashboard A shows its text
    expect(_box(on_a, segment.segment_id)).to_have_value("متن از راه API")
