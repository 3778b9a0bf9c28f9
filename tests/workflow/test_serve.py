"""``dragoman serve`` starts the dashboard on 127.0.0.1 and it answers."""

from __future__ import annotations

import os
import socket
import sys
import urllib.request
from pathlib import Path

from tests.serving import start_dashboard, stop
from workflow.db import Database


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_serve_starts_the_dashboard(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'serve.db'}"
    Database(url).migrate()
    port = _free_port()
    env = {**os.environ, "DRAGOMAN_DATABASE_URL": url}
    process = start_dashboard([sys.executable, "-m", "workflow.cli", "serve", "--port", str(port)], env, port)
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as response:
            assert response.status == 200
            assert "<html" in response.read().decode().lower()
    finally:
        stop(process)
