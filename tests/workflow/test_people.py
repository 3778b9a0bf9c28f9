"""Accounts: argon2id hashes, sign-in, roles, language pairs, disabling, and clear refusals."""

from __future__ import annotations

import pytest

from tests.factories import PASSWORD, make_user
from workflow import people, queries
from workflow.db import Database
from workflow.errors import PermissionDenied
from workflow.people import InvalidInput, authenticate, parse_pair
from workflow.permissions import CONSOLE


def test_passwords_are_argon2id_and_sign_in_works(db: Database) -> None:
    user = make_user(db, "mina")
    assert user.password_hash.startswith("$argon2id$")
    assert PASSWORD not in user.password_hash
    assert authenticate(db, "mina", PASSWORD) is not None
    assert authenticate(db, "MINA ", PASSWORD) is not None
    assert authenticate(db, "mina", "wrong password") is None
    assert authenticate(db, "nobody", PASSWORD) is None


def test_a_disabled_account_cannot_sign_in_or_act(db: Database) -> None:
    make_user(db, "mina")
    people.set_disabled(db, CONSOLE, "mina")
    assert authenticate(db, "mina", PASSWORD) is None
    from tests.factories import make_article
    from workflow import actions

    piece = make_article(db)["fa"]
    with pytest.raises(PermissionDenied, match="disabled"):
        actions.claim(db, people.get_user(db, "mina"), piece.id)  # type: ignore[arg-type]
    people.set_disabled(db, CONSOLE, "mina", False)
    assert authenticate(db, "mina", PASSWORD) is not None


def test_roles_and_pairs_can_be_replaced_and_are_logged(db: Database) -> None:
    make_user(db, "mina", ["translator"], [("en", "fa")])
    people.set_roles(db, CONSOLE, "mina", ["translator", "reviewer"])
    people.set_languages(db, CONSOLE, "mina", [("en", "fa"), ("fa", "en")])
    [(_user, roles, pairs)] = [row for row in people.list_users(db) if row[0].username == "mina"]
    assert roles == ["reviewer", "translator"]
    assert pairs == [("en", "fa"), ("fa", "en")]
    assert [e.action for e in queries.history(db)][-2:] == ["roles_changed", "languages_changed"]


def test_people_change_their_own_password_only(db: Database) -> None:
    mina = make_user(db, "mina")
    make_user(db, "omid")
    people.set_password(db, mina, "mina", "a brand new secret")
    assert authenticate(db, "mina", "a brand new secret") is not None
    with pytest.raises(PermissionDenied, match="reset other people's passwords"):
        people.set_password(db, mina, "omid", "a brand new secret")


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda db: people.create_user(db, CONSOLE, "Bad Name!", "long enough pw"), "not a valid user name"),
        (lambda db: people.create_user(db, CONSOLE, "ok", "short"), "too short"),
        (lambda db: people.create_user(db, CONSOLE, "ok", "long enough pw", roles=["boss"]), "unknown role 'boss'"),
        (
            lambda db: people.create_user(db, CONSOLE, "ok", "long enough pw", pairs=[("en", "de")]),
            "not a language pair",
        ),
        (lambda db: people.create_user(db, CONSOLE, "mina", "long enough pw"), "is taken"),
    ],
)
def test_bad_account_input_is_refused_clearly(db: Database, call, message: str) -> None:  # type: ignore[no-untyped-def]
    make_user(db, "mina")
    before = len(people.list_users(db))
    with pytest.raises(InvalidInput, match=message):
        call(db)
    assert len(people.list_users(db)) == before


@pytest.mark.parametrize(("text", "pair"), [("en->fa", ("en", "fa")), ("fa→en", ("fa", "en")), ("AR:SQ", ("ar", "sq"))])
def test_parse_pair(text: str, pair: tuple[str, str]) -> None:
    assert parse_pair(text) == pair


@pytest.mark.parametrize("text", ["en", "en->en", "en->de", "english->farsi"])
def test_parse_pair_refuses(text: str) -> None:
    with pytest.raises(InvalidInput, match=r"e\.g\. en->fa"):
        parse_pair(text)


def test_interface_language_is_kept_on_the_account(db: Database) -> None:
    mina = make_user(db, "mina")
    people.set_interface_language(db, mina, "fa")
    assert people.get_user(db, "mina").interface_language == "fa"
    with pytest.raises(InvalidInput, match="unknown interface language 'de'"):
        people.set_interface_language(db, mina, "de")
