"""A second dashboard process for the shared memory index: it opens the pair's index and says whether it
mapped the file another process wrote (and built nothing of its own) and what it suggests."""

from __future__ import annotations

from typing import Any


def open_and_suggest(url: str, text: str, results: Any) -> None:
    import workflow.memory as memory
    from workflow.db import Database

    built: list[str] = []
    original = memory.build_file
    memory.build_file = lambda *args, **kwargs: built.append("built") or original(*args, **kwargs)  # type: ignore[assignment]
    db = Database(url)
    index = memory.MEMORY.index(db, "en", "fa")
    assert index is not None
    found = memory.suggest(db, text, "en", "fa")
    mapped = index.base is not None
    results.put((mapped, index.base_size, len(index.norms), built, [s.target for s in found]))
    db.dispose()
