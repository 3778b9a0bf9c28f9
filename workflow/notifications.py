"""What a person should hear about, derived from the audit log and their pieces (nothing stored)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, or_
from sqlmodel import Session, col, select

from workflow.db import Database
from workflow.messages import N_
from workflow.models import AuditEvent, Comment, Piece, TargetSegment, User
from workflow.permissions import ActingUser, Role, load_actor
from workflow.status import HELD

EXPIRING_WITHIN = timedelta(hours=12)
KINDS = (
    "assigned",
    "changes_requested",
    "approved",
    "source_changed",
    "urgent_correction",
    "submitted",
    "comment",
    "lease_expiring",
    "override_requested",
)
#: how each kind reads (``title``, ``edition``, ``detail``), on the Notifications page and in e-mail
MESSAGES = {
    "assigned": N_("Assigned to you: {title} → {edition}"),
    "changes_requested": N_("Changes requested on {title} → {edition}: {detail}"),
    "approved": N_("Approved: {title} → {edition}"),
    "source_changed": N_("The source of {title} changed; check the outdated segments ({edition})"),
    "urgent_correction": N_("Urgent correction of {title} → {edition}, at the top of the queue: {detail}"),
    "submitted": N_("Submitted for review in your language pair: {title} → {edition}"),
    "comment": N_("New comment on {title} → {edition}: {detail}"),
    "lease_expiring": N_("Your lease on {title} → {edition} ends in {detail} h"),
    "override_requested": N_("An override is asked for on {title} → {edition}: {detail}"),
}


@dataclass(frozen=True)
class Notification:
    """One thing to tell a person: its kind, the piece, when, and a detail (reason, hours left…)."""

    kind: str
    piece_id: int
    title: str
    edition: str
    at: datetime
    detail: str | None = None


def notifications(db: Database, user: ActingUser, *, since: datetime | None = None) -> list[Notification]:
    """Newest first: assigned to you, changes requested or approved on your translation, source changed
    under your piece, an urgent correction of a piece you translated or reviewed last, a piece submitted in a
    pair you review (while it waits), a comment on a piece you translate or hold, an override asked for in a
    pair you review or as an editor (since ``since``, default the last 7 days), and your leases ending within
    12 hours.
    """
    user_id = getattr(user, "id", None)
    if user_id is None:
        return []
    now = db.now()
    since = since or now - timedelta(days=7)
    with db.read() as session:
        me = session.get(User, user_id)
        if me is None:
            return []
        rows = session.exec(
            select(AuditEvent, Piece)
            .join(Piece, col(Piece.id) == AuditEvent.piece_id)
            .where(
                col(AuditEvent.at) >= since,
                col(AuditEvent.actor_id).is_distinct_from(user_id),
                or_(
                    and_(col(AuditEvent.action).in_(["assign", "reassign"]), Piece.holder_id == user_id),
                    and_(col(AuditEvent.action).in_(["request_changes", "approve"]), Piece.translator_id == user_id),
                    and_(
                        col(AuditEvent.action) == "source_changed",
                        or_(Piece.holder_id == user_id, Piece.translator_id == user_id),
                    ),
                    and_(
                        col(AuditEvent.action) == "urgent_correction",
                        or_(Piece.translator_id == user_id, Piece.reviewer_id == user_id),
                    ),
                    and_(col(AuditEvent.action) == "submit", col(Piece.status) == "submitted"),  # for reviewers
                    and_(
                        col(AuditEvent.action) == "comment",
                        or_(Piece.translator_id == user_id, Piece.holder_id == user_id),
                    ),
                    col(AuditEvent.action) == "override_requested",  # for reviewers of the pair and editors
                ),
            )
            .order_by(col(AuditEvent.id).desc())
            .limit(100)
        ).all()
        kinds = {
            "assign": "assigned",
            "reassign": "assigned",
            "request_changes": "changes_requested",
            "approve": "approved",
            "source_changed": "source_changed",
            "urgent_correction": "urgent_correction",
            "submit": "submitted",
            "comment": "comment",
            "override_requested": "override_requested",
        }
        acting = load_actor(session, user)

        def mine(event: AuditEvent, piece: Piece) -> bool:
            if event.action in ("assign", "reassign"):
                return bool(event.detail.get("assignee") == me.username)
            if event.action == "submit":  # waiting in a pair this person reviews, translated by somebody else
                pair = (piece.source_language, piece.edition_code)
                return piece.translator_id != user_id and acting.can_work(Role.REVIEWER, *pair)
            if event.action == "override_requested":  # those who may decide it: not its translator (four eyes)
                pair = (piece.source_language, piece.edition_code)
                deciders = acting.can_work(Role.REVIEWER, *pair) or acting.has(Role.EDITOR)
                return piece.translator_id != user_id and deciders
            return True

        found = [
            Notification(kinds[e.action], p.id or 0, p.title, p.edition_code, e.at, _detail(session, e))
            for e, p in rows
            if mine(e, p)
        ]
        expiring = session.exec(
            select(Piece).where(
                Piece.holder_id == user_id,
                col(Piece.status).in_([s.value for s in HELD]),
                col(Piece.lease_expires_at) <= now + EXPIRING_WITHIN,
                col(Piece.lease_expires_at) > now,
            )
        ).all()
        soon = [
            Notification(
                "lease_expiring",
                p.id or 0,
                p.title,
                p.edition_code,
                p.lease_expires_at or now,
                f"{int(((p.lease_expires_at or now) - now).total_seconds() // 3600)}",
            )
            for p in expiring
        ]
    return sorted(soon, key=lambda n: n.at) + found


def _detail(session: Session, event: AuditEvent) -> str | None:
    """What the notification adds: the reason or note, and for a comment its segment's number and text."""
    if event.action != "comment":
        return event.comment
    comment = session.get(Comment, event.detail.get("comment"))
    if comment is None:
        return None
    segment = session.get(TargetSegment, comment.segment_id) if comment.segment_id is not None else None
    number = f"#{(segment.position or 0) + 1}: " if segment is not None else ""
    return number + comment.text


def unseen(db: Database, user: ActingUser) -> int:
    """How many notifications arrived since the person last opened them (leases ending always count)."""
    user_id = getattr(user, "id", None)
    if user_id is None:
        return 0
    with db.read() as session:
        me = session.get(User, user_id)
        seen = me.notifications_seen_at if me is not None else None
    return sum(1 for n in notifications(db, user) if n.kind == "lease_expiring" or seen is None or n.at > seen)


def mark_seen(db: Database, user: ActingUser) -> None:
    """Remember that the person has read their notifications now."""
    user_id = getattr(user, "id", None)
    if user_id is None:
        return
    with db.write() as session:
        me = session.get(User, user_id)
        if me is not None:
            me.notifications_seen_at = db.now()
            session.add(me)
