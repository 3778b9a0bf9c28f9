"""Quality findings in the editor and the review page: per segment, a summary, and setting one aside."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from ui import session
from ui.session import gettext_ as _
from ui.session import ngettext, plain, shown, translated
from workflow.checks import CHECKS
from workflow.db import Database
from workflow.errors import WorkflowError
from workflow.models import User
from workflow.quality import SegmentFindings, mute, override, override_requests, request_override

ICONS = {"error": "⛔", "warning": "⚠️"}


def summary(findings: list[SegmentFindings]) -> int:
    """The quality summary before submitting or approving; returns the number of open errors."""
    errors = sum(len(s.errors()) for s in findings)
    warnings = sum(len(s.open()) for s in findings) - errors
    text = " · ".join(
        [
            ngettext("{n} error", "{n} errors", errors).format(n=errors),
            ngettext("{n} warning", "{n} warnings", warnings).format(n=warnings),
        ]
    )
    if errors:
        st.warning(_("Quality: {summary}. Errors must be fixed or overridden by a reviewer.").format(summary=text))
    elif warnings:
        st.info(_("Quality: {summary}.").format(summary=text))
    else:
        st.success(_("Quality: no findings."))
    return errors


def _finding_form(
    name: str,
    piece_id: int,
    label: str,
    chooser: str,
    findings: list[SegmentFindings],
    choices: list[tuple[int, str]],
    reason_label: str,
    act: Callable[[int, str, str], None],
    done: str,
) -> None:
    """An expander to pick one finding of the piece, give a reason and act on it (set it aside, ask)."""
    if not choices:
        return
    positions = {s.segment_id: s.position for s in findings}
    # labels made now, in this run's language (Streamlit may format options outside the run)
    labels = {c: f"#{positions[c[0]] + 1} · {c[1]} · {translated(CHECKS[c[1]].description)}" for c in choices}
    with st.expander(label, key=f"{name}-open-{piece_id}"):
        chosen = st.selectbox(
            chooser,
            choices,
            placeholder=_("Choose an option"),
            key=f"{name}-choice-{piece_id}",
            format_func=labels.__getitem__,
        )
        reason = st.text_input(reason_label, key=f"{name}-reason-{piece_id}")
        if st.button(label, key=f"{name}-{piece_id}") and chosen is not None:
            try:
                act(chosen[0], chosen[1], reason)
                session.flash(done)
                st.rerun()
            except WorkflowError as error:
                st.error(shown(error.message))


def set_aside(db: Database, user: User, piece_id: int, findings: list[SegmentFindings], *, reviewer: bool) -> None:
    """Mute a warning (the translator) or override a finding (a reviewer), with a reason."""
    choices = [(s.segment_id, f.check) for s in findings for f in s.open() if reviewer or f.severity == "warning"]
    _finding_form(
        "waive",
        piece_id,
        _("Override a finding") if reviewer else _("Mute a warning"),
        _("Finding"),
        findings,
        choices,
        _("Reason"),
        lambda segment_id, check, reason: (override if reviewer else mute)(db, user, segment_id, check, reason),
        _("Done."),
    )


def ask_override(db: Database, user: User, piece_id: int, findings: list[SegmentFindings]) -> None:
    """The translator asks a reviewer to override an error they think wrong, with a reason."""
    _finding_form(
        "ask",
        piece_id,
        _("Ask a reviewer to override an error"),
        _("Error"),
        findings,
        [(s.segment_id, f.check) for s in findings for f in s.errors()],
        _("Why the finding is wrong"),
        lambda segment_id, check, reason: request_override(db, user, segment_id, check, reason),
        _("Asked: the reviewers of this language pair and the editors will see it."),
    )


def requests(db: Database, user: User) -> None:
    """The override requests this person may decide, each with its reason and an override button."""
    waiting = override_requests(db, user)
    if not waiting:
        return
    st.subheader(_("Override requests"))
    for request in waiting:
        key = f"{request.segment_id}-{request.check}"
        with st.container(border=True):
            st.markdown(
                f"**{plain(request.title)}** → {request.edition} · #{request.position + 1} · `{request.check}`  \n"
                + _("{user} asks: {reason}").format(user=plain(request.requested_by), reason=plain(request.reason))
            )
            st.caption(f"{ICONS['error']} {shown(request.message)}")
            st.caption(plain(request.text))
            reason = st.text_input(_("Reason"), key=f"decide-reason-{key}")
            if st.button(_("Override a finding"), key=f"decide-{key}"):
                try:
                    override(db, user, request.segment_id, request.check, reason)
                    session.flash(_("Done."))
                    st.rerun()
                except WorkflowError as error:
                    st.error(shown(error.message))
