"""Runs one dashboard page for one person, for AppTest: the test sets harness_page and harness_user."""

import time

import streamlit as st

from ui.app import PAGES as DASHBOARD_PAGES
from ui.app import database  # the dashboard's cached engine (tests clear the cache per database)
from ui.views import account
from workflow.people import get_user

#: the dashboard's own pages by url path, and the account box
PAGES = {path: render for path, _title, render, _roles in DASHBOARD_PAGES}
PAGES["account"] = lambda db, user: st.session_state.__setitem__("signed_out", account.render_sidebar(db, user, set()))


if __name__ == "__main__":  # AppTest runs it as __main__; an import (e.g. by multiprocessing) must not
    started = time.perf_counter()
    db = database()
    PAGES[st.session_state["harness_page"]](db, get_user(db, st.session_state["harness_user"]))
    st.session_state["script_ms"] = (time.perf_counter() - started) * 1000  # server-side script time
