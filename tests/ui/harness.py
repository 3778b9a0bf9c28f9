"""Runs one dashboard page for one person, for AppTest: the test sets harness_page and harness_user."""

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

if __name__ == "__main__":  # AppTest runs it as __main__; an import (e.g. by multiprocessing) must not
    db = Database()
    PAGES[st.session_state["harness_page"]](db, get_user(db, st.session_state["harness_user"]))
    db.dispose()
