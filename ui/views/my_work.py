"""My work: the pieces I hold, changes requested first, with progress and time left on the lease."""

from __future__ import annotations

from functools import partial

import streamlit as st

from ui import session
from ui.components import confirm_release, imported, lease_left, status_label
from ui.session import gettext_ as _
from ui.session import isolated, plain, shown
from workflow import actions, queries
from workflow.db import Database
from workflow.desktop import export_xliff, import_xliff
from workflow.errors import WorkflowError
from workflow.models import User


def render(db: Database, user: User) -> None:
    st.header(_("My work"))
    rows = queries.my_work(db, user)
    if not rows:
        st.info(_("You hold no pieces. Claim one under Available work."))
    for row in rows:
        with st.container(border=True):
            cols = st.columns([5, 2, 1, 1])
            cols[0].markdown(
                f"**{plain(row.title)}**  \n{row.source_language} → {row.edition} · {status_label(row.status)}"
            )
            done = row.segments_done / row.segments_total if row.segments_total else 0.0
            cols[1].progress(done, text=f"{row.segments_done}/{row.segments_total}")
            cols[1].caption(lease_left(row.lease_left))
            if cols[2].button(_("Edit"), key=f"open-{row.piece_id}"):
                session.put("open-piece", row.piece_id)
                st.switch_page(session.get("editor-page"))  # type: ignore[arg-type]
            confirm_release(cols[3], f"release-{row.piece_id}", partial(_release, db, user, row.piece_id, row.title))
            if row.note:
                st.warning(_("Changes requested: {reason}").format(reason=isolated(plain(row.note))))
    if rows:
        _desktop(db, user, [row.piece_id for row in rows])


def _release(db: Database, user: User, piece_id: int, title: str) -> None:
    try:
        actions.release(db, user, piece_id)
        session.flash(_("Released: {title}").format(title=plain(title)))
        st.rerun()
    except WorkflowError as error:
        st.error(shown(error.message))


def _desktop(db: Database, user: User, piece_ids: list[int]) -> None:
    """Work in a desktop tool: the pieces I hold as one XLIFF file, and the file back when done."""
    with st.expander(_("Work in a desktop tool (XLIFF)"), key="xliff"):
        st.download_button(
            _("Download my pieces as XLIFF 1.2"),
            lambda: export_xliff(db, user, piece_ids),  # made when clicked, not on every run of the page
            file_name=f"dragoman-{user.username}.xlf",
            mime="application/x-xliff+xml",
            key="xliff-download",
        )
        upload = st.file_uploader(_("Import an XLIFF file back"), type=["xlf", "xliff", "xml"], key="xliff-upload")
        if upload is None or not st.button(_("Import XLIFF"), key="xliff-import"):
            return
        report = imported(lambda: import_xliff(db, user, upload.getvalue(), upload.name))
        if report is None:
            return
        session.flash(
            _("XLIFF imported: {saved} segments saved, {unchanged} unchanged.").format(
                saved=report.saved, unchanged=report.unchanged
            )
        )
        st.rerun()
