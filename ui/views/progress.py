"""Progress: pieces per status per edition, throughput, backlog age, overdue work, expiring leases, review time."""

from __future__ import annotations

import streamlit as st

from ui import cached, findings
from ui.components import status_label, table
from ui.i18n import N_
from ui.session import gettext_ as _
from workflow.db import Database
from workflow.models import User

AGE_LABELS = {"under 1 week": N_("under 1 week"), "1–4 weeks": N_("1–4 weeks"), "over 4 weeks": N_("over 4 weeks")}


def render(db: Database, user: User) -> None:
    st.header(_("Progress"))
    findings.requests(db, user)  # errors translators think wrong, for an editor to decide
    report = cached.progress(db)
    rows = []
    for edition in report:
        row: dict[str, object] = {_("Edition"): edition.edition}
        row.update({status_label(status): count for status, count in edition.pieces.items()})
        row[_("Words translated")] = f"{edition.words_done}/{edition.words_total}"
        rows.append(row)
    table(rows)
    st.bar_chart(  # statuses in the order of a piece's life, not alphabetical
        {edition.edition: {status_label(s): n for s, n in edition.pieces.items()} for edition in report}, sort=False
    )
    waiting = cached.behind_source(db)
    st.subheader(_("Published, update pending"))
    st.caption(_("These translations stay on their edition's site until the update of their source is approved."))
    table(
        [
            {
                _("Edition"): b.edition,
                _("Article"): b.title,
                _("Published revision"): b.translates,
                _("Source revision"): b.current,
                _("Behind since"): f"{b.since:%Y-%m-%d %H:%M}",
                _("Update"): status_label(b.status),
            }
            for b in waiting
        ]
    )
    figures = cached.dashboard_figures(db)
    left, right = st.columns(2)
    with left:
        st.subheader(_("Approved per week"))
        st.bar_chart(
            {
                edition: {week: weeks.get(week, 0) for week in figures.weeks}
                for edition, weeks in figures.approved_per_week.items()
            }
            or {"—": dict.fromkeys(figures.weeks, 0)}
        )
        st.subheader(_("Review time (hours)"))
        table(
            [
                {_("Edition"): e, _("Median"): round(m, 1), _("90th percentile"): round(p, 1), _("Pieces"): n}
                for e, (m, p, n) in sorted(figures.review_hours.items())
            ]
        )
    with right:
        st.subheader(_("Backlog age (open pieces)"))
        table(
            [
                {_("Edition"): e, **{_(AGE_LABELS[a]): n for a, n in ages.items()}}
                for e, ages in sorted(figures.backlog_age.items())
            ]
        )
        st.subheader(_("Overdue"))
        table([{_("Piece"): t, _("Edition"): e, _("Deadline"): f"{d:%Y-%m-%d}"} for _p, t, e, d in figures.overdue])
        st.subheader(_("Leases ending within 12 hours"))
        table([{_("Piece"): t, _("Edition"): e, _("Ends"): f"{d:%Y-%m-%d %H:%M}"} for _p, t, e, d in figures.expiring])
