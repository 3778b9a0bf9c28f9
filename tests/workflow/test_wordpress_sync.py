"""``dragoman wordpress pull`` and ``push`` against a real WordPress (Debian's package on PHP's server and
MariaDB; see tests/wordpress_site.py): posts in as articles, incrementally; an edition's translations out as
posts, idempotently, never over an edit made in WordPress."""

from __future__ import annotations

import base64
import json
import re
import urllib.parse
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.factories import make_user
from tests.wordpress_site import WordPress, start_wordpress, stop_wordpress
from tests.workflow.flows import make_cast, piece_in
from workflow import queries
from workflow.bundle.collect import collect
from workflow.db import Database
from workflow.errors import PermissionDenied
from workflow.permissions import CONSOLE
from workflow.status import Status
from workflow.wordpress_sync import WordPressError, pull, push

BLOCKS = (
    "<!-- wp:heading -->\n<h2>Water returns to the valley</h2>\n<!-- /wp:heading -->\n\n"
    "<!-- wp:paragraph -->\n<p>The reservoir reached <strong>80 percent</strong> on Monday.</p>\n<!-- /wp:paragraph -->"
)


@pytest.fixture(scope="module")
def wordpress(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WordPress]:
    site = start_wordpress(tmp_path_factory.mktemp("wordpress"))
    yield site
    stop_wordpress(site)


@pytest.fixture
def mark() -> str:
    """A word of this test's own: the module's one site is shared by every test, on both databases."""
    return uuid.uuid4().hex[:6]


def rest(site: WordPress, method: str, route: str, body: Any = None, **params: Any) -> Any:
    """One call to the site's REST API as its editor (what a person does in WordPress)."""
    query = urllib.parse.urlencode({"rest_route": route, **params})
    request = urllib.request.Request(
        f"{site.url}/?{query}", data=None if body is None else json.dumps(body).encode(), method=method
    )
    secret = base64.b64encode(f"{site.user}:{site.app_password}".encode()).decode()
    request.add_header("Authorization", f"Basic {secret}")
    request.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.loads(response.read())


def _article(db: Database, slug: str) -> Any:
    return next(a for a in queries.articles(db, limit=1000) if a.slug == slug)


def test_pull_imports_posts_then_only_what_changed(db: Database, wordpress: WordPress, mark: str) -> None:
    category = rest(wordpress, "POST", "/wp/v2/categories", {"name": f"Environment {mark}"})
    first = rest(
        wordpress,
        "POST",
        "/wp/v2/posts",
        {
            "title": "Water returns",
            "slug": f"water-returns-{mark}",
            "content": BLOCKS,
            "excerpt": "The reservoir is nearly full again.",
            "status": "publish",
            "categories": [category["id"]],
        },
    )
    rest(
        wordpress,
        "POST",
        "/wp/v2/posts",
        {
            "title": "Unfinished",
            "slug": f"unfinished-{mark}",
            "content": "<p>Draft text of a story.</p>",
            "status": "draft",
        },
    )
    editor = make_user(db, "ed", ["editor"], [])
    report = pull(db, editor, wordpress.url, user=wordpress.user, password=wordpress.app_password, language="en")
    assert f"water-returns-{mark}" in report.created and f"unfinished-{mark}" not in report.created
    stored = _article(db, f"water-returns-{mark}")
    assert (stored.title, stored.source_language) == ("Water returns", "en")
    again = pull(db, editor, wordpress.url, user=wordpress.user, password=wordpress.app_password, language="en")
    assert again.created == [] and again.revised == []  # nothing changed since
    changed = BLOCKS.replace("80 percent", "85 percent")
    rest(
        wordpress, "POST", f"/wp/v2/posts/{first['id']}", {"content": changed, "slug": f"water-returns-renamed-{mark}"}
    )
    later = pull(db, editor, wordpress.url, user=wordpress.user, password=wordpress.app_password, language="en")
    assert later.revised == [f"water-returns-{mark}"] and later.created == []  # the same article, though renamed there
    drafts = pull(
        db, editor, wordpress.url, user=wordpress.user, password=wordpress.app_password, language="en", drafts=True
    )
    assert f"unfinished-{mark}" in drafts.created  # drafts come in when asked for


def test_pull_without_a_password_reads_what_the_public_sees(db: Database, wordpress: WordPress, mark: str) -> None:
    rest(
        wordpress,
        "POST",
        "/wp/v2/posts",
        {
            "title": "Public notice",
            "slug": f"public-notice-{mark}",
            "content": "<p>The library opens at nine.</p>",
            "status": "publish",
        },
    )
    report = pull(db, make_user(db, "ed", ["editor"], []), wordpress.url, language="en")
    assert f"public-notice-{mark}" in report.created


def _pushed(wordpress: WordPress, slug: str) -> Any:
    (post,) = rest(wordpress, "GET", "/wp/v2/posts", slug=slug, context="edit", status="publish,draft")
    return post


def test_push_creates_posts_then_changes_nothing(db: Database, wordpress: WordPress, mark: str) -> None:
    cast = make_cast(db)
    piece_id = piece_in(db, cast, Status.APPROVED, slug=f"library-opens-push-{mark}")
    report = push(db, cast.editor, "fa", wordpress.url, user=wordpress.user, password=wordpress.app_password)
    assert report.created == [f"library-opens-push-{mark}"] and report.published == 1 and report.conflicts == []
    post = _pushed(wordpress, f"library-opens-push-{mark}")
    assert post["status"] == "publish" and "ترجمه" in post["content"]["raw"]
    assert queries.history(db, piece_id=piece_id)[-1].action == "publish"
    before = post["modified_gmt"]
    again = push(db, cast.editor, "fa", wordpress.url, user=wordpress.user, password=wordpress.app_password)
    assert again.unchanged == [f"library-opens-push-{mark}"] and again.created == again.updated == []
    assert _pushed(wordpress, f"library-opens-push-{mark}")["modified_gmt"] == before  # nothing was written


def test_push_updates_its_posts_but_never_an_edit_made_in_wordpress(
    db: Database, wordpress: WordPress, mark: str
) -> None:
    cast = make_cast(db)
    piece_in(db, cast, Status.APPROVED, slug=f"first-push-{mark}")
    piece_in(db, cast, Status.APPROVED, slug=f"second-push-{mark}")
    drafted = push(
        db, cast.editor, "fa", wordpress.url, user=wordpress.user, password=wordpress.app_password, draft=True
    )
    assert sorted(drafted.created) == [f"first-push-{mark}", f"second-push-{mark}"] and drafted.published == 0
    edited = _pushed(wordpress, f"second-push-{mark}")
    rest(wordpress, "POST", f"/wp/v2/posts/{edited['id']}", {"title": "Fixed by the web desk"})
    published = push(db, cast.editor, "fa", wordpress.url, user=wordpress.user, password=wordpress.app_password)
    assert published.updated == [f"first-push-{mark}"] and published.conflicts == [f"second-push-{mark}"]
    assert _pushed(wordpress, f"first-push-{mark}")["status"] == "publish"
    kept = _pushed(wordpress, f"second-push-{mark}")
    assert kept["title"]["raw"] == "Fixed by the web desk" and kept["status"] == "draft"
    rest(wordpress, "DELETE", f"/wp/v2/posts/{_pushed(wordpress, f'first-push-{mark}')['id']}", force="true")
    remade = push(
        db, cast.editor, "fa", wordpress.url, user=wordpress.user, password=wordpress.app_password, draft=True
    )
    assert f"first-push-{mark}" in remade.created  # deleted in WordPress: made again when it next changes


@pytest.mark.parametrize("who", ["translator", "editor of another edition"])
def test_only_the_editions_editors_push(db: Database, who: str) -> None:
    from workflow.people import create_user

    person = (
        make_user(db, "tina", ["translator"], [("en", "fa")])
        if who == "translator"
        else create_user(db, CONSOLE, "ed", "a long password 1", roles=["editor"], editions=["ar"])
    )
    with pytest.raises(PermissionDenied):
        push(db, person, "fa", "http://127.0.0.1:9", user="x", password="y")  # refused before any call


def test_a_wrong_password_and_a_dead_site_are_said_plainly(db: Database, wordpress: WordPress) -> None:
    editor = make_user(db, "ed", ["editor"], [])
    with pytest.raises(WordPressError, match="Application Password"):
        pull(db, editor, wordpress.url, user=wordpress.user, password="wrong wrong wrong", language="en")
    with pytest.raises(WordPressError, match="cannot be reached"):
        pull(db, editor, "http://127.0.0.1:9", language="en")
    with pytest.raises(WordPressError, match="not a site's address"):
        pull(db, editor, "ftp://example.org", language="en")
    assert queries.articles(db) == []


def test_the_command_line_pushes_the_demo_edition_and_pulls_it_back(
    wordpress: WordPress, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from typer.testing import CliRunner

    from workflow.cli import app

    monkeypatch.setenv("DRAGOMAN_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    monkeypatch.setenv("DRAGOMAN_WORDPRESS_PASSWORD", wordpress.app_password)
    runner = CliRunner()
    assert runner.invoke(app, ["demo"]).exit_code == 0
    command = ["wordpress", "push", "--edition", "fa", "--site", wordpress.url, "--user", wordpress.user]
    first = runner.invoke(app, command)
    made = int(re.search(r"created (\d+),", first.output).group(1))  # type: ignore[union-attr]
    assert first.exit_code == 0 and made == len(collect(Database(), "fa")) > 0, first.output
    second = runner.invoke(app, command)
    assert second.exit_code == 0 and f"created 0, updated 0, unchanged {made}" in second.output, second.output
    monkeypatch.delenv("DRAGOMAN_WORDPRESS_PASSWORD")
    refused = runner.invoke(app, command)
    assert refused.exit_code == 1 and "DRAGOMAN_WORDPRESS_PASSWORD" in refused.output
    pull_back = ["wordpress", "pull", "--site", wordpress.url, "--language", "fa"]
    clash = runner.invoke(app, pull_back)  # the edition's posts are translations of articles already here
    assert clash.exit_code == 1 and "cannot change its source language to fa" in clash.output
    monkeypatch.setenv("DRAGOMAN_DATABASE_URL", f"sqlite:///{tmp_path / 'another.db'}")
    assert runner.invoke(app, ["init"]).exit_code == 0
    pulled = runner.invoke(app, pull_back)  # into another newsroom's Dragoman, they are Persian articles
    assert pulled.exit_code == 0, pulled.output
    assert int(re.search(r"created (\d+),", pulled.output).group(1)) >= made  # type: ignore[union-attr]


PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


def test_a_post_pulled_translated_and_pushed_keeps_its_image_date_and_terms(
    db: Database, wordpress: WordPress, mark: str
) -> None:
    from sqlmodel import select

    from tests.workflow.flows import translate_all
    from workflow import actions
    from workflow.models import WordPressPost

    request = urllib.request.Request(f"{wordpress.url}/?rest_route=/wp/v2/media", data=PNG, method="POST")
    secret = base64.b64encode(f"{wordpress.user}:{wordpress.app_password}".encode()).decode()
    request.add_header("Authorization", f"Basic {secret}")
    request.add_header("Content-Type", "image/png")
    request.add_header("Content-Disposition", 'attachment; filename="reservoir-at-dawn.png"')
    with urllib.request.urlopen(request, timeout=60) as response:
        image = json.loads(response.read())
    tag = rest(wordpress, "POST", "/wp/v2/tags", {"name": f"dams {mark}"})
    rest(
        wordpress,
        "POST",
        "/wp/v2/posts",
        {
            "title": "The reservoir at dawn",
            "slug": f"reservoir-at-dawn-{mark}",
            "content": "<!-- wp:paragraph -->\n<p>The reservoir filled overnight.</p>\n<!-- /wp:paragraph -->",
            "status": "publish",
            "date_gmt": "2026-11-20T08:00:00",
            "featured_media": image["id"],
            "tags": [tag["id"]],
        },
    )
    cast = make_cast(db)
    pull(db, cast.editor, wordpress.url, user=wordpress.user, password=wordpress.app_password, language="en")
    piece_id = next(
        p.piece_id
        for p in queries.available_for(db, cast.translator, edition="fa")
        if p.slug == f"reservoir-at-dawn-{mark}"
    )
    actions.claim(db, cast.translator, piece_id)
    translate_all(db, cast.translator, piece_id)
    actions.submit(db, cast.translator, piece_id)
    actions.start_review(db, cast.reviewer, piece_id)
    actions.approve(db, cast.reviewer, piece_id)
    report = push(db, cast.editor, "fa", wordpress.url, user=wordpress.user, password=wordpress.app_password)
    assert f"reservoir-at-dawn-{mark}" in report.created and report.warnings == []
    with db.read() as session:
        pushed = session.exec(select(WordPressPost).where(WordPressPost.direction == "push")).one()
    post = rest(wordpress, "GET", f"/wp/v2/posts/{pushed.post_id}", context="edit")
    assert post["featured_media"] == image["id"]  # the same picture, by reference
    assert post["date_gmt"].startswith("2026-11-20")
    fa = next(a for a in collect(db, "fa") if a.slug == f"reservoir-at-dawn-{mark}")
    names = [rest(wordpress, "GET", f"/wp/v2/tags/{t}")["name"] for t in post["tags"]]
    assert names == list(fa.tags) and "ترجمه" in post["content"]["raw"]
