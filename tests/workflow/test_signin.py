"""Signing in: sessions that survive a reload, sign-out, and slower attempts after failures."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.factories import PASSWORD, make_user
from workflow import people
from workflow.db import Database
from workflow.permissions import CONSOLE
from workflow.signin import SignInBlocked, open_session, resume, sign_in, sign_out, user_by_email


def test_a_session_survives_until_it_expires_or_ends(db: Database, clock) -> None:  # type: ignore[no-untyped-def]
    make_user(db, "mina")
    signed = sign_in(db, "mina", PASSWORD, lasts=timedelta(hours=8))
    assert signed is not None and len(signed.token) >= 40
    assert resume(db, signed.token).username == "mina"  # type: ignore[union-attr]
    clock.advance(hours=7, minutes=59)
    assert resume(db, signed.token) is not None
    clock.advance(minutes=2)
    assert resume(db, signed.token) is None
    again = sign_in(db, "mina", PASSWORD)
    assert again is not None
    sign_out(db, again.token)
    assert resume(db, again.token) is None
    assert resume(db, "made-up") is None and resume(db, None) is None


def test_a_disabled_account_loses_its_sessions(db: Database) -> None:
    make_user(db, "mina")
    signed = sign_in(db, "mina", PASSWORD)
    assert signed is not None
    people.set_disabled(db, CONSOLE, "mina")
    assert resume(db, signed.token) is None


def test_failures_slow_down_further_attempts(db: Database, clock) -> None:  # type: ignore[no-untyped-def]
    make_user(db, "mina")
    for _ in range(4):
        assert sign_in(db, "mina", "wrong") is None
    assert sign_in(db, "mina", "wrong") is None  # the fifth failure blocks for 5 s
    with pytest.raises(SignInBlocked, match="try again in 5 seconds"):
        sign_in(db, "mina", PASSWORD)  # even the right password waits
    clock.advance(seconds=6)
    assert sign_in(db, "mina", "wrong") is None  # sixth: 10 s
    with pytest.raises(SignInBlocked, match="try again in 10 seconds"):
        sign_in(db, "mina", PASSWORD)
    clock.advance(seconds=11)
    assert sign_in(db, "mina", PASSWORD) is not None
    assert sign_in(db, "mina", "wrong") is None  # success reset the count: free again
    assert sign_in(db, "mina", PASSWORD) is not None


def test_unknown_accounts_are_slowed_down_too(db: Database) -> None:
    for _ in range(5):
        assert sign_in(db, "nobody", "guess") is None
    with pytest.raises(SignInBlocked):
        sign_in(db, "nobody", "guess")


def test_single_sign_on_maps_by_email(db: Database) -> None:
    people.create_user(db, CONSOLE, "mina", PASSWORD, email="Mina@Example.org")
    user = user_by_email(db, "mina@example.org")
    assert user is not None and user.username == "mina"
    assert resume(db, open_session(db, user).token).username == "mina"  # type: ignore[union-attr]
    assert user_by_email(db, "other@example.org") is None
