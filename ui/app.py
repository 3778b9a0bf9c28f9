"""Dragoman's dashboard: sign in, then the pages your roles allow. Thin: ``workflow`` decides everything."""

from __future__ import annotations

import importlib
import logging
import threading
from collections.abc import Callable

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from ui import session
from ui.components import page_style, role_label
from ui.i18n import INTERFACE_LANGUAGES, N_, direction, label
from ui.session import gettext_ as _
from ui.session import plain, shown
from ui.views import (
    account,
    articles,
    available,
    editions,
    editor,
    exports,
    glossary,
    history,
    my_work,
    notices,
    progress,
    reports,
    review,
    sign_in,
    users,
)
from workflow import queries
from workflow.db import Database, DatabaseUnavailable, describe_failure
from workflow.memory import MEMORY
from workflow.models import User
from workflow.notifications import unseen
from workflow.people import roles_of, set_interface_language
from workflow.signin import open_session

LOG = logging.getLogger("dragoman.dashboard")


@st.cache_resource
def database() -> Database:
    """One engine for every session of this process; the translation memory starts opening in the background
    (mapped from its shared file, or built by a child process), so the first editor never waits for it."""
    db = Database()
    try:
        MEMORY.warm(db)
    except Exception:  # a database not set up yet: the pages say so; the editor opens the memory later
        LOG.warning("the translation memory was not opened at start", exc_info=True)
    threading.Thread(target=_load_table_libraries, name="load-table-libraries", daemon=True).start()
    return db


def _load_table_libraries() -> None:
    """Streamlit imports pandas and pyarrow at the first table or component a page shows (0.4 s on our
    machines): load them in the background when the server starts, so that the first person does not wait."""
    for name in ("pandas", "pyarrow"):
        importlib.import_module(name)


def _page(render: Callable[[Database, User], None], db: Database, user: User) -> Callable[[], None]:
    def run() -> None:
        render(db, user)

    run.__name__ = render.__module__.rsplit(".", 1)[-1]
    return run


#: every page: url path, title, render function, and the roles that may use it (any of them)
PAGES: list[tuple[str, str, Callable[[Database, User], None], frozenset[str]]] = [
    ("available", N_("Available work"), available.render, frozenset({"translator"})),
    ("my-work", N_("My work"), my_work.render, frozenset({"translator"})),
    ("editor", N_("Editor"), editor.render, frozenset({"translator"})),
    ("review", N_("Review"), review.render, frozenset({"reviewer"})),
    ("progress", N_("Progress"), progress.render, frozenset({"editor", "admin"})),
    ("articles", N_("Articles"), articles.render, frozenset({"editor"})),
    ("reports", N_("Word counts"), reports.render, frozenset({"editor"})),
    ("history", N_("History"), history.render, frozenset({"editor"})),
    ("glossary", N_("Glossary"), glossary.render, frozenset({"editor"})),
    ("exports", N_("Exports"), exports.render, frozenset({"editor"})),
    ("users", N_("Users"), users.render, frozenset({"admin"})),
    ("editions", N_("Editions"), editions.render, frozenset({"admin"})),
    ("notifications", N_("Notifications"), notices.render, frozenset({"translator", "reviewer", "editor", "admin"})),
]


def allowed_pages(roles: set[str]) -> list[str]:
    """The url paths of the pages these roles may use, in menu order."""
    return [path for path, _title, _render, who in PAGES if who & roles]


def _not_yours(title: str, who: frozenset[str], roles: set[str]) -> Callable[[], None]:
    """What a page the person's roles do not open says: whose page it is, never that it does not exist."""

    def run() -> None:
        st.header(_(title))
        st.warning(
            _("This page is for: {roles}. Your account has: {yours}. An admin can give you the role.").format(
                roles=", ".join(role_label(r) for r in sorted(who)),
                yours=", ".join(role_label(r) for r in sorted(roles)) or "—",
            )
        )

    run.__name__ = f"not_yours_{title.lower().replace(' ', '_')}"
    return run


def pages_for(db: Database, user: User, roles: set[str]) -> list[st.Page]:
    """The pages the person's roles may use are in the menu; every other page's address says whose it is (its
    content is never run).
    """
    allowed = set(allowed_pages(roles))
    pages: list[st.Page] = []
    others = [
        st.Page(_not_yours(title, who, roles), title=_(title), url_path=path, visibility="hidden")
        for path, title, _render, who in PAGES
        if path not in allowed
    ]
    for path, title, render, _who in PAGES:
        if path in allowed:
            shown = _(title)
            if path == "notifications" and (count := unseen(db, user)):
                shown = f"{shown} ({count})"
            page = st.Page(_page(render, db, user), title=shown, url_path=path)
            if path == "editor":
                session.put("editor-page", page)
            if not pages:  # the first page is served at "/"; its own address must open it too, not "Page not found"
                pages.append(st.Page(_page(render, db, user), title=shown, url_path=path, visibility="hidden"))
                page = st.Page(_page(render, db, user), title=shown, url_path=f"{path}-home", default=True)
            pages.append(page)
    return pages + others


def language_picker(db: Database, user: User | None) -> None:
    current = session.interface_language()
    choice = st.sidebar.selectbox(
        _("Interface language"),
        INTERFACE_LANGUAGES,
        index=INTERFACE_LANGUAGES.index(current),
        format_func=label,
        placeholder=_("Choose an option"),
        key="interface-language",
    )
    if choice != current:
        session.set_interface_language(choice)
        if user is not None:
            set_interface_language(db, user, choice)  # kept on the account, for every browser
        st.rerun()


def signed_out_pages(db: Database) -> list[st.Page]:
    """For a visitor not signed in, every page's address shows the sign-in form (and, once signed in, the page
    asked for); nothing else about the dashboard is shown.
    """

    def form_at(path: str) -> Callable[[], None]:
        def form() -> None:
            sign_in.render(db)

        form.__name__ = f"sign_in_{path.replace('-', '_')}"
        return form

    home = st.Page(form_at("home"), title="Dragoman", url_path="sign-in", default=True)
    return [home, *(st.Page(form_at(path), title="Dragoman", url_path=path) for path, *_rest in PAGES)]


def run_page(page: st.Page) -> None:
    """Run the page; a failure (a database that went away, a full disk) is one sentence, never a traceback, and
    the page and what was typed in it stay.
    """
    try:
        page.run()
    except (SQLAlchemyError, DatabaseUnavailable) as error:
        LOG.exception("a page failed on the database")
        st.error(shown(describe_failure(error, database().url).message))
    except Exception as error:  # every other failure: logged in full for the admins, one sentence here
        LOG.exception("a page failed")
        st.error(
            _(
                "This did not work ({what}); nothing was lost, and you can try again. If it happens again, "
                "tell an admin."
            ).format(what=plain(type(error).__name__))
        )


def main() -> None:
    """The dashboard's script; every run that completes ends with a hidden mark of its number, which the
    real-browser tests wait on (a state, never a time).
    """
    with session.interface_for_run():
        _main()
    runs = int(str(session.get("runs") or 0)) + 1
    session.put("runs", runs)
    st.html(f'<div id="dragoman-run" data-run="{runs}" hidden></div>')


def _main() -> None:
    st.set_page_config(page_title="Dragoman", layout="wide")
    db = database()
    if not session.PIECE_NAMES:  # messages name pieces by title, not by number
        session.PIECE_NAMES.append(lambda piece_id: queries.piece_name(db, piece_id))
    try:
        ready = db.has_schema()
    except (SQLAlchemyError, DatabaseUnavailable) as error:
        st.error(shown(describe_failure(error, db.url).message))
        return
    if not ready:
        st.error(_("The database has no tables yet: run `dragoman init` (or `make run`)."))
        return
    user = session.current_user(db)
    if user is None:
        user = sign_in.sso_user(db)
        if user is not None:
            opened = open_session(db, user)
            session.remember(user, opened.token, opened.expires_at)
    if user is not None and session.get("language") is None and user.interface_language:
        session.put("language", user.interface_language)
        session.put("interface-language", user.interface_language)  # the picker shows it too
    page_style(direction(session.interface_language()), session.interface_language())
    if session.write_cookie():  # the browser is on its way to the server for its cookie, then back here
        st.caption(_("One moment…"))
        return
    session.write_language_cookie()
    language_picker(db, user)
    if user is None:
        run_page(st.navigation(signed_out_pages(db), position="hidden"))
        return
    roles = roles_of(db, user)
    if account.render_sidebar(db, user, roles):
        return  # signed out: the browser goes to the sign-in form
    flash = session.take_flash()
    if flash:
        kind, message = flash
        (st.success if kind == "success" else st.info)(message)
    run_page(st.navigation(pages_for(db, user, roles)))


if __name__ == "__main__":  # Streamlit runs the page as __main__; an import (e.g. by multiprocessing) must not
    main()
