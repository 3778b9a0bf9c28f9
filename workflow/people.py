"""Accounts: create, sign in, roles, language pairs, passwords (argon2id), disable."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, update
from sqlmodel import Session, col, select

from workflow.characters import stored
from workflow.db import Database
from workflow.errors import NotFound, WorkflowError
from workflow.languages import CODES
from workflow.messages import N_, msg, quoted
from workflow.models import Edition, EditionEditor, LanguagePair, SignInSession, User, UserRole
from workflow.permissions import ActingUser, Role, load_actor, require_role
from workflow.pieces import log

_HASHER = PasswordHasher()  # argon2id with the library's recommended parameters
_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")
_PAIR = re.compile(r"^([a-z]{2})\s*(?:->|→|>|:)\s*([a-z]{2})$")
MIN_PASSWORD = 8


class InvalidInput(WorkflowError):
    """A value a person typed that Dragoman cannot accept; the message says how to fix it."""


def require_strong(password: str, username: str) -> None:
    """Refuse a password that is short, only spaces, holds the user name, or is easy to guess (zxcvbn's
    estimate below 2 of 4: common passwords, keyboard runs, repeats, dates, names).
    """
    if len(password) < MIN_PASSWORD:
        raise InvalidInput(msg("the password is too short: use at least {count} characters", count=MIN_PASSWORD))
    if not password.strip():
        raise InvalidInput(N_("the password is only spaces; use a phrase of several words"))
    if username and username.lower() in password.lower():
        raise InvalidInput(N_("the password holds the user name; choose one that does not"))
    from zxcvbn import zxcvbn  # its word lists load on first use, not with every command

    estimate = zxcvbn(password[:100], user_inputs=[username] if username else [])
    if estimate["score"] < 2:
        warning = estimate["feedback"]["warning"] or "it is one of the first guesses an attacker tries"
        raise InvalidInput(
            msg("the password is too easy to guess ({warning}); use a phrase of several words", warning=warning)
        )


def hash_password(password: str, username: str = "") -> str:
    """An argon2id hash of ``password``, which must be strong enough (see :func:`require_strong`)."""
    require_strong(password, username)
    return _HASHER.hash(password)


def _end_sessions(session: Session, user: User, now: datetime) -> None:
    """Sign the person out in every browser (a new password, a disabled account)."""
    session.execute(
        update(SignInSession)
        .where(col(SignInSession.user_id) == user.id, col(SignInSession.ended_at).is_(None))
        .values(ended_at=now)
    )


def parse_pair(text: str) -> tuple[str, str]:
    """``"en->fa"``, ``"en→fa"`` or ``"en:fa"`` as a (source, target) pair.

    >>> parse_pair("en→fa")
    ('en', 'fa')
    """
    match = _PAIR.match(text.strip().lower())
    if not match or match.group(1) not in CODES or match.group(2) not in CODES or match.group(1) == match.group(2):
        raise InvalidInput(
            msg(
                "{text} is not a language pair; write source->target with two of {codes}, e.g. en->fa",
                text=quoted(text),
                codes=", ".join(CODES),
            )
        )
    return match.group(1), match.group(2)


def parse_roles(names: Iterable[str]) -> set[Role]:
    """Role names as roles; unknown names are refused."""
    roles = set()
    for name in names:
        try:
            roles.add(Role(name.strip().lower()))
        except ValueError:
            raise InvalidInput(
                msg("unknown role {name}; roles are {roles}", name=quoted(name), roles=", ".join(r.value for r in Role))
            ) from None
    return roles


def _user(session: Session, username: str) -> User:
    user = session.exec(select(User).where(User.username == username)).first()
    if user is None:
        raise NotFound(msg("no user called {name}", name=quoted(username)))
    return user


def create_user(
    db: Database,
    actor: ActingUser,
    username: str,
    password: str,
    *,
    display_name: str | None = None,
    email: str | None = None,
    roles: Iterable[Role | str] = (),
    pairs: Iterable[tuple[str, str]] = (),
    editions: Iterable[str] | None = None,
) -> User:
    """Create an account; only an admin may. An editor publishes ``editions`` (every edition when not given)."""
    username = username.strip().lower()
    if not _USERNAME.match(username):
        raise InvalidInput(
            msg(
                "{name} is not a valid user name: use 2-64 lower-case letters, digits, '.', '_' or '-'",
                name=quoted(username),
            )
        )
    role_set = parse_roles(str(r) for r in roles)
    pair_set = {parse_pair(f"{s}->{t}") for s, t in pairs}
    password_hash = hash_password(password, username)
    with db.write() as session:
        acting = load_actor(session, actor)
        require_role(acting, Role.ADMIN, N_("create accounts"))
        if session.exec(select(User).where(User.username == username)).first():
            raise InvalidInput(msg("the user name {name} is taken; choose another", name=quoted(username)))
        user = User(
            username=username,
            display_name=stored(display_name or username, N_("the display name")).strip(),
            email=email.strip().lower() if email else None,
            password_hash=password_hash,
            created_at=db.now(),
        )
        session.add(user)
        session.flush()
        assert user.id is not None
        session.add_all(UserRole(user_id=user.id, role=role.value) for role in sorted(role_set))
        session.add_all(LanguagePair(user_id=user.id, source=s, target=t) for s, t in sorted(pair_set))
        published = _editions(session, editions) if Role.EDITOR in role_set else []
        session.add_all(EditionEditor(user_id=user.id, edition_code=code) for code in published)
        log(
            session,
            db.now(),
            acting,
            "user_created",
            detail={
                "user": username,
                "roles": sorted(r.value for r in role_set),
                "pairs": [f"{s}->{t}" for s, t in sorted(pair_set)],
                "editions": published,
            },
        )
        return user


def _editions(session: Session, codes: Iterable[str] | None) -> list[str]:
    """The edition codes given (each must exist), or every edition's when None."""
    known = sorted(session.exec(select(Edition.code)).all())
    if codes is None:
        return known
    wanted = sorted({code.strip() for code in codes if code.strip()})
    unknown = [code for code in wanted if code not in known]
    if unknown:
        raise InvalidInput(
            msg(
                "there is no edition {codes}; the editions are {known}",
                codes=", ".join(unknown),
                known=", ".join(known),
            )
        )
    return wanted


def set_editions(db: Database, actor: ActingUser, username: str, codes: Iterable[str]) -> None:
    """Replace the editions an editor publishes."""
    with db.write() as session:
        acting = load_actor(session, actor)
        require_role(acting, Role.ADMIN, N_("change who publishes an edition"))
        user = _user(session, username)
        wanted = _editions(session, codes)
        session.execute(delete(EditionEditor).where(EditionEditor.user_id == user.id))  # type: ignore[arg-type]
        session.add_all(EditionEditor(user_id=user.id, edition_code=code) for code in wanted)  # type: ignore[arg-type]
        log(session, db.now(), acting, "editions_changed", detail={"user": user.username, "editions": wanted})


def editions_of(db: Database, username: str) -> list[str]:
    """The editions a user publishes."""
    with db.read() as session:
        user = _user(session, username)
        return sorted(session.exec(select(EditionEditor.edition_code).where(EditionEditor.user_id == user.id)).all())


def set_roles(db: Database, actor: ActingUser, username: str, roles: Iterable[Role | str]) -> None:
    """Replace a user's roles."""
    role_set = parse_roles(str(r) for r in roles)
    with db.write() as session:
        acting = load_actor(session, actor)
        require_role(acting, Role.ADMIN, N_("change roles"))
        user = _user(session, username)
        was_editor = session.exec(
            select(UserRole).where(UserRole.user_id == user.id, UserRole.role == Role.EDITOR.value)
        ).first()
        session.execute(delete(UserRole).where(UserRole.user_id == user.id))  # type: ignore[arg-type]
        session.add_all(UserRole(user_id=user.id, role=role.value) for role in sorted(role_set))  # type: ignore[arg-type]
        has_editions = session.exec(select(EditionEditor).where(EditionEditor.user_id == user.id)).first()
        if Role.EDITOR in role_set and was_editor is None and has_editions is None:  # a new editor: every edition
            session.add_all(EditionEditor(user_id=user.id, edition_code=code) for code in _editions(session, None))  # type: ignore[arg-type]
        log(
            session,
            db.now(),
            acting,
            "roles_changed",
            detail={"user": user.username, "roles": sorted(r.value for r in role_set)},
        )


def set_languages(db: Database, actor: ActingUser, username: str, pairs: Iterable[tuple[str, str]]) -> None:
    """Replace a user's language pairs."""
    pair_set = {parse_pair(f"{s}->{t}") for s, t in pairs}
    with db.write() as session:
        acting = load_actor(session, actor)
        require_role(acting, Role.ADMIN, N_("change language pairs"))
        user = _user(session, username)
        session.execute(delete(LanguagePair).where(LanguagePair.user_id == user.id))  # type: ignore[arg-type]
        session.add_all(LanguagePair(user_id=user.id, source=s, target=t) for s, t in sorted(pair_set))  # type: ignore[arg-type]
        log(
            session,
            db.now(),
            acting,
            "languages_changed",
            detail={"user": user.username, "pairs": [f"{s}->{t}" for s, t in sorted(pair_set)]},
        )


def set_password(db: Database, actor: ActingUser, username: str, password: str) -> None:
    """Set a new password: an admin for anyone, a person for themselves. Every session of the account ends."""
    password_hash = hash_password(password, username.strip().lower())
    with db.write() as session:
        acting = load_actor(session, actor)
        user = _user(session, username)
        if acting.id != user.id:
            require_role(acting, Role.ADMIN, N_("reset other people's passwords"))
        user.password_hash = password_hash
        session.add(user)
        _end_sessions(session, user, db.now())
        log(session, db.now(), acting, "password_changed", detail={"user": user.username})


def set_disabled(db: Database, actor: ActingUser, username: str, disabled: bool = True) -> None:
    """Disable (or enable again) an account; a disabled account can neither sign in nor act."""
    with db.write() as session:
        acting = load_actor(session, actor)
        require_role(acting, Role.ADMIN, N_("disable accounts"))
        user = _user(session, username)
        user.disabled = disabled
        session.add(user)
        if disabled:
            _end_sessions(session, user, db.now())
        log(session, db.now(), acting, "user_disabled" if disabled else "user_enabled", detail={"user": user.username})


def authenticate(db: Database, username: str, password: str) -> User | None:
    """The user if the password is right and the account enabled, else None."""
    with db.read() as session:
        user = session.exec(select(User).where(User.username == username.strip().lower())).first()
    if user is None or user.disabled:
        _HASHER.hash("timing-equaliser")  # same cost as a real check
        return None
    try:
        _HASHER.verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        return None
    if _HASHER.check_needs_rehash(user.password_hash):
        with db.write() as session:
            row = session.get(User, user.id)
            if row is not None:
                row.password_hash = _HASHER.hash(password)
    return user


def get_user(db: Database, username: str) -> User:
    """The account called ``username``."""
    with db.read() as session:
        return _user(session, username)


def list_users(db: Database) -> list[tuple[User, list[str], list[tuple[str, str]]]]:
    """Every account with its roles and language pairs, by user name."""
    with db.read() as session:
        users = session.exec(select(User).order_by(col(User.username))).all()
        roles: dict[int, list[str]] = {}
        for r in session.exec(select(UserRole)).all():
            roles.setdefault(r.user_id, []).append(r.role)
        pairs: dict[int, list[tuple[str, str]]] = {}
        for p in session.exec(select(LanguagePair)).all():
            pairs.setdefault(p.user_id, []).append((p.source, p.target))
        return [(u, sorted(roles.get(u.id or 0, [])), sorted(pairs.get(u.id or 0, []))) for u in users]


def language_pairs(db: Database, user: User) -> list[tuple[str, str]]:
    """A person's language pairs, sorted."""
    with db.read() as session:
        rows = session.exec(select(LanguagePair).where(LanguagePair.user_id == user.id)).all()
        return sorted((p.source, p.target) for p in rows)


def roles_of(db: Database, user: User) -> set[str]:
    """A person's roles (none for a disabled account)."""
    with db.read() as session:
        row = session.get(User, user.id)
        if row is None or row.disabled:
            return set()
        return set(session.exec(select(UserRole.role).where(UserRole.user_id == user.id)).all())


def set_interface_language(db: Database, actor: ActingUser, code: str) -> None:
    """A person's own choice of interface language (en, ar, fa or sq)."""
    if code not in CODES:
        raise InvalidInput(
            msg("unknown interface language {code}; choose one of {codes}", code=quoted(code), codes=", ".join(CODES))
        )
    with db.write() as session:
        acting = load_actor(session, actor)
        user = session.get(User, acting.id) if acting.id is not None else None
        if user is None:
            raise NotFound(N_("only a signed-in person has an interface language"))
        user.interface_language = code
        session.add(user)
