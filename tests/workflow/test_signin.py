"""Signing in: sessions that survive a reload, sign-out, and slower attempts after failures."""

from __future__ import annotations

import contextlib
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


def test_a_guesser_elsewhere_never_blocks_the_owner(db: Database) -> None:
    make_user(db, "mina")
    for _ in range(8):
        with contextlib.suppress(SignInBlocked):
            sign_in(db, "mina", "guess", client="203.0.113.9")
    with pytest.raises(SignInBlocked):
        sign_in(db, "mina", PASSWORD, client="203.0.113.9")
    assert sign_in(db, "mina", PASSWORD, client="198.51.100.4") is not None  # the owner, at her desk


@pytest.mark.parametrize("workers", [16])
def test_parallel_guesses_after_a_block_never_reach_the_password(db: Database, workers: int) -> None:
    import threading

    import workflow.signin as signin

    make_user(db, "mina")
    for _ in range(5):
        assert sign_in(db, "mina", "wrong", client="203.0.113.9") is None  # now blocked for this client
    checked: list[str] = []
    real = signin.authenticate

    def counting(database: Database, name: str, password: str):  # type: ignore[no-untyped-def]
        checked.append(password)
        return real(database, name, password)

    results: list[object] = []
    start = threading.Barrier(workers)

    def guess(password: str) -> None:
        start.wait()
        try:
            results.append(sign_in(db, "mina", password, client="203.0.113.9"))
        except SignInBlocked as blocked:
            results.append(blocked)

    import unittest.mock

    with unittest.mock.patch.object(signin, "authenticate", counting):
        threads = [
            threading.Thread(target=guess, args=(PASSWORD if n == workers - 1 else f"guess {n}",))
            for n in range(workers)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert checked == [] and all(isinstance(r, SignInBlocked) for r in results)


def test_parallel_first_guesses_reach_the_password_at_most_five_times(db: Database) -> None:
    import threading
    import unittest.mock

    import workflow.signin as signin

    make_user(db, "mina")
    checked: list[str] = []
    real = signin.authenticate

    def counting(database: Database, name: str, password: str):  # type: ignore[no-untyped-def]
        checked.append(password)
        return real(database, name, password)

    start = threading.Barrier(16)

    def guess(n: int) -> None:
        start.wait()
        with contextlib.suppress(SignInBlocked):
            sign_in(db, "mina", f"guess {n}", client="203.0.113.9")

    with unittest.mock.patch.object(signin, "authenticate", counting):
        threads = [threading.Thread(target=guess, args=(n,)) for n in range(16)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert len(checked) == 5  # four free failures, and the fifth, which blocks the rest


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("password", "too easy to guess"),
        ("        ", "only spaces"),
        ("qwertyuiop", "too easy to guess"),
        ("12345678910", "too easy to guess"),
        ("mina-at-work-2026", "holds the user name"),
        ("short", "too short"),
        ("dragoman-demo", None),
        ("a brand new secret", None),
    ],
)
def test_weak_passwords_are_refused(db: Database, password: str, reason: str | None) -> None:
    make_user(db, "mina")
    if reason is None:
        people.set_password(db, CONSOLE, "mina", password)
        assert people.authenticate(db, "mina", password) is not None
    else:
        with pytest.raises(people.InvalidInput, match=reason):
            people.set_password(db, CONSOLE, "mina", password)
        with pytest.raises(people.InvalidInput, match=reason):
            people.create_user(db, CONSOLE, "mina2" if reason != "holds the user name" else "mina", password)


def test_a_new_password_or_a_disabled_account_ends_every_session(db: Database) -> None:
    make_user(db, "mina")
    first = sign_in(db, "mina", PASSWORD)
    second = sign_in(db, "mina", PASSWORD)
    assert first is not None and second is not None
    people.set_password(db, CONSOLE, "mina", "a brand new secret")
    assert resume(db, first.token) is None and resume(db, second.token) is None
    third = sign_in(db, "mina", "a brand new secret")
    assert third is not None and resume(db, third.token) is not None
    people.set_disabled(db, CONSOLE, "mina")
    people.set_disabled(db, CONSOLE, "mina", False)
    assert resume(db, third.token) is None  # enabling again does not bring old sessions back
