"""Dragoman's HTTP API, version 1 (``dragoman api``): a thin adapter over ``workflow``, as the CLI and the
dashboard are. Every call acts as the person of its API token (``Authorization: Bearer dgm_…``), so permissions,
four eyes and leases are the same everywhere. Errors are RFC 9457 problem details; lists are pages with a
``next`` link; each token has a rate (``DRAGOMAN_API_RATE`` calls a minute) and bodies a size limit.

Built on Starlette, which Dragoman already has through Streamlit; the schema is written here from the routes
and their pydantic models, and a test checks that every route is in it.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from workflow.api import content
from workflow.api.core import PREFIX, PROBLEM, Handler, Problem, endpoint
from workflow.api.guards import LimitBody, RateLimiter
from workflow.api.work import (
    Reason,
    Remark,
    SegmentSave,
    approve,
    claim,
    me,
    piece,
    pieces,
    progress,
    read_comments,
    request_changes,
    save,
    start_review,
    submit,
    write_comment,
)
from workflow.db import Database

#: the bodies that are files, not JSON: their media types in the schema
FILES: dict[str, Any] = {"text/markdown": {}, "application/json": {}, "text/html": {}, "application/xml": {}}


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
    ("POST", "/articles", content.import_articles, "Import articles from one file, all or nothing", None),
    ("PUT", "/articles/{slug}", content.revise, "A new revision of one article from one file", None),
    ("POST", "/editions/{edition}/builds", content.build, "Build the edition's bundle", content.BuildRequest),
    ("GET", "/editions/{edition}/builds", content.builds, "The edition's builds, newest first", None),
    ("GET", "/builds/{build:int}/zip", content.download, "One build's bundle as a zip", None),
]


def _parameters(path: str) -> list[dict[str, Any]]:
    parameters = []
    for part in path.split("/"):
        if part.startswith("{"):
            name, _colon, kind = part[1:-1].partition(":")
            schema = {"type": "integer"} if kind == "int" else {"type": "string"}
            parameters.append({"name": name, "in": "path", "required": True, "schema": schema})
    return parameters


def openapi() -> dict[str, Any]:
    """The API's OpenAPI 3.1 description, from the routes and their models."""
    paths: dict[str, Any] = {}
    for method, path, handler, summary, model in ROUTES:
        template = path.replace(":int}", "}")
        operation: dict[str, Any] = {
            "operationId": handler.__name__,
            "summary": summary,
            "security": [{"token": []}],
            "responses": {
                "200": {"description": "done", "content": {"application/json": {}}},
                "default": {"description": "a problem (RFC 9457)", "content": {PROBLEM: {}}},
            },
        }
        if _parameters(path):
            operation["parameters"] = _parameters(path)
        if model is not None:
            operation["requestBody"] = {
                "required": True,
                "content": {"application/json": {"schema": model.model_json_schema()}},
            }
        elif handler in (content.import_articles, content.revise):
            operation["requestBody"] = {"required": True, "content": FILES}
        paths.setdefault(PREFIX + template, {})[method.lower()] = operation
    return {
        "openapi": "3.1.0",
        "info": {"title": "Dragoman", "version": "1"},
        "components": {"securitySchemes": {"token": {"type": "http", "scheme": "bearer"}}},
        "paths": paths,
    }


def create_app(db: Database | None = None, limiter: RateLimiter | None = None) -> Any:
    """The ASGI application; ``db`` defaults to DRAGOMAN_DATABASE_URL's database."""
    database = db or Database()
    rate = limiter or RateLimiter()
    routes = [
        Route(PREFIX + path, endpoint(database, h, rate), methods=[m], name=h.__name__) for m, path, h, _s, _b in ROUTES
    ]

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
    return LimitBody(Starlette(routes=routes, exception_handlers=handlers))
