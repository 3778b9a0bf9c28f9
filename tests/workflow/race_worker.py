"""A worker process for race tests: waits at a barrier each round, then claims or starts a review."""

from __future__ import annotations

from typing import Any

from workflow import actions
from workflow.db import Database
from workflow.errors import AlreadyClaimed
from workflow.people import get_user


def contend(url: str, username: str, action: str, piece_ids: list[int], barrier: Any, results: Any) -> None:
    db = Database(url)
    user = get_user(db, username)
    act = actions.claim if action == "claim" else actions.start_review
    for round_no, piece_id in enumerate(piece_ids):
        barrier.wait(timeout=60)
        try:
            act(db, user, piece_id)
            results.put((round_no, username, "won"))
        except AlreadyClaimed as error:
            results.put((round_no, username, f"lost: {error}"))
        except Exception as error:  # reported to the test, which fails on it
            results.put((round_no, username, f"error: {type(error).__name__}: {error}"))
    db.dispose()
