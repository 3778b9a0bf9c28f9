"""The webhooks' outbox: an action of the audit log that is a webhook event becomes one message per
subscribed webhook, written in the transaction of the change (sent later by ``dragoman worker``, see
:mod:`workflow.webhooks`).
"""

from __future__ import annotations

import json
import secrets
from datetime import datetime
from typing import Any

from sqlalchemy import insert
from sqlmodel import Session, col, select

from workflow.models import Article, Piece, Webhook, WebhookMessage

__all__ = ["EVENTS", "enqueue"]

#: the events one may subscribe to, and the audit log's actions that raise them
EVENTS = {
    "piece.approved": ("approve", "import_approved"),
    "piece.published": ("publish",),
    "article.source_changed": ("import",),
    "article.correction": ("correction",),
    "bundle.built": ("bundle_built",),
}
_BY_ACTION = {action: event for event, actions in EVENTS.items() for action in actions}
_CACHE = "dragoman.webhooks"


def _subscribers(session: Session) -> list[Webhook]:
    """The enabled webhooks, read once per transaction."""
    cached = session.info.get(_CACHE)
    if cached is None:
        cached = list(session.exec(select(Webhook).where(col(Webhook.disabled_at).is_(None))).all())
        session.info[_CACHE] = cached
    return cached


def _data(
    session: Session, actor: Any, piece: Piece | None, article_id: int | None, detail: dict[str, Any]
) -> dict[str, Any]:
    data: dict[str, Any] = {}
    article = session.get(Article, piece.article_id if piece else article_id) if (piece or article_id) else None
    if article is not None:
        data["article"] = article.slug
    if piece is not None:
        data |= {"piece": piece.id, "edition": piece.edition_code, "status": piece.status}
    data |= {k: v for k, v in detail.items() if k not in ("via", "file")}
    data["by"] = None if actor is None or actor.console else actor.username
    return data


def enqueue(
    session: Session,
    at: datetime,
    actor: Any,
    action: str,
    piece: Piece | None,
    article_id: int | None,
    detail: dict[str, Any],
) -> None:
    """Called by the audit log: an action that is a webhook event becomes one message per subscriber, in the
    transaction of the change.
    """
    event = _BY_ACTION.get(action)
    if event is None:
        return
    hooks = [h for h in _subscribers(session) if event in h.events]
    if not hooks:
        return
    payload = json.dumps(
        {"type": event, "timestamp": at.isoformat(), "data": _data(session, actor, piece, article_id, detail)},
        ensure_ascii=False,
        separators=(",", ":"),
    )
    rows = [
        {
            "webhook_id": hook.id or 0,
            "message_id": "msg_" + secrets.token_urlsafe(18),
            "event_type": event,
            "payload": payload,
            "created_at": at,
            "next_attempt_at": at,
            "attempts": 0,
        }
        for hook in hooks
    ]
    session.execute(insert(WebhookMessage), rows)  # one statement, no objects to track
