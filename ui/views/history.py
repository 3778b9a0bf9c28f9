"""The audit log, filterable by edition, person, article and period."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import streamlit as st

from ui import paging
from ui.i18n import N_
from ui.session import gettext_ as _
from workflow import queries
from workflow.db import Database
from workflow.models import User

PAGE_SIZE = 100


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
    page = paging.page_number("history")
    rows = queries.audit_log(
        db,
        edition=edition or None,
        username=person.strip() or None,
        slug=slug.strip() or None,
        start=datetime.combine(start, time(0), tzinfo=UTC) if start else None,
        end=datetime.combine(end + timedelta(days=1), time(0), tzinfo=UTC) if end else None,
        limit=PAGE_SIZE + 1,
        offset=page * PAGE_SIZE,
    )
    has_more = len(rows) > PAGE_SIZE
    rows = rows[:PAGE_SIZE]
    columns = [
        _(c)
        for c in (
            N_("When"),
            N_("Who"),
            N_("Action"),
            N_("Article"),
            N_("Edition"),
            N_("From status"),
            N_("To status"),
            N_("Comment"),
        )
    ]
    st.dataframe(  # the labels are translated once, not once per row
        [
            dict(
                zip(
                    columns,
                    (
                        f"{e.at:%Y-%m-%d %H:%M}",
                        who or "—",
                        e.action,
                        s or "",
                        ed or "",
                        e.from_status or "",
                        e.to_status or "",
                        e.comment or "",
                    ),
                    strict=True,
                )
            )
            for e, who, s, ed in rows
        ],
        hide_index=True,
    )
    paging.controls("history", has_more)
