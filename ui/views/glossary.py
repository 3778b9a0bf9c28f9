"""The glossary, for editors: the terms of each language pair, add and change them, import and export."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from ui import session
from ui.components import show_refused_import
from ui.session import gettext_ as _
from ui.session import plain, shown
from workflow import glossary
from workflow.checks import Term
from workflow.db import Database
from workflow.errors import ImportFailed, WorkflowError
from workflow.languages import CODES
from workflow.models import GlossaryTerm, User
from workflow.tbx import parse_tbx, to_tbx

PAIRS = [f"{s}→{t}" for s in CODES for t in CODES if s != t]


def render(db: Database, user: User) -> None:
    st.header(_("Glossary"))
    pair = st.selectbox(
        _("Language pair"), PAIRS, index=PAIRS.index("en→fa"), placeholder=_("Choose an option"), key="glossary-pair"
    )
    source, target = (pair or "en→fa").split("→")
    rows = glossary.terms(db, source, target)
    if rows:
        st.dataframe(
            [
                {
                    _("Term"): r.term,
                    _("Translations"): " / ".join(r.translations),
                    _("Forbidden"): " / ".join(r.forbidden),
                    _("Note"): r.note,
                    _("Definition"): r.definition,
                    _("Case-sensitive"): r.case_sensitive,
                    _("Name"): r.is_name,
                }
                for r in rows
            ],
            hide_index=True,
        )
    else:
        st.info(_("No terms for this pair yet."))
    _edit(db, user, source, target)
    if rows:
        _remove(db, user, rows)
    _files(db, user, source, target, rows)


def _edit(db: Database, user: User, source: str, target: str) -> None:
    with st.form("glossary-term", clear_on_submit=True):
        st.subheader(_("Add or change a term"))
        term = st.text_input(_("Term"), key="term-text")
        translations = st.text_input(_("Approved translations (separate several with |)"), key="term-translations")
        forbidden = st.text_input(_("Forbidden variants (separate several with |)"), key="term-forbidden")
        note = st.text_input(_("Note"), key="term-note")
        definition = st.text_input(_("Definition"), key="term-definition")
        cols = st.columns(2)
        case = cols[0].checkbox(_("Case-sensitive"), key="term-case")
        name = cols[1].checkbox(_("Part of a name"), key="term-name")
        if st.form_submit_button(_("Save the term"), key="term-save"):
            entry = Term(
                term, tuple(translations.split("|")), tuple(forbidden.split("|")), note, case, name, definition
            )
            try:
                glossary.save_term(db, user, source, target, entry)
                session.flash(_("Saved."))
                st.rerun()
            except WorkflowError as error:
                st.error(shown(error.message))


def _remove(db: Database, user: User, rows: list[GlossaryTerm]) -> None:
    ids = {r.id: r.term for r in rows}
    with st.expander(_("Remove a term"), key="remove-term"):
        chosen = st.selectbox(
            _("Term"), list(ids), placeholder=_("Choose an option"), key="term-remove", format_func=ids.__getitem__
        )
        if st.button(_("Remove"), key="term-remove-button") and chosen is not None:
            try:
                glossary.delete_term(db, user, chosen)
                st.rerun()
            except WorkflowError as error:
                st.error(shown(error.message))


def _files(db: Database, user: User, source: str, target: str, rows: list[GlossaryTerm]) -> None:
    st.subheader(_("Import and export"))
    cols = st.columns(2)
    cols[0].download_button(
        _("Download CSV"), glossary.to_csv(rows), f"glossary-{source}-{target}.csv", "text/csv", key="glossary-csv"
    )
    cols[1].download_button(
        _("Download TBX"),
        to_tbx(rows, source, target),
        f"glossary-{source}-{target}.tbx",
        "application/x-tbx+xml",
        key="glossary-tbx",
    )
    upload = st.file_uploader(_("Import CSV or TBX"), type=["csv", "tbx", "xml"], key="glossary-file")
    if upload is None or not st.button(_("Import"), key="glossary-import"):
        return
    name = Path(upload.name).name
    try:
        data = upload.getvalue()
        if name.lower().endswith(".csv"):
            entries = glossary.parse_csv(data.decode("utf-8"), name)
        else:
            entries = parse_tbx(data, name, source, target)
        added, changed = glossary.import_terms(db, user, source, target, entries)
        st.success(_("Imported: {added} new, {changed} changed.").format(added=added, changed=changed))
    except UnicodeDecodeError:
        st.error(_("{file} is not UTF-8 text.").format(file=plain(name)))
    except ImportFailed as failed:
        show_refused_import(failed)
    except WorkflowError as error:
        st.error(shown(error.message))
