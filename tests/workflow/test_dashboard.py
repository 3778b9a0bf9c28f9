"""The editors' dashboard figures."""

from __future__ import annotations

from datetime import UTC, datetime

from tests.factories import make_article
from tests.workflow.flows import make_cast, translate_all
from workflow import actions
from workflow.dashboard import dashboard
from workflow.db import Database


def test_throughput_latency_backlog_overdue_and_expiring(db: Database, clock) -> None:  # type: ignore[no-untyped-def]
    cast = make_cast(db)
    first = make_article(db, "first")["fa"].id
    second = make_article(db, "second")["fa"].id
    clock.advance(days=10)
    make_article(db, "newer")
    actions.set_priority(db, cast.editor, second, deadline=datetime(2026, 11, 5, tzinfo=UTC))
    actions.claim(db, cast.translator, first)
    translate_all(db, cast.translator, first)
    actions.submit(db, cast.translator, first)
    clock.advance(hours=6)
    actions.start_review(db, cast.reviewer, first)
    actions.approve(db, cast.reviewer, first)
    actions.claim(db, cast.other_translator, second)
    clock.advance(hours=62)  # Omid's lease on "second" ends in 4 hours
    figures = dashboard(db)
    assert sum(figures.approved_per_week["fa"].values()) == 1
    assert figures.review_hours["fa"] == (6.0, 6.0, 1)
    assert figures.backlog_age["fa"] == {"under 1 week": 1}
    assert figures.backlog_age["ar"] == {"under 1 week": 1, "1–4 weeks": 2}
    assert [(p, e) for p, _t, e, _d in figures.overdue] == [(second, "fa")]
    assert [(p, e) for p, _t, e, _d in figures.expiring] == [(second, "fa")]
    assert len(figures.weeks) == 12
