"""Users, for admins: create accounts, roles, language pairs and the editions an editor publishes, reset
passwords, disable.
"""

from __future__ import annotations

from functools import partial

import streamlit as st

from ui.components import role_label, run_action
from ui.session import gettext_ as _
from ui.session import plain
from workflow import people
from workflow.db import Database
from workflow.editions import list_editions
from workflow.models import User
from workflow.permissions import Role

ROLES = [r.value for r in Role]


def render(db: Database, user: User) -> None:
    st.header(_("Users"))
    for account, roles, pairs in people.list_users(db):
        state = _("disabled") if account.disabled else ""
        with st.expander(
            f"{plain(account.display_name)} ({plain(account.username)}) {state}", key=f"user-{account.username}"
        ):
            new_roles = st.multiselect(
                _("Roles"),
                ROLES,
                default=roles,
                format_func=role_label,
                placeholder=_("Choose options"),
                key=f"roles-{account.id}",
            )
            new_pairs = st.text_input(
                _("Language pairs"), value=" ".join(f"{s}->{t}" for s, t in pairs), key=f"pairs-{account.id}"
            )
            published: list[str] | None = None
            if Role.EDITOR.value in roles:  # who publishes which edition
                published = st.multiselect(
                    _("Publishes the editions"),
                    [e.code for e in list_editions(db)],
                    default=people.editions_of(db, account.username),
                    placeholder=_("Choose options"),
                    key=f"editions-{account.id}",
                )
            password = st.text_input(_("New password"), type="password", key=f"password-{account.id}")
            cols = st.columns(3)
            if cols[0].button(_("Save"), key=f"save-user-{account.id}"):
                run_action(partial(_save, db, user, account.username, new_roles, new_pairs, password, published))
            label = _("Enable") if account.disabled else _("Disable")
            if cols[1].button(label, key=f"disable-{account.id}"):
                run_action(partial(people.set_disabled, db, user, account.username, not account.disabled))
    st.subheader(_("New account"))
    with st.form("new-user"):
        username = st.text_input(_("User name"), key="new-username")
        name = st.text_input(_("Display name"), key="new-name")
        email = st.text_input(_("E-mail"), key="new-email")
        roles = st.multiselect(
            _("Roles"), ROLES, format_func=role_label, placeholder=_("Choose options"), key="new-roles"
        )
        pair_text = st.text_input(_("Language pairs"), placeholder="en->fa fa->en", key="new-pairs")
        password = st.text_input(_("Password"), type="password", key="new-password")
        if st.form_submit_button(_("Create account")):
            run_action(
                lambda: people.create_user(
                    db,
                    user,
                    username,
                    password,
                    display_name=name or None,
                    email=email or None,
                    roles=roles,
                    pairs=[people.parse_pair(p) for p in pair_text.split()],
                )
            )


def _save(
    db: Database, user: User, username: str, roles: list[str], pairs: str, password: str, published: list[str] | None
) -> None:
    people.set_roles(db, user, username, roles)
    people.set_languages(db, user, username, [people.parse_pair(p) for p in pairs.split()])
    if published is not None and Role.EDITOR.value in roles:
        people.set_editions(db, user, username, published)
    if password:
        people.set_password(db, user, username, password)
