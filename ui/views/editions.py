"""Edition settings, for admins: review policy, lease lengths, digit style, calendar, check severities."""

from __future__ import annotations

import streamlit as st

from ui.i18n import N_
from ui.session import gettext_ as _
from ui.session import plain, shown, translated
from workflow.checks import CHECKS
from workflow.db import Database
from workflow.editions import list_editions, update_edition
from workflow.errors import WorkflowError
from workflow.languages import Calendar, DigitStyle, ReviewPolicy
from workflow.models import User


def render(db: Database, user: User) -> None:
    st.header(_("Editions"))
    for edition in list_editions(db):
        with st.expander(f"{plain(edition.name)} ({edition.code})", key=f"edition-{edition.code}"):
            policies = [p.value for p in ReviewPolicy]
            digits = [d.value for d in DigitStyle]
            calendars = [c.value for c in Calendar]
            policy = st.selectbox(
                _("Review policy"),
                policies,
                index=policies.index(edition.review_policy),
                placeholder=_("Choose an option"),
                key=f"policy-{edition.code}",
            )
            translation = st.number_input(
                _("Translation lease (hours)"),
                min_value=1,
                max_value=1440,
                value=edition.translation_lease_hours,
                key=f"tlease-{edition.code}",
            )
            review = st.number_input(
                _("Review lease (hours)"),
                min_value=1,
                max_value=1440,
                value=edition.review_lease_hours,
                key=f"rlease-{edition.code}",
            )
            digit = st.selectbox(
                _("Digits"),
                digits,
                index=digits.index(edition.digit_style),
                placeholder=_("Choose an option"),
                key=f"digits-{edition.code}",
            )
            calendar = st.selectbox(
                _("Calendar"),
                calendars,
                index=calendars.index(edition.calendar),
                placeholder=_("Choose an option"),
                key=f"calendar-{edition.code}",
            )
            if st.button(_("Save"), key=f"save-edition-{edition.code}"):
                try:
                    update_edition(
                        db,
                        user,
                        edition.code,
                        review_policy=policy,
                        translation_lease_hours=int(translation),
                        review_lease_hours=int(review),
                        digit_style=digit,
                        calendar=calendar,
                    )
                    st.success(_("Done."))
                except WorkflowError as error:
                    st.error(shown(error.message))
    _check_severities(db, user)


SEVERITY_LABELS = {"error": N_("error"), "warning": N_("warning"), "off": N_("off")}


def _check_severities(db: Database, user: User) -> None:
    """Each quality check's severity per edition: errors block submission, warnings inform, off is off."""
    st.subheader(_("Quality checks"))
    editions = list_editions(db)
    st.dataframe(
        [
            {
                _("Check"): check.id,
                _("Description"): translated(check.description),
                **{
                    e.code: _(SEVERITY_LABELS[(e.check_severities or {}).get(check.id, check.severity)])
                    for e in editions
                },
            }
            for check in CHECKS.values()
        ],
        hide_index=True,
    )
    codes = [e.code for e in editions]
    cols = st.columns(3)
    code = cols[0].selectbox(_("Edition"), codes, placeholder=_("Choose an option"), key="severity-edition")
    check = cols[1].selectbox(_("Check"), list(CHECKS), placeholder=_("Choose an option"), key="severity-check")
    severities = list(SEVERITY_LABELS)
    labels = {s: _(SEVERITY_LABELS[s]) for s in severities}  # in this run's language
    severity = cols[2].selectbox(
        _("Severity"),
        severities,
        placeholder=_("Choose an option"),
        key="severity-value",
        format_func=labels.__getitem__,
    )
    if st.button(_("Set the severity"), key="severity-save") and code and check and severity:
        current = dict(next(e for e in editions if e.code == code).check_severities or {})
        current[check] = severity
        try:
            update_edition(db, user, code, check_severities=current)
            st.rerun()
        except WorkflowError as error:
            st.error(shown(error.message))
