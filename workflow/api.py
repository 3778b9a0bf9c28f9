"""Dragoman's HTTP API, version 1 (``dragoman api``): a thin adapter over ``workflow``, as the CLI and the
dashboard are. Every call acts as the person of its API token (``Authorization: Bearer dgm_…``), so permissions,
four eyes and leases are the same everywhere. Errors are RFC 9457 problem details.

Built on Starlette, which Dragoman already has through Streamlit; the schema is written here from the routes
and their pydantic models, and a test checks that every route is in it.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from dataclasses import asdict
from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field, ValidationError
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from workflow import actions, queries
from workflow.comments import add_comment, readable_comments
from workflow.db import Database
from workflow.errors import (
    AlreadyClaimed,
    NotFound,
    PermissionDenied,
    StaleEdit,
    TransitionNotAllowed,
    WorkflowError,
)
from workflow.limits import max_import_bytes
from workflow.models import User
from workflow.pieces import ConcurrentChange
from workflow.tokens import token_user

PREFIX = "/api/v1"
PAGE_MOST = 200
PROBLEM = "application/problem+json"


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


class Problem(Exception):
    """An RFC 9457 problem: the HTTP status, a short title, the detail, and more members if any."""

    def __init__(self, status: int, title: str, detail: str, **more: Any) -> None:
        super().__init__(detail)
        self.status, self.title, self.detail, self.more = status, title, detail, more

    def response(self) -> Response:
        body = {"type": "about:blank", "title": self.title, "status": self.status, "detail": self.detail}
        return JSONResponse(body | self.more, status_code=self.status, media_type=PROBLEM)


def _problem_of(error: WorkflowError) -> Problem:
    """The workflow's refusal as a problem with the status it means."""
    detail = str(error)
    if isinstance(error, StaleEdit):
        return Problem(
            409,
            "Edit conflict",
            detail,
            yours=error.yours,
            theirs=error.theirs,
            theirs_by=error.theirs_by,
            current_version=error.current_version,
        )
    if isinstance(error, (AlreadyClaimed, TransitionNotAllowed, ConcurrentChange)):
        return Problem(409, "Conflict", detail)
    if isinstance(error, PermissionDenied):
        return Problem(403, "Forbidden", detail)
    if isinstance(error, NotFound):
        return Problem(404, "Not found", detail)
    return Problem(422, "Refused", detail)


def _json(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _json(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_json(v) for v in value]
    if hasattr(value, "total_seconds"):
        return value.total_seconds()
    return value


Handler = Callable[[Request, Database, User], Any]


def _endpoint(db: Database, handler: Handler) -> Callable[[Request], Awaitable[Response]]:
    """Authenticate, run the handler in a worker thread (the workflow is synchronous), answer JSON or a
    problem.
    """

    async def run(request: Request) -> Response:
        try:
            header = request.headers.get("authorization", "")
            secret = header[7:].strip() if header.lower().startswith("bearer ") else None
            user = await run_in_threadpool(token_user, db, secret)
            if user is None:
                raise Problem(401, "Unauthorized", "send a valid API token: Authorization: Bearer dgm_…")
            result = await run_in_threadpool(handler, request, db, user)
            return result if isinstance(result, Response) else JSONResponse(_json(result))
        except Problem as problem:
            return problem.response()
        except WorkflowError as error:
            return _problem_of(error).response()

    return run


def _int(request: Request, name: str, default: int, low: int, high: int) -> int:
    raw = request.query_params.get(name)
    if raw is None:
        return default
    if not raw.isdigit() or not low <= int(raw) <= high:
        raise Problem(400, "Bad request", f"{name} must be a whole number from {low} to {high}, not {raw!r}")
    return int(raw)


def _body(request: Request, model: type[BaseModel]) -> Any:
    """The request's JSON body as ``model``: too large, not JSON or not the model are problems saying where."""
    raw = request.scope.get("dragoman.body", b"")
    try:
        return model.model_validate_json(raw)
    except ValidationError as error:
        where = [{"field": ".".join(map(str, e["loc"])), "problem": e["msg"]} for e in error.errors()]
        raise Problem(422, "Invalid body", f"the body is not a valid {model.__name__}", errors=where) from None


def me(request: Request, db: Database, user: User) -> dict[str, Any]:
    from workflow.people import language_pairs, roles_of

    return {
        "username": user.username,
        "display_name": user.display_name,
        "roles": sorted(roles_of(db, user)),
        "pairs": [f"{s}->{t}" for s, t in language_pairs(db, user)],
    }


def pieces(request: Request, db: Database, user: User) -> dict[str, Any]:
    queue = request.query_params.get("queue", "mine")
    limit = _int(request, "limit", 50, 1, PAGE_MOST)
    offset = _int(request, "offset", 0, 0, 10_000_000)
    if queue == "mine":
        rows = queries.my_work(db, user)[offset : offset + limit]
    elif queue == "available":
        edition = request.query_params.get("edition") or None
        rows = queries.available_for(db, user, edition=edition, limit=limit, offset=offset)
    elif queue == "review":
        rows = queries.review_queue(db, user, limit=limit, offset=offset)
    else:
        raise Problem(400, "Bad request", f"queue must be mine, available or review, not {queue!r}")
    return {"items": [asdict(r) for r in rows], "limit": limit, "offset": offset}


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
    body = _body(request, Reason)
    back = actions.request_changes(db, user, int(request.path_params["piece_id"]), body.reason)
    return {"piece": back.id, "status": back.status}


def read_comments(request: Request, db: Database, user: User) -> dict[str, Any]:
    piece_id = int(request.path_params["piece_id"])
    return {"piece": piece_id, "comments": [asdict(c) for c in readable_comments(db, user, piece_id)]}


def write_comment(request: Request, db: Database, user: User) -> dict[str, Any]:
    body = _body(request, Remark)
    made = add_comment(db, user, int(request.path_params["piece_id"]), body.text, segment_id=body.segment_id)
    return {"comment": made.id, "at": made.at, "text": made.text}


def progress(request: Request, db: Database, user: User) -> dict[str, Any]:
    return {"editions": [asdict(e) for e in queries.progress(db)]}


def save(request: Request, db: Database, user: User) -> dict[str, Any]:
    body = _body(request, SegmentSave)
    segment = actions.save_segment(
        db, user, int(request.path_params["segment_id"]), body.text, body.base_version, done=body.done
    )
    return {"segment": segment.id, "version": segment.version, "state": segment.state, "text": segment.text}


#: method, path, handler, summary, request model
ROUTES: list[tuple[str, str, Handler, str, type[BaseModel] | None]] = [
    ("GET", "/me", me, "The person the token acts as: roles and language pairs", None),
    ("GET", "/pieces", pieces, "Pieces of a queue (mine, available, review), paginated", None),
    ("GET", "/pieces/{piece_id:int}", piece, "A piece's segments: source, target, state, version", None),
    ("POST", "/pieces/{piece_id:int}/claim", claim, "Claim a piece under a lease", None),
    ("POST", "/pieces/{piece_id:int}/submit", submit, "Submit a held piece for review", None),
    (
        "PUT",
        "/segments/{segment_id:int}",
        save,
        "Save a segment on the version read (409 with both texts)",
        SegmentSave,
    ),
    ("POST", "/pieces/{piece_id:int}/review", start_review, "Start reviewing a submitted piece", None),
    ("POST", "/pieces/{piece_id:int}/approve", approve, "Approve a piece under review (four eyes)", None),
    ("POST", "/pieces/{piece_id:int}/request-changes", request_changes, "Send a piece back with a reason", Reason),
    ("GET", "/pieces/{piece_id:int}/comments", read_comments, "The piece's comments, with segment numbers", None),
    ("POST", "/pieces/{piece_id:int}/comments", write_comment, "Comment on a piece or one segment", Remark),
    ("GET", "/progress", progress, "Per edition: pieces per status, segments and words translated", None),
]


def openapi() -> dict[str, Any]:
    """The API's OpenAPI 3.1 description, from the routes and their models."""
    paths: dict[str, Any] = {}
    for method, path, _handler, summary, model in ROUTES:
        template = path.replace(":int}", "}")
        operation: dict[str, Any] = {
            "summary": summary,
            "security": [{"token": []}],
            "responses": {
                "200": {"description": "done", "content": {"application/json": {}}},
                "default": {"description": "a problem (RFC 9457)", "content": {PROBLEM: {}}},
            },
        }
        names = [part[1:-1].split(":")[0] for part in path.split("/") if part.startswith("{")]
        if names:
            operation["parameters"] = [
                {"name": n, "in": "path", "required": True, "schema": {"type": "integer"}} for n in names
            ]
        if model is not None:
            operation["requestBody"] = {
                "required": True,
                "content": {"application/json": {"schema": model.model_json_schema()}},
            }
        paths.setdefault(PREFIX + template, {})[method.lower()] = operation
    return {
        "openapi": "3.1.0",
        "info": {"title": "Dragoman", "version": "1"},
        "components": {"securitySchemes": {"token": {"type": "http", "scheme": "bearer"}}},
        "paths": paths,
    }


class _LimitBody:
    """Reads at most the import limit of a request's body before any handler runs; more is a 413 problem."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        most, body, more = max_import_bytes(), b"", True
        while more:
            message = await receive()
            body += message.get("body", b"")
            more = message.get("more_body", False)
            if len(body) > most:
                detail = f"the body is over {most:,} bytes (DRAGOMAN_MAX_IMPORT_MB)"
                await Problem(413, "Too large", detail).response()(scope, receive, send)
                return
        scope["dragoman.body"] = body
        await self.app(scope, receive, send)


def create_app(db: Database | None = None) -> Any:
    """The ASGI application; ``db`` defaults to DRAGOMAN_DATABASE_URL's database."""
    database = db or Database()
    routes = [Route(PREFIX + path, _endpoint(database, h), methods=[m]) for m, path, h, _s, _b in ROUTES]

    async def schema(request: Request) -> Response:
        return Response(json.dumps(openapi()), media_type="application/json")

    routes.append(Route(PREFIX + "/openapi.json", schema, methods=["GET"]))

    async def not_found(request: Request, error: Exception) -> Response:
        return Problem(
            404, "Not found", f"there is no {request.url.path} in the API: see {PREFIX}/openapi.json"
        ).response()

    async def not_allowed(request: Request, error: Exception) -> Response:
        return Problem(405, "Method not allowed", f"{request.method} is not an action of {request.url.path}").response()

    handlers = {404: not_found, 405: not_allowed}
    return _LimitBody(Starlette(routes=routes, exception_handlers=handlers))
