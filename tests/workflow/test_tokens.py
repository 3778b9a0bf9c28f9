"""API tokens: made for a person, shown once, stored hashed, listed without secrets, revoked, expired."""

from __future__ import annotations

import pytest
from sqlmodel import select

from tests.conftest import FakeClock
from tests.factories import make_user
from workflow.db import Database
from workflow.errors import NotFound, PermissionDenied
from workflow.models import ApiToken, AuditEvent
from workflow.people import InvalidInput, set_disabled
from workflow.permissions import CONSOLE
from workflow.tokens import create_token, list_tokens, revoke_token, token_user


def test_a_token_acts_as_its_person_and_is_stored_only_as_a_hash(db: Database) -> None:
    mina = make_user(db, "mina", ["translator"], [("en", "fa")])
    made = create_token(db, CONSOLE, "mina", name="the CMS")
    assert made.secret.startswith("dgm_") and len(made.secret) > 40 and made.expires_at is None
    found = token_user(db, made.secret)
    assert found is not None and found.id == mina.id
    with db.read() as session:
        (stored,) = session.exec(select(ApiToken)).all()
        assert made.secret not in (stored.token_hash, stored.prefix, stored.name)
        assert stored.prefix == made.secret[:12] and stored.last_used_at is not None
        logged = session.exec(select(AuditEvent).where(AuditEvent.action == "token_created")).one()
        assert made.secret not in str(logged.detail)
    (row,) = list_tokens(db, CONSOLE)
    assert (row.username, row.name, row.prefix) == ("mina", "the CMS", made.secret[:12])


@pytest.mark.parametrize(
    "secret",
    ["", "dgm_", "dgm_not-a-token", "Bearer dgm_x", "x" * 500, None],
)
def test_anything_but_a_token_acts_as_nobody(db: Database, secret: str | None) -> None:
    make_user(db, "mina", ["translator"], [("en", "fa")])
    create_token(db, CONSOLE, "mina")
    assert token_user(db, secret) is None


def test_revoked_expired_and_disabled_tokens_act_as_nobody(db: Database, clock: FakeClock) -> None:
    make_user(db, "mina", ["translator"], [("en", "fa")])
    revoked, expiring, disabled = (create_token(db, CONSOLE, "mina", expires_days=days) for days in (None, 1, 30))
    revoke_token(db, CONSOLE, revoked.id)
    assert token_user(db, revoked.secret) is None
    assert token_user(db, expiring.secret) is not None
    clock.advance(days=1)
    assert token_user(db, expiring.secret) is None
    set_disabled(db, CONSOLE, "mina", True)
    assert token_user(db, disabled.secret) is None


@pytest.mark.parametrize(
    ("actor", "owner", "error"),
    [
        ("mina", "mina", None),  # one's own token
        ("admin", "mina", None),  # an admin makes anybody's
        ("reza", "mina", PermissionDenied),  # nobody else
        ("editor", "mina", PermissionDenied),
        ("admin", "nobody", NotFound),
    ],
)
def test_who_may_make_list_and_revoke_tokens(
    db: Database, actor: str, owner: str, error: type[Exception] | None
) -> None:
    people = {
        "mina": make_user(db, "mina", ["translator"], [("en", "fa")]),
        "reza": make_user(db, "reza", ["reviewer"], [("en", "fa")]),
        "editor": make_user(db, "editor", ["editor"], []),
        "admin": make_user(db, "admin", ["admin"], []),
    }
    acting = people[actor]
    if error is not None:
        with pytest.raises(error):
            create_token(db, acting, owner)
        return
    made = create_token(db, acting, owner)
    assert [t.id for t in list_tokens(db, acting, owner)] == [made.id]
    revoke_token(db, acting, made.id)
    assert token_user(db, made.secret) is None
    other = create_token(db, CONSOLE, "mina")
    with pytest.raises(PermissionDenied):
        revoke_token(db, people["reza"], other.id)
    assert list_tokens(db, people["reza"]) == []  # nobody sees another's tokens


@pytest.mark.parametrize("days", [0, -1, 3651])
def test_a_token_holds_from_one_day_to_ten_years(db: Database, days: int) -> None:
    make_user(db, "mina", ["translator"], [("en", "fa")])
    with pytest.raises(InvalidInput):
        create_token(db, CONSOLE, "mina", expires_days=days)
