"""Word counts per translator and period, for paying translators; downloadable as CSV."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime, time, timedelta

import streamlit as st

from ui import cached
from ui.session import gettext_ as _
from workflow.db import Database
from workflow.models import User


def render(db: Database, user: User) -> None:
    st.header(_("Word counts"))
    today = date.today()
    cols = st.columns(2)
    start = cols[0].date_input(_("From"), value=today.replace(day=1), key="report-start")
    end = cols[1].date_input(_("To (inclusive)"), value=today, key="report-end")
    rows = cached.word_counts(
        db, datetime.combine(start, time(0), tzinfo=UTC), datetime.combine(end + timedelta(days=1), time(0), tzinfo=UTC)
    )
    table = [
        {
            "translator": r.username,
            "name": r.display_name,
            "new_words": r.new_words,
            "edited_words": r.edited_words,
            "approved_words": r.approved_words,
        }
        for r in rows
    ]
    st.dataframe(table, hide_index=True)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=["translator", "name", "new_words", "edited_words", "approved_words"])
    writer.writeheader()
    writer.writerows(table)
    st.download_button(
        _("Download CSV"),
        out.getvalue().encode("utf-8"),
        file_name=f"word-counts-{start}-{end}.csv",
        mime="text/csv",
        key="report-csv",
    )
