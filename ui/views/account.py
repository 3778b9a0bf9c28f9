"""The account box in the sidebar: who is signed in, with which roles, and signing out."""

from __future__ import annotations

import streamlit as st

from ui import session
from ui.components import role_label
from ui.session import gettext_ as _
from ui.session import plain
from workflow.db import Database
from workflow.models import User
from workflow.signin import sign_out


def render_sidebar(db: Database, user: User, roles: set[str]) -> bool:
    """Show the account; True when the person just signed out."""
    st.sidebar.markdown(f"**{plain(user.display_name)}**  \n{', '.join(role_label(r) for r in sorted(roles))}")
    if st.sidebar.button(_("Sign out"), key="sign-out"):
        sign_out(db, session.forget())
        session.write_cookie()  # the browser goes to the server to clear its cookie, then to the sign-in form
        return True
    return False
