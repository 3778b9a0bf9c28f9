"""The HTTP API, over real HTTP: a ``dragoman api`` process on the test's database, called with urllib."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest

from tests.factories import fake_translation, make_article, make_user
from tests.serving import call, start_api, stop_api
from workflow import actions, queries
from workflow.db import Database
from workflow.permissions import CONSOLE
from workflow.tokens import create_token, revoke_token


@pytest.fixture
def api(db: Database) -> Iterator[str]:
    """The API on a free port, on the test's database."""
    process, base = start_api({**os.environ, "DRAGOMAN_DATABASE_URL": db.url})
    yield base
    stop_api(process)


def test_the_schema_describes_every_route(api: str) -> None:
    from workflow.api import PREFIX, ROUTES

    status, kind, schema = call(api, "GET", "/openapi.json", None)
    assert status == 200 and kind == "application/json" and schema["openapi"].startswith("3.1")
    described = {(m.upper(), p) for p, ops in schema["paths"].items() for m in ops}
    assert described == {(m, PREFIX + p.replace(":int}", "}")) for m, p, *_ in ROUTES}
    body = schema["paths"][f"{PREFIX}/segments/{{segment_id}}"]["put"]["requestBody"]
    assert set(body["content"]["application/json"]["schema"]["required"]) == {"text", "base_version"}


def test_a_translator_claims_translates_and_submits_through_the_api(api: str, db: Database) -> None:
    mina = make_user(db, "mina", ["translator"], [("en", "fa")])
    piece_id = make_article(db, "api-story", paragraphs=2)["fa"].id
    token = create_token(db, CONSOLE, "mina").secret
    status, _kind, me = call(api, "GET", "/me", token)
    assert status == 200 and me == {
        "username": "mina",
        "display_name": me["display_name"],
        "roles": ["translator"],
        "pairs": ["en->fa"],
    }
    status, _kind, available = call(api, "GET", "/pieces?queue=available", token)
    assert status == 200 and piece_id in [p["piece_id"] for p in available["items"]]
    status, _kind, claimed = call(api, "POST", f"/pieces/{piece_id}/claim", token)
    assert status == 200 and claimed["status"] == "in_translation"
    status, _kind, read = call(api, "GET", f"/pieces/{piece_id}", token)
    assert status == 200 and len(read["segments"]) == 3
    for segment in read["segments"]:
        text = fake_translation(segment["source"], segment["position"])
        body = {"text": text, "base_version": segment["version"]}
        status, _kind, saved = call(api, "PUT", f"/segments/{segment['segment_id']}", token, body)
        assert status == 200 and saved["state"] == "done" and saved["text"] == text
    status, _kind, submitted = call(api, "POST", f"/pieces/{piece_id}/submit", token)
    assert status == 200 and submitted["status"] == "submitted"
    assert queries.history(db, piece_id=piece_id)[-1].actor_id == mina.id  # acted as the token's person


def test_a_save_on_an_older_version_is_a_409_with_both_texts(api: str, db: Database) -> None:
    mina = make_user(db, "mina", ["translator"], [("en", "fa")])
    piece_id = make_article(db, "api-story", paragraphs=1)["fa"].id or 0
    actions.claim(db, mina, piece_id)
    first = queries.piece_segments(db, piece_id)[0]
    actions.save_segment(db, mina, first.segment_id, "متن آنها", first.version)
    token = create_token(db, CONSOLE, "mina").secret
    body = {"text": "متن من", "base_version": first.version}
    status, kind, problem = call(api, "PUT", f"/segments/{first.segment_id}", token, body)
    assert (status, kind) == (409, "application/problem+json")
    assert (problem["yours"], problem["theirs"], problem["status"]) == ("متن من", "متن آنها", 409)
    assert problem["current_version"] == first.version + 1


@pytest.mark.parametrize(
    ("method", "path", "body", "token", "status"),
    [
        ("GET", "/me", None, None, 401),
        ("GET", "/me", None, "dgm_wrong", 401),
        ("GET", "/me", None, "revoked", 401),
        ("GET", "/pieces?queue=everything", None, "mina", 400),
        ("GET", "/pieces?limit=0", None, "mina", 400),
        ("GET", "/pieces?limit=abc", None, "mina", 400),
        ("GET", "/pieces?queue=review&edition=xx", None, "mina", 400),
        ("GET", "/pieces/999999", None, "mina", 404),
        ("GET", "/nothing-here", None, "mina", 404),  # no such route: a problem too
        ("DELETE", "/pieces/{fa}", None, "mina", 405),
        ("GET", "/pieces/{ar}", None, "mina", 403),  # not in her language pairs
        ("POST", "/pieces/{ar}/claim", None, "mina", 403),
        ("POST", "/pieces/{fa}/submit", None, "mina", 422),  # nothing translated yet
        ("POST", "/pieces/{fa}/submit", None, "reza", 403),  # not his to submit
        ("POST", "/pieces/{fa}/claim", None, "reza", 403),  # a reviewer does not translate
        ("PUT", "/segments/{segment}", {"text": "x"}, "mina", 422),  # no base_version
        ("PUT", "/segments/{segment}", b"not json", "mina", 422),
        ("PUT", "/segments/{segment}", {"text": "x", "base_version": -1}, "mina", 422),
        ("PUT", "/segments/{segment}", {"text": "x", "base_version": 0}, "reza", 403),  # a reviewer may not save
    ],
)
def test_refusals_are_problem_details(
    api: str, db: Database, method: str, path: str, body: Any, token: str | None, status: int
) -> None:
    make_user(db, "mina", ["translator"], [("en", "fa")])
    make_user(db, "reza", ["reviewer"], [("en", "fa")])
    pieces = make_article(db, "api-story", paragraphs=1)
    secrets = {"mina": create_token(db, CONSOLE, "mina").secret, "reza": create_token(db, CONSOLE, "reza").secret}
    gone = create_token(db, CONSOLE, "mina")
    revoke_token(db, CONSOLE, gone.id)
    secrets["revoked"] = gone.secret
    secrets["dgm_wrong"] = "dgm_wrong"
    # claimed through the API, on the server's clock (the test's clock stands in November)
    assert call(api, "POST", f"/pieces/{pieces['fa'].id}/claim", secrets["mina"])[0] == 200
    segment = queries.piece_segments(db, pieces["fa"].id or 0)[0].segment_id
    path = path.format(ar=pieces["ar"].id, fa=pieces["fa"].id, segment=segment)
    got, kind, problem = call(api, method, path, secrets.get(token or ""), body)
    assert (got, kind) == (status, "application/problem+json"), problem
    assert problem["status"] == status and problem["detail"] and problem["title"]


def test_a_body_over_the_import_limit_is_refused_before_it_is_read(api: str, db: Database) -> None:
    make_user(db, "mina", ["translator"], [("en", "fa")])
    token = create_token(db, CONSOLE, "mina").secret
    status, kind, problem = call(api, "PUT", "/segments/1", token, b"x" * (11 * 1024 * 1024))
    assert (status, kind, problem["title"]) == (413, "application/problem+json", "Too large")


def test_a_reviewer_reviews_comments_and_approves_through_the_api(api: str, db: Database) -> None:
    make_user(db, "mina", ["translator"], [("en", "fa")])
    make_user(db, "reza", ["reviewer"], [("en", "fa")])
    make_user(db, "sami", ["reviewer"], [("en", "ar")])
    piece_id = make_article(db, "api-review", paragraphs=1)["fa"].id
    mina, reza, sami = (create_token(db, CONSOLE, name).secret for name in ("mina", "reza", "sami"))
    assert call(api, "POST", f"/pieces/{piece_id}/claim", mina)[0] == 200
    for segment in call(api, "GET", f"/pieces/{piece_id}", mina)[2]["segments"]:
        body = {"text": fake_translation(segment["source"], segment["position"]), "base_version": segment["version"]}
        assert call(api, "PUT", f"/segments/{segment['segment_id']}", mina, body)[0] == 200
    assert call(api, "POST", f"/pieces/{piece_id}/submit", mina)[0] == 200
    status, _kind, queue = call(api, "GET", "/pieces?queue=review", reza)
    assert status == 200 and [p["piece_id"] for p in queue["items"]] == [piece_id]
    assert call(api, "POST", f"/pieces/{piece_id}/review", mina)[0] == 403  # a translator does not review
    assert call(api, "POST", f"/pieces/{piece_id}/review", reza)[2]["status"] == "in_review"
    second = call(api, "GET", f"/pieces/{piece_id}", reza)[2]["segments"][1]
    remark = {"text": "روز را بنویسید.", "segment_id": second["segment_id"]}
    assert call(api, "POST", f"/pieces/{piece_id}/comments", reza, remark)[0] == 200
    assert call(api, "POST", f"/pieces/{piece_id}/comments", sami, {"text": "x"})[0] == 403  # not his pair
    assert call(api, "GET", f"/pieces/{piece_id}/comments", sami)[0] == 403
    status, _kind, said = call(api, "GET", f"/pieces/{piece_id}/comments", mina)
    assert status == 200 and [(c["number"], c["text"]) for c in said["comments"]] == [(2, "روز را بنویسید.")]
    assert call(api, "POST", f"/pieces/{piece_id}/request-changes", reza, {"reason": ""})[0] == 422
    back = call(api, "POST", f"/pieces/{piece_id}/request-changes", reza, {"reason": "بند دوم"})
    assert back[2]["status"] == "changes_requested"
    assert call(api, "POST", f"/pieces/{piece_id}/submit", mina)[0] == 200
    assert call(api, "POST", f"/pieces/{piece_id}/review", reza)[0] == 200
    assert call(api, "POST", f"/pieces/{piece_id}/approve", reza)[2]["status"] == "approved"
    status, _kind, report = call(api, "GET", "/progress", reza)
    fa = next(e for e in report["editions"] if e["edition"] == "fa")
    assert status == 200 and fa["pieces"]["approved"] >= 1
