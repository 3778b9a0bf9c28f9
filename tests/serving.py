"""Starting the dashboard for a test and waiting until it says it listens (a state, never a time)."""

from __future__ import annotations

import os
import socket
import subprocess
import threading
import urllib.request

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
