"""Who may do what: roles, language pairs, and the acting user as the rules see them."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from sqlmodel import Session, select

from workflow.errors import NotFound, PermissionDenied
from workflow.messages import N_, Message, msg
from workflow.models import EditionEditor, LanguagePair, User, UserRole


class Role(StrEnum):
    """What a person does in Dragoman."""

    TRANSLATOR = "translator"
    REVIEWER = "reviewer"
    EDITOR = "editor"
    ADMIN = "admin"


#: Each role as it reads inside a sentence ("this needs the … role").
ROLE_PHRASES: dict[Role, Message] = {
    Role.TRANSLATOR: N_("translator"),
    Role.REVIEWER: N_("reviewer"),
    Role.EDITOR: N_("editor"),
    Role.ADMIN: N_("admin"),
}


@dataclass(frozen=True)
class Actor:
    """The acting user as loaded inside the transaction: roles and language pairs as they are now.

    >>> mina = Actor(1, "mina", "Mina", frozenset({"translator"}), frozenset({("en", "fa")}))
    >>> mina.can_work("translator", "en", "fa"), mina.can_work("translator", "fa", "en")
    (True, False)
    """

    id: int | None
    username: str
    display_name: str
    roles: frozenset[str]
    pairs: frozenset[tuple[str, str]]
    console: bool = False
    editions: frozenset[str] = frozenset()  # the editions an editor publishes

    def has(self, role: Role | str) -> bool:
        return self.console or str(role) in self.roles

    def publishes(self, edition: str) -> bool:
        """True when the actor is an editor of ``edition`` (or the console)."""
        return self.console or (self.has(Role.EDITOR) and edition in self.editions)

    def can_work(self, role: Role | str, source: str, target: str) -> bool:
        """True when the actor has ``role`` and the language pair ``source``→``target``."""
        return self.has(role) and (self.console or (source, target) in self.pairs)

    def works_on(self, source: str, target: str) -> bool:
        """True when the actor may read and discuss a piece of ``source``→``target``: an editor, or one of the
        pair's translators or reviewers.
        """
        return (
            self.has(Role.EDITOR)
            or self.can_work(Role.TRANSLATOR, source, target)
            or self.can_work(Role.REVIEWER, source, target)
        )


class ConsoleOperator:
    """The person at the command line: owns the database, so may do what an admin and an editor may."""

    id: int | None = None
    username = "console"

    def __repr__(self) -> str:
        return "CONSOLE"


CONSOLE = ConsoleOperator()

ActingUser = User | ConsoleOperator | Actor


def load_actor(session: Session, user: ActingUser) -> Actor:
    """The acting user's current roles and pairs; a disabled or unknown account may do nothing."""
    if isinstance(user, ConsoleOperator):
        return Actor(None, "console", "console", frozenset(r.value for r in Role), frozenset(), console=True)
    if user.id is None:
        raise NotFound(N_("the acting user has no id; save the account first"))
    row = session.get(User, user.id)
    if row is None:
        raise NotFound(msg("user {id} does not exist", id=user.id))
    if row.disabled:
        raise PermissionDenied(msg("the account {user} is disabled", user=row.username))
    roles = frozenset(session.exec(select(UserRole.role).where(UserRole.user_id == row.id)).all())
    pairs = frozenset(
        (p.source, p.target) for p in session.exec(select(LanguagePair).where(LanguagePair.user_id == row.id)).all()
    )
    editions = frozenset(session.exec(select(EditionEditor.edition_code).where(EditionEditor.user_id == row.id)).all())
    return Actor(row.id, row.username, row.display_name, roles, pairs, editions=editions)


def require_role(actor: Actor, role: Role, doing: str) -> None:
    """Raise PermissionDenied unless the actor has ``role``."""
    if not actor.has(role):
        raise PermissionDenied(
            msg(
                "{user} may not {doing}: this needs the {role} role",
                user=actor.username,
                doing=doing,
                role=ROLE_PHRASES[role],
            )
        )


def require_pair(actor: Actor, role: Role, source: str, target: str, doing: str) -> None:
    """Raise PermissionDenied unless the actor has ``role`` and the pair ``source``→``target``."""
    require_role(actor, role, doing)
    if not actor.can_work(role, source, target):
        raise PermissionDenied(
            msg(
                "{user} may not {doing}: the language pair {pair} is not among theirs",
                user=actor.username,
                doing=doing,
                pair=f"{source}→{target}",
            )
        )


def require_person(actor: Actor, doing: str) -> int:
    """The actor's user id; the console cannot hold or translate pieces."""
    if actor.id is None:
        raise PermissionDenied(msg("{doing} needs a signed-in person, not the console", doing=doing))
    return actor.id


def require_edition(actor: Actor, edition: str, doing: str) -> None:
    """Raise PermissionDenied unless the actor is an editor who publishes ``edition``."""
    require_role(actor, Role.EDITOR, doing)
    if not actor.publishes(edition):
        raise PermissionDenied(
            msg(
                "{user} may not {doing}: the edition {edition} is not among the editions they publish",
                user=actor.username,
                doing=doing,
                edition=edition,
            )
        )
