"""Exports, for editors: build edition bundles, see what changed since the last build, download, publish."""

from __future__ import annotations

import os
from pathlib import Path
from typing import cast

import streamlit as st

from ui import session
from ui.session import gettext_ as _
from ui.session import ngettext, plain, shown
from workflow.bundle import BuildReport, build_report
from workflow.db import Database
from workflow.editions import list_editions
from workflow.errors import WorkflowError
from workflow.models import User

DEFAULT_FOLDER = Path(__file__).resolve().parents[2] / "data" / "bundles"


def bundles_folder() -> Path:
    """Where the dashboard writes bundles: DRAGOMAN_BUNDLE_DIR, or data/bundles."""
    return Path(os.environ.get("DRAGOMAN_BUNDLE_DIR") or DEFAULT_FOLDER)


def render(db: Database, user: User) -> None:
    st.header(_("Exports"))
    codes = [e.code for e in list_editions(db)]
    chosen = st.multiselect(_("Editions"), codes, default=codes, placeholder=_("Choose options"), key="export-editions")
    base_url = st.text_input(_("Address of the sites"), value="https://www.example.org", key="export-base-url")
    cols = st.columns(2)
    build = cols[0].button(_("Build"), key="export-build", type="primary")
    publish = cols[1].button(_("Build and publish"), key="export-publish")
    if build or publish:
        reports = []
        for code in chosen:
            try:
                report, _files = build_report(
                    db, code, bundles_folder() / code, actor=user, as_zip=True, base_url=base_url, publish=publish
                )
                reports.append(report)
            except WorkflowError as error:
                st.error(shown(error.message))
                break
        session.put("export-reports", reports)
    reports_shown = cast(list[BuildReport], session.get("export-reports") or [])
    for report in reports_shown:
        _report(report)


def _report(report: BuildReport) -> None:
    with st.container(border=True):
        st.subheader(report.edition)
        count = ngettext("{n} article", "{n} articles", report.articles).format(n=report.articles)
        st.caption(_("{count} · build {build}").format(count=count, build=report.build_id))
        if report.published:
            st.success(
                ngettext("{n} piece published", "{n} pieces published", report.published).format(n=report.published)
            )
        if not (report.added or report.changed or report.removed):
            st.info(_("Nothing changed since the last build."))
        for label, paths in ((_("New"), report.added), (_("Changed"), report.changed), (_("Removed"), report.removed)):
            if paths:
                st.markdown(f"**{label}:** " + ", ".join(plain(p) for p in paths))
        if report.zip_path is not None and report.zip_path.exists():
            st.download_button(
                _("Download the zip"),
                report.zip_path.read_bytes(),
                report.zip_path.name,
                "application/zip",
                key=f"export-zip-{report.edition}",
            )
