"""A worker process for translation memory freshness: looks up a segment until it is suggested."""

from __future__ import annotations

import time
from typing import Any


def wait_for_suggestion(url: str, text: str, ready: Any, results: Any, timeout: float) -> None:
    import workflow.memory as memory
    from workflow.db import Database

    db = Database(url)
    results.put(("before", len(memory.suggest(db, text, "en", "fa"))))  # builds this process's index
    ready.set()
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        found = memory.suggest(db, text, "en", "fa")
        if found:
            results.put(("found", round(time.monotonic() - started, 2), found[0].target))
            break
        time.sleep(0.1)
    else:
        results.put(("timeout", timeout, ""))
    db.dispose()
