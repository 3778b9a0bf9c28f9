"""Dragoman's dashboard, first page: sign in, see your queue and your work, progress per edition.

Thin: every decision is made in ``workflow``; this page only shows and forwards.
"""

from __future__ import annotations

import streamlit as st

from workflow import actions, queries
from workflow.db import Database
from workflow.errors import WorkflowError
from workflow.people import authenticate

RTL_STYLE = """
<style>
textarea, input[type="text"], [data-testid="stMarkdownContainer"] p,
[data-testid="stMarkdownContainer"] li { unicode-bidi: plaintext; text-align: start; }
</style>
"""


@st.cache_resource
def database() -> Database:
    """One engine for every session of this process."""
    return Database()


def sign_in(db: Database) -> None:
    st.title("Dragoman")
    with st.form("sign-in"):
        username = st.text_input("User name", key="username")
        password = st.text_input("Password", type="password", key="password")
        if st.form_submit_button("Sign in"):
            user = authenticate(db, username, password)
            if user is None:
                st.error("Wrong user name or password, or the account is disabled.")
            else:
                st.session_state["user"] = user
                st.rerun()


def main() -> None:
    st.set_page_config(page_title="Dragoman", layout="wide")
    st.html(RTL_STYLE)
    db = database()
    if not db.has_schema():
        st.error("The database has no tables yet: run `dragoman init` (or `make run`).")
        return
    user = st.session_state.get("user")
    if user is None:
        sign_in(db)
        return
    st.sidebar.write(f"Signed in as **{user.display_name}**")
    if st.sidebar.button("Sign out", key="sign-out"):
        del st.session_state["user"]
        st.rerun()
    st.header("My work")
    for row in queries.my_work(db, user):
        left = f"{row.lease_left.total_seconds() / 3600:.0f} h left" if row.lease_left else ""
        st.write(f"{row.title} → {row.edition} · {row.status} · {row.segments_done}/{row.segments_total} · {left}")
        if row.note:
            st.info(row.note)
    st.header("Available")
    for row in queries.available_for(db, user):
        cols = st.columns([6, 1])
        cols[0].write(f"{row.title} → {row.edition} · {row.words} words · priority {row.priority}")
        if cols[1].button("Claim", key=f"claim-{row.piece_id}"):
            try:
                actions.claim(db, user, row.piece_id)
                st.rerun()
            except WorkflowError as error:
                st.error(str(error))
    st.header("Progress")
    st.dataframe(
        [{"edition": p.edition, **p.pieces, "words": f"{p.words_done}/{p.words_total}"} for p in queries.progress(db)],
        hide_index=True,
    )


if __name__ == "__main__":  # Streamlit runs the page as __main__; an import (e.g. by multiprocessing) must not
    main()
