"""Review: the queue of submitted pieces in my pairs, and the pieces I am reviewing in the segment grid: edit,
accept or flag each segment, then approve or send back.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from ui import findings, segment_grid, session
from ui.components import text_block
from ui.session import gettext_ as _
from ui.session import plain, shown
from workflow import actions, queries
from workflow.comments import add_comment, comments
from workflow.db import Database
from workflow.errors import FourEyesViolation, WorkflowError
from workflow.glossary import hits
from workflow.models import User
from workflow.quality import Known, SegmentFindings, edition_settings, piece_findings
from workflow.segment_review import review_edits, round_texts, segment_marks


def render(db: Database, user: User) -> None:
    st.header(_("Review"))
    findings.requests(db, user)
    reviewing = [r for r in queries.my_work(db, user) if r.status == "in_review"]
    for row in reviewing:
        _review(db, user, row.piece_id, row.title, row.source_language, row.edition)
    st.subheader(_("Waiting for review"))
    queue = queries.review_queue(db, user)
    if not queue:
        st.info(_("No submitted pieces in your language pairs."))
    for row in queue:
        cols = st.columns([5, 1])
        cols[0].markdown(f"**{plain(row.title)}**  \n{row.source_language} → {row.edition} · {row.words} " + _("words"))
        if cols[1].button(_("Start review"), key=f"start-{row.piece_id}"):
            try:
                actions.start_review(db, user, row.piece_id)
                st.rerun()
            except FourEyesViolation:
                st.error(_("You translated this piece: somebody else must review it."))
            except WorkflowError as error:
                st.error(shown(error.message))


def _review(db: Database, user: User, piece_id: int, title: str, source: str, target: str) -> None:
    with st.container(border=True):
        st.subheader(plain(title))
        settings = edition_settings(db, source, target)
        before = round_texts(db, piece_id)  # the texts sent back last round: the diff shows what changed since
        if before:
            st.caption(_("Changes since the round you sent back are marked."))
        else:
            before = queries.last_approved(db, piece_id)
            if before:
                st.caption(_("Changes since the last approved version are marked."))

        found: dict[str, list[SegmentFindings]] = {}  # this run's findings, for the grid and what is under it
        known: Known = {}  # checked texts, kept by the grid's fragment between its reruns (a save changes one)

        def rows() -> list[dict[str, Any]]:
            found["now"] = piece_findings(db, piece_id, settings, known)
            by_segment = {s.segment_id: s for s in found["now"]}
            marks, tags = segment_marks(db, piece_id), queries.piece_tags(db, piece_id)
            edited = review_edits(db, piece_id)
            return [
                segment_grid.row(
                    segment,
                    target,
                    by_segment.get(segment.segment_id),
                    hits(segment.source, settings.glossary, source),
                    [],
                    tags.get(segment.position, []),
                    mark=marks.get(segment.segment_id),
                    before=before.get(segment.segment_id),
                    edited_by=edited.get(segment.segment_id),
                )
                for segment in queries.piece_segments(db, piece_id)
            ]

        def below() -> None:
            quality = found.get("now") or piece_findings(db, piece_id, settings)
            findings.set_aside(db, user, piece_id, quality, reviewer=True)
            findings.summary(quality)
            _decide(db, user, piece_id, title)

        segment_grid.show(db, user, piece_id, source, target, rows, mode="review", below=below)
        _comments(db, user, piece_id)


def _decide(db: Database, user: User, piece_id: int, title: str) -> None:
    """Approve, or send back with a reason."""
    reason = st.text_area(_("Reason for sending back"), key=f"reason-{piece_id}")
    cols = st.columns(2)
    if cols[0].button(_("Approve"), key=f"approve-{piece_id}", type="primary"):
        try:
            actions.approve(db, user, piece_id)
            session.flash(_("Approved: {title}").format(title=plain(title)))
            st.rerun(scope="app")
        except WorkflowError as error:
            st.error(shown(error.message))
    if cols[1].button(_("Request changes"), key=f"changes-{piece_id}"):
        if not reason.strip():
            st.error(_("Say what should change before sending the piece back."))
            return
        try:
            actions.request_changes(db, user, piece_id, reason)
            session.flash(_("Sent back to the translator."))
            st.rerun(scope="app")
        except WorkflowError as error:
            st.error(shown(error.message))


def _comments(db: Database, user: User, piece_id: int) -> None:
    """Comments on the piece or on one of its segments (with its number), with the ones already made."""
    with st.expander(_("Comments"), key=f"review-comments-{piece_id}"):
        numbers = {s.segment_id: s.position + 1 for s in queries.piece_segments(db, piece_id)}
        for comment in comments(db, piece_id):
            where = f" · #{comment.number}" if comment.number else ""
            st.markdown(f"**{plain(comment.author)}**{where} · {comment.at:%Y-%m-%d %H:%M}")
            text_block(comment.text, None)
        choices = [0, *numbers]
        labels = {sid: f"#{numbers[sid]}" if sid else _("The whole piece") for sid in choices}  # in this run's language
        chosen = st.selectbox(
            _("Segment"),
            choices,
            placeholder=_("Choose an option"),
            key=f"review-comment-segment-{piece_id}",
            format_func=labels.__getitem__,
        )
        text = st.text_input(_("New comment"), key=f"review-comment-{piece_id}")
        if st.button(_("Send comment"), key=f"review-send-{piece_id}"):
            try:
                add_comment(db, user, piece_id, text, segment_id=chosen or None)
                st.rerun()
            except WorkflowError as error:
                st.error(shown(error.message))
