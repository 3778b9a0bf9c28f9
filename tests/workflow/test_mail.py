"""E-mail notices through a real SMTP server on 127.0.0.1 (aiosmtpd): at once, as a daily digest, or not at
all; in the person's interface language, right-to-left HTML for Arabic and Persian with a plain-text part."""

from __future__ import annotations

import email
import email.policy
from collections.abc import Iterator
from datetime import timedelta
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller
from sqlmodel import select

from tests.conftest import FakeClock
from tests.factories import PASSWORD
from tests.serving import free_port
from tests.workflow.flows import make_cast, piece_in
from workflow import actions, people, quality, queries
from workflow.db import Database
from workflow.errors import PermissionDenied
from workflow.mail import MailSettings, send_notices, set_email_mode
from workflow.models import User
from workflow.people import InvalidInput, create_user, set_interface_language
from workflow.permissions import CONSOLE
from workflow.status import Status


class Inbox:
    """What the SMTP server received: each message parsed, with its envelope's recipients."""

    def __init__(self) -> None:
        self.messages: list[tuple[list[str], EmailMessage]] = []
        self.refuse = False  # answer every message with a permanent failure

    async def handle_DATA(self, server: object, session: object, envelope: object) -> str:  # noqa: N802 (aiosmtpd's name)
        if self.refuse:
            return "554 Transaction failed"
        parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)  # type: ignore[attr-defined]
        self.messages.append((list(envelope.rcpt_tos), parsed))  # type: ignore[attr-defined, arg-type]
        return "250 OK"

    def to(self, address: str) -> list[EmailMessage]:
        return [m for rcpt, m in self.messages if address in rcpt]


@pytest.fixture
def smtp() -> Iterator[tuple[Inbox, MailSettings]]:
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()  # returns once the server answers
    yield inbox, MailSettings(host="127.0.0.1", port=port, sender="Dragoman <news@example.org>")
    controller.stop()


def _with_address(db: Database, username: str, language: str | None = None) -> None:
    with db.write() as session:
        user = session.exec(select(User).where(User.username == username)).one()
        user.email = f"{username}@example.org"
        session.add(user)
    if language:
        set_interface_language(db, people.get_user(db, username), language)


def _parts(message: EmailMessage) -> tuple[str, str]:
    text = message.get_body(preferencelist=("plain",))
    page = message.get_body(preferencelist=("html",))
    assert text is not None and page is not None
    return text.get_content(), page.get_content()


def test_changes_requested_reach_the_translator_at_once_and_once_only(
    db: Database, smtp: tuple[Inbox, MailSettings]
) -> None:
    inbox, settings = smtp
    cast = make_cast(db)
    _with_address(db, "tina")
    piece_in(db, cast, Status.CHANGES_REQUESTED, slug="library-opens")
    assert send_notices(db, settings) == 1
    (message,) = inbox.to("tina@example.org")
    text, page = _parts(message)
    assert "Changes requested on “The library opens” → fa: check paragraph 2" in text
    assert 'dir="ltr"' in page and message["Subject"].startswith("Dragoman: Changes requested")
    assert send_notices(db, settings) == 0  # nothing new: nothing sent


def test_a_persian_interface_gets_right_to_left_persian_mail(db: Database, smtp: tuple[Inbox, MailSettings]) -> None:
    inbox, settings = smtp
    cast = make_cast(db)
    _with_address(db, "tina", "fa")
    piece_in(db, cast, Status.APPROVED, slug="library-opens")
    send_notices(db, settings)
    (message,) = inbox.to("tina@example.org")
    text, page = _parts(message)
    assert message["Content-Language"] == "fa"
    assert '<html lang="fa" dir="rtl">' in page and 'dir="rtl"' in page.split("<body", 1)[1]
    assert "تأیید شد" in text or "تأیید" in text  # the approval notice in Persian
    assert "Approved" not in text


@pytest.mark.parametrize(("language", "direction"), [("ar", "rtl"), ("sq", "ltr"), ("en", "ltr")])
def test_each_interface_language_has_its_direction(
    db: Database, smtp: tuple[Inbox, MailSettings], language: str, direction: str
) -> None:
    inbox, settings = smtp
    cast = make_cast(db)
    _with_address(db, "tina", language)
    piece_in(db, cast, Status.APPROVED, slug="library-opens")
    send_notices(db, settings)
    (message,) = inbox.to("tina@example.org")
    assert f'<html lang="{language}" dir="{direction}">' in _parts(message)[1]


def test_a_digest_comes_once_a_day_with_everything_since(
    db: Database, clock: FakeClock, smtp: tuple[Inbox, MailSettings]
) -> None:
    inbox, settings = smtp
    cast = make_cast(db)
    _with_address(db, "tina")
    set_email_mode(db, cast.translator, "tina", "digest")
    piece_in(db, cast, Status.CHANGES_REQUESTED, slug="first")
    piece_in(db, cast, Status.APPROVED, slug="second")
    assert send_notices(db, settings) == 0  # not a day yet
    clock.advance(days=1)
    assert send_notices(db, settings) == 1
    (digest,) = inbox.to("tina@example.org")
    text, _page = _parts(digest)
    assert digest["Subject"] == "Dragoman: your daily digest (2)"
    assert "Changes requested on “The library opens”" in text and "Approved: “The library opens”" in text
    clock.advance(hours=23)
    assert send_notices(db, settings) == 0


def test_none_and_no_address_get_nothing(db: Database, smtp: tuple[Inbox, MailSettings]) -> None:
    inbox, settings = smtp
    cast = make_cast(db)
    _with_address(db, "omid")
    set_email_mode(db, CONSOLE, "omid", "none")
    piece_in(db, cast, Status.CHANGES_REQUESTED)  # tina has no address
    actions.assign(db, cast.editor, piece_in(db, cast, Status.OPEN, slug="other"), "omid")  # omid chose none
    assert send_notices(db, settings) == 0 and inbox.messages == []


def test_an_expiring_lease_is_told_once(db: Database, clock: FakeClock, smtp: tuple[Inbox, MailSettings]) -> None:
    inbox, settings = smtp
    cast = make_cast(db)
    _with_address(db, "tina")
    piece_in(db, cast, Status.IN_TRANSLATION)
    lease = queries.my_work(db, cast.translator)[0].lease_expires_at
    assert lease is not None
    clock.current = lease - timedelta(hours=2)
    assert send_notices(db, settings) == 1
    assert "ends in 2 h" in _parts(inbox.to("tina@example.org")[0])[0]
    clock.advance(minutes=30)
    assert send_notices(db, settings) == 0


def test_reviewers_hear_of_override_requests(db: Database, smtp: tuple[Inbox, MailSettings]) -> None:
    inbox, settings = smtp
    cast = make_cast(db)
    _with_address(db, "rana")
    _with_address(db, "tina")
    piece_id = piece_in(db, cast, Status.IN_TRANSLATION)
    segment = next(r for r in queries.piece_segments(db, piece_id) if r.kind == "paragraph")
    wrong = "بند ۲ از library-opens می‌گوید در روز ۲ چه شد."  # the source's day 1 is missing: a numbers error
    actions.save_segment(db, cast.translator, segment.segment_id, wrong, segment.version)
    quality.request_override(db, cast.translator, segment.segment_id, "numbers", "a name, the same in Persian")
    send_notices(db, settings)
    (message,) = inbox.to("rana@example.org")
    assert "An override is asked for on “The library opens” → fa: a name, the same in Persian" in _parts(message)[0]
    assert inbox.to("tina@example.org") == []  # not to the one who asked


@pytest.mark.parametrize(
    ("actor", "target", "mode", "error"),
    [
        ("tina", "omid", "none", PermissionDenied),  # somebody else's choice
        ("tina", "tina", "hourly", InvalidInput),
        ("tina", "nobody", "none", Exception),
    ],
)
def test_a_choice_is_ones_own_and_one_of_three(db: Database, actor: str, target: str, mode: str, error: type) -> None:
    make_cast(db)
    with pytest.raises(error):
        set_email_mode(db, people.get_user(db, actor), target, mode)


def test_an_admin_chooses_for_others(db: Database) -> None:
    make_cast(db)
    admin = create_user(db, CONSOLE, "ada", PASSWORD, roles=["admin"])
    set_email_mode(db, admin, "tina", "digest")
    assert people.get_user(db, "tina").email_mode == "digest"


def test_settings_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DRAGOMAN_SMTP_HOST", raising=False)
    assert MailSettings.from_env() is None
    monkeypatch.setenv("DRAGOMAN_SMTP_HOST", "mail.example.org")
    monkeypatch.setenv("DRAGOMAN_SMTP_TLS", "ssl")
    monkeypatch.setenv("DRAGOMAN_MAIL_FROM", "Newsroom <news@example.org>")
    found = MailSettings.from_env()
    assert found is not None and (found.port, found.tls, found.sender) == (465, "ssl", "Newsroom <news@example.org>")
    monkeypatch.setenv("DRAGOMAN_SMTP_TLS", "maybe")
    with pytest.raises(ValueError, match="DRAGOMAN_SMTP_TLS"):
        MailSettings.from_env()


def test_a_refused_message_is_sent_in_a_later_round(db: Database, smtp: tuple[Inbox, MailSettings]) -> None:
    from workflow.mail import MailError
    from workflow.worker import run_once

    inbox, settings = smtp
    cast = make_cast(db)
    _with_address(db, "tina")
    piece_in(db, cast, Status.CHANGES_REQUESTED)
    inbox.refuse = True
    with pytest.raises(MailError, match=r"refused the message to tina@example\.org"):
        send_notices(db, settings)
    failed = run_once(db, settings)  # the worker says so and goes on
    assert failed.mails is None and failed.mail_error and "554" in failed.mail_error
    inbox.refuse = False
    assert run_once(db, settings).mails == 1 and len(inbox.to("tina@example.org")) == 1


def test_no_server_sends_nothing_and_forgets_nothing(db: Database, smtp: tuple[Inbox, MailSettings]) -> None:
    from workflow.mail import MailError

    _inbox, settings = smtp
    cast = make_cast(db)
    _with_address(db, "tina")
    piece_in(db, cast, Status.CHANGES_REQUESTED)
    nowhere = MailSettings(host="127.0.0.1", port=free_port())
    with pytest.raises(MailError, match="cannot be used"):
        send_notices(db, nowhere)
    assert send_notices(db, settings) == 1  # still owed, sent once the server is back
