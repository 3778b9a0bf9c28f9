"""Articles, for editors: list and search, import files, priorities and deadlines, assign, release, minor edits,
corrections.
"""

from __future__ import annotations

import tempfile
from datetime import UTC, datetime, time
from pathlib import Path

import streamlit as st

from ui import paging
from ui.components import confirm_release, imported, run_action, status_label
from ui.session import gettext_ as _
from ui.session import plain, shown
from workflow import actions, queries
from workflow.catalogs import import_catalog
from workflow.corrections import mark_correction
from workflow.db import Database
from workflow.importers import import_paths
from workflow.limits import PRIORITY
from workflow.models import User
from workflow.queries import PieceSettings

PAGE_SIZE = 25


def render(db: Database, user: User) -> None:
    st.header(_("Articles"))
    _upload(db, user)
    _upload_strings(db, user)
    search = st.text_input(_("Search articles"), key="articles-search")
    page = paging.page_number("articles")
    fetched = queries.articles(db, search=search or None, limit=PAGE_SIZE + 1, offset=page * PAGE_SIZE)
    rows = fetched[:PAGE_SIZE]
    if not rows:
        st.info(_("No articles yet. Import Markdown or JSON files above."))
        return
    editions = sorted({edition for r in rows for edition in r.pieces})
    st.dataframe(
        [
            {
                _("Slug"): r.slug,
                _("Title"): r.title,
                _("Language"): r.source_language,
                _("Revision"): r.revision,
                # an edition with no piece of this article (its own language, say) is a dash, never "None"
                **{e: status_label(r.pieces[e][1]) if e in r.pieces else "—" for e in editions},
            }
            for r in rows
        ],
        hide_index=True,
    )
    paging.controls("articles", len(fetched) > PAGE_SIZE)
    slugs = [r.slug for r in rows]
    chosen = st.selectbox(_("Article"), slugs, placeholder=_("Choose an option"), key="articles-chosen")
    row = rows[slugs.index(chosen)] if chosen in slugs else rows[0]
    st.subheader(plain(row.title))
    stored = queries.piece_settings(db, [pid for pid, _status in row.pieces.values()])
    for edition, (piece_id, status) in sorted(row.pieces.items()):
        _piece(db, user, piece_id, edition, status, stored[piece_id])
    if row.revision > 1 and st.button(_("Mark the latest change minor"), key=f"minor-{row.article_id}"):
        run_action(lambda: actions.mark_minor_edit(db, user, row.slug))
    if row.revision > 1:
        _correction(db, user, row.slug, row.article_id)


def _correction(db: Database, user: User, slug: str, article_id: int) -> None:
    """Mark the latest change a correction; the note stays in its box until it is saved."""
    with st.form(f"correction-{article_id}"):
        st.markdown(_("**Mark the latest change a correction**"))
        note = st.text_area(
            _("Correction note, as readers will see it under the article"), key=f"correction-note-{article_id}"
        )
        urgent = st.checkbox(
            _("Urgent: to the top of every queue; its last translators and reviewers are told"),
            key=f"correction-urgent-{article_id}",
        )
        if st.form_submit_button(_("Mark as a correction")):
            run_action(lambda: mark_correction(db, user, slug, note, urgent=urgent))


def _showing(key: str, stored: object) -> str:
    """The widget ``key`` shows the stored value when the page first shows it and whenever the stored value
    changes (after Apply, or somebody else's change); in between, what the editor is typing stays.
    """
    seen = f"{key}-stored"
    if key not in st.session_state or st.session_state.get(seen) != stored:
        st.session_state[key] = stored
        st.session_state[seen] = stored
    return key


def _piece(db: Database, user: User, piece_id: int, edition: str, status: str, stored: PieceSettings) -> None:
    """A piece's priority, deadline and assignee, the fields showing what is stored; Apply saves them."""
    cols = st.columns([2, 2, 2, 2, 1])
    cols[0].markdown(f"**{edition}** · {status_label(status)}")
    priority = cols[1].number_input(
        _("Priority"),
        min_value=PRIORITY[0],
        max_value=PRIORITY[1],
        step=1,
        key=_showing(f"priority-{piece_id}", stored.priority),
    )
    day = stored.deadline.date() if stored.deadline else None
    deadline = cols[2].date_input(_("Deadline"), key=_showing(f"deadline-{piece_id}", day))
    assignee = cols[3].text_input(_("Assign to (user name)"), key=f"assignee-{piece_id}")
    if cols[4].button(_("Apply"), key=f"apply-{piece_id}"):
        due = datetime.combine(deadline, time(23, 59), tzinfo=UTC) if deadline else None

        def apply() -> None:
            actions.set_priority(db, user, piece_id, priority=int(priority), deadline=due, clear_deadline=due is None)
            if assignee.strip():
                actions.assign(db, user, piece_id, assignee.strip())

        run_action(apply)
    if status in ("in_translation", "in_review", "changes_requested"):
        confirm_release(cols[4], f"release-{piece_id}", lambda: run_action(lambda: actions.release(db, user, piece_id)))
    _embargo(db, user, piece_id, stored.publish_at)


def _embargo(db: Database, user: User, piece_id: int, publish_at: datetime | None) -> None:
    """Publish from a day and time on (UTC): until then the edition's bundles leave the translation out."""
    cols = st.columns([2, 2, 1, 1])
    day = cols[0].date_input(
        _("Publish from (UTC)"), key=_showing(f"embargo-day-{piece_id}", publish_at.date() if publish_at else None)
    )
    at = cols[1].time_input(
        _("at"), key=_showing(f"embargo-time-{piece_id}", publish_at.time() if publish_at else time(0, 0))
    )
    if day is not None and cols[2].button(_("Set embargo"), key=f"embargo-{piece_id}"):
        run_action(lambda: actions.set_embargo(db, user, piece_id, datetime.combine(day, at, tzinfo=UTC)))
    if publish_at is not None and cols[3].button(_("Lift embargo"), key=f"embargo-lift-{piece_id}"):
        run_action(lambda: actions.set_embargo(db, user, piece_id, None))


def _upload(db: Database, user: User) -> None:
    files = st.file_uploader(
        _("Import articles (Markdown, JSON or a WordPress export)"),
        accept_multiple_files=True,
        type=["md", "markdown", "json", "xml"],
        key="import-files",
    )
    drafts = st.checkbox(_("From WordPress exports, also import drafts"), key="import-drafts")
    if not files or not st.button(_("Import"), key="import"):
        return
    with tempfile.TemporaryDirectory() as folder:
        paths = []
        for upload in files:
            path = Path(folder) / Path(upload.name).name
            path.write_bytes(upload.getvalue())
            paths.append(path)
        report = imported(lambda: import_paths(db, user, paths, drafts=drafts))
    if report is None:
        return
    st.success(
        _("Imported: {created} new, {revised} revised, {unchanged} unchanged.").format(
            created=len(report.created), revised=len(report.revised), unchanged=len(report.unchanged)
        )
    )
    for warning in report.warnings:
        st.warning(f"{plain(Path(warning.file).name)}: {shown(warning.reason)}")
    for applied in report.translations:  # a page's translation beside it (about.fa.md): waiting for review
        st.info(f"{plain(applied.slug)} → {plain(applied.edition)}: {shown(applied.outcome)}")


def _upload_strings(db: Database, user: User) -> None:
    """A site's interface strings: a POT (new catalog or new revision) or a PO with translations to keep."""
    upload = st.file_uploader(
        _("Import site interface strings (POT, or a PO with translations)"), type=["pot", "po"], key="strings-file"
    )
    if upload is None:
        return
    name = st.text_input(_("Catalog name"), value=upload.name.split(".")[0].lower(), key="strings-name")
    if not st.button(_("Import strings"), key="import-strings"):
        return
    report = imported(lambda: import_catalog(db, user, upload.getvalue(), upload.name, name.strip()))
    if report is None:
        return
    st.success(_("Catalog {name}: {entries} entries imported.").format(name=plain(report.name), entries=report.entries))
    for note in report.notes:
        st.warning(shown(note))
    for code, what in report.translations.items():
        st.info(f"{code}: {shown(what.summary())}")
