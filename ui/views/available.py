"""Available work: pieces in my language pairs, highest priority first; claim one."""

from __future__ import annotations

import streamlit as st

from ui import session
from ui.components import lease_left
from ui.session import gettext_ as _
from ui.session import plain, shown
from workflow import actions, queries
from workflow.db import Database
from workflow.errors import WorkflowError
from workflow.models import User
from workflow.people import language_pairs

PAGE_SIZE = 25


def render(db: Database, user: User) -> None:
    st.header(_("Available work"))
    left, right = st.columns([3, 1])
    search = left.text_input(_("Search titles"), key="available-search")
    editions = sorted({target for _source, target in language_pairs(db, user)})
    labels = {code: code or _("All") for code in ["", *editions]}  # made in this run's language
    edition = right.selectbox(
        _("Edition"),
        list(labels),
        placeholder=_("Choose an option"),
        key="available-edition",
        format_func=labels.__getitem__,
    )
    prefill = st.checkbox(
        _("Pre-fill segments that have an exact approved match, as drafts to check"), value=True, key="prefill"
    )
    claimed = session.get("just-claimed")
    if isinstance(claimed, int):  # straight on from the claim to the translation
        st.page_link(
            session.get("editor-page"),  # type: ignore[arg-type]
            label=_("Open in editor"),
            icon="✏️",
            query_params={"piece": str(claimed)},
        )
    page = int(session.get("available-page", 0))  # type: ignore[call-overload]
    rows = queries.available_for(
        db, user, edition=edition or None, search=search or None, limit=PAGE_SIZE + 1, offset=page * PAGE_SIZE
    )
    if not rows:
        st.info(_("Nothing to claim in your language pairs right now."))
    for row in rows[:PAGE_SIZE]:
        with st.container(border=True):
            cols = st.columns([5, 2, 1])
            cols[0].markdown(f"**{plain(row.title)}**  \n`{row.slug}` · {row.source_language} → {row.edition}")
            due = f"{row.deadline:%Y-%m-%d}" if row.deadline else "—"
            cols[1].markdown(
                _("{words} words · priority {priority} · due {due}").format(
                    words=row.words, priority=row.priority, due=due
                )
            )
            if cols[2].button(_("Claim"), key=f"claim-{row.piece_id}"):
                try:
                    piece = actions.claim(db, user, row.piece_id, prefill=prefill)
                    session.put("open-piece", piece.id)
                    session.put("just-claimed", piece.id)
                    session.flash(_("Claimed: {title}").format(title=row.title))
                    st.rerun()
                except WorkflowError as error:
                    st.error(shown(error.message))
            if row.lease_left:
                cols[2].caption(lease_left(row.lease_left))
    nav = st.columns(2)
    if page > 0 and nav[0].button(_("Previous page"), key="available-prev"):
        session.put("available-page", page - 1)
        st.rerun()
    if len(rows) > PAGE_SIZE and nav[1].button(_("Next page"), key="available-next"):
        session.put("available-page", page + 1)
        st.rerun()
