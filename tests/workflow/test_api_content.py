"""The API's content endpoints over real HTTP: importing articles, revising one, building an edition and
downloading its builds; and the limits every call has (rate per token, pages)."""

from __future__ import annotations

import io
import json
import os
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlmodel import select

from tests.factories import make_article, make_user, pieces_of
from tests.serving import LAST_HEADERS, call, start_api, stop_api
from tests.workflow.flows import make_cast, piece_in
from workflow import queries
from workflow.api.guards import RateLimiter
from workflow.db import Database
from workflow.importers import parse_paths
from workflow.models import SourceSegment
from workflow.permissions import CONSOLE
from workflow.status import Status
from workflow.tokens import create_token

WORDPRESS = Path(__file__).parents[1] / "data" / "wordpress"

MARKDOWN = b"---\ntitle: The bridge reopens\nlanguage: en\n---\n\nThe old bridge reopens on Monday after two years.\n"
JSON_LIST = json.dumps(
    [
        {"slug": "rain-returns", "title": "Rain returns", "language": "en", "body": "Rain fell across the north."},
        {"slug": "port-expands", "title": "Port expands", "language": "en", "body": "The port adds two berths."},
    ]
).encode()
HTML = """<!DOCTYPE html><html lang="fa"><head><meta charset="utf-8"><title>بازگشایی کتابخانه</title>
<meta name="description" content="کتابخانهٔ شهر پس از دو سال باز شد.">
<meta name="author" content="مریم احمدی"><meta property="article:published_time" content="2026-11-30T08:00:00Z">
<meta property="article:tag" content="فرهنگ"><link rel="canonical" href="https://example.org/fa/library">
<script>track()</script></head><body><nav>خانه</nav><article><h1>بازگشایی کتابخانه</h1>
<p>کتابخانهٔ مرکزی شهر روز دوشنبه درهای خود را به روی مردم گشود.</p><p>می‌خواهیم بیشتر بخوانیم.</p>
</article><footer>©</footer></body></html>""".encode()


@pytest.fixture
def bundles(tmp_path: Path) -> Path:
    return tmp_path / "bundles"


@pytest.fixture
def api(db: Database, bundles: Path) -> Iterator[str]:
    env = {**os.environ, "DRAGOMAN_DATABASE_URL": db.url, "DRAGOMAN_BUNDLE_DIR": str(bundles)}
    process, base = start_api(env)
    yield base
    stop_api(process)


def _token(db: Database, name: str, roles: list[str], pairs: list[tuple[str, str]] | None = None) -> str:
    make_user(db, name, roles, pairs or [])
    return create_token(db, CONSOLE, name).secret


@pytest.mark.parametrize(
    ("query", "content_type", "body", "created"),
    [
        ("", "text/markdown", MARKDOWN, ["article"]),  # named by its kind: the slug from the default name
        ("?name=bridge.md", "application/octet-stream", MARKDOWN, ["bridge"]),
        ("", "application/json", JSON_LIST, ["rain-returns", "port-expands"]),
        ("?name=library.html", "text/html", HTML, ["library"]),
    ],
)
def test_an_editor_imports_a_file_of_each_kind(
    api: str, db: Database, query: str, content_type: str, body: bytes, created: list[str]
) -> None:
    token = _token(db, "ed", ["editor"])
    status, _kind, report = call(api, "POST", "/articles" + query, token, body, content_type)
    assert (status, report["created"], report["revised"]) == (201, created, [])
    assert {p.slug for p in queries.articles(db, limit=1000)} >= set(created)
    status, _kind, again = call(api, "POST", "/articles" + query, token, body, content_type)
    assert (status, again["created"], again["unchanged"]) == (200, [], created)  # the same file twice: no change


def test_an_html_page_keeps_its_article_and_metadata(api: str, db: Database) -> None:
    token = _token(db, "ed", ["editor"])
    status, _kind, _report = call(api, "POST", "/articles?name=library.html", token, HTML, "text/html")
    assert status == 201
    article = next(a for a in queries.articles(db, limit=1000) if a.slug == "library")
    assert (article.source_language, article.title) == ("fa", "بازگشایی کتابخانه")
    with db.read() as session:
        revision = pieces_of(db, "library")["en"].revision_id
        texts = list(session.exec(select(SourceSegment.text).where(SourceSegment.revision_id == revision)).all())
    assert "می\u200cخواهیم بیشتر بخوانیم." in texts  # the ZWNJ kept
    assert not any(t in ("خانه", "©", "track()") for t in texts)  # navigation, footer and scripts left out
    assert texts.count("بازگشایی کتابخانه") == 1  # the heading is the title, not a paragraph as well


def test_a_wordpress_export_imports_as_the_cli_reads_it(api: str, db: Database) -> None:
    token = _token(db, "ed", ["editor"])
    export = WORDPRESS / "small-export.xml"
    status, _kind, report = call(api, "POST", "/articles?name=small-export.xml", token, export.read_bytes(), "text/xml")
    sources, _problems, _warnings = parse_paths([export])
    assert status == 201 and sorted(report["created"]) == sorted(s.slug for s in sources)


@pytest.mark.parametrize(
    ("who", "query", "content_type", "body", "status"),
    [
        ("tina", "", "text/markdown", MARKDOWN, 403),  # a translator does not import
        ("ed", "", "application/octet-stream", MARKDOWN, 415),  # no name, no kind
        ("ed", "?name=story.txt", "text/plain", b"words", 422),
        ("ed", "?name=a.md&language=xx", "text/markdown", MARKDOWN, 400),
        ("ed", "?name=a.md&minor=perhaps", "text/markdown", MARKDOWN, 400),
        ("ed", "", "application/json", b'[{"title": 3}', 422),  # not JSON
        ("ed", "?name=broken.xml", "text/xml", (WORDPRESS / "malformed-simple.xml").read_bytes(), 422),
    ],
)
def test_a_bad_import_is_a_problem_and_writes_nothing(
    api: str, db: Database, who: str, query: str, content_type: str, body: bytes, status: int
) -> None:
    tokens = {"tina": _token(db, "tina", ["translator"], [("en", "fa")]), "ed": _token(db, "ed", ["editor"])}
    answer, kind, problem = call(api, "POST", "/articles" + query, tokens[who], body, content_type)
    assert (answer, kind, problem["status"]) == (status, "application/problem+json", status)
    assert queries.articles(db, limit=1000) == []


def test_a_refused_import_lists_every_problem_as_the_cli_does(api: str, db: Database, tmp_path: Path) -> None:
    token = _token(db, "ed", ["editor"])
    bad = json.dumps(
        [
            {"slug": "ok-one", "title": "Fine", "language": "en", "body": "Fine text here."},
            {"slug": "no-title", "language": "en", "tags": 5, "body": "No title."},
            {"slug": "ok-two", "title": "Fine", "language": "en", "published_on": "yesterday", "body": "x"},
        ]
    ).encode()
    status, _kind, problem = call(api, "POST", "/articles?name=batch.json", token, bad, "application/json")
    (tmp_path / "batch.json").write_bytes(bad)
    _sources, problems, _warnings = parse_paths([tmp_path / "batch.json"])
    assert status == 422 and len(problem["errors"]) == len(problems) >= 3
    assert [e["where"] for e in problem["errors"]] == [str(p.location) for p in problems]
    assert [e["problem"] for e in problem["errors"]] == [str(p.reason) for p in problems]
    assert queries.articles(db, limit=1000) == []  # ok-one is not imported either


def test_an_article_is_revised_and_marked_a_correction(api: str, db: Database) -> None:
    make_article(db, "bridge", paragraphs=2)
    token = _token(db, "ed", ["editor"])
    body = (
        b"---\ntitle: The library opens\n---\n\n"
        b"Paragraph 1 of bridge tells what happened on day 1.\n\nIt opened on Tuesday, not Monday.\n"
    )
    path = "/articles/bridge?name=bridge.md&correction=The%20day%20was%20wrong&urgent=true"
    status, _kind, revised = call(api, "PUT", path, token, body, "text/markdown")
    assert status == 200 and (revised["outcome"], revised["revised"]) == ("revised", ["bridge"])
    assert revised["correction_revision"] == 3  # the revision, then the note on it
    status, _kind, again = call(api, "PUT", "/articles/bridge?name=bridge.md", token, body, "text/markdown")
    assert (status, again["outcome"]) == (200, "unchanged")
    translator = _token(db, "tina", ["translator"], [("en", "fa")])
    assert call(api, "PUT", "/articles/bridge?name=bridge.md", translator, body, "text/markdown")[0] == 403
    status, _kind, missing = call(api, "PUT", "/articles/nothing?name=n.md", token, body, "text/markdown")
    assert (status, missing["title"]) == (404, "Not found")
    two = JSON_LIST
    status, _kind, refused = call(api, "PUT", "/articles/bridge?name=two.json", token, two, "application/json")
    assert status == 422 and "the file holds 2" in refused["errors"][0]["problem"]


def test_an_editor_builds_lists_and_downloads_builds(api: str, db: Database, bundles: Path) -> None:
    cast = make_cast(db)
    piece_in(db, cast, Status.APPROVED, slug="first")
    editor = create_token(db, CONSOLE, "ed").secret
    status, _kind, built = call(api, "POST", "/editions/fa/builds", editor, {"publish": True})
    assert status == 201 and (built["articles"], built["published"], built["edition_code"]) == (1, 1, "fa")
    piece_in(db, cast, Status.APPROVED, slug="second")
    status, _kind, second = call(api, "POST", "/editions/fa/builds", editor, {})
    assert status == 201 and (second["articles"], second["added"] > 0) == (2, True)
    status, _kind, page = call(api, "GET", "/editions/fa/builds?limit=1", editor)
    assert status == 200 and [b["id"] for b in page["items"]] == [second["id"]]
    assert page["next"] and LAST_HEADERS["link"] == f'<{page["next"]}>; rel="next"'
    status, _kind, rest = call(api, "GET", page["next"].split("/api/v1", 1)[1], editor)
    assert [b["id"] for b in rest["items"]] == [built["id"]] and rest["next"] is None
    for build, articles in ((built, 1), (second, 2)):  # the first build's zip is kept after the second
        status, kind, data = call(api, "GET", build["zip"].split("/api/v1", 1)[1], editor)
        assert (status, kind) == (200, "application/zip")
        with zipfile.ZipFile(io.BytesIO(data)) as bundle:
            assert json.loads(bundle.read("manifest.json"))["counts"]["articles"] == articles
    assert (bundles / "fa" / "bundle" / "manifest.json").is_file()
    assert len(list((bundles / "fa" / "builds").iterdir())) == 2


@pytest.mark.parametrize(
    ("method", "path", "body", "status"),
    [
        ("POST", "/editions/fa/builds", {}, 403),  # a translator does not build
        ("GET", "/editions/fa/builds", None, 403),
        ("GET", "/builds/1/zip", None, 403),
    ],
)
def test_only_editors_build_and_download(
    api: str, db: Database, method: str, path: str, body: object, status: int
) -> None:
    token = _token(db, "tina", ["translator"], [("en", "fa")])
    assert call(api, method, path, token, body)[0] == status


@pytest.mark.parametrize(
    ("method", "path", "body", "status"),
    [
        ("POST", "/editions/xx/builds", {}, 404),
        ("GET", "/editions/xx/builds", None, 404),
        ("GET", "/builds/999/zip", None, 404),
        ("POST", "/editions/fa/builds", {"base_url": "ftp://x"}, 422),
        ("POST", "/editions/fa/builds", {"publish": "maybe"}, 422),
    ],
)
def test_builds_of_nothing_are_problems(
    api: str, db: Database, method: str, path: str, body: object, status: int
) -> None:
    token = _token(db, "ed", ["editor"])
    assert call(api, method, path, token, body)[0] == status


def test_the_pieces_come_in_pages(api: str, db: Database) -> None:
    for slug in ("one", "two", "three"):
        make_article(db, slug, paragraphs=1)
    token = _token(db, "tina", ["translator"], [("en", "fa")])
    status, _kind, first = call(api, "GET", "/pieces?queue=available&limit=2", token)
    assert status == 200 and len(first["items"]) == 2 and "offset=2" in first["next"]
    _status, _kind, last = call(api, "GET", first["next"].split("/api/v1", 1)[1], token)
    assert len(last["items"]) == 1 and last["next"] is None
    seen = [p["piece_id"] for p in first["items"] + last["items"]]
    assert len(set(seen)) == 3
    _status, _kind, other = call(api, "GET", "/pieces?queue=available&edition=ar", token)
    assert other["items"] == []  # of one edition: none in Arabic for a Persian translator
    call(api, "POST", f"/pieces/{seen[0]}/claim", token)
    _status, _kind, mine = call(api, "GET", "/pieces?queue=mine&edition=fa", token)
    assert [p["piece_id"] for p in mine["items"]] == [seen[0]]


def test_a_token_over_its_rate_waits_and_others_do_not(db: Database) -> None:
    env = {**os.environ, "DRAGOMAN_DATABASE_URL": db.url, "DRAGOMAN_API_RATE": "3"}
    process, base = start_api(env)
    try:
        busy, calm = (
            _token(db, "tina", ["translator"], [("en", "fa")]),
            _token(db, "omid", ["translator"], [("en", "fa")]),
        )
        assert [call(base, "GET", "/me", busy)[0] for _ in range(3)] == [200, 200, 200]
        status, kind, problem = call(base, "GET", "/me", busy)
        assert (status, kind) == (429, "application/problem+json") and int(LAST_HEADERS["retry-after"]) >= 1
        assert "DRAGOMAN_API_RATE" in problem["detail"]
        assert call(base, "GET", "/me", calm)[0] == 200
    finally:
        stop_api(process)


def test_the_rate_limiter_refills_evenly() -> None:
    now = [0.0]
    limiter = RateLimiter(per_minute=60, clock=lambda: now[0])
    assert [limiter.take("a") for _ in range(60)] == [0] * 60
    assert limiter.take("a") == 1 and limiter.take("b") == 0  # one a second; another token has its own
    now[0] += 1.0
    assert limiter.take("a") == 0 and limiter.take("a") == 1
    now[0] += 3600
    assert [limiter.take("a") for _ in range(60)] == [0] * 60 and limiter.take("a") == 1  # never more than a minute's


def test_a_fault_is_a_500_problem_without_its_traceback(db: Database, caplog: pytest.LogCaptureFixture) -> None:
    import asyncio

    from starlette.requests import Request

    from workflow.api.core import endpoint

    def broken(request: Request, db: Database, user: object) -> None:
        raise ZeroDivisionError("a secret detail")

    token = _token(db, "ed", ["editor"])
    scope = {
        "type": "http",
        "method": "GET",
        "path": "/api/v1/broken",
        "query_string": b"",
        "headers": [(b"authorization", f"Bearer {token}".encode())],
    }
    sent: list[dict[str, object]] = []

    async def receive() -> dict[str, object]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, object]) -> None:
        sent.append(message)

    response = asyncio.run(endpoint(db, broken, RateLimiter())(Request(scope, receive)))
    asyncio.run(response(scope, receive, send))
    body = json.loads(b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body"))  # type: ignore[misc]
    assert (sent[0]["status"], body["title"]) == (500, "Internal error")
    assert "secret" not in json.dumps(body) and "a secret detail" in caplog.text  # logged, not told
