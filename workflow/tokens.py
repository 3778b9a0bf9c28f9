"""API tokens: how a program (a newsroom's CMS, a script) acts as a person through the HTTP API.

A token's secret is shown once, when it is made; Dragoman keeps its SHA-256 (a token is 32 random bytes, so a
slow hash adds nothing), its first characters to tell it apart in a list, its name, and until when it holds.
Every call made with it acts as its person: the same permissions, four eyes and leases as in the dashboard.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session, col, select

from workflow.characters import stored
from workflow.db import Database
from workflow.errors import NotFound, PermissionDenied
from workflow.messages import N_, msg
from workflow.models import ApiToken, User
from workflow.people import InvalidInput
from workflow.permissions import ActingUser, Actor, Role, load_actor
from workflow.pieces import log

PREFIX = "dgm_"
SHOWN = 12  # characters of a token kept in clear, to tell tokens apart
LONGEST_DAYS = 3650
USED_EVERY = timedelta(minutes=1)  # how often a token's last use is written (not on every call)


@dataclass(frozen=True)
class NewToken:
    """A token just made: its id, its secret (shown this once, never stored) and until when it holds."""

    id: int
    secret: str
    expires_at: datetime | None


@dataclass(frozen=True)
class TokenRow:
    """A token as a list shows it: never its secret."""

    id: int
    username: str
    name: str
    prefix: str
    created_at: datetime
    expires_at: datetime | None
    revoked_at: datetime | None
    last_used_at: datetime | None


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _owner(session: Session, username: str) -> User:
    user = session.exec(select(User).where(User.username == username)).first()
    if user is None:
        raise NotFound(msg("there is no user called {user}", user=username))
    return user


def _may_manage(acting: Actor, owner_id: int, doing: str) -> None:
    """A person manages their own tokens; an admin (or the console) anybody's."""
    if acting.id != owner_id and not acting.has(Role.ADMIN):
        raise PermissionDenied(
            msg("{user} may not {doing}: only its owner or an admin may", user=acting.username, doing=doing)
        )


def create_token(
    db: Database, actor: ActingUser, username: str, *, name: str = "", expires_days: int | None = None
) -> NewToken:
    """Make a token for ``username`` (oneself, or anybody as an admin) that holds ``expires_days`` days (None:
    until revoked); logged without its secret.
    """
    name = stored(name, N_("the token's name")).strip()[:100]
    if expires_days is not None and not 1 <= expires_days <= LONGEST_DAYS:
        raise InvalidInput(msg("a token holds from 1 to {most} days, not {days}", most=LONGEST_DAYS, days=expires_days))
    secret = PREFIX + secrets.token_urlsafe(32)
    with db.write() as session:
        now = db.now()
        acting = load_actor(session, actor)
        owner = _owner(session, username)
        _may_manage(acting, owner.id or 0, N_("make a token for another person"))
        if owner.disabled:
            raise InvalidInput(msg("{user} is disabled: enable the account first", user=username))
        expires = now + timedelta(days=expires_days) if expires_days is not None else None
        token = ApiToken(
            user_id=owner.id or 0,
            name=name,
            prefix=secret[:SHOWN],
            token_hash=_digest(secret),
            created_at=now,
            expires_at=expires,
        )
        session.add(token)
        session.flush()
        log(session, now, acting, "token_created", detail={"token": token.id, "user": username, "name": name})
        return NewToken(token.id or 0, secret, expires)


def revoke_token(db: Database, actor: ActingUser, token_id: int) -> None:
    """End a token now (its owner or an admin); calls made with it are refused from then on. Logged."""
    with db.write() as session:
        now = db.now()
        acting = load_actor(session, actor)
        token = session.get(ApiToken, token_id)
        if token is None:
            raise NotFound(msg("there is no token {token}", token=token_id))
        _may_manage(acting, token.user_id, N_("revoke another person's token"))
        if token.revoked_at is None:
            token.revoked_at = now
            session.add(token)
        log(session, now, acting, "token_revoked", detail={"token": token_id})


def list_tokens(db: Database, actor: ActingUser, username: str | None = None) -> list[TokenRow]:
    """Tokens, newest first, without secrets: one's own, or (an admin) everybody's or ``username``'s."""
    with db.read() as session:
        acting = load_actor(session, actor)
        query = select(ApiToken, User.username).join(User, col(User.id) == ApiToken.user_id)
        if username is not None:
            owner = _owner(session, username)
            _may_manage(acting, owner.id or 0, N_("list another person's tokens"))
            query = query.where(ApiToken.user_id == owner.id)
        elif not acting.has(Role.ADMIN):
            query = query.where(ApiToken.user_id == acting.id)
        rows = session.exec(query.order_by(col(ApiToken.id).desc())).all()
        return [
            TokenRow(t.id or 0, name, t.name, t.prefix, t.created_at, t.expires_at, t.revoked_at, t.last_used_at)
            for t, name in rows
        ]


def token_user(db: Database, secret: str | None) -> User | None:
    """The person a token acts as, if it holds (known, not revoked, not expired, the account enabled); None
    otherwise. Notes when it was used, at most once a minute.
    """
    if not secret or not secret.startswith(PREFIX) or len(secret) > 200:
        return None
    with db.read() as session:
        found = session.exec(
            select(ApiToken, User)
            .join(User, col(User.id) == ApiToken.user_id)
            .where(ApiToken.token_hash == _digest(secret))
        ).first()
    if found is None:
        return None
    token, user = found
    now = db.now()
    if token.revoked_at is not None or (token.expires_at is not None and token.expires_at <= now) or user.disabled:
        return None
    if token.last_used_at is None or now - token.last_used_at >= USED_EVERY:
        with db.write() as session:
            fresh = session.get(ApiToken, token.id)
            if fresh is not None:
                fresh.last_used_at = now
                session.add(fresh)
    return user
