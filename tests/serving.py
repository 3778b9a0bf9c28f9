"""Starting the dashboard for a test and waiting until it says it listens (a state, never a time)."""

from __future__ import annotations

import os
import socket
import subprocess
import threading
import urllib.request
from typing import Any

_DRAINS: dict[int, threading.Thread] = {}


def free_port() -> int:
    """A port on 127.0.0.1 nobody listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_dashboard(command: list[str], env: dict[str, str], port: int) -> subprocess.Popen[str]:
    """Start ``command`` and return once Streamlit prints its address and answers its health check; its
    output is then drained in the background so that it never blocks on a full pipe.
    """
    process = subprocess.Popen(
        command,
        env={**env, "PYTHONUNBUFFERED": "1"},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    assert process.stdout is not None
    seen = []
    for line in process.stdout:  # blocks until the server writes; ends if it exits
        seen.append(line)
        if f"127.0.0.1:{port}" in line and "URL" in line:
            break
    else:
        raise AssertionError(f"the dashboard exited ({process.wait()}): {''.join(seen)[-2000:]}")
    drain = threading.Thread(target=process.stdout.read, daemon=True)
    drain.start()
    _DRAINS[process.pid] = drain
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=30) as response:
        assert response.read().decode() == "ok"
    return process


def stop(process: subprocess.Popen[str]) -> None:
    """End the dashboard and everything it started; its output is read to the end and closed."""
    os.killpg(process.pid, 15)
    process.wait(timeout=30)
    drain = _DRAINS.pop(process.pid, None)
    if drain is not None:
        drain.join(timeout=30)
    if process.stdout is not None:
        process.stdout.close()


def start_api(env: dict[str, str]) -> tuple[subprocess.Popen[str], str]:
    """Start ``dragoman api`` on a free port and return it with its base address, once it serves its schema
    (polled: a state, not a time).
    """
    import sys
    import time

    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "workflow.cli", "api", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    base = f"http://127.0.0.1:{port}/api/v1"
    deadline = time.monotonic() + 120
    while True:
        try:
            with urllib.request.urlopen(f"{base}/openapi.json", timeout=5):
                return process, base
        except OSError:
            if process.poll() is not None:
                raise RuntimeError(f"the API ended: {process.stderr.read() if process.stderr else ''}") from None
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)  # polling for the server's state; the loop ends on an answer


def stop_api(process: subprocess.Popen[str]) -> None:
    """End an API process started by :func:`start_api`."""
    process.terminate()
    process.wait(timeout=30)
    if process.stderr:
        process.stderr.close()


def call(
    base: str, method: str, path: str, token: str | None, body: Any = None, content_type: str = "application/json"
) -> tuple[int, str, Any]:
    """Status, content type and body (JSON, else bytes) of one API call; headers in ``call.headers``."""
    import json
    import urllib.error

    data = json.dumps(body).encode() if body is not None and not isinstance(body, bytes) else body
    request = urllib.request.Request(base + path, data=data, method=method)
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    if data is not None:
        request.add_header("Content-Type", content_type)
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            status, headers, raw = response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        status, headers, raw = error.code, error.headers, error.read()
    LAST_HEADERS.clear()
    LAST_HEADERS.update({k.lower(): v for k, v in headers.items()})
    kind = headers.get_content_type()
    return status, kind, json.loads(raw) if kind.endswith("json") else raw


LAST_HEADERS: dict[str, str] = {}
