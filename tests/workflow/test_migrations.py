"""Migrations: they build exactly the schema the models describe, and go down and up again."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect
from sqlmodel import SQLModel, select

import workflow.models  # noqa: F401
from tests.conftest import open_database
from workflow.db import Database, alembic_config


@pytest.fixture
def empty_url(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[str]:
    """A database taken down to no schema at all; brought back to head afterwards for the other tests."""
    db = open_database(backend, tmp_path, lambda: None, request)  # type: ignore[arg-type]
    url = db.url
    with db.engine.begin() as conn:
        command.downgrade(_config(url, conn), "base")
    yield url
    with db.engine.begin() as conn:
        command.upgrade(_config(url, conn), "head")
    db.dispose()


def _config(url: str, connection):  # type: ignore[no-untyped-def]
    config = alembic_config(url)
    config.attributes["connection"] = connection
    return config


def test_migrations_match_the_models(empty_url: str) -> None:
    from sqlalchemy import create_engine

    engine = create_engine(empty_url)
    with engine.begin() as conn:
        command.upgrade(_config(empty_url, conn), "head")
    with engine.connect() as conn, warnings.catch_warnings():
        warnings.simplefilter("ignore")  # expression indexes cannot be compared on SQLite
        diff = compare_metadata(MigrationContext.configure(conn), SQLModel.metadata)
    engine.dispose()
    assert [d for d in diff if d[0] not in ("remove_index", "add_index")] == []


def test_down_to_nothing_and_up_again(empty_url: str) -> None:
    from sqlalchemy import create_engine

    engine = create_engine(empty_url)
    assert not inspect(engine).has_table("piece")
    with engine.begin() as conn:
        command.upgrade(_config(empty_url, conn), "head")
    assert inspect(engine).has_table("piece")
    assert "ix_piece_available" in {i["name"] for i in inspect(engine).get_indexes("piece")}
    with engine.begin() as conn:
        command.downgrade(_config(empty_url, conn), "base")
    assert not inspect(engine).has_table("piece")
    with engine.begin() as conn:
        command.upgrade(_config(empty_url, conn), "head")
    assert inspect(engine).has_table("event")
    engine.dispose()


def test_html_bodies_migration_keeps_every_revision_and_translation(db: Database, tmp_path: Path) -> None:
    """0009 adds the body format: a database made before it (Markdown articles, approved translations)
    comes through down and up again with every revision read as Markdown and the same bundles, byte for byte.
    """
    from tests.factories import make_source
    from tests.workflow.flows import make_cast, piece_in
    from workflow.bundle import build
    from workflow.importers import import_sources
    from workflow.models import Revision
    from workflow.permissions import CONSOLE
    from workflow.status import Status

    # articles as the code before stored them: Markdown segmented the first way
    import_sources(db, CONSOLE, [make_source(f"article-{n}", paragraphs=4) for n in range(5)])
    piece_in(db, make_cast(db), Status.APPROVED, slug="story", paragraphs=3)
    before = {code: build(db, code, tmp_path / f"before-{code}") for code in ("en", "fa")}
    with db.engine.begin() as conn:
        command.downgrade(_config(db.url, conn), "0008")
    with db.engine.begin() as conn:
        command.upgrade(_config(db.url, conn), "head")
    with db.read() as session:
        formats = {r.body_format for r in session.exec(select(Revision)).all()}
    after = {code: build(db, code, tmp_path / f"after-{code}") for code in ("en", "fa")}
    assert formats == {"markdown"} and after == before and len(before["fa"]) > 5


def test_live_translations_migration_pins_every_finished_piece(db: Database, tmp_path: Path) -> None:
    """0010 gives each approved or published article piece its translation as its first pinned version:
    the editions publish the same files after it as before.
    """
    from tests.workflow.flows import make_cast, piece_in
    from workflow.bundle import build
    from workflow.models import TranslationVersion
    from workflow.status import Status

    cast = make_cast(db)
    for slug, status in (("approved", Status.APPROVED), ("published", Status.PUBLISHED), ("open", Status.SUBMITTED)):
        piece_in(db, cast, status, slug=slug)
    before = build(db, "fa", tmp_path / "before")
    with db.engine.begin() as conn:
        command.downgrade(_config(db.url, conn), "0009")
    with db.engine.begin() as conn:
        command.upgrade(_config(db.url, conn), "head")
    with db.read() as session:
        versions = session.exec(select(TranslationVersion).order_by(TranslationVersion.piece_id)).all()
    assert [v.published_at is not None for v in versions] == [False, True]
    after = build(db, "fa", tmp_path / "after")
    assert after == before and "articles/published.json" in before and "articles/open.json" not in before


def test_publishing_migration_lets_every_editor_publish_every_edition(db: Database) -> None:
    """0013 adds editors per edition: an editor from before publishes every edition, as before."""
    from tests.factories import make_user
    from workflow import people

    make_user(db, "ed", ["editor"], [])
    make_user(db, "tina", ["translator"], [("en", "fa")])
    with db.engine.begin() as conn:
        command.downgrade(_config(db.url, conn), "0012")
    with db.engine.begin() as conn:
        command.upgrade(_config(db.url, conn), "head")
    assert people.editions_of(db, "ed") == ["ar", "en", "fa", "sq"] and people.editions_of(db, "tina") == []
