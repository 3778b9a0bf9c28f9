"""The audit log, filterable by edition, person, article and period."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import streamlit as st

from ui import paging
from ui.components import status_label, table
from ui.i18n import N_
from ui.session import gettext_ as _
from workflow import queries
from workflow.db import Database
from workflow.models import User

PAGE_SIZE = 100

#: what each logged action is called on the page (one not listed shows as its words)
ACTIONS = {
    "claim": N_("claimed"),
    "assign": N_("assigned"),
    "reassign": N_("reassigned"),
    "release": N_("released"),
    "expire": N_("lease ended"),
    "resume": N_("resumed"),
    "submit": N_("submitted"),
    "start_review": N_("review started"),
    "request_changes": N_("changes requested"),
    "approve": N_("approved"),
    "publish": N_("published"),
    "withdraw": N_("withdrawn"),
    "reinstate": N_("reinstated"),
    "source_changed": N_("source changed"),
    "minor_edit": N_("minor edit"),
    "mark_minor_edit": N_("marked a minor edit"),
    "import_approved": N_("imported approved"),
    "import_translation": N_("translation imported"),
    "import": N_("imported"),
    "comment": N_("comment"),
    "correction": N_("correction"),
    "urgent_correction": N_("urgent correction"),
    "embargo": N_("embargo"),
    "set_priority": N_("priority or deadline set"),
    "publish_edition": N_("edition published"),
    "mute": N_("warning muted"),
    "override": N_("finding overridden"),
    "override_requested": N_("override asked for"),
    "segment_accepted": N_("segment accepted"),
    "segment_flagged": N_("segment flagged"),
    "segment_unmarked": N_("segment mark taken back"),
    "glossary_changed": N_("glossary changed"),
    "glossary_imported": N_("glossary imported"),
    "user_created": N_("account created"),
    "roles_changed": N_("roles changed"),
    "languages_changed": N_("language pairs changed"),
    "editions_changed": N_("editions changed"),
    "edition_changed": N_("edition settings changed"),
    "password_changed": N_("password changed"),
}


def action_label(action: str) -> str:
    return _(ACTIONS[action]) if action in ACTIONS else action.replace("_", " ")


def render(db: Database, user: User) -> None:
    st.header(_("History"))
    cols = st.columns(5)
    edition = cols[0].selectbox(
        _("Edition"),
        ["", "en", "ar", "fa", "sq"],
        placeholder=_("Choose an option"),
        key="history-edition",
        format_func=lambda code: code or _("All"),
    )
    person = cols[1].text_input(_("Person (user name)"), key="history-person")
    slug = cols[2].text_input(_("Article (slug)"), key="history-slug")
    start = cols[3].date_input(_("From"), value=None, key="history-start")
    end = cols[4].date_input(_("To (inclusive)"), value=None, key="history-end")
    page = paging.page_number("history")
    rows = queries.audit_log(
        db,
        edition=edition or None,
        username=person.strip() or None,
        slug=slug.strip() or None,
        start=datetime.combine(start, time(0), tzinfo=UTC) if start else None,
        end=datetime.combine(end + timedelta(days=1), time(0), tzinfo=UTC) if end else None,
        limit=PAGE_SIZE + 1,
        offset=page * PAGE_SIZE,
    )
    has_more = len(rows) > PAGE_SIZE
    rows = rows[:PAGE_SIZE]
    columns = [
        _(c)
        for c in (
            N_("When"),
            N_("Who"),
            N_("Action"),
            N_("Article"),
            N_("Edition"),
            N_("From status"),
            N_("To status"),
            N_("Comment"),
        )
    ]
    table(  # the labels are translated once, not once per row; right to left in Arabic and Persian
        [
            dict(
                zip(
                    columns,
                    (
                        f"{e.at:%Y-%m-%d %H:%M}",
                        who or "—",
                        action_label(e.action),
                        s or "",
                        ed or "",
                        status_label(e.from_status) if e.from_status else "",
                        status_label(e.to_status) if e.to_status else "",
                        e.comment or "",
                    ),
                    strict=True,
                )
            )
            for e, who, s, ed in rows
        ],
        mirrored=True,
    )
    paging.controls("history", has_more)
