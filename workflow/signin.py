"""Signing in: passwords with growing delays after failures, and sessions that survive a page reload.

A session is a random token (kept by the browser in an HttpOnly cookie) whose SHA-256 is stored; it lasts a
configurable time and ends at sign-out, when the password changes or the account is disabled. Failed
attempts for one account name from one client address block further attempts from there for a time that
doubles from the fifth failure on (5 s, 10 s, 20 s … up to 15 minutes); the owner elsewhere is not slowed.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import col, select

from workflow.db import Database
from workflow.errors import WorkflowError
from workflow.messages import msg
from workflow.models import SignInSession, SignInThrottle, User
from workflow.people import authenticate

FREE_FAILURES = 4
FIRST_DELAY = timedelta(seconds=5)
MAX_DELAY = timedelta(minutes=15)
DEFAULT_SESSION = timedelta(days=7)


class SignInBlocked(WorkflowError):
    """Too many failed attempts for this account: wait before trying again."""

    def __init__(self, until: datetime, now: datetime) -> None:
        self.until = until
        self.seconds = max(1, int((until - now).total_seconds()))
        super().__init__(msg("too many failed attempts; try again in {seconds} seconds", seconds=self.seconds))


@dataclass(frozen=True)
class SignedIn:
    """A successful sign-in: the person and the token for their browser's cookie."""

    user: User
    token: str
    expires_at: datetime


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def delay_after(failures: int) -> timedelta:
    """How long an account is blocked after ``failures`` failed attempts in a row.

    >>> [int(delay_after(n).total_seconds()) for n in (4, 5, 6, 7, 20)]
    [0, 5, 10, 20, 900]
    """
    if failures <= FREE_FAILURES:
        return timedelta(0)
    return min(MAX_DELAY, FIRST_DELAY * int(2 ** (failures - FREE_FAILURES - 1)))


def _client(address: str | None) -> str:
    """The client as the throttle keys it: its address, cut to the column's length ('' when unknown)."""
    return (address or "").strip()[:64]


def _reserve(db: Database, name: str, client: str, now: datetime) -> None:
    """Count this attempt as failed before the password is checked, in one locked step: parallel attempts
    see each other, and once the count blocks, none of them reaches the password check.
    Raises SignInBlocked (not counted) while this account is blocked for this client.
    """
    values = {"username": name, "client": client, "failures": 0, "last_at": now}
    dialect_insert = sqlite_insert if db.is_sqlite else postgresql_insert
    with db.write() as session:
        session.execute(dialect_insert(SignInThrottle).values(**values).on_conflict_do_nothing())
        record = session.exec(
            select(SignInThrottle)
            .where(SignInThrottle.username == name, SignInThrottle.client == client)
            .with_for_update()
        ).one()
        if record.blocked_until and record.blocked_until > now:
            raise SignInBlocked(record.blocked_until, now)
        record.failures += 1
        record.last_at = now
        delay = delay_after(record.failures)
        record.blocked_until = now + delay if delay else None
        session.add(record)


def sign_in(
    db: Database,
    username: str,
    password: str,
    *,
    client: str | None = None,
    lasts: timedelta = DEFAULT_SESSION,
) -> SignedIn | None:
    """Check the password and open a session; None if wrong. Raises SignInBlocked while the account is blocked
    for this ``client`` (its address): failures elsewhere never block the account's owner.
    """
    name = username.strip().lower()[:64]
    where = _client(client)
    now = db.now()
    _reserve(db, name, where, now)
    user = authenticate(db, name, password)
    if user is None:
        return None
    with db.write() as session:
        session.execute(
            delete(SignInThrottle).where(col(SignInThrottle.username) == name, col(SignInThrottle.client) == where)
        )
        token = secrets.token_urlsafe(32)
        session.add(SignInSession(token_hash=_digest(token), user_id=user.id, created_at=now, expires_at=now + lasts))  # type: ignore[arg-type]
        return SignedIn(user, token, now + lasts)


def open_session(db: Database, user: User, *, lasts: timedelta = DEFAULT_SESSION) -> SignedIn:
    """A session for a person already identified (single sign-on)."""
    now = db.now()
    token = secrets.token_urlsafe(32)
    with db.write() as session:
        session.add(SignInSession(token_hash=_digest(token), user_id=user.id, created_at=now, expires_at=now + lasts))  # type: ignore[arg-type]
    return SignedIn(user, token, now + lasts)


def resume(db: Database, token: str | None) -> User | None:
    """The person whose browser carries ``token``, if the session is valid and the account enabled."""
    if not token:
        return None
    now = db.now()
    with db.read() as session:
        row = session.exec(select(SignInSession).where(SignInSession.token_hash == _digest(token))).first()
        if row is None or row.ended_at is not None or row.expires_at <= now:
            return None
        user = session.get(User, row.user_id)
        return None if user is None or user.disabled else user


def sign_out(db: Database, token: str | None) -> None:
    """End the session this token belongs to."""
    if not token:
        return
    with db.write() as session:
        row = session.exec(select(SignInSession).where(SignInSession.token_hash == _digest(token))).first()
        if row is not None and row.ended_at is None:
            row.ended_at = db.now()
            session.add(row)


def user_by_email(db: Database, email: str) -> User | None:
    """The enabled account with this e-mail address (single sign-on maps identities this way)."""
    with db.read() as session:
        user = session.exec(select(User).where(User.email == email.strip().lower())).first()
        return None if user is None or user.disabled else user
