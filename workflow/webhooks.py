"""Webhooks, as the Standard Webhooks specification has them (https://www.standardwebhooks.com): admins
subscribe an address to events; each event is written to an outbox (``webhook_message``) in the same
transaction as the change it announces, and ``dragoman worker`` sends it signed (``webhook-id``,
``webhook-timestamp``, ``webhook-signature``: HMAC-SHA256), retrying with backoff and logging every attempt.
A slow or dead receiver costs the workflow one insert per event, never a wait.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from sqlalchemy import update
from sqlmodel import col, select

from workflow.db import Database
from workflow.errors import NotFound
from workflow.messages import N_, msg, quoted
from workflow.models import Webhook, WebhookAttempt, WebhookMessage
from workflow.outbox import EVENTS
from workflow.people import InvalidInput
from workflow.permissions import ActingUser, Role, load_actor, require_role

__all__ = [
    "EVENTS",
    "Delivery",
    "add_webhook",
    "deliver_due",
    "disable_webhook",
    "list_webhooks",
    "sign",
    "webhook_attempts",
]

#: waits before each retry, as the specification suggests; after the last, the message is given up
BACKOFF = (5, 300, 1800, 7200, 18000, 36000, 36000)
TIMEOUT = 10.0  # seconds a receiver has to answer
CLAIM = timedelta(seconds=60)  # a worker holds a message this long while sending it


def sign(secret: str, message_id: str, timestamp: int, payload: str) -> str:
    """The ``webhook-signature`` header of one message: ``v1,`` and the base64 HMAC-SHA256, keyed with the
    secret's bytes (``whsec_`` and base64), of ``id.timestamp.payload``.
    """
    key = base64.b64decode(secret.removeprefix("whsec_"))
    signed = f"{message_id}.{timestamp}.{payload}".encode()
    return "v1," + base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()


def _check_url(url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise InvalidInput(msg("{url} is not a web address; give one starting with https://", url=quoted(url)))


def _check_events(events: list[str]) -> None:
    unknown = [e for e in events if e not in EVENTS]
    if unknown or not events:
        raise InvalidInput(
            msg(
                "unknown or no events {events}; choose from {known}",
                events=", ".join(unknown) or "(none)",
                known=", ".join(EVENTS),
            )
        )


def add_webhook(db: Database, actor: ActingUser, url: str, events: list[str]) -> Webhook:
    """Subscribe ``url`` to ``events`` (admins); the result carries the secret receivers verify with."""
    _check_url(url)
    _check_events(events)
    with db.write() as session:
        acting = load_actor(session, actor)
        require_role(acting, Role.ADMIN, N_("manage webhooks"))
        hook = Webhook(
            url=url,
            events=sorted(set(events)),
            secret="whsec_" + base64.b64encode(secrets.token_bytes(24)).decode(),
            created_at=db.now(),
            created_by=None if acting.console else acting.id,
        )
        session.add(hook)
        session.flush()
        from workflow.pieces import log

        log(session, db.now(), acting, "webhook_added", detail={"webhook": hook.id, "url": url, "events": hook.events})
        session.refresh(hook)
        session.expunge(hook)
        return hook


def disable_webhook(db: Database, actor: ActingUser, webhook_id: int) -> Webhook:
    """Stop sending to a webhook (admins); its messages and attempts stay for the record."""
    with db.write() as session:
        acting = load_actor(session, actor)
        require_role(acting, Role.ADMIN, N_("manage webhooks"))
        hook = session.get(Webhook, webhook_id)
        if hook is None:
            raise NotFound(msg("there is no webhook {webhook}", webhook=webhook_id))
        if hook.disabled_at is None:
            hook.disabled_at = db.now()
            session.add(hook)
            session.execute(
                update(WebhookMessage)
                .where(
                    col(WebhookMessage.webhook_id) == webhook_id,
                    col(WebhookMessage.delivered_at).is_(None),
                    col(WebhookMessage.failed_at).is_(None),
                )
                .values(failed_at=hook.disabled_at)
            )
            from workflow.pieces import log

            log(session, db.now(), acting, "webhook_disabled", detail={"webhook": webhook_id})
        session.flush()
        session.refresh(hook)
        session.expunge(hook)
        return hook


@dataclass(frozen=True)
class WebhookRow:
    """A webhook as listed: its address, events, whether it is on, and its messages by outcome."""

    id: int
    url: str
    events: list[str]
    enabled: bool
    delivered: int
    waiting: int
    failed: int


def list_webhooks(db: Database, actor: ActingUser) -> list[WebhookRow]:
    """Every webhook with its messages counted (admins); secrets are not listed."""
    with db.read() as session:
        require_role(load_actor(session, actor), Role.ADMIN, N_("manage webhooks"))
        rows = []
        for hook in session.exec(select(Webhook).order_by(col(Webhook.id))).all():
            messages = session.exec(select(WebhookMessage).where(WebhookMessage.webhook_id == hook.id)).all()
            delivered = sum(1 for m in messages if m.delivered_at is not None)
            failed = sum(1 for m in messages if m.failed_at is not None)
            rows.append(
                WebhookRow(
                    hook.id or 0,
                    hook.url,
                    list(hook.events),
                    hook.disabled_at is None,
                    delivered,
                    len(messages) - delivered - failed,
                    failed,
                )
            )
        return rows


@dataclass(frozen=True)
class AttemptRow:
    """One attempt at sending a message, as listed."""

    webhook: int
    message_id: str
    event_type: str
    at: datetime
    status_code: int | None
    error: str | None
    milliseconds: int


def webhook_attempts(
    db: Database, actor: ActingUser, webhook_id: int | None = None, limit: int = 50
) -> list[AttemptRow]:
    """The newest attempts, of one webhook or all (admins)."""
    with db.read() as session:
        require_role(load_actor(session, actor), Role.ADMIN, N_("manage webhooks"))
        query = (
            select(WebhookAttempt, WebhookMessage)
            .join(WebhookMessage, col(WebhookMessage.id) == col(WebhookAttempt.message_id))
            .order_by(col(WebhookAttempt.id).desc())
            .limit(limit)
        )
        if webhook_id is not None:
            query = query.where(WebhookMessage.webhook_id == webhook_id)
        return [
            AttemptRow(m.webhook_id, m.message_id, m.event_type, a.at, a.status_code, a.error, a.milliseconds)
            for a, m in session.exec(query).all()
        ]


@dataclass(frozen=True)
class Delivery:
    """What one round of the worker did."""

    delivered: int
    retried: int
    failed: int


def _claim(db: Database, batch: int) -> list[tuple[WebhookMessage, Webhook]]:
    """Due messages, each taken for a while (so another worker leaves it) by a conditional update."""
    now = db.now()
    taken: list[tuple[WebhookMessage, Webhook]] = []
    with db.write() as session:
        due = session.exec(
            select(WebhookMessage, Webhook)
            .join(Webhook, col(Webhook.id) == col(WebhookMessage.webhook_id))
            .where(
                col(WebhookMessage.delivered_at).is_(None),
                col(WebhookMessage.failed_at).is_(None),
                col(WebhookMessage.next_attempt_at) <= now,
            )
            .order_by(col(WebhookMessage.next_attempt_at), col(WebhookMessage.id))
            .limit(batch)
        ).all()
        for message, hook in due:
            won = session.execute(
                update(WebhookMessage)
                .where(
                    col(WebhookMessage.id) == message.id,
                    col(WebhookMessage.next_attempt_at) == message.next_attempt_at,
                )
                .values(next_attempt_at=now + CLAIM)
            )
            if won.rowcount == 1:  # type: ignore[attr-defined]
                taken.append((message, hook))
        session.expunge_all()  # read after the transaction, by the sending threads
    return taken


def _send(message: WebhookMessage, hook: Webhook) -> tuple[int | None, str | None, int]:
    """POST the message, signed now: (status, error, milliseconds)."""
    timestamp = int(time.time())
    request = urllib.request.Request(
        hook.url,
        data=message.payload.encode(),
        method="POST",
        headers={
            "content-type": "application/json",
            "user-agent": "Dragoman-Webhooks/1",
            "webhook-id": message.message_id,
            "webhook-timestamp": str(timestamp),
            "webhook-signature": sign(hook.secret, message.message_id, timestamp, message.payload),
        },
    )
    started = time.perf_counter()
    status: int | None = None
    error: str | None = None
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
            status = response.status
    except urllib.error.HTTPError as refused:
        status, error = refused.code, f"HTTP {refused.code} {refused.reason}"[:500]
    except (OSError, ValueError) as failure:
        error = f"{type(failure).__name__}: {failure}"[:500]
    return status, error, int((time.perf_counter() - started) * 1000)


def _settle(db: Database, message: WebhookMessage, status: int | None, error: str | None, ms: int) -> str:
    """Record the attempt and the message's next step: delivered, a retry later, or given up."""
    now = db.now()
    with db.write() as session:
        session.add(
            WebhookAttempt(message_id=message.id or 0, at=now, status_code=status, error=error, milliseconds=ms)
        )
        row = session.get(WebhookMessage, message.id)
        assert row is not None
        row.attempts += 1
        if status is not None and 200 <= status < 300:
            row.delivered_at, outcome = now, "delivered"
        elif row.attempts > len(BACKOFF):
            row.failed_at, outcome = now, "failed"
        else:
            row.next_attempt_at, outcome = now + timedelta(seconds=BACKOFF[row.attempts - 1]), "retried"
        session.add(row)
    return outcome


def deliver_due(db: Database, *, batch: int = 100, parallel: int = 8) -> Delivery:
    """Send every message that is due, several at once (one slow receiver delays only its own)."""
    taken = _claim(db, batch)
    outcomes: list[str] = []

    def one(pair: tuple[WebhookMessage, Webhook]) -> str:
        message, hook = pair
        return _settle(db, message, *_send(message, hook))

    with ThreadPoolExecutor(max_workers=max(1, min(parallel, len(taken) or 1))) as pool:
        outcomes = list(pool.map(one, taken))
    return Delivery(outcomes.count("delivered"), outcomes.count("retried"), outcomes.count("failed"))
