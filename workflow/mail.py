"""E-mail: the notices of the dashboard sent to each person who chose so, at once or as a daily digest, in
their interface language (HTML right-to-left for Arabic and Persian, with a plain-text part), over SMTP.

SMTP is set in the environment: ``DRAGOMAN_SMTP_HOST`` (no host: no e-mail), ``DRAGOMAN_SMTP_PORT`` (25),
``DRAGOMAN_SMTP_USER`` and ``DRAGOMAN_SMTP_PASSWORD``, ``DRAGOMAN_SMTP_TLS`` (``starttls``, ``ssl`` or
``none``), ``DRAGOMAN_MAIL_FROM``, and ``DRAGOMAN_DASHBOARD_URL`` for the link in each message.
``dragoman worker`` sends them.
"""

from __future__ import annotations

import html
import os
import smtplib
import ssl
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import formataddr, make_msgid

from sqlalchemy.exc import IntegrityError
from sqlmodel import col, select

from workflow.db import Database
from workflow.errors import NotFound
from workflow.interface_catalogs import translations
from workflow.languages import language
from workflow.messages import N_, msg, quoted
from workflow.models import MailedNotice, User
from workflow.notifications import MESSAGES, Notification, notifications
from workflow.people import InvalidInput
from workflow.permissions import ActingUser, Role, load_actor

__all__ = ["MODES", "MailSettings", "compose", "send_notices", "set_email_mode"]

MODES = ("immediate", "digest", "none")
DIGEST_EVERY = timedelta(days=1)
LOOK_BACK = timedelta(days=2)  # notices this old still go out after the worker was down


@dataclass(frozen=True)
class MailSettings:
    """Where and how to send: the SMTP server, its login, TLS, the sender, and the dashboard's address."""

    host: str
    port: int = 25
    user: str | None = None
    password: str | None = None
    tls: str = "none"
    sender: str = "Dragoman <dragoman@localhost>"
    dashboard: str = "http://127.0.0.1:8501"

    @classmethod
    def from_env(cls) -> MailSettings | None:
        """The settings in the environment; None when no SMTP host is set."""
        host = os.environ.get("DRAGOMAN_SMTP_HOST")
        if not host:
            return None
        tls = os.environ.get("DRAGOMAN_SMTP_TLS", "none").lower()
        if tls not in ("starttls", "ssl", "none"):
            raise ValueError(f"DRAGOMAN_SMTP_TLS must be starttls, ssl or none, not {tls!r}")
        return cls(
            host=host,
            port=int(os.environ.get("DRAGOMAN_SMTP_PORT") or (465 if tls == "ssl" else 25)),
            user=os.environ.get("DRAGOMAN_SMTP_USER") or None,
            password=os.environ.get("DRAGOMAN_SMTP_PASSWORD") or None,
            tls=tls,
            sender=os.environ.get("DRAGOMAN_MAIL_FROM") or cls.sender,
            dashboard=os.environ.get("DRAGOMAN_DASHBOARD_URL") or cls.dashboard,
        )


def set_email_mode(db: Database, actor: ActingUser, username: str, mode: str) -> None:
    """How a person hears of their notices by e-mail: ``immediate``, ``digest`` (daily) or ``none``; one's
    own choice, or anybody's as an admin.
    """
    if mode not in MODES:
        raise InvalidInput(msg("choose immediate, digest or none, not {mode}", mode=quoted(mode)))
    with db.write() as session:
        acting = load_actor(session, actor)
        user = session.exec(select(User).where(User.username == username)).first()
        if user is None:
            raise NotFound(msg("there is no user called {name}", name=username))
        if user.id != acting.id and not acting.has(Role.ADMIN):
            from workflow.errors import PermissionDenied

            raise PermissionDenied(N_("only an admin chooses how somebody else is told"))
        user.email_mode = mode
        if mode == "digest" and user.digest_sent_at is None:
            user.digest_sent_at = db.now()  # the first digest a day from now, of what came since
        session.add(user)


def _lines(found: list[Notification], code: str) -> list[tuple[str, str]]:
    """Each notice as (when, what) in the reader's language."""
    catalog = translations(code)
    rows = []
    for notice in found:
        template = catalog.gettext(MESSAGES[notice.kind])
        text = template.format(title=f"“{notice.title}”", edition=notice.edition, detail=notice.detail or "")
        rows.append((f"{notice.at:%Y-%m-%d %H:%M} UTC", text))
    return rows


def compose(user: User, found: list[Notification], settings: MailSettings, *, digest: bool) -> EmailMessage:
    """One message to ``user`` with ``found``: a subject, a plain-text part and an HTML part in their interface
    language, right-to-left for Arabic and Persian.
    """
    code = user.interface_language or "en"
    catalog = translations(code)
    if digest:
        subject = catalog.gettext(N_("Dragoman: your daily digest ({count})")).format(count=len(found))
    elif len(found) == 1:
        subject = "Dragoman: " + _lines(found, code)[0][1]
    else:
        subject = catalog.gettext(N_("Dragoman: {count} new notices")).format(count=len(found))
    rows = _lines(found, code)
    opening = catalog.gettext(N_("Open Dragoman"))
    stop = catalog.gettext(N_("Choose how you hear from Dragoman on its Notifications page."))
    greeting = catalog.gettext(N_("Hello {name},")).format(name=user.display_name)
    direction = language(code).direction
    message = EmailMessage()
    message["Subject"] = subject.replace("\n", " ")[:200]
    message["From"] = settings.sender
    message["To"] = formataddr((user.display_name, user.email or ""))
    message["Message-ID"] = make_msgid(domain="dragoman")
    text = "\n".join(
        [greeting, "", *(f"- {when}: {what}" for when, what in rows), "", f"{opening}: {settings.dashboard}", "", stop]
    )
    message.set_content(text)
    items = "".join(
        f'<li><span dir="ltr">{html.escape(when)}</span>: <bdi>{html.escape(what)}</bdi></li>' for when, what in rows
    )
    align = "right" if direction == "rtl" else "left"
    link = html.escape(settings.dashboard, quote=True)
    page = (
        f'<!DOCTYPE html><html lang="{code}" dir="{direction}"><head><meta charset="utf-8">'
        f"<title>{html.escape(message['Subject'])}</title></head>"
        f'<body dir="{direction}" style="font-family: sans-serif; text-align: {align}">'
        f"<p>{html.escape(greeting)}</p><ul>{items}</ul>"
        f'<p><a href="{link}">{html.escape(opening)}</a></p>'
        f"<p><small>{html.escape(stop)}</small></p></body></html>"
    )
    message.add_alternative(page, subtype="html")
    message["Content-Language"] = code  # after the parts: setting content clears Content-* headers
    return message


class MailError(Exception):
    """The SMTP server could not be reached or refused a message: what, and that it will be tried again."""


def _connect(settings: MailSettings) -> smtplib.SMTP:
    """A connection to the SMTP server, secured and logged in as the settings say."""
    if settings.tls == "ssl":
        server: smtplib.SMTP = smtplib.SMTP_SSL(
            settings.host, settings.port, timeout=30, context=ssl.create_default_context()
        )
    else:
        server = smtplib.SMTP(settings.host, settings.port, timeout=30)
    if settings.tls == "starttls":
        server.starttls(context=ssl.create_default_context())
    if settings.user:
        server.login(settings.user, settings.password or "")
    return server


def _unsent(db: Database, user: User, found: list[Notification]) -> list[Notification]:
    with db.read() as session:
        sent = set(
            session.exec(
                select(MailedNotice.kind, MailedNotice.piece_id, MailedNotice.at).where(MailedNotice.user_id == user.id)
            ).all()
        )
    return [n for n in found if (n.kind, n.piece_id, n.at) not in sent]


def _record(db: Database, user: User, found: list[Notification], *, digest: bool) -> bool:
    """Remember what goes out (False when another worker just sent it)."""
    now = db.now()
    try:
        with db.write() as session:
            for n in found:
                session.add(MailedNotice(user_id=user.id or 0, kind=n.kind, piece_id=n.piece_id, at=n.at, sent_at=now))
            if digest:
                row = session.get(User, user.id)
                if row is not None:
                    row.digest_sent_at = now
                    session.add(row)
    except IntegrityError:
        return False
    return True


def _unrecord(db: Database, user: User, found: list[Notification], digest_was: datetime | None, digest: bool) -> None:
    """Forget what did not go out, so that the next round sends it."""
    with db.write() as session:
        for n in found:
            row = session.exec(
                select(MailedNotice).where(
                    MailedNotice.user_id == user.id,
                    MailedNotice.kind == n.kind,
                    MailedNotice.piece_id == n.piece_id,
                    MailedNotice.at == n.at,
                )
            ).first()
            if row is not None:
                session.delete(row)
        if digest:
            stored = session.get(User, user.id)
            if stored is not None:
                stored.digest_sent_at = digest_was
                session.add(stored)


def send_notices(db: Database, settings: MailSettings) -> int:
    """Send each person with an address what they have not been sent: at once, or a digest a day after the
    last; returns how many messages went. Each message's notices are recorded before it goes (so two workers
    never send one twice) and forgotten again when the server refuses it; MailError then says why, and the
    next round tries again.
    """
    now = db.now()
    with db.read() as session:
        people = list(
            session.exec(
                select(User).where(
                    col(User.email).is_not(None), col(User.disabled).is_(False), col(User.email_mode) != "none"
                )
            ).all()
        )
    due = []
    for user in people:
        digest = user.email_mode == "digest"
        if digest and user.digest_sent_at is not None and now - user.digest_sent_at < DIGEST_EVERY:
            continue
        since = user.digest_sent_at if digest and user.digest_sent_at else now - LOOK_BACK
        found = _unsent(db, user, notifications(db, user, since=since))
        if found:
            due.append((user, sorted(found, key=lambda n: n.at), digest))
        elif digest:
            _record(db, user, [], digest=True)  # nothing today: the next digest a day from now
    if not due:
        return 0
    where = f"{settings.host}:{settings.port}"
    try:
        server = _connect(settings)
    except (smtplib.SMTPException, OSError) as error:
        raise MailError(
            f"the SMTP server {where} cannot be used ({error}); nothing was sent, it is tried again"
        ) from None
    sent = 0
    with server:
        for user, found, digest in due:
            digest_was = user.digest_sent_at
            if not _record(db, user, found, digest=digest):
                continue  # another worker is sending these
            try:
                server.send_message(compose(user, found, settings, digest=digest))
            except (smtplib.SMTPException, OSError) as error:
                _unrecord(db, user, found, digest_was, digest)
                raise MailError(
                    f"the SMTP server {where} refused the message to {user.email} ({error}); it is tried again"
                ) from None
            sent += 1
    return sent
