"""Edition settings: review policy, lease lengths, digit style and calendar; only admins change them."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from sqlmodel import col, select

from workflow.db import Database
from workflow.errors import NotFound
from workflow.languages import Calendar, DigitStyle, ReviewPolicy
from workflow.models import Edition
from workflow.people import InvalidInput
from workflow.permissions import ActingUser, Role, load_actor, require_role
from workflow.pieces import log

MAX_LEASE_HOURS = 24 * 60


def list_editions(db: Database) -> list[Edition]:
    """Every edition, by language code."""
    with db.read() as session:
        return list(session.exec(select(Edition).order_by(col(Edition.code))).all())


def _check(name: str, value: Any) -> Any:
    choices: dict[str, type[StrEnum]] = {
        "review_policy": ReviewPolicy,
        "digit_style": DigitStyle,
        "calendar": Calendar,
    }
    if name in choices:
        try:
            return choices[name](value).value
        except ValueError:
            allowed = ", ".join(v.value for v in choices[name])
            raise InvalidInput(f"{value!r} is not a {name.replace('_', ' ')}; choose one of {allowed}") from None
    if name in ("translation_lease_hours", "review_lease_hours"):
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_LEASE_HOURS:
            raise InvalidInput(f"{name.replace('_', ' ')} must be a whole number from 1 to {MAX_LEASE_HOURS}")
        return value
    if name == "enabled":
        return bool(value)
    raise InvalidInput(f"editions have no setting {name!r}")


def update_edition(db: Database, actor: ActingUser, code: str, **settings: Any) -> Edition:
    """Change an edition's settings; every change is logged with its old and new value."""
    checked = {name: _check(name, value) for name, value in settings.items() if value is not None}
    with db.write() as session:
        acting = load_actor(session, actor)
        require_role(acting, Role.ADMIN, "change edition settings")
        edition = session.get(Edition, code)
        if edition is None:
            raise NotFound(f"no edition {code!r}; editions are en, ar, fa and sq")
        changes = {
            name: [getattr(edition, name), value] for name, value in checked.items() if getattr(edition, name) != value
        }
        for name, (_old, new) in changes.items():
            setattr(edition, name, new)
        session.add(edition)
        if changes:
            log(session, db.now(), acting, "edition_changed", detail={"edition": code, "changes": changes})
        return edition
