"""Notifications: assigned to you, changes requested, approved, leases ending, sources changed, urgent
corrections, pieces submitted in your pairs, comments on your pieces, overrides asked for; and how the
person is told by e-mail.
"""

from __future__ import annotations

import streamlit as st

from ui.session import gettext_ as _
from ui.session import isolated, plain
from workflow.db import Database
from workflow.mail import set_email_mode
from workflow.models import User
from workflow.notifications import MESSAGES, mark_seen, notifications


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
    _email_choice(db, user)


def _email_choice(db: Database, user: User) -> None:
    """How the person hears of these by e-mail: at once, a daily digest, or never."""
    with db.read() as session:
        me = session.get(User, user.id)
    if me is None:
        return
    st.subheader(_("E-mail"))
    if not me.email:
        st.caption(_("Your account has no e-mail address; an admin can add one."))
        return
    modes = {"immediate": _("At once"), "digest": _("Once a day, as a digest"), "none": _("Never")}
    choice = st.selectbox(
        _("E-mail me these notices"),
        list(modes),
        index=list(modes).index(me.email_mode) if me.email_mode in modes else 0,
        format_func=lambda mode: modes[mode],
        key="email-mode",
        help=_("Sent to {address} in your interface language.").format(address=me.email),
    )
    if choice != me.email_mode:
        set_email_mode(db, user, me.username, choice)
        st.success(_("Saved: {choice}").format(choice=modes[choice]))
