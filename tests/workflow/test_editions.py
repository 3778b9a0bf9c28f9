"""Edition settings: validated, admin-only, logged, and used by leases and review."""

from __future__ import annotations

import pytest

from tests.factories import make_article, make_user
from workflow import queries
from workflow.db import Database
from workflow.editions import list_editions, update_edition
from workflow.errors import PermissionDenied
from workflow.people import InvalidInput
from workflow.permissions import CONSOLE


def test_editions_start_with_their_defaults(db: Database) -> None:
    settings = {
        e.code: (e.review_policy, e.translation_lease_hours, e.review_lease_hours, e.digit_style, e.calendar)
        for e in list_editions(db)
    }
    assert settings == {
        "ar": ("four_eyes", 72, 24, "arabic_indic", "gregorian"),
        "en": ("four_eyes", 72, 24, "latin", "gregorian"),
        "fa": ("four_eyes", 72, 24, "persian", "solar_hijri"),
        "sq": ("four_eyes", 72, 24, "latin", "gregorian"),
    }


def test_an_admin_changes_settings_and_the_change_is_logged(db: Database) -> None:
    admin = make_user(db, "ada", ["admin"], [])
    edition = update_edition(db, admin, "sq", review_policy="self_approval", translation_lease_hours=48)
    assert (edition.review_policy, edition.translation_lease_hours) == ("self_approval", 48)
    event = queries.history(db)[-1]
    assert (event.action, event.actor_id) == ("edition_changed", admin.id)
    assert event.detail["changes"] == {
        "review_policy": ["four_eyes", "self_approval"],
        "translation_lease_hours": [72, 48],
    }


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"review_policy": "nobody"}, "not a review policy"),
        ({"digit_style": "roman"}, "not a digit style"),
        ({"calendar": "julian"}, "not a calendar"),
        ({"translation_lease_hours": 0}, "from 1 to 1440"),
        ({"review_lease_hours": 10_000}, "from 1 to 1440"),
        ({"colour": "blue"}, "no setting 'colour'"),
    ],
)
def test_bad_settings_are_refused(db: Database, settings: dict[str, object], message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        update_edition(db, CONSOLE, "fa", **settings)
    assert {e.code: e.review_policy for e in list_editions(db)}["fa"] == "four_eyes"


def test_only_admins_change_editions(db: Database) -> None:
    editor = make_user(db, "eda", ["editor"], [])
    with pytest.raises(PermissionDenied, match="needs the admin role"):
        update_edition(db, editor, "fa", review_lease_hours=12)


def test_a_disabled_edition_gets_no_new_pieces(db: Database) -> None:
    update_edition(db, CONSOLE, "sq", enabled=False)
    assert set(make_article(db)) == {"ar", "fa"}
