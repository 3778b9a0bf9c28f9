"""Previous/next page controls for long lists."""

from __future__ import annotations

import streamlit as st

from ui import session
from ui.session import gettext_ as _


def page_number(name: str) -> int:
    """The page of list ``name`` the person is on (0 is the first)."""
    value = session.get(f"{name}-page", 0)
    return value if isinstance(value, int) else 0


def controls(name: str, has_more: bool) -> None:
    """Previous and next buttons under list ``name``."""
    page = page_number(name)
    cols = st.columns(2)
    if page > 0 and cols[0].button(_("Previous page"), key=f"{name}-prev"):
        session.put(f"{name}-page", page - 1)
        st.rerun()
    if has_more and cols[1].button(_("Next page"), key=f"{name}-next"):
        session.put(f"{name}-page", page + 1)
        st.rerun()
