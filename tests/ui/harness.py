"""Runs one dashboard page for one person, for AppTest: the test sets harness_page and harness_user."""

import time

import streamlit as st

from ui.pages import (
    account,
    articles,
    available,
    editions,
    editor,
    history,
    my_work,
    notices,
    progress,
    reports,
    review,
    users,
)
from workflow.db import Database
from workflow.people import get_user

PAGES = {
    "available": available.render,
    "my_work": my_work.render,
    "editor": editor.render,
    "review": review.render,
    "progress": progress.render,
    "notices": notices.render,
    "articles": articles.render,
    "users": users.render,
    "editions": editions.render,
    "reports": reports.render,
    "history": history.render,
    "account": lambda db, user: st.session_state.__setitem__("signed_out", account.render_sidebar(db, user, set())),
}


@st.cache_resource
def database() -> Database:
    """One engine per process, as the dashboard has (tests clear the cache for each database)."""
    return Database()


if __name__ == "__main__":  # AppTest runs it as __main__; an import (e.g. by multiprocessing) must not
    started = time.perf_counter()
    db = database()
    PAGES[st.session_state["harness_page"]](db, get_user(db, st.session_state["harness_user"]))
    st.session_state["script_ms"] = (time.perf_counter() - started) * 1000  # server-side script time
