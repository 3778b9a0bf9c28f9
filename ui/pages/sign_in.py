"""Sign in with a user name and password; the session survives a reload."""

from __future__ import annotations

import streamlit as st

from ui import session
from ui.session import gettext_ as _
from workflow.db import Database
from workflow.signin import SignInBlocked, sign_in


def render(db: Database) -> None:
    st.title("Dragoman")
    with st.form("sign-in"):
        username = st.text_input(_("User name"), key="username")
        password = st.text_input(_("Password"), type="password", key="password")
        submitted = st.form_submit_button(_("Sign in"))
    if not submitted:
        return
    try:
        signed = sign_in(db, username, password)
    except SignInBlocked as error:
        st.error(_("Too many failed attempts. Try again in {seconds} seconds.").format(seconds=error.seconds))
        return
    if signed is None:
        st.error(_("Wrong user name or password, or the account is disabled."))
        return
    session.remember(signed.user, signed.token, signed.expires_at)
    st.rerun()
