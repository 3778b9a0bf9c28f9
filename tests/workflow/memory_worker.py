"""A worker process for translation memory freshness: after the approval, looks a segment up once its own
index is due for a refresh (the state its refresh interval defines), never after a guessed time.
"""

from __future__ import annotations

import threading
import time
from typing import Any


def wait_for_suggestion(url: str, text: str, ready: Any, approved: Any, results: Any, timeout: float) -> None:
    import workflow.memory as memory
    from workflow.db import Database

    db = Database(url)
    results.put(("before", len(memory.suggest(db, text, "en", "fa"))))  # builds this process's index
    ready.set()
    if not approved.wait(timeout):
        results.put(("timeout", timeout, ""))
        return
    started = time.monotonic()
    index = memory.MEMORY.index(db, "en", "fa")
    due = index.checked_at + memory.REFRESH_SECONDS - time.monotonic()
    threading.Event().wait(max(0.0, due))  # until the index is due to read new rows, by its own clock
    found = memory.suggest(db, text, "en", "fa")
    results.put(
        ("found" if found else "missing", round(time.monotonic() - started, 2), found[0].target if found else "")
    )
    db.dispose()
