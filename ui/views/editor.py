"""The editor: an article segment by segment, source beside target, each in its own direction."""

from __future__ import annotations

from typing import Any

import streamlit as st

from ui import findings, segment_grid, session
from ui.components import status_label, text_block
from ui.i18n import N_
from ui.session import gettext_ as _
from ui.session import isolated, ngettext, plain, shown
from workflow import actions, queries
from workflow.comments import CommentRow, add_comment, comments
from workflow.corrections import corrections_to_translate
from workflow.db import Database
from workflow.diffing import diff_html
from workflow.errors import WorkflowError
from workflow.glossary import hits
from workflow.languages import language
from workflow.memory import MEMORY, Suggestion, concordance, suggest_if_ready
from workflow.models import User
from workflow.quality import Known, SegmentFindings, edition_settings, piece_findings
from workflow.queries import SegmentRow
from workflow.segment_review import review_edits, segment_marks


def render(db: Database, user: User) -> None:
    st.header(_("Editor"))
    mine = queries.my_work(db, user)
    if not mine:
        st.info(_("You hold no pieces. Claim one under Available work."))
        return
    ids = [row.piece_id for row in mine]
    current = session.get("open-piece")
    asked = st.query_params.get("piece")  # the address keeps the piece across reloads and links
    if isinstance(asked, str) and asked.isdigit() and int(asked) in ids:
        current = int(asked)
    index = ids.index(current) if current in ids else 0
    piece_id = st.selectbox(
        _("Piece"),
        ids,
        index=index,
        placeholder=_("Choose an option"),
        key="editor-piece",
        format_func=lambda pid: next(f"{r.title} → {r.edition}" for r in mine if r.piece_id == pid),
    )
    session.put("open-piece", piece_id)
    st.query_params["piece"] = str(piece_id)
    row = next(r for r in mine if r.piece_id == piece_id)
    st.caption(f"{status_label(row.status)} · {row.source_language} → {row.edition}")
    if row.note:
        st.warning(_("Changes requested: {reason}").format(reason=isolated(plain(row.note))))
    for on, note in corrections_to_translate(db, piece_id):  # why the published text changed
        st.info(_("Correction ({date}): {note}").format(date=on, note=isolated(plain(note))), icon="✏️")
    settings = edition_settings(db, row.source_language, row.edition)  # read once: for the checks and the glossary
    memory: dict[tuple[int, str], list[Suggestion]] = st.session_state.setdefault(f"memory-{piece_id}", {})

    found: dict[str, list[SegmentFindings]] = {}  # this run's findings, for the grid and what is under it
    known: Known = {}  # checked texts, kept by the grid's fragment between its reruns (a save changes one)

    def rows() -> list[dict[str, Any]]:
        """The piece's segments as the grid shows them, read afresh on every run of the grid."""
        segments = queries.piece_segments(db, piece_id)
        found["now"] = piece_findings(db, piece_id, settings, known)
        by_segment = {s.segment_id: s for s in found["now"]}
        asked = [s for s in segments if (s.state != "done" or s.outdated) and (s.segment_id, s.source) not in memory]
        matched = suggest_if_ready(
            db, [s.source for s in asked], row.source_language, row.edition, context=row.article_id
        )
        if matched is not None:
            memory.update({(s.segment_id, s.source): matches for s, matches in zip(asked, matched, strict=True)})
        tags = queries.piece_tags(db, piece_id)
        marks, edited = segment_marks(db, piece_id), review_edits(db, piece_id)  # the reviewer's, last round
        return [
            segment_grid.row(
                segment,
                row.edition,
                by_segment.get(segment.segment_id),
                hits(segment.source, settings.glossary, row.source_language),
                memory.get((segment.segment_id, segment.source), []) if segment.state != "done" else [],
                tags.get(segment.position, []),
                mark=marks.get(segment.segment_id),
                edited_by=edited.get(segment.segment_id),
            )
            for segment in segments
        ]

    def below() -> None:
        """What the saves change, under the grid and in its fragment: findings, overrides, submitting."""
        quality = found.get("now") or piece_findings(db, piece_id, settings)
        findings.set_aside(db, user, piece_id, quality, reviewer=False)
        findings.ask_override(db, user, piece_id, quality)
        findings.summary(quality)
        if st.button(_("Submit for review"), key="submit", type="primary"):
            try:
                actions.submit(db, user, piece_id)
                session.flash(_("Submitted for review."))
                st.rerun(scope="app")
            except WorkflowError as error:
                st.error(shown(error.message))

    opening = not MEMORY.ready(db, row.source_language, row.edition)
    notice = st.empty()  # in the same place whether the memory is open or not, so the grid keeps its own
    if opening:
        notice.caption(_("Opening the translation memory: its suggestions appear here in a moment."))
    segment_grid.show(db, user, piece_id, row.source_language, row.edition, rows, above=_progress, below=below)
    _concordance(db, row.source_language, row.edition)
    remarks = comments(db, piece_id)  # read once for the segment tools and the piece's comments
    _segment_tools(db, user, piece_id, row.edition, queries.piece_segments(db, piece_id), remarks)
    _piece_comments(db, user, piece_id, remarks)
    if opening:
        _when_memory_opens(db, row.source_language, row.edition)


def _when_memory_opens(db: Database, source: str, target: str) -> None:
    """Look every two seconds, last on the page (nothing moves), and run the page again once the memory is
    open: the grid then shows its suggestions (what was typed stays in the browser, as at every save)."""

    @st.fragment(run_every=2.0)
    def watch() -> None:
        if MEMORY.ready(db, source, target):
            st.rerun(scope="app")

    watch()


def _progress(rows: list[dict[str, Any]]) -> None:
    done = sum(1 for r in rows if r["state"] == "done" and not r["outdated"])
    left = len(rows) - done
    st.progress(
        done / len(rows) if rows else 0.0,
        text=ngettext("{n} segment left", "{n} segments left", left).format(n=left),
    )


def _concordance(db: Database, source: str, target: str) -> None:
    """Find a word or phrase in the translation memory, on either side."""
    with st.expander(_("Search the translation memory"), key="concordance-open"):
        phrase = st.text_input(_("Word or phrase"), key="concordance")
        if phrase.strip():
            rows = concordance(db, phrase, source, target)
            if not rows:
                st.info(_("Nothing found."))
            for found in rows:
                cols = st.columns(2)
                with cols[0]:
                    text_block(found.source, source)
                with cols[1]:
                    text_block(found.target, target)


EDIT_KINDS = {"save": N_("saved"), "refused": N_("refused, kept"), "source_changed": N_("source changed")}


def _segment_tools(
    db: Database,
    user: User,
    piece_id: int,
    target: str,
    segments: list[SegmentRow],
    remarks: list[CommentRow],
) -> None:
    """History and comments of one segment at a time (one set of widgets, however long the article): each
    earlier text with the words the current one changed, and a button that restores it.
    """
    with st.expander(_("Segment history and comments"), key=f"tools-{piece_id}"):
        ids = [s.segment_id for s in segments]
        chosen = st.selectbox(
            _("Segment"),
            ids,
            placeholder=_("Choose an option"),
            key="tools-segment",
            format_func=lambda sid: f"#{ids.index(sid) + 1}",
        )
        if chosen is None:
            return
        segment = next(s for s in segments if s.segment_id == chosen)
        direction = language(target).direction
        for number, row in enumerate(queries.segment_history(db, chosen)):
            kind = _(EDIT_KINDS[row.kind]) if row.kind in EDIT_KINDS else row.kind
            st.caption(f"{row.at:%Y-%m-%d %H:%M} · {plain(row.author or '—')} · {kind} · v{row.version}")
            if row.kind == "source_changed" or row.text == segment.target:
                text_block(row.text, target)
                continue
            # what the current text changed of this one, word by word
            st.html(f'<div class="dragoman-text" dir="{direction}">{diff_html(row.text, segment.target)}</div>')
            if st.button(_("Restore this text"), key=f"restore-{chosen}-{number}"):
                try:
                    actions.save_segment(db, user, chosen, row.text, segment.version, done=False)
                    session.flash(_("Restored as a draft: check it, then save it as done."))
                    st.rerun()
                except WorkflowError as error:
                    st.error(shown(error.message))
        for comment in remarks:
            if comment.segment_id == chosen:
                st.markdown(f"**{plain(comment.author)}** · #{comment.number} · {comment.at:%Y-%m-%d %H:%M}")
                text_block(comment.text, None)
        text = st.text_input(_("Comment on this segment"), key=f"segment-comment-{chosen}")
        if st.button(_("Send comment"), key=f"send-segment-comment-{chosen}"):
            try:
                add_comment(db, user, piece_id, text, segment_id=chosen)
                st.rerun()
            except WorkflowError as error:
                st.error(shown(error.message))


def _piece_comments(db: Database, user: User, piece_id: int, remarks: list[CommentRow]) -> None:
    with st.expander(_("Comments"), key=f"comments-{piece_id}"):
        for comment in remarks:
            where = f" · #{comment.number}" if comment.number else ""
            st.markdown(f"**{plain(comment.author)}**{where} · {comment.at:%Y-%m-%d %H:%M}")
            text_block(comment.text, None)
        text = st.text_area(_("New comment"), key=f"comment-{piece_id}")
        if st.button(_("Send comment"), key=f"send-comment-{piece_id}"):
            try:
                add_comment(db, user, piece_id, text)
                st.session_state.pop(f"comment-{piece_id}", None)
                st.rerun()
            except WorkflowError as error:
                st.error(shown(error.message))
