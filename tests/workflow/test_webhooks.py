"""Webhooks: the outbox written with the change, delivery by the worker to a real HTTP receiver that checks
signatures with the Standard Webhooks reference library, retries, giving up, and a slow receiver that delays
nobody else."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from sqlmodel import select
from standardwebhooks import Webhook as Verifier

from tests.conftest import FakeClock
from tests.factories import make_user
from tests.serving import free_port
from tests.workflow.flows import make_cast, piece_in
from workflow import actions
from workflow.db import Database
from workflow.errors import PermissionDenied
from workflow.models import WebhookAttempt, WebhookMessage
from workflow.people import InvalidInput
from workflow.permissions import CONSOLE
from workflow.status import Status
from workflow.webhooks import BACKOFF, add_webhook, deliver_due, disable_webhook, list_webhooks, sign, webhook_attempts


def test_signatures_match_the_specifications_test_vector() -> None:
    secret, message, timestamp = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330
    assert sign(secret, message, timestamp, '{"test": 2432232314}') == "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="


@dataclass
class Receiver:
    """An HTTP server that records each message, answering with the next of ``answers`` (then 204)."""

    url: str
    received: list[tuple[dict[str, str], bytes]] = field(default_factory=list)
    answers: list[int] = field(default_factory=list)
    hold: threading.Event | None = None  # when set up, each request waits for it
    arrived: threading.Event = field(default_factory=threading.Event)


@pytest.fixture
def receivers() -> Iterator[Any]:
    servers: list[ThreadingHTTPServer] = []

    def start(answers: list[int] | None = None, hold: threading.Event | None = None) -> Receiver:
        port = free_port()
        receiver = Receiver(f"http://127.0.0.1:{port}/hook", answers=list(answers or []), hold=hold)

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["content-length"]))
                receiver.received.append(({k.lower(): v for k, v in self.headers.items()}, body))
                receiver.arrived.set()
                if receiver.hold is not None:
                    receiver.hold.wait(60)
                self.send_response(receiver.answers.pop(0) if receiver.answers else 204)
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return receiver

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


def _messages(db: Database) -> list[WebhookMessage]:
    with db.read() as session:
        return list(session.exec(select(WebhookMessage).order_by(WebhookMessage.id)).all())  # type: ignore[arg-type]


def test_an_approval_is_announced_signed_and_verified_by_the_reference_library(db: Database, receivers: Any) -> None:
    receiver = receivers()
    hook = add_webhook(db, CONSOLE, receiver.url, ["piece.approved", "bundle.built"])
    cast = make_cast(db)
    piece_id = piece_in(db, cast, Status.APPROVED, slug="bridge")
    assert [m.event_type for m in _messages(db)] == ["piece.approved"]  # written with the approval
    assert receiver.received == []  # nothing is sent by the approval itself
    done = deliver_due(db)
    assert (done.delivered, done.retried, done.failed) == (1, 0, 0)
    headers, body = receiver.received[0]
    payload = Verifier(hook.secret).verify(body, headers)  # raises on a bad signature or an old timestamp
    assert payload["type"] == "piece.approved"
    assert payload["data"] | {"by": None} == {
        "article": "bridge",
        "piece": piece_id,
        "edition": "fa",
        "status": "approved",
        "by": None,
    }
    assert json.loads(body)["data"]["by"] == "rana"
    assert deliver_due(db).delivered == 0  # delivered once


def test_a_refused_action_announces_nothing(db: Database, receivers: Any) -> None:
    add_webhook(db, CONSOLE, receivers().url, ["piece.approved"])
    cast = make_cast(db)
    piece_id = piece_in(db, cast, Status.IN_REVIEW)
    with pytest.raises(PermissionDenied):
        actions.approve(db, cast.other_reviewer, piece_id)  # not the reviewer holding it
    assert _messages(db) == []


@pytest.mark.parametrize(
    ("events", "action", "expected"),
    [
        (["piece.published"], "publish", ["piece.published"]),
        (["article.source_changed"], "revise", ["article.source_changed"]),
        (["article.correction"], "correct", ["article.correction"]),
        (["bundle.built"], "build", ["bundle.built"]),
        (["piece.approved"], "build", []),  # not subscribed
    ],
)
def test_each_event_is_written_for_its_subscribers(
    db: Database, receivers: Any, tmp_path: Any, events: list[str], action: str, expected: list[str]
) -> None:
    from tests.factories import make_source
    from workflow.bundle import build
    from workflow.corrections import mark_correction
    from workflow.importers import import_sources

    cast = make_cast(db)
    piece_id = piece_in(db, cast, Status.APPROVED, slug="library-opens")
    add_webhook(db, CONSOLE, receivers().url, events)
    if action == "publish":
        actions.publish(db, cast.editor, piece_id)
    elif action == "revise":
        import_sources(db, CONSOLE, [make_source("library-opens", changed={0: "A new first paragraph."})])
    elif action == "correct":
        import_sources(db, CONSOLE, [make_source("library-opens", changed={0: "The corrected first paragraph."})])
        mark_correction(db, CONSOLE, "library-opens", "The date was wrong.")
    else:
        build(db, "fa", tmp_path / "fa")
    assert [m.event_type for m in _messages(db)] == expected


def test_a_failed_delivery_is_retried_with_backoff_under_the_same_id(
    db: Database, clock: FakeClock, receivers: Any
) -> None:
    receiver = receivers(answers=[500, 503])
    hook = add_webhook(db, CONSOLE, receiver.url, ["piece.approved"])
    piece_in(db, make_cast(db), Status.APPROVED)
    assert deliver_due(db).retried == 1
    assert deliver_due(db).retried == 0  # not due before its wait
    clock.advance(seconds=BACKOFF[0])
    assert deliver_due(db).retried == 1
    clock.advance(seconds=BACKOFF[1])
    assert deliver_due(db).delivered == 1
    ids = {headers["webhook-id"] for headers, _body in receiver.received}
    assert len(receiver.received) == 3 and len(ids) == 1
    for headers, body in receiver.received:
        Verifier(hook.secret).verify(body, headers)  # each attempt signed afresh
    log = webhook_attempts(db, CONSOLE)
    assert [a.status_code for a in reversed(log)] == [500, 503, 204]


def test_a_dead_receiver_is_given_up_after_the_last_retry(db: Database, clock: FakeClock) -> None:
    add_webhook(db, CONSOLE, f"http://127.0.0.1:{free_port()}/nobody", ["piece.approved"])
    piece_in(db, make_cast(db), Status.APPROVED)
    outcomes = []
    for wait in (0, *BACKOFF):
        clock.advance(seconds=wait)
        done = deliver_due(db)
        outcomes.append((done.retried, done.failed))
    assert outcomes == [(1, 0)] * len(BACKOFF) + [(0, 1)]
    (message,) = _messages(db)
    assert message.failed_at is not None and message.attempts == len(BACKOFF) + 1
    with db.read() as session:
        errors = session.exec(select(WebhookAttempt.error)).all()
    assert len(errors) == len(BACKOFF) + 1 and all(e and "refused" in e.lower() for e in errors)
    (row,) = list_webhooks(db, CONSOLE)
    assert (row.delivered, row.waiting, row.failed) == (0, 0, 1)


def test_a_slow_receiver_delays_no_other(db: Database, receivers: Any) -> None:
    held = threading.Event()
    slow, fast = receivers(hold=held), receivers()
    add_webhook(db, CONSOLE, slow.url, ["piece.approved"])
    add_webhook(db, CONSOLE, fast.url, ["piece.approved"])
    cast = make_cast(db)
    piece_in(db, cast, Status.APPROVED)
    worker = threading.Thread(target=deliver_due, args=(db,))
    worker.start()
    try:
        assert fast.arrived.wait(60) and slow.arrived.wait(60)
        assert len(fast.received) == 1  # while the slow one still holds its request
        second = piece_in(db, cast, Status.IN_REVIEW, slug="second")
        actions.approve(db, cast.reviewer, second)  # the workflow goes on meanwhile
    finally:
        held.set()
        worker.join(60)
    assert len(_messages(db)) == 4


def test_two_workers_deliver_each_message_once(db: Database, receivers: Any) -> None:
    receiver = receivers()
    add_webhook(db, CONSOLE, receiver.url, ["piece.approved"])
    cast = make_cast(db)
    for n in range(6):
        piece_in(db, cast, Status.APPROVED, slug=f"story-{n}")
    start = threading.Barrier(2)

    def work() -> None:
        start.wait()
        deliver_due(db, batch=3)
        deliver_due(db, batch=3)
        deliver_due(db, batch=3)

    workers = [threading.Thread(target=work) for _ in range(2)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(120)
    ids = [headers["webhook-id"] for headers, _body in receiver.received]
    assert len(ids) == 6 and len(set(ids)) == 6


def test_a_round_that_takes_a_full_batch_says_more_may_be_due(db: Database, receivers: Any) -> None:
    receiver = receivers()
    add_webhook(db, CONSOLE, receiver.url, ["piece.approved"])
    cast = make_cast(db)
    for n in range(5):
        piece_in(db, cast, Status.APPROVED, slug=f"story-{n}")
    rounds = [deliver_due(db, batch=3) for _ in range(3)]
    assert [(r.delivered, r.more) for r in rounds] == [(3, True), (2, False), (0, False)]
    assert all(m.attempts == 1 and m.delivered_at is not None for m in _messages(db))


def test_disabling_a_webhook_stops_its_messages(db: Database, receivers: Any) -> None:
    receiver = receivers()
    hook = add_webhook(db, CONSOLE, receiver.url, ["piece.approved"])
    cast = make_cast(db)
    piece_in(db, cast, Status.APPROVED)
    disable_webhook(db, CONSOLE, hook.id or 0)
    piece_in(db, cast, Status.APPROVED, slug="later")
    assert deliver_due(db).delivered == 0 and receiver.received == []
    assert [(m.failed_at is not None) for m in _messages(db)] == [True]


@pytest.mark.parametrize(
    ("url", "events", "error"),
    [
        ("ftp://example.org/hook", ["piece.approved"], InvalidInput),
        ("example.org/hook", ["piece.approved"], InvalidInput),
        ("https://example.org/hook", ["piece.eaten"], InvalidInput),
        ("https://example.org/hook", [], InvalidInput),
    ],
)
def test_a_webhook_needs_an_address_and_known_events(db: Database, url: str, events: list[str], error: type) -> None:
    with pytest.raises(error):
        add_webhook(db, CONSOLE, url, events)


@pytest.mark.parametrize("role", ["translator", "reviewer", "editor"])
def test_only_admins_manage_webhooks(db: Database, role: str) -> None:
    person = make_user(db, "someone", [role])
    with pytest.raises(PermissionDenied):
        add_webhook(db, person, "https://example.org/hook", ["piece.approved"])
    with pytest.raises(PermissionDenied):
        list_webhooks(db, person)
