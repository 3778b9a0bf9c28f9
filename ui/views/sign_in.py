"""Sign in with a user name and password; the session survives a reload."""

from __future__ import annotations

import streamlit as st

from ui import session
from ui.session import gettext_ as _
from workflow.db import Database
from workflow.models import User
from workflow.signin import SignInBlocked, sign_in, user_by_email


def sso_configured() -> bool:
    """True when an ``[auth]`` section (OpenID Connect) is configured in .streamlit/secrets.toml."""
    try:
        return "auth" in st.secrets
    except FileNotFoundError:
        return False


def sso_user(db: Database) -> User | None:
    """The account of a person signed in through single sign-on, matched by e-mail; None otherwise."""
    if not sso_configured() or not getattr(st.user, "is_logged_in", False):
        return None
    email = getattr(st.user, "email", None)
    return user_by_email(db, email) if isinstance(email, str) else None


def render(db: Database) -> None:
    st.title("Dragoman")
    if sso_configured():
        if getattr(st.user, "is_logged_in", False):
            st.error(_("Your single sign-on address matches no Dragoman account; ask an admin."))
        if st.button(_("Sign in with single sign-on"), key="sso"):
            st.login()
    with st.form("sign-in"):
        username = st.text_input(_("User name"), key="username")
        password = st.text_input(_("Password"), type="password", key="password")
        submitted = st.form_submit_button(_("Sign in"))
    if not submitted:
        return
    try:
        signed = sign_in(db, username, password, client=session.client_address())
    except SignInBlocked as error:
        st.error(_("Too many failed attempts. Try again in {seconds} seconds.").format(seconds=error.seconds))
        return
    if signed is None:
        st.error(_("Wrong user name or password, or the account is disabled."))
        return
    session.remember(signed.user, signed.token, signed.expires_at)
    st.rerun()
