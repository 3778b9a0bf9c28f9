"""The editor: an article segment by segment, source beside target, each in its own direction."""

from __future__ import annotations

import json
from typing import cast

import streamlit as st

from ui import findings, session
from ui.components import kind_label, marked_block, plural_label, status_label, text_block
from ui.i18n import N_
from ui.session import gettext_ as _
from ui.session import ngettext, plain, shown
from workflow import actions, queries
from workflow.comments import CommentRow, add_comment, comments
from workflow.corrections import corrections_to_translate
from workflow.db import Database
from workflow.errors import StaleEdit, WorkflowError
from workflow.glossary import Hit, hits
from workflow.htmlbody import Tag
from workflow.languages import language
from workflow.memory import Suggestion, concordance, suggest_many
from workflow.models import User
from workflow.placeables import tokens
from workflow.quality import SegmentFindings, edition_settings, piece_findings
from workflow.queries import SegmentRow

STATE_LABELS = {"empty": N_("Empty"), "draft": N_("Draft"), "done": N_("Done")}


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
        key="editor-piece",
        format_func=lambda pid: next(f"{r.title} → {r.edition}" for r in mine if r.piece_id == pid),
    )
    session.put("open-piece", piece_id)
    st.query_params["piece"] = str(piece_id)
    row = next(r for r in mine if r.piece_id == piece_id)
    # each text box in the target language's own direction, whatever the interface language
    st.html(f"<style>[class*='st-key-target-'] textarea {{ direction: {language(row.edition).direction}; }}</style>")
    st.caption(f"{status_label(row.status)} · {row.source_language} → {row.edition}")
    if row.note:
        st.warning(_("Changes requested: {reason}").format(reason=plain(row.note)))
    for on, note in corrections_to_translate(db, piece_id):  # why the published text changed
        st.info(_("Correction ({date}): {note}").format(date=on, note=plain(note)), icon="✏️")
    segments = queries.piece_segments(db, piece_id)
    done = sum(1 for s in segments if s.state == "done" and not s.outdated)
    left = len(segments) - done
    st.progress(
        done / len(segments) if segments else 0.0,
        text=ngettext("{n} segment left", "{n} segments left", left).format(n=left),
    )
    settings = edition_settings(db, row.source_language, row.edition)  # read once: for the checks and the glossary
    quality = piece_findings(db, piece_id, settings)
    by_segment = {s.segment_id: s for s in quality}
    terms = settings.glossary
    open_segments = [s for s in segments if s.state != "done" or s.outdated]
    found_in_memory = suggest_many(
        db, [s.source for s in open_segments], row.source_language, row.edition, context=row.article_id
    )
    suggestions = {s.segment_id: found for s, found in zip(open_segments, found_in_memory, strict=True)}
    tags = queries.piece_tags(db, piece_id)
    for segment in segments:
        _segment(
            db,
            user,
            row.source_language,
            row.edition,
            segment,
            by_segment.get(segment.segment_id),
            hits(segment.source, terms, row.source_language),
            suggestions.get(segment.segment_id, []),
            tags.get(segment.position, []),
        )
    _focus_next(segments)
    _concordance(db, row.source_language, row.edition)
    remarks = comments(db, piece_id)  # read once for the segment tools and the piece's comments
    _segment_tools(db, user, piece_id, segments, remarks)
    _piece_comments(db, user, piece_id, remarks)
    findings.set_aside(db, user, piece_id, quality, reviewer=False)
    findings.ask_override(db, user, piece_id, quality)
    findings.summary(quality)
    if st.button(_("Submit for review"), key="submit", type="primary"):
        try:
            actions.submit(db, user, piece_id)
            session.flash(_("Submitted for review."))
            st.rerun()
        except WorkflowError as error:
            st.error(shown(error.message))


def _segment(
    db: Database,
    user: User,
    source_lang: str,
    target_lang: str,
    segment: SegmentRow,
    found: SegmentFindings | None,
    terms: list[Hit],
    suggestions: list[Suggestion],
    tags: list[Tag],
) -> None:
    with st.container(border=True):
        state = _("Outdated") if segment.outdated else _(STATE_LABELS.get(segment.state, segment.state))
        form = f" · {plural_label(target_lang, segment.plural_form)}" if segment.plural_form is not None else ""
        st.caption(f"#{segment.position + 1} · {kind_label(segment.kind)}{form} · {state}")
        left, right = st.columns(2)
        with left:
            if segment.outdated and segment.previous_source:
                st.caption(_("Source before the change"))
                text_block(segment.previous_source, source_lang)
                st.caption(_("Source now"))
            marked_block(segment.source, source_lang, terms)
            if segment.note:  # what the site's developers say about an interface string
                st.caption(plain(segment.note))
            for hit in terms:  # the glossary's word for each term, also for keyboard and screen-reader users
                said = [text for text in (hit.term.definition, hit.term.note) if text]
                note = f" ({'; '.join(said)})" if said else ""
                shown_hit = f"{segment.source[hit.start : hit.end]} → {' / '.join(hit.term.translations)}{note}"
                st.caption(f"📖 {plain(shown_hit)}")
            _tags(segment, tags)
        with right:
            key = f"target-{segment.segment_id}"
            conflict = cast(StaleEdit | None, session.get(f"conflict-{segment.segment_id}"))
            base_key = f"base-{segment.segment_id}"
            if key not in st.session_state:
                # the version the person starts typing on: a save is checked against it, not against a re-read
                st.session_state[key] = conflict.yours if conflict is not None else segment.target
                session.put(base_key, conflict.current_version if conflict is not None else segment.version)
            with st.form(key=f"form-{segment.segment_id}", border=False):
                text = st.text_area(
                    _("Translation ({language})").format(language=language(target_lang).native_name),
                    key=key,
                    height=100,
                )
                cols = st.columns(2)
                save = cols[0].form_submit_button(_("Save"), key=f"save-{segment.segment_id}")
                draft = cols[1].form_submit_button(_("Save as draft"), key=f"draft-{segment.segment_id}")
            if conflict is not None:
                st.error(_("Somebody else saved this segment meanwhile. Their text:"))
                text_block(conflict.theirs, target_lang)
                st.caption(_("Your text is kept in the box above and in the segment's history. Merge, then save."))
                if st.button(_("Keep theirs"), key=f"theirs-{segment.segment_id}"):
                    session.put(f"conflict-{segment.segment_id}", None)  # yours stays in the history
                    st.session_state.pop(key, None)
                    st.session_state.pop(base_key, None)
                    st.rerun()
            base = int(session.get(base_key, segment.version))  # type: ignore[call-overload]
            if save or draft:
                _save(db, user, segment.segment_id, text, base, done=not draft)
            if segment.prefilled:
                st.caption(_("Pre-filled from the translation memory (exact match): check it, then save."))
            findings.show(found)
            if conflict is None and text == segment.target:  # never over text typed and not yet saved
                _suggestions(segment, suggestions, target_lang)
            fixes = [f for f in (found.open() if found else []) if f.fix is not None]
            if fixes and conflict is None and text == segment.target:
                fix = fixes[0]
                if st.button(_("Apply the fix: {check}").format(check=fix.check), key=f"fix-{segment.segment_id}"):
                    _save(db, user, segment.segment_id, fix.fix or "", base, done=segment.state == "done")


def _tags(segment: SegmentRow, tags: list[Tag]) -> None:
    """What each placeable of the source stands for, and a button that adds the ones the box lacks."""
    if not tags:
        return
    groups: dict[tuple[str, str], list[str]] = {}  # tags that stand for the same markup, on one line
    for tag in tags:
        groups.setdefault((tag.label, tag.markup), []).append(tag.token)
    lines = []
    for (label, markup), shown_tokens in groups.items():
        short = markup if len(markup) <= 70 else markup[:69] + "…"
        lines.append(f"{plain(' '.join(shown_tokens))} — {_(label)} {plain(short)}")
    st.caption(_("Tags to keep:") + "  \n" + "  \n".join(lines))
    key = f"target-{segment.segment_id}"
    typed = str(st.session_state.get(key, segment.target))  # the box's text, or the saved one before it exists
    missing = [t.text for t in tokens(segment.source) if t.text not in typed]
    if missing:

        def add() -> None:
            current = str(st.session_state.get(key, segment.target))
            st.session_state[key] = (current + " " if current else "") + "".join(missing)

        st.button(_("Add the missing tags"), key=f"tags-{segment.segment_id}", on_click=add)


def _suggestions(segment: SegmentRow, suggestions: list[Suggestion], target_lang: str) -> None:
    """Translation memory matches under the box; Use puts one in the box (to edit, then save)."""
    key = f"target-{segment.segment_id}"
    for number, suggestion in enumerate(suggestions):
        origin = _("approved") if suggestion.origin == "approved" else suggestion.origin
        notes = [f"{suggestion.score:.0f}%", origin]
        if not suggestion.reviewed:
            notes.append(_("not reviewed"))
        if suggestion.same_context:
            notes.append(_("this article"))
        cols = st.columns([5, 1])
        with cols[0]:
            st.caption("🧠 " + " · ".join(notes))
            text_block(suggestion.target, target_lang)
        cols[1].button(
            _("Use"),
            key=f"use-{segment.segment_id}-{number}",
            on_click=lambda text=suggestion.target: st.session_state.__setitem__(key, text),
        )


def _concordance(db: Database, source: str, target: str) -> None:
    """Find a word or phrase in the translation memory, on either side."""
    with st.expander(_("Search the translation memory")):
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


#: Waits until the rerun after a save has settled (no running indicator, nothing stale left), then puts the
#: cursor in the next box, once, and only if the person has not put it somewhere else meanwhile.
FOCUS_WHEN_SETTLED = """
(() => {
  const started = Date.now();
  const poll = setInterval(() => {
    const running = document.querySelector('[data-testid="stStatusWidget"], [data-stale="true"]');
    const box = document.querySelector(TARGET);
    if (Date.now() - started > 10000) { clearInterval(poll); return; }
    if (running || !box) return;
    clearInterval(poll);
    const active = document.activeElement;
    if (!active || active === document.body) box.focus();
  }, 100);
})();
"""


def _focus_next(segments: list[SegmentRow]) -> None:
    """After a save (Ctrl+Enter in the box, or the button), put the cursor in the next segment's box."""
    saved = session.get("just-saved")
    if saved is None:
        return
    session.put("just-saved", None)
    ids = [s.segment_id for s in segments]
    if saved in ids and ids.index(saved) + 1 < len(ids):
        target = json.dumps(f".st-key-target-{ids[ids.index(saved) + 1]} textarea")
        st.html(f"<script>{FOCUS_WHEN_SETTLED.replace('TARGET', target)}</script>", unsafe_allow_javascript=True)


def _save(db: Database, user: User, segment_id: int, text: str, base: int, *, done: bool) -> None:
    try:
        actions.save_segment(db, user, segment_id, text, base, done=done)
        session.put("just-saved", segment_id)
        session.put(f"conflict-{segment_id}", None)
        st.session_state.pop(f"target-{segment_id}", None)
        st.session_state.pop(f"base-{segment_id}", None)
        session.flash(_("Saved."))
        st.rerun()
    except StaleEdit as conflict:
        session.put(f"conflict-{segment_id}", conflict)
        session.put(f"base-{segment_id}", conflict.current_version)  # saving again means: mine, over theirs
        st.rerun()
    except WorkflowError as error:
        st.error(shown(error.message))


def _segment_tools(
    db: Database, user: User, piece_id: int, segments: list[SegmentRow], remarks: list[CommentRow]
) -> None:
    """History and comments of one segment at a time (one set of widgets, however long the article)."""
    with st.expander(_("Segment history and comments")):
        ids = [s.segment_id for s in segments]
        chosen = st.selectbox(_("Segment"), ids, key="tools-segment", format_func=lambda sid: f"#{ids.index(sid) + 1}")
        if chosen is None:
            return
        for row in queries.segment_history(db, chosen):
            st.caption(f"{row.at:%Y-%m-%d %H:%M} · {plain(row.author or '—')} · {row.kind} · v{row.version}")
            text_block(row.text, None)
        for comment in remarks:
            if comment.segment_id == chosen:
                st.markdown(f"**{plain(comment.author)}** · {comment.at:%Y-%m-%d %H:%M}")
                text_block(comment.text, None)
        text = st.text_input(_("Comment on this segment"), key=f"segment-comment-{chosen}")
        if st.button(_("Send comment"), key=f"send-segment-comment-{chosen}"):
            try:
                add_comment(db, user, piece_id, text, segment_id=chosen)
                st.rerun()
            except WorkflowError as error:
                st.error(shown(error.message))


def _piece_comments(db: Database, user: User, piece_id: int, remarks: list[CommentRow]) -> None:
    with st.expander(_("Comments")):
        for comment in remarks:
            st.markdown(f"**{plain(comment.author)}** · {comment.at:%Y-%m-%d %H:%M}")
            text_block(comment.text, None)
        text = st.text_area(_("New comment"), key=f"comment-{piece_id}")
        if st.button(_("Send comment"), key=f"send-comment-{piece_id}"):
            try:
                add_comment(db, user, piece_id, text)
                st.session_state.pop(f"comment-{piece_id}", None)
                st.rerun()
            except WorkflowError as error:
                st.error(shown(error.message))
