"""The audit log, filterable by edition, person, article and period."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import streamlit as st

from ui.session import gettext_ as _
from workflow import queries
from workflow.db import Database
from workflow.models import User


def render(db: Database, user: User) -> None:
    st.header(_("History"))
    cols = st.columns(5)
    edition = cols[0].selectbox(
        _("Edition"), ["", "en", "ar", "fa", "sq"], key="history-edition", format_func=lambda code: code or _("All")
    )
    person = cols[1].text_input(_("Person (user name)"), key="history-person")
    slug = cols[2].text_input(_("Article (slug)"), key="history-slug")
    start = cols[3].date_input(_("From"), value=None, key="history-start")
    end = cols[4].date_input(_("To (inclusive)"), value=None, key="history-end")
    rows = queries.audit_log(
        db,
        edition=edition or None,
        username=person.strip() or None,
        slug=slug.strip() or None,
        start=datetime.combine(start, time(0), tzinfo=UTC) if start else None,
        end=datetime.combine(end + timedelta(days=1), time(0), tzinfo=UTC) if end else None,
    )
    st.dataframe(
        [
            {
                "at": f"{e.at:%Y-%m-%d %H:%M}",
                "who": who or "—",
                "action": e.action,
                "article": s or "",
                "edition": ed or "",
                "from": e.from_status or "",
                "to": e.to_status or "",
                "comment": e.comment or "",
            }
            for e, who, s, ed in rows
        ],
        hide_index=True,
    )
