"""Dragoman's dashboard: sign in, then the pages your roles allow. Thin: ``workflow`` decides everything."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from ui import session
from ui.components import page_style
from ui.i18n import INTERFACE_LANGUAGES, direction, label
from ui.pages import account, available, editor, my_work, notices, progress, review, sign_in
from ui.session import gettext_ as _
from workflow.db import Database
from workflow.models import User
from workflow.people import roles_of


@st.cache_resource
def database() -> Database:
    """One engine for every session of this process."""
    return Database()


def _page(render: Callable[[Database, User], None], db: Database, user: User) -> Callable[[], None]:
    def run() -> None:
        render(db, user)

    run.__name__ = render.__module__.rsplit(".", 1)[-1]
    return run


def pages_for(db: Database, user: User, roles: set[str]) -> list[st.Page]:
    """Only the pages the person's roles may use are registered; a page not registered cannot be opened."""
    pages: list[st.Page] = []
    if "translator" in roles:
        pages.append(st.Page(_page(available.render, db, user), title=_("Available work"), url_path="available"))
        pages.append(st.Page(_page(my_work.render, db, user), title=_("My work"), url_path="my-work"))
        editor_page = st.Page(_page(editor.render, db, user), title=_("Editor"), url_path="editor")
        session.put("editor-page", editor_page)
        pages.append(editor_page)
    if "reviewer" in roles:
        pages.append(st.Page(_page(review.render, db, user), title=_("Review"), url_path="review"))
    if roles & {"editor", "admin"}:
        pages.append(st.Page(_page(progress.render, db, user), title=_("Progress"), url_path="progress"))
    pages.append(st.Page(_page(notices.render, db, user), title=_("Notifications"), url_path="notifications"))
    return pages


def language_picker() -> None:
    current = session.interface_language()
    choice = st.sidebar.selectbox(
        _("Interface language"),
        INTERFACE_LANGUAGES,
        index=INTERFACE_LANGUAGES.index(current),
        format_func=label,
        key="interface-language",
    )
    if choice != current:
        session.set_interface_language(choice)
        st.rerun()


def main() -> None:
    st.set_page_config(page_title="Dragoman", layout="wide")
    page_style(direction(session.interface_language()))
    db = database()
    if not db.has_schema():
        st.error(_("The database has no tables yet: run `dragoman init` (or `make run`)."))
        return
    session.write_cookie()
    session.write_language_cookie()
    language_picker()
    user = session.current_user(db)
    if user is None:
        sign_in.render(db)  # whatever page was asked for: sign in first
        return
    roles = roles_of(db, user)
    if account.render_sidebar(db, user, roles):
        sign_in.render(db)
        return
    flash = session.take_flash()
    if flash:
        kind, message = flash
        (st.success if kind == "success" else st.info)(message)
    st.navigation(pages_for(db, user, roles)).run()


if __name__ == "__main__":  # Streamlit runs the page as __main__; an import (e.g. by multiprocessing) must not
    main()
