"""Notifications: assigned to you, changes requested, approved, leases ending, sources changed, urgent
corrections, pieces submitted in your pairs, comments on your pieces.
"""

from __future__ import annotations

import streamlit as st

from ui.i18n import N_
from ui.session import gettext_ as _
from ui.session import isolated, plain
from workflow.db import Database
from workflow.models import User
from workflow.notifications import mark_seen, notifications

MESSAGES = {
    "assigned": N_("Assigned to you: {title} → {edition}"),
    "changes_requested": N_("Changes requested on {title} → {edition}: {detail}"),
    "approved": N_("Approved: {title} → {edition}"),
    "source_changed": N_("The source of {title} changed; check the outdated segments ({edition})"),
    "urgent_correction": N_("Urgent correction of {title} → {edition}, at the top of the queue: {detail}"),
    "submitted": N_("Submitted for review in your language pair: {title} → {edition}"),
    "comment": N_("New comment on {title} → {edition}: {detail}"),
    "lease_expiring": N_("Your lease on {title} → {edition} ends in {detail} h"),
}


def render(db: Database, user: User) -> None:
    st.header(_("Notifications"))
    found = notifications(db, user)
    if not found:
        st.info(_("Nothing new."))
    for notice in found:
        st.markdown(
            f"{notice.at:%Y-%m-%d %H:%M} · "
            + _(MESSAGES[notice.kind]).format(
                title=isolated(plain(notice.title)), edition=notice.edition, detail=isolated(plain(notice.detail or ""))
            )
        )
    mark_seen(db, user)
