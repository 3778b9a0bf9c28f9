"""Figures for the editors' dashboard: throughput, backlog age, overdue work, expiring leases, review latency."""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import func
from sqlmodel import col, select

from workflow.db import Database
from workflow.models import AuditEvent, Piece
from workflow.status import FINISHED, HELD, Status

AGE_BUCKETS = ((timedelta(days=7), "under 1 week"), (timedelta(days=28), "1–4 weeks"), (None, "over 4 weeks"))


@dataclass
class Dashboard:
    """Everything the editors' dashboard shows besides pieces per status."""

    weeks: list[str] = field(default_factory=list)
    approved_per_week: dict[str, dict[str, int]] = field(default_factory=dict)  # edition -> week -> pieces
    backlog_age: dict[str, dict[str, int]] = field(default_factory=dict)  # edition -> bucket -> open pieces
    overdue: list[tuple[int, str, str, datetime]] = field(default_factory=list)  # piece, title, edition, deadline
    expiring: list[tuple[int, str, str, datetime]] = field(default_factory=list)  # piece, title, edition, lease end
    review_hours: dict[str, tuple[float, float, int]] = field(default_factory=dict)  # edition -> median, p90, n


def _week(at: datetime) -> str:
    year, week, _day = at.isocalendar()
    return f"{year}-W{week:02d}"


def dashboard(db: Database, *, weeks: int = 12, expiring_within: timedelta = timedelta(hours=12)) -> Dashboard:
    """The dashboard's figures for the last ``weeks`` weeks."""
    now = db.now()
    since = now - timedelta(weeks=weeks)
    result = Dashboard(weeks=[_week(since + timedelta(weeks=i + 1)) for i in range(weeks)])
    with db.read() as session:
        events = session.exec(
            select(AuditEvent.piece_id, AuditEvent.action, AuditEvent.at, Piece.edition_code)
            .join(Piece, col(Piece.id) == AuditEvent.piece_id)
            .where(col(AuditEvent.at) >= since, col(AuditEvent.action).in_(["submit", "approve"]))
            .order_by(col(AuditEvent.id))
        ).all()
        submitted: dict[int, datetime] = {}
        latencies: dict[str, list[float]] = defaultdict(list)
        per_week: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        for piece_id, action, at, edition in events:
            if action == "submit" and piece_id is not None:
                submitted[piece_id] = at
            elif action == "approve":
                per_week[edition][_week(at)] += 1
                if piece_id in submitted:
                    latencies[edition].append((at - submitted.pop(piece_id)).total_seconds() / 3600)
        result.approved_per_week = {e: dict(w) for e, w in per_week.items()}
        for edition, hours in latencies.items():
            ordered = sorted(hours)
            p90 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.9))]
            result.review_hours[edition] = (statistics.median(ordered), p90, len(ordered))
        lower = now
        for limit, name in AGE_BUCKETS:
            query = select(Piece.edition_code, func.count()).where(
                Piece.status == Status.OPEN.value, col(Piece.created_at) <= lower
            )
            if limit is not None:
                query = query.where(col(Piece.created_at) > now - limit)
                lower = now - limit
            for edition, count in session.exec(query.group_by(col(Piece.edition_code))).all():
                result.backlog_age.setdefault(edition, {})[name] = count
        unfinished = [s.value for s in Status if s not in FINISHED and s is not Status.WITHDRAWN]
        result.overdue = [
            (p.id or 0, p.title, p.edition_code, p.deadline)  # type: ignore[misc]
            for p in session.exec(
                select(Piece)
                .where(col(Piece.deadline) < now, col(Piece.status).in_(unfinished))
                .order_by(col(Piece.deadline))
                .limit(100)
            ).all()
        ]
        result.expiring = [
            (p.id or 0, p.title, p.edition_code, p.lease_expires_at)  # type: ignore[misc]
            for p in session.exec(
                select(Piece)
                .where(
                    col(Piece.status).in_([s.value for s in HELD]),
                    col(Piece.lease_expires_at) > now,
                    col(Piece.lease_expires_at) <= now + expiring_within,
                )
                .order_by(col(Piece.lease_expires_at))
                .limit(100)
            ).all()
        ]
    return result
