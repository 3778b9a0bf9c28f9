"""Edition settings: review policy, lease lengths, digit style and calendar; only admins change them."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from sqlmodel import col, select

from workflow.db import Database
from workflow.errors import NotFound
from workflow.languages import Calendar, DigitStyle, ReviewPolicy
from workflow.messages import N_, Message, msg, quoted
from workflow.models import Edition
from workflow.people import InvalidInput
from workflow.permissions import ActingUser, Role, load_actor, require_role
from workflow.pieces import log

MAX_LEASE_HOURS = 24 * 60


def list_editions(db: Database) -> list[Edition]:
    """Every edition, by language code."""
    with db.read() as session:
        return list(session.exec(select(Edition).order_by(col(Edition.code))).all())


#: Each setting as it reads inside a sentence.
SETTING_PHRASES: dict[str, Message] = {
    "review_policy": N_("review policy"),
    "digit_style": N_("digit style"),
    "calendar": N_("calendar"),
    "translation_lease_hours": N_("translation lease hours"),
    "review_lease_hours": N_("review lease hours"),
}


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
            raise InvalidInput(
                msg(
                    "{value} is not a {setting}; choose one of {allowed}",
                    value=quoted(value),
                    setting=SETTING_PHRASES[name],
                    allowed=allowed,
                )
            ) from None
    if name in ("translation_lease_hours", "review_lease_hours"):
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_LEASE_HOURS:
            raise InvalidInput(
                msg(
                    "{setting} must be a whole number from 1 to {most}",
                    setting=SETTING_PHRASES[name],
                    most=MAX_LEASE_HOURS,
                )
            )
        return value
    if name == "enabled":
        return bool(value)
    if name == "check_severities":
        return _severities(value)
    raise InvalidInput(msg("editions have no setting {name}", name=quoted(name)))


def _severities(value: Any) -> dict[str, str]:
    """Severity per check id (error, warning or off); checks left out keep their own."""
    from workflow.checks import CHECKS, Severity

    if not isinstance(value, dict):
        raise InvalidInput(N_("check severities must map check ids to error, warning or off"))
    for check, severity in value.items():
        if check not in CHECKS:
            raise InvalidInput(
                msg(
                    "there is no check called {check}; the checks are {checks}",
                    check=quoted(check),
                    checks=", ".join(CHECKS),
                )
            )
        if severity not in set(Severity):
            raise InvalidInput(msg("{value} is not a severity; choose error, warning or off", value=quoted(severity)))
    return {check: str(value[check]) for check in sorted(value)}


def update_edition(db: Database, actor: ActingUser, code: str, **settings: Any) -> Edition:
    """Change an edition's settings; every change is logged with its old and new value."""
    checked = {name: _check(name, value) for name, value in settings.items() if value is not None}
    with db.write() as session:
        acting = load_actor(session, actor)
        require_role(acting, Role.ADMIN, N_("change edition settings"))
        edition = session.get(Edition, code)
        if edition is None:
            raise NotFound(msg("no edition {code}; editions are en, ar, fa and sq", code=quoted(code)))
        changes = {
            name: [getattr(edition, name), value] for name, value in checked.items() if getattr(edition, name) != value
        }
        for name, (_old, new) in changes.items():
            setattr(edition, name, new)
        session.add(edition)
        if changes:
            log(session, db.now(), acting, "edition_changed", detail={"edition": code, "changes": changes})
        return edition
