"""The API's work on pieces: queues, a piece's segments, claim, save, submit, review, approve, send back,
comments, progress. Each handler calls ``workflow`` as the token's person.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from pydantic import BaseModel, Field
from starlette.requests import Request

from workflow import actions, queries
from workflow.api.core import PAGE_MOST, Problem, body_of, int_param, page
from workflow.comments import add_comment, readable_comments
from workflow.db import Database
from workflow.languages import CODES
from workflow.models import User


class SegmentSave(BaseModel):
    """A segment's new text, saved on the version it was read at."""

    text: str = Field(max_length=200_000)
    base_version: int = Field(ge=0)
    done: bool = True


class Reason(BaseModel):
    """Why a piece goes back to its translator."""

    reason: str = Field(min_length=1, max_length=5000)


class Remark(BaseModel):
    """A comment on a piece, or on one of its segments."""

    text: str = Field(min_length=1, max_length=5000)
    segment_id: int | None = None


def me(request: Request, db: Database, user: User) -> dict[str, Any]:
    from workflow.people import language_pairs, roles_of

    return {
        "username": user.username,
        "display_name": user.display_name,
        "roles": sorted(roles_of(db, user)),
        "pairs": [f"{s}->{t}" for s, t in language_pairs(db, user)],
    }


def pieces(request: Request, db: Database, user: User) -> Any:
    """A queue (mine, available, review), of one edition if ``edition`` is given, one page at a time."""
    queue = request.query_params.get("queue", "mine")
    limit = int_param(request, "limit", 50, 1, PAGE_MOST)
    offset = int_param(request, "offset", 0, 0, 10_000_000)
    edition = request.query_params.get("edition") or None
    if edition is not None and edition not in CODES:
        raise Problem(400, "Bad request", f"edition must be one of {', '.join(CODES)}, not {edition!r}")
    if queue == "mine":
        rows = [r for r in queries.my_work(db, user) if edition is None or r.edition == edition]
        rows = rows[offset : offset + limit + 1]
    elif queue == "available":
        rows = queries.available_for(db, user, edition=edition, limit=limit + 1, offset=offset)
    elif queue == "review":
        rows = queries.review_queue(db, user, edition=edition, limit=limit + 1, offset=offset)
    else:
        raise Problem(400, "Bad request", f"queue must be mine, available or review, not {queue!r}")
    return page(request, [asdict(r) for r in rows], limit, offset)


def piece(request: Request, db: Database, user: User) -> dict[str, Any]:
    piece_id = int(request.path_params["piece_id"])
    return {"piece": piece_id, "segments": [asdict(s) for s in queries.readable_segments(db, user, piece_id)]}


def claim(request: Request, db: Database, user: User) -> dict[str, Any]:
    held = actions.claim(db, user, int(request.path_params["piece_id"]))
    return {"piece": held.id, "status": held.status, "lease_expires_at": held.lease_expires_at}


def submit(request: Request, db: Database, user: User) -> dict[str, Any]:
    done = actions.submit(db, user, int(request.path_params["piece_id"]))
    return {"piece": done.id, "status": done.status}


def start_review(request: Request, db: Database, user: User) -> dict[str, Any]:
    taken = actions.start_review(db, user, int(request.path_params["piece_id"]))
    return {"piece": taken.id, "status": taken.status, "lease_expires_at": taken.lease_expires_at}


def approve(request: Request, db: Database, user: User) -> dict[str, Any]:
    done = actions.approve(db, user, int(request.path_params["piece_id"]))
    return {"piece": done.id, "status": done.status}


def request_changes(request: Request, db: Database, user: User) -> dict[str, Any]:
    body = body_of(request, Reason)
    back = actions.request_changes(db, user, int(request.path_params["piece_id"]), body.reason)
    return {"piece": back.id, "status": back.status}


def read_comments(request: Request, db: Database, user: User) -> dict[str, Any]:
    piece_id = int(request.path_params["piece_id"])
    return {"piece": piece_id, "comments": [asdict(c) for c in readable_comments(db, user, piece_id)]}


def write_comment(request: Request, db: Database, user: User) -> dict[str, Any]:
    body = body_of(request, Remark)
    made = add_comment(db, user, int(request.path_params["piece_id"]), body.text, segment_id=body.segment_id)
    return {"comment": made.id, "at": made.at, "text": made.text}


def progress(request: Request, db: Database, user: User) -> dict[str, Any]:
    return {"editions": [asdict(e) for e in queries.progress(db)]}


def save(request: Request, db: Database, user: User) -> dict[str, Any]:
    body = body_of(request, SegmentSave)
    segment = actions.save_segment(
        db, user, int(request.path_params["segment_id"]), body.text, body.base_version, done=body.done
    )
    return {"segment": segment.id, "version": segment.version, "state": segment.state, "text": segment.text}
