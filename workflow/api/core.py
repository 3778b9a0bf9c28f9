"""The API's plumbing: problems (RFC 9457), the endpoint wrapper (token, rate limit, a worker thread, JSON),
and reading query parameters and bodies.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ValidationError
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from workflow.api.guards import RateLimiter
from workflow.db import Database
from workflow.errors import (
    AlreadyClaimed,
    ImportFailed,
    NotFound,
    PermissionDenied,
    StaleEdit,
    TransitionNotAllowed,
    WorkflowError,
)
from workflow.models import User
from workflow.pieces import ConcurrentChange
from workflow.tokens import token_user

PREFIX = "/api/v1"
LOG = logging.getLogger("dragoman.api")
PAGE_MOST = 200
PROBLEM = "application/problem+json"


class Problem(Exception):
    """An RFC 9457 problem: the HTTP status, a short title, the detail, and more members if any."""

    def __init__(
        self, status: int, title: str, detail: str, headers: dict[str, str] | None = None, **more: Any
    ) -> None:
        super().__init__(detail)
        self.status, self.title, self.detail, self.more = status, title, detail, more
        self.headers = headers or {}

    def response(self) -> Response:
        body = {"type": "about:blank", "title": self.title, "status": self.status, "detail": self.detail}
        return JSONResponse(body | self.more, status_code=self.status, media_type=PROBLEM, headers=self.headers)


def problem_of(error: WorkflowError) -> Problem:
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
    if isinstance(error, ImportFailed):
        errors = [{"file": p.file, "where": str(p.location), "problem": str(p.reason)} for p in error.problems]
        return Problem(422, "Import refused", f"nothing was imported: {len(errors)} problem(s)", errors=errors)
    if isinstance(error, (AlreadyClaimed, TransitionNotAllowed, ConcurrentChange)):
        return Problem(409, "Conflict", detail)
    if isinstance(error, PermissionDenied):
        return Problem(403, "Forbidden", detail)
    if isinstance(error, NotFound):
        return Problem(404, "Not found", detail)
    return Problem(422, "Refused", detail)


def as_json(value: Any) -> Any:
    """``value`` with datetimes and durations as JSON has them."""
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: as_json(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [as_json(v) for v in value]
    if hasattr(value, "total_seconds"):
        return value.total_seconds()
    return value


Handler = Callable[[Request, Database, User], Any]


def endpoint(db: Database, handler: Handler, limiter: RateLimiter) -> Callable[[Request], Awaitable[Response]]:
    """Authenticate, run the handler in a worker thread (the workflow is synchronous), answer JSON or a
    problem.
    """

    def work(request: Request, secret: str | None) -> Any:
        """In one worker thread: who the token is, its rate, the handler, and the answer's JSON."""
        user = token_user(db, secret)
        if user is None:
            raise Problem(401, "Unauthorized", "send a valid API token: Authorization: Bearer dgm_…")
        wait = limiter.take(secret or "")
        if wait:
            raise Problem(
                429,
                "Too many requests",
                f"this token made more than {limiter.per_minute} calls a minute (DRAGOMAN_API_RATE); "
                f"try again in {wait} s",
                headers={"Retry-After": str(wait)},
            )
        result = handler(request, db, user)
        return result if isinstance(result, Response) else JSONResponse(as_json(result))

    async def run(request: Request) -> Response:
        header = request.headers.get("authorization", "")
        secret = header[7:].strip() if header.lower().startswith("bearer ") else None
        try:
            answer: Response = await run_in_threadpool(work, request, secret)
            return answer
        except Problem as problem:
            return problem.response()
        except WorkflowError as error:
            return problem_of(error).response()
        except Exception:  # a fault of ours: logged with its traceback, answered without it
            LOG.exception("%s %s failed", request.method, request.url.path)
            return Problem(500, "Internal error", "Dragoman failed to answer; the fault is logged").response()

    return run


def int_param(request: Request, name: str, default: int, low: int, high: int) -> int:
    raw = request.query_params.get(name)
    if raw is None:
        return default
    if not raw.isdigit() or not low <= int(raw) <= high:
        raise Problem(400, "Bad request", f"{name} must be a whole number from {low} to {high}, not {raw!r}")
    return int(raw)


def body_of(request: Request, model: type[BaseModel]) -> Any:
    """The request's JSON body as ``model``: too large, not JSON or not the model are problems saying where."""
    raw = request.scope.get("dragoman.body", b"")
    try:
        return model.model_validate_json(raw)
    except ValidationError as error:
        where = [{"field": ".".join(map(str, e["loc"])), "problem": e["msg"]} for e in error.errors()]
        raise Problem(422, "Invalid body", f"the body is not a valid {model.__name__}", errors=where) from None


def page(request: Request, items: list[Any], limit: int, offset: int) -> Response:
    """One page of a list read with one row more than ``limit``: the items, and where the next page is (in
    the body and as a ``Link`` header) when there is one.
    """
    more = len(items) > limit
    body: dict[str, Any] = {"items": as_json(items[:limit]), "limit": limit, "offset": offset, "next": None}
    headers = {}
    if more:
        following = str(request.url.include_query_params(offset=offset + limit, limit=limit))
        body["next"] = following
        headers["Link"] = f'<{following}>; rel="next"'
    return JSONResponse(body, headers=headers)
