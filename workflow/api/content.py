"""The API's content: import articles (Markdown, JSON, HTML, WordPress WXR; all or nothing), revise one,
build an edition's bundle, list its builds and download one as a zip.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from pydantic import BaseModel, Field
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response

from workflow.api.core import PAGE_MOST, Problem, body_of, int_param, page
from workflow.builds import build_edition, build_zip, list_builds
from workflow.corrections import mark_correction
from workflow.db import Database
from workflow.errors import ImportFailed
from workflow.importers import ImportReport, import_sources, parse_upload, revise_article
from workflow.languages import CODES
from workflow.models import BundleBuild, User

#: a body's media type, when the call names no file: the kind of file it is
KINDS = {
    "text/markdown": "article.md",
    "text/x-markdown": "article.md",
    "application/json": "articles.json",
    "text/html": "article.html",
    "application/xml": "export.xml",
    "text/xml": "export.xml",
    "application/rss+xml": "export.xml",
}


class BuildRequest(BaseModel):
    """A build of an edition's bundle: publish what it holds, and where the edition's site lives."""

    publish: bool = False
    base_url: str = Field(default="https://www.example.org", pattern=r"^https?://\S+$", max_length=500)


def _flag(request: Request, name: str) -> bool:
    raw = request.query_params.get(name, "false").lower()
    if raw not in ("true", "false", "1", "0"):
        raise Problem(400, "Bad request", f"{name} must be true or false, not {raw!r}")
    return raw in ("true", "1")


def _upload(request: Request) -> tuple[str, bytes, str | None]:
    """The file's name (``?name=``, else by its media type), its bytes and ``?language=``."""
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    name = request.query_params.get("name") or KINDS.get(kind)
    if not name:
        raise Problem(
            415,
            "Unsupported media type",
            f"say what the file is: ?name=FILE.md (or .json, .html, .xml), or a Content-Type of "
            f"{', '.join(sorted(KINDS))}; not {kind or 'none'!r}",
        )
    language = request.query_params.get("language") or None
    if language is not None and language not in CODES:
        raise Problem(400, "Bad request", f"language must be one of {', '.join(CODES)}, not {language!r}")
    return name, request.scope.get("dragoman.body", b""), language


def _report(report: ImportReport) -> dict[str, Any]:
    return {
        "created": report.created,
        "revised": report.revised,
        "unchanged": report.unchanged,
        "translations": [asdict(t) for t in report.translations],
        "warnings": [{"file": w.file, "where": str(w.location), "problem": str(w.reason)} for w in report.warnings],
    }


def import_articles(request: Request, db: Database, user: User) -> Response:
    """Import the body's articles, all or nothing; 201 when any was created."""
    name, data, language = _upload(request)
    sources, problems, warnings = parse_upload(name, data, drafts=_flag(request, "drafts"), language=language)
    if problems:
        raise ImportFailed(problems)
    report = import_sources(db, user, sources, minor=_flag(request, "minor"), warnings=warnings)
    return JSONResponse(_report(report), status_code=201 if report.created else 200)


def revise(request: Request, db: Database, user: User) -> dict[str, Any]:
    """A new revision of one article from the body; ``?correction=NOTE`` marks it a correction."""
    name, data, language = _upload(request)
    slug = request.path_params["slug"]
    correction = request.query_params.get("correction")
    if correction is not None and not correction.strip():
        raise Problem(400, "Bad request", "correction needs a note: what was corrected, as readers will see it")
    urgent = _flag(request, "urgent")
    if urgent and correction is None:
        raise Problem(400, "Bad request", "urgent goes with correction")
    report = revise_article(db, user, slug, name, data, minor=_flag(request, "minor"), language=language)
    result = _report(report) | {"slug": slug, "outcome": "revised" if report.revised else "unchanged"}
    if correction is not None and report.revised:
        result["correction_revision"] = mark_correction(db, user, slug, correction, urgent=urgent).number
    return result


def _build(row: BundleBuild, request: Request) -> dict[str, Any]:
    data = row.model_dump()
    data["zip"] = str(request.url_for("download", build=row.id)) if row.zip_name else None
    return data


def build(request: Request, db: Database, user: User) -> Response:
    """Build the edition's bundle in the bundle store; 201 with the build."""
    body = body_of(request, BuildRequest)
    row = build_edition(db, user, request.path_params["edition"], publish=body.publish, base_url=body.base_url)
    return JSONResponse(_build(row, request) | {"built_at": row.built_at.isoformat()}, status_code=201)


def builds(request: Request, db: Database, user: User) -> Response:
    """The edition's builds, newest first."""
    limit = int_param(request, "limit", 50, 1, PAGE_MOST)
    offset = int_param(request, "offset", 0, 0, 10_000_000)
    rows = list_builds(db, user, request.path_params["edition"], limit=limit + 1, offset=offset)
    return page(request, [_build(r, request) for r in rows], limit, offset)


def download(request: Request, db: Database, user: User) -> Response:
    """One build's zip."""
    row, path = build_zip(db, user, int(request.path_params["build"]))
    return FileResponse(path, media_type="application/zip", filename=row.zip_name)
