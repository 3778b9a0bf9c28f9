"""Progress: pieces per status and words translated, per edition."""

from __future__ import annotations

import streamlit as st

from ui.components import status_label
from ui.session import gettext_ as _
from workflow import queries
from workflow.db import Database
from workflow.models import User


def render(db: Database, user: User) -> None:
    st.header(_("Progress"))
    report = queries.progress(db)
    table = []
    for edition in report:
        row: dict[str, object] = {_("Edition"): edition.edition}
        row.update({status_label(status): count for status, count in edition.pieces.items()})
        row[_("Words translated")] = f"{edition.words_done}/{edition.words_total}"
        table.append(row)
    st.dataframe(table, hide_index=True)
    chart = {edition.edition: {status_label(s): n for s, n in edition.pieces.items()} for edition in report}
    st.bar_chart(chart)
