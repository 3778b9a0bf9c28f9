"""The only module that touches ``st.session_state`` and the browser's cookie."""

from __future__ import annotations

import gettext
import json
import re
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from urllib.parse import urlencode, urlsplit

import streamlit as st

from ui.gateway import COOKIE, SIGNED_IN, SIGNED_OUT, hand_over
from ui.i18n import INTERFACE_LANGUAGES, translations
from workflow.db import Database
from workflow.messages import Message, translate
from workflow.models import User
from workflow.signin import resume

LANGUAGE_COOKIE = "dragoman_language"


def current_user(db: Database) -> User | None:
    """The signed-in person, checked against the database on every rerun: a session ended elsewhere (sign-out
    in another tab, a new password, a disabled account) signs this browser out at its next click.
    """
    token = st.session_state.get("token") or _cookie()
    user = resume(db, token)
    if user is None:
        st.session_state.pop("user", None)
        st.session_state.pop("token", None)
        return None
    st.session_state["user"] = user
    st.session_state["token"] = token
    return user


def _cookie() -> str | None:
    """The session token the browser sent (an HttpOnly cookie the server set), if any."""
    value = st.context.cookies.get(COOKIE)
    return value if isinstance(value, str) else None


def client_address() -> str | None:
    """The address of the browser this session talks to (sign-in throttling is per account and address)."""
    address = getattr(st.context, "ip_address", None)
    return address if isinstance(address, str) else None


def remember(user: User, token: str, expires_at: datetime) -> None:
    """Keep the person signed in in this browser until ``expires_at`` (a cookie set by the page)."""
    st.session_state["user"] = user
    st.session_state["token"] = token
    st.session_state["cookie"] = (token, expires_at)


def _here() -> str:
    """The path and query of the page this session shows, to come back to after the cookie is set."""
    parts = urlsplit(st.context.url or "/")
    return parts.path + (f"?{parts.query}" if parts.query else "")


def write_cookie() -> bool:
    """After a sign-in or sign-out, send the browser to the server to set or clear the HttpOnly session cookie
    (then back to this page); True when it was sent, and nothing else should be shown meanwhile.
    """
    pending = st.session_state.pop("cookie", None)
    if pending is None:
        return False
    token, expires_at = pending
    if token:
        target = f"{SIGNED_IN}?{urlencode({'code': hand_over(token, expires_at), 'next': _here()})}"
    else:
        target = f"{SIGNED_OUT}?{urlencode({'next': '/'})}"
    st.html(f"<script>window.location.replace({json.dumps(target)});</script>", unsafe_allow_javascript=True)
    return True


def forget() -> str | None:
    """Sign out in this browser; returns the token to end on the server."""
    token = st.session_state.pop("token", None)
    st.session_state.pop("user", None)
    st.session_state["cookie"] = (None, None)
    return token  # type: ignore[no-any-return]


def interface_language() -> str:
    """The interface language: chosen in this session, or kept in the browser's cookie, or English."""
    code = st.session_state.get("language")
    if code is None:
        cookie = st.context.cookies.get(LANGUAGE_COOKIE)
        code = cookie if isinstance(cookie, str) else "en"
    return code if code in INTERFACE_LANGUAGES else "en"


def set_interface_language(code: str) -> None:
    """Switch the interface language, and keep the choice in this browser for a year."""
    st.session_state["language"] = code
    st.session_state["language-cookie"] = code
    _language_changed()


def write_language_cookie() -> None:
    code = st.session_state.pop("language-cookie", None)
    if code in INTERFACE_LANGUAGES:
        value = f"{LANGUAGE_COOKIE}={code}; path=/; SameSite=Strict; max-age={365 * 24 * 3600}"
        st.html(f"<script>document.cookie = {json.dumps(value)};</script>", unsafe_allow_javascript=True)


class _ThisRun(threading.local):
    """The interface language's catalog, looked up once when a run of the script starts (a run is one thread)."""

    catalog: gettext.NullTranslations | None = None


_THIS_RUN = _ThisRun()


@contextmanager
def interface_for_run() -> Iterator[None]:
    """Look the interface language's catalog up once for the whole run of the script, not for every string
    (a fragment that runs on its own, and a language chosen during the run, look it up as they need)."""
    _THIS_RUN.catalog = translations(interface_language())
    try:
        yield
    finally:
        _THIS_RUN.catalog = None


def _language_changed() -> None:
    """The rest of this run speaks the language now chosen."""
    if _THIS_RUN.catalog is not None:
        _THIS_RUN.catalog = translations(interface_language())


def catalog() -> gettext.NullTranslations:
    """The interface language's catalog."""
    this_run = _THIS_RUN.catalog
    return this_run if this_run is not None else translations(interface_language())


def gettext_(message: str) -> str:
    """``message`` in the interface language."""
    return catalog().gettext(message)


#: how a piece is named to people, set by the app: its title and edition for its id (None: unknown)
PIECE_NAMES: list[Callable[[int], str | None]] = []


def _named(text: str) -> str:
    """A message that names a piece by its number names it by its title and edition instead."""
    if not isinstance(text, Message) or not PIECE_NAMES or not isinstance(text.params.get("piece"), int):
        return text
    name = PIECE_NAMES[0](int(text.params["piece"]))  # type: ignore[call-overload]
    return text if name is None else Message(text.template, {**text.params, "piece": name})


def translated(text: str) -> str:
    """A workflow message (an error, an import problem) in the interface language, as a sentence: the piece
    named by its title, and a first letter in capitals where the message starts with a word of its own.
    """
    said = translate(_named(text), catalog().gettext)
    if isinstance(text, Message) and not text.template.startswith("{") and said[:1].islower():
        said = said[0].upper() + said[1:]
    return said


_MARKUP = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~:$&=\"'/^@%;,?])")


def plain(text: object) -> str:
    """Text a person typed (a title, a reason, a name, a file name) for a place that reads Markdown: every
    ASCII punctuation mark escaped, so it shows as typed and can neither format, link, load an image, call an
    icon or a colour, nor start a formula; and an invisible word joiner in ``://``, ``www.`` and before ``@``,
    since Streamlit turns addresses into links even when their punctuation is escaped. Lines stay lines.

    >>> print(plain("![x](evil.example/p.png) :red[a] $x$"))
    \\!\\[x\\]\\(evil\\.example\\/p\\.png\\) \\:red\\[a\\] \\$x\\$
    """
    unlinked = str(text).replace("://", ":\u2060//").replace("www.", "www\u2060.").replace("@", "\u2060@")
    return _MARKUP.sub(r"\\\1", unlinked).replace("\n", "  \n")


def isolated(text: str) -> str:
    """Text a person typed, set inside a sentence in another language: its own direction, isolated (FSI … PDI),
    so that a Persian reason after "Changes requested:" neither reorders the English words nor is reordered.
    """
    return f"\u2068{text}\u2069"


def shown(text: str) -> str:
    """A workflow message in the interface language, for a place that reads Markdown (see :func:`plain`)."""
    return plain(translated(text))


def ngettext(singular: str, plural: str, n: int) -> str:
    """The right plural form of a message for ``n`` (Arabic has six)."""
    return catalog().ngettext(singular, plural, n)


def flash(message: str, kind: str = "success") -> None:
    """A message to show once on the next run (after st.rerun)."""
    st.session_state["flash"] = (kind, message)


def take_flash() -> tuple[str, str] | None:
    return st.session_state.pop("flash", None)  # type: ignore[no-any-return]


def get(key: str, default: object = None) -> object:
    return st.session_state.get(key, default)


def put(key: str, value: object) -> None:
    st.session_state[key] = value
    if key == "language":
        _language_changed()
