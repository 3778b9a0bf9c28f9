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

from sqlalchemy import insert, update
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
    more: bool = False  # the round took a full batch: more messages may be due already


def _claim(db: Database, batch: int) -> list[tuple[WebhookMessage, Webhook]]:
    """Due messages, taken for a while (so another worker leaves them) by one conditional update."""
    now = db.now()
    with db.write() as session:
        due = session.exec(
            select(WebhookMessage.id)
            .where(
                col(WebhookMessage.delivered_at).is_(None),
                col(WebhookMessage.failed_at).is_(None),
                col(WebhookMessage.next_attempt_at) <= now,
            )
            .order_by(col(WebhookMessage.next_attempt_at), col(WebhookMessage.id))
            .limit(batch)
        ).all()
        if not due:
            return []
        won = session.execute(  # a row another worker took meanwhile is no longer due, so not taken again
            update(WebhookMessage)
            .where(col(WebhookMessage.id).in_(due), col(WebhookMessage.next_attempt_at) <= now)
            .values(next_attempt_at=now + CLAIM)
            .returning(col(WebhookMessage.id))
        ).scalars()
        taken = session.exec(
            select(WebhookMessage, Webhook)
            .join(Webhook, col(Webhook.id) == col(WebhookMessage.webhook_id))
            .where(col(WebhookMessage.id).in_(list(won)))
            .order_by(col(WebhookMessage.id))
        ).all()
        session.expunge_all()  # read after the transaction, by the sending threads
    return [(message, hook) for message, hook in taken]


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


Sent = tuple[WebhookMessage, int | None, str | None, int]  # the message, its status, error and milliseconds


def _settle(db: Database, sent: list[Sent]) -> list[str]:
    """Record the attempts and each message's next step (delivered, a retry later, or given up), together."""
    now = db.now()
    outcomes: list[str] = []
    delivered: list[int] = []
    with db.write() as session:
        session.execute(
            insert(WebhookAttempt),
            [
                {"message_id": m.id, "at": now, "status_code": status, "error": error, "milliseconds": ms}
                for m, status, error, ms in sent
            ],
        )
        for message, status, _error, _ms in sent:
            attempts = message.attempts + 1  # the message is this worker's while claimed
            values: dict[str, object] = {"attempts": attempts}
            if status is not None and 200 <= status < 300:
                delivered.append(message.id or 0)
                outcomes.append("delivered")
                continue
            if attempts > len(BACKOFF):
                values["failed_at"], outcome = now, "failed"
            else:
                values["next_attempt_at"], outcome = now + timedelta(seconds=BACKOFF[attempts - 1]), "retried"
            session.execute(update(WebhookMessage).where(col(WebhookMessage.id) == message.id).values(**values))
            outcomes.append(outcome)
        if delivered:
            session.execute(
                update(WebhookMessage)
                .where(col(WebhookMessage.id).in_(delivered))
                .values(attempts=col(WebhookMessage.attempts) + 1, delivered_at=now)
            )
    return outcomes


def deliver_due(db: Database, *, batch: int = 100, parallel: int = 8) -> Delivery:
    """Send every message that is due, several at once (a slow receiver delays only its own), and record
    every attempt in one transaction when the round's sends are done."""
    taken = _claim(db, batch)
    if not taken:
        return Delivery(0, 0, 0)

    def one(pair: tuple[WebhookMessage, Webhook]) -> Sent:
        message, hook = pair
        return (message, *_send(message, hook))

    with ThreadPoolExecutor(max_workers=max(1, min(parallel, len(taken)))) as pool:
        outcomes = _settle(db, list(pool.map(one, taken)))
    return Delivery(
        outcomes.count("delivered"), outcomes.count("retried"), outcomes.count("failed"), more=len(taken) >= batch
    )
