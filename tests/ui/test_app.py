"""The dashboard driven with Streamlit's AppTest: sign-in, role-based pages, and every page's main actions."""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, cast

import pytest
from streamlit.testing.v1 import AppTest

from tests.factories import fake_translation
from workflow import actions, queries
from workflow.db import Database
from workflow.demo import DEMO_PASSWORD
from workflow.memory import MEMORY
from workflow.models import Piece
from workflow.people import get_user
from workflow.signin import resume, sign_in

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "ui" / "app.py")
HARNESS = str(Path(__file__).resolve().parent / "harness.py")


def _signed_in(username: str, password: str = DEMO_PASSWORD) -> AppTest:
    app = AppTest.from_file(APP, default_timeout=30)
    app.run()
    app.text_input(key="username").input(username)
    app.text_input(key="password").input(password)
    app.button[0].click()
    app.run()
    if "user" in app.session_state:
        app.run()  # the browser came back from the server with its cookie
    return app


def _page(page: str, username: str, language: str = "en") -> AppTest:
    app = AppTest.from_file(HARNESS, default_timeout=30)
    app.session_state["harness_page"] = page
    app.session_state["harness_user"] = username
    app.session_state["language"] = language
    app.run()
    assert not app.exception, app.exception
    return app


def _grid(app: AppTest) -> dict[str, Any]:
    """What the editor's segment grid was given to show: every segment with its findings, terms and matches."""
    (grid,) = app.get("bidi_component")
    return cast(dict[str, Any], json.loads(grid.proto.json))


def seen(value: str) -> str:
    """What a person reads of a Markdown element: the backslashes that keep typed text literal are not shown."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", value)


def _until(condition: Callable[[], bool], what: str, timeout: float = 60.0) -> None:
    """Until ``condition()`` holds, checked whenever a short wait ends, or fail saying ``what``."""
    ended = threading.Event()
    timer = threading.Timer(timeout, ended.set)
    timer.start()
    try:
        while not condition():
            assert not ended.wait(0.05), f"still waiting for {what} after {timeout} s"
    finally:
        timer.cancel()


def _texts(app: AppTest) -> str:
    return " ".join(
        [seen(m.value) for m in app.markdown] + [h.value for h in app.header] + [seen(c.value) for c in app.caption]
    )


@pytest.mark.parametrize(
    ("username", "first_header"),
    [("mina", "Available work"), ("reza", "Review"), ("editor", "Progress"), ("admin", "Progress")],
)
def test_each_role_lands_on_its_first_page(demo_db: Database, username: str, first_header: str) -> None:
    app = _signed_in(username)
    assert not app.exception
    assert app.header[0].value == first_header


def test_wrong_password_is_refused_and_repeated_failures_are_slowed(demo_db: Database) -> None:
    app = _signed_in("mina", "not the password")
    assert "Wrong user name or password" in seen(app.error[0].value)
    for _ in range(5):
        app.text_input(key="password").input("still wrong")
        app.button[0].click()
        app.run()
    assert "Too many failed attempts" in seen(app.error[0].value)


def test_sign_out_ends_the_session(demo_db: Database) -> None:
    signed = sign_in(demo_db, "mina", DEMO_PASSWORD)
    assert signed is not None
    app = AppTest.from_file(HARNESS, default_timeout=30)
    app.session_state["harness_page"] = "account"
    app.session_state["harness_user"] = "mina"
    app.session_state["user"] = signed.user
    app.session_state["token"] = signed.token
    app.run()
    app.sidebar.button(key="sign-out").click()
    app.run()
    assert app.session_state["signed_out"] is True
    assert "user" not in app.session_state
    assert resume(demo_db, signed.token) is None


def test_a_reload_keeps_the_person_signed_in(demo_db: Database) -> None:
    """A new browser session (reload, direct link) finds the person through the session cookie's token."""
    from unittest import mock

    signed = sign_in(demo_db, "reza", DEMO_PASSWORD)
    assert signed is not None
    with mock.patch("ui.session._cookie", return_value=signed.token):
        app = AppTest.from_file(APP, default_timeout=30)
        app.run()
    assert not app.exception
    assert app.header[0].value == "Review"


def test_available_work_claims_a_piece(demo_db: Database) -> None:
    app = _page("available", "mina")
    claims = [b for b in app.button if (b.key or "").startswith("claim-")]
    assert claims
    piece_id = int(claims[0].key.removeprefix("claim-"))  # type: ignore[union-attr]
    claims[0].click()
    app.run()
    assert [r.piece_id for r in queries.my_work(demo_db, get_user(demo_db, "mina"))] == [piece_id]


def test_available_work_filters(demo_db: Database) -> None:
    app = _page("available", "mina")
    app.text_input(key="available-search").input("book club")
    app.run()
    titles = _texts(app)
    assert "book club" in titles.lower() or "Nothing to claim" in " ".join(seen(i.value) for i in app.info)


def test_the_editor_shows_every_arabic_plural_form_of_a_site_string(demo_db: Database) -> None:
    from sqlmodel import select

    from workflow.models import Article, Piece

    layla = get_user(demo_db, "layla")
    with demo_db.read() as session:
        site = session.exec(select(Article).where(Article.slug == "site")).one()
        piece_id = session.exec(select(Piece.id).where(Piece.article_id == site.id, Piece.edition_code == "ar")).one()
    actions.claim(demo_db, layla, piece_id)
    app = _page("editor", "layla", "ar")
    app.selectbox[0].select(piece_id)  # layla holds another piece too
    app.run()
    rows = _grid(app)["rows"]
    forms = [r["kind"] for r in rows if r["kind"].count("·") >= 2 and "6" in r["kind"]]
    assert len(forms) >= 12  # two plural entries, six forms each, each labelled with its numbers
    assert any("صفر" in kind and "· 0" in kind for kind in forms)  # the zero form, in Arabic
    assert "context: navigation" in " ".join(r["note"] for r in rows)  # what the site's developers say
    assert any(r["target"] == "" for r in rows)
    assert _grid(app)["target"] == {"lang": "ar", "dir": "rtl"}


def test_the_grid_saves_a_batch_reports_conflicts_and_the_page_submits(demo_db: Database) -> None:
    from ui.segment_grid import apply_saves

    mina = get_user(demo_db, "mina")
    piece_id = queries.available_for(demo_db, mina, edition="fa")[0].piece_id
    actions.claim(demo_db, mina, piece_id)
    app = _page("editor", "mina")
    segments = queries.piece_segments(demo_db, piece_id)
    first, second = segments[:2]
    assert [(r["id"], r["version"]) for r in _grid(app)["rows"]][:2] == [
        (first.segment_id, first.version),
        (second.segment_id, second.version),
    ]
    title = fake_translation(first.source, 0, "ترجمهٔ عنوان")
    actions.save_segment(demo_db, mina, second.segment_id, "متن دیگر", second.version)  # behind the page's back
    results = apply_saves(
        demo_db,
        mina,
        [
            {"segment": first.segment_id, "text": title, "base": first.version, "done": True},
            {"segment": second.segment_id, "text": "متن من", "base": second.version, "done": False},
        ],
    )
    assert results[0] | {"version": 0} == {
        "segment": first.segment_id,
        "sent": title,
        "ok": True,
        "text": title,
        "version": 0,
        "state": "done",
    }
    conflict = results[1]["conflict"]
    assert not results[1]["ok"] and conflict["theirs"] == "متن دیگر" and conflict["by"] == "Mina Tehrani (mina)"
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d UTC", conflict["at"])
    history = queries.segment_history(demo_db, second.segment_id)
    assert ("refused", "متن من") in [(h.kind, h.text) for h in history]  # the refused text is kept
    (mine,) = apply_saves(
        demo_db, mina, [{"segment": second.segment_id, "text": "متن من", "base": conflict["version"]}]
    )
    assert mine["ok"] and mine["state"] == "draft"  # saving on top of theirs, deliberately
    for segment in queries.piece_segments(demo_db, piece_id)[1:]:
        actions.save_segment(demo_db, mina, segment.segment_id, fake_translation(segment.source, 2), segment.version)
    app.run()
    assert {r["state"] for r in _grid(app)["rows"]} == {"done"}
    app.button(key="submit").click()
    app.run()
    assert queries.history(demo_db, piece_id=piece_id)[-1].action == "submit", [seen(e.value) for e in app.error]


def test_submit_with_empty_segments_says_which(demo_db: Database) -> None:
    mina = get_user(demo_db, "mina")
    piece_id = queries.available_for(demo_db, mina, edition="fa")[0].piece_id
    actions.claim(demo_db, mina, piece_id)
    app = _page("editor", "mina")
    app.button(key="submit").click()
    app.run()
    assert "empty or outdated" in seen(app.error[0].value)


def test_my_work_lists_and_releases(demo_db: Database) -> None:
    app = _page("my-work", "arben")  # arben has changes requested on the volunteer day report
    assert any("Changes requested" in seen(w.value) for w in app.warning)
    release = next(b for b in app.button if (b.key or "").startswith("release-"))
    release.click()
    app.run()
    assert queries.my_work(demo_db, get_user(demo_db, "arben")) != []  # it asks first
    assert any("Release this piece?" in seen(w.value) for w in app.warning)
    app.button(key=f"{release.key}-no").click()
    app.run()
    assert not any("Release this piece?" in seen(w.value) for w in app.warning)
    app.button(key=release.key).click()
    app.run()
    app.button(key=f"{release.key}-yes").click()
    app.run()
    assert queries.my_work(demo_db, get_user(demo_db, "arben")) == []


def test_my_work_offers_the_held_pieces_as_xliff(demo_db: Database) -> None:
    app = _page("my-work", "arben")
    assert [e.label for e in app.expander] == ["Work in a desktop tool (XLIFF)"]
    assert any(b.key == "xliff-import" for b in app.button) is False  # appears once a file is chosen
    empty = _page("my-work", "sara")  # holds nothing: no XLIFF to offer
    assert not empty.expander


def test_review_approves_and_sends_back_with_a_reason(demo_db: Database) -> None:
    app = _page("review", "reza")
    start = next(b for b in app.button if (b.key or "").startswith("start-"))
    piece_id = int(start.key.removeprefix("start-"))  # type: ignore[union-attr]
    start.click()
    app.run()
    app.button(key=f"changes-{piece_id}").click()
    app.run()
    assert "Say what should change" in seen(app.error[0].value)
    app.text_area(key=f"reason-{piece_id}").input("Paragraph 2 misses a number.")
    app.button(key=f"changes-{piece_id}").click()
    app.run()
    assert queries.history(demo_db, piece_id=piece_id)[-1].action == "request_changes"


def test_four_eyes_refusal_is_shown(demo_db: Database) -> None:
    sara = get_user(demo_db, "sara")
    piece_id = queries.available_for(demo_db, sara, edition="fa")[0].piece_id
    actions.claim(demo_db, sara, piece_id)
    for segment in queries.piece_segments(demo_db, piece_id):
        actions.save_segment(demo_db, sara, segment.segment_id, fake_translation(segment.source, 0), segment.version)
    actions.submit(demo_db, sara, piece_id)
    app = _page("review", "sara")
    assert not [b for b in app.button if b.key == f"start-{piece_id}"]  # left out of her queue


def test_progress_and_notifications(demo_db: Database) -> None:
    app = _page("progress", "editor")
    # statuses, review time, backlog age; nothing behind its source, overdue or ending: a sentence, not "empty"
    assert len(app.dataframe) == 3
    assert [c.value for c in app.caption].count("Nothing here yet.") == 3
    assert "Approved per week" in [s.value for s in app.subheader]
    app = _page("notifications", "arben")
    assert "Changes requested" in _texts(app)


def test_a_person_chooses_how_notices_come_by_email(demo_db: Database) -> None:
    app = _page("notifications", "arben")
    assert "Your account has no e-mail address; an admin can add one." in _texts(app)
    assert not app.selectbox
    with demo_db.write() as session:
        arben = session.get(type(get_user(demo_db, "arben")), get_user(demo_db, "arben").id)
        assert arben is not None
        arben.email = "arben@example.org"
    app = _page("notifications", "arben")
    choice = app.selectbox(key="email-mode")
    assert choice.value == "immediate"
    assert "arben@example.org" in (choice.help or "")
    choice.select("digest").run()
    assert app.success[0].value == "Saved: Once a day, as a digest"
    assert get_user(demo_db, "arben").email_mode == "digest"
    app = _page("notifications", "arben", language="fa")
    assert app.selectbox(key="email-mode").value == "digest"
    assert app.selectbox(key="email-mode").label != "E-mail me these notices"  # in Persian


def test_progress_shows_published_translations_behind_their_source(demo_db: Database, tmp_path: Path) -> None:
    from workflow.demo import DATA
    from workflow.importers import import_paths

    text = (DATA / "articles" / "library-reading-room-opens.md").read_text(encoding="utf-8")
    corrected = tmp_path / "library-reading-room-opens.md"
    corrected.write_text(text.replace("forty seats", "forty-two seats"), encoding="utf-8")
    import_paths(demo_db, get_user(demo_db, "editor"), [corrected])
    table = _page("progress", "editor").dataframe[1].value
    assert list(table["Edition"]) == ["ar", "fa"]
    assert set(table["Article"]) == {"The community library opens a new reading room"}
    assert list(table["Published revision"]) == [1, 1] and list(table["Source revision"]) == [2, 2]
    assert list(table["Update"]) == ["In translation", "In translation"]


def test_progress_figures_are_cached_until_the_database_changes(
    demo_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    from workflow import queries as workflow_queries

    computed: list[int] = []
    original = workflow_queries.progress
    monkeypatch.setattr(workflow_queries, "progress", lambda db: computed.append(1) or original(db))

    def in_translation(app: AppTest) -> int:
        table = app.dataframe[0].value
        return int(table.loc[table["Edition"] == "fa", "In translation"].iloc[0])

    before = in_translation(_page("progress", "editor"))
    assert in_translation(_page("progress", "editor")) == before
    assert len(computed) == 1  # the second run was served from the cache
    mina = get_user(demo_db, "mina")
    actions.claim(demo_db, mina, queries.available_for(demo_db, mina, edition="fa")[0].piece_id)
    assert in_translation(_page("progress", "editor")) == before + 1
    assert len(computed) == 2


def test_the_interface_in_persian_reads_right_to_left(demo_db: Database) -> None:
    app = AppTest.from_file(APP, default_timeout=30)
    app.session_state["language"] = "fa"
    app.run()
    assert app.button[0].label == "ورود"
    styles = " ".join(e.proto.body for e in app.get("html"))
    assert "direction: rtl" in styles
    app.text_input(key="username").input("mina")
    app.text_input(key="password").input(DEMO_PASSWORD)
    app.button[0].click()
    app.run()
    assert "/_dragoman/signed-in?code=" in " ".join(e.proto.body for e in app.get("html"))  # off for the cookie
    app.run()  # and back
    assert app.header[0].value == "کارهای در دسترس"


@pytest.mark.parametrize(
    ("username", "pages"),
    [
        ("mina", ["Available work", "My work", "Editor", "Notifications"]),
        ("reza", ["Review", "Notifications"]),
        ("sara", ["Available work", "My work", "Editor", "Review", "Notifications"]),
        ("editor", ["Progress", "Articles", "Word counts", "History", "Glossary", "Exports", "Notifications"]),
        ("admin", ["Progress", "Users", "Editions", "Notifications"]),
    ],
)
def test_only_the_pages_a_role_may_use_are_registered(demo_db: Database, username: str, pages: list[str]) -> None:
    from ui.app import PAGES, allowed_pages
    from workflow.people import roles_of

    titles = {path: title for path, title, _render, _who in PAGES}
    user = get_user(demo_db, username)
    assert [titles[p] for p in allowed_pages(roles_of(demo_db, user))] == pages


def test_articles_page_imports_files_all_or_nothing(demo_db: Database, tmp_path: Path) -> None:
    app = _page("articles", "editor")
    assert "Articles" in _texts(app)
    assert len(app.dataframe[0].value) == 13  # the demo's 12 articles and its site strings


def test_articles_page_sets_priority_and_assigns(demo_db: Database) -> None:
    editor = get_user(demo_db, "editor")
    row = queries.articles(demo_db, search="podcast")[0]
    piece_id = row.pieces["fa"][0]
    app = _page("articles", "editor")
    app.text_input(key="articles-search").input("podcast")
    app.run()
    app.number_input(key=f"priority-{piece_id}").set_value(7)
    app.text_input(key=f"assignee-{piece_id}").input("mina")
    app.button(key=f"apply-{piece_id}").click()
    app.run()
    assert not app.error, [seen(e.value) for e in app.error]
    assert [r.piece_id for r in queries.my_work(demo_db, get_user(demo_db, "mina"))] == [piece_id]
    assert queries.history(demo_db, piece_id=piece_id)[-2].actor_id == editor.id
    # the fields show what is stored: setting a deadline later keeps the priority
    again = _page("articles", "editor")
    again.text_input(key="articles-search").input("podcast")
    again.run()
    assert again.number_input(key=f"priority-{piece_id}").value == 7
    again.date_input(key=f"deadline-{piece_id}").set_value(date(2031, 5, 1))
    again.button(key=f"apply-{piece_id}").click()
    again.run()
    stored = queries.piece_settings(demo_db, [piece_id])[piece_id]
    assert (stored.priority, stored.deadline) == (7, datetime(2031, 5, 1, 23, 59, tzinfo=UTC))
    assert again.number_input(key=f"priority-{piece_id}").value == 7
    assert again.date_input(key=f"deadline-{piece_id}").value == date(2031, 5, 1)


def test_articles_page_marks_a_correction_and_sets_an_embargo(demo_db: Database, tmp_path: Path) -> None:
    from workflow.demo import DATA
    from workflow.importers import import_paths

    text = (DATA / "articles" / "library-reading-room-opens.md").read_text(encoding="utf-8")
    corrected = tmp_path / "library-reading-room-opens.md"
    corrected.write_text(text.replace("forty seats", "forty-two seats"), encoding="utf-8")
    import_paths(demo_db, get_user(demo_db, "editor"), [corrected])
    row = queries.articles(demo_db, search="reading room")[0]
    app = _page("articles", "editor")
    app.text_input(key="articles-search").input("reading room")
    app.run()
    app.button(key=f"FormSubmitter:correction-{row.article_id}-Mark as a correction").click()
    app.run()
    assert [seen(e.value) for e in app.error] == [
        "Say what was corrected: the note is shown to readers under the article"
    ]
    app.text_area(key=f"correction-note-{row.article_id}").input("An earlier version said forty seats.")
    app.checkbox(key=f"correction-urgent-{row.article_id}").check()
    app.button(key=f"FormSubmitter:correction-{row.article_id}-Mark as a correction").click()
    app.run()
    assert not app.error, [seen(e.value) for e in app.error]
    fa = queries.articles(demo_db, search="reading room")[0].pieces["fa"][0]
    assert queries.articles(demo_db, search="reading room")[0].revision == 3
    app.date_input(key=f"embargo-day-{fa}").set_value(date(2030, 1, 1))
    app.run()
    app.button(key=f"embargo-{fa}").click()
    app.run()
    assert not app.error, [seen(e.value) for e in app.error]
    with demo_db.read() as session:
        piece = session.get(Piece, fa)
        assert piece is not None and piece.publish_at == datetime(2030, 1, 1, tzinfo=UTC)
        assert piece.priority == 1_000_000  # urgent: the top of the queue


def test_assigning_somebody_without_the_pair_is_refused_on_the_page(demo_db: Database) -> None:
    piece_id = queries.articles(demo_db, search="podcast")[0].pieces["fa"][0]
    app = _page("articles", "editor")
    app.text_input(key="articles-search").input("podcast")
    app.run()
    app.text_input(key=f"assignee-{piece_id}").input("arben")
    app.button(key=f"apply-{piece_id}").click()
    app.run()
    assert any("arben cannot take this piece" in seen(e.value) for e in app.error)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "arben cannot take this piece: they need the translator role and the en→fa language pair"),
        ("fa", "arben نمی‌تواند این متن را بگیرد: نقش مترجم و جفت‌زبان en→fa را لازم دارد"),
        ("ar", "لا يستطيع arben تولّي هذه القطعة: يحتاج إلى دور مترجم وزوج اللغات en→fa"),
        ("sq", "arben nuk mund ta marrë këtë pjesë: i duhen roli përkthyes dhe çifti i gjuhëve en→fa"),
    ],
)
def test_refusals_are_shown_in_the_interface_language(demo_db: Database, language: str, expected: str) -> None:
    piece_id = queries.articles(demo_db, search="podcast")[0].pieces["fa"][0]
    app = _page("articles", "editor", language)
    app.text_input(key="articles-search").input("podcast")
    app.run()
    app.text_input(key=f"assignee-{piece_id}").input("arben")
    app.button(key=f"apply-{piece_id}").click()
    app.run()
    assert [seen(e.value) for e in app.error] == [expected]


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "Cannot submit piece {piece}: these segments are empty or outdated: #2, #3, #4, #5, #6, #7, #8, #9"),
        ("fa", "فرستادن متن {piece} ممکن نیست: این بخش‌ها خالی یا کهنه‌اند: #2, #3, #4, #5, #6, #7, #8, #9"),
        ("ar", "لا يمكن إرسال القطعة {piece}: هذه المقاطع فارغة أو قديمة: #2, #3, #4, #5, #6, #7, #8, #9"),
        ("sq", "Dorëzimi: nuk lejohet për pjesën {piece}: këto segmente janë bosh ose të vjetëruara: #2, #3, #4"),
    ],
)
def test_a_refused_submit_names_the_segments_in_the_interface_language(
    demo_db: Database, language: str, expected: str
) -> None:
    mina = get_user(demo_db, "mina")
    piece_id = queries.available_for(demo_db, mina, edition="fa")[0].piece_id
    actions.claim(demo_db, mina, piece_id)
    first = queries.piece_segments(demo_db, piece_id)[0]
    actions.save_segment(demo_db, mina, first.segment_id, "عنوان", first.version)
    app = _page("editor", "mina", language)
    app.button(key="submit").click()
    app.run()
    name = queries.piece_name(demo_db, piece_id)  # the piece by its title, not its number
    assert name is not None and name.startswith("“") and name.endswith(" (fa)")
    assert seen(app.error[0].value).startswith(expected.format(piece=name))


def test_users_page_creates_and_disables_accounts(demo_db: Database) -> None:
    app = _page("users", "admin")
    app.text_input(key="new-username").input("nadia")
    app.text_input(key="new-name").input("Nadia Haddad")
    app.multiselect(key="new-roles").select("translator")
    app.text_input(key="new-pairs").input("en->ar")
    app.text_input(key="new-password").input("a long secret")
    app.button[-1].click()
    app.run()
    assert not app.error, [seen(e.value) for e in app.error]
    nadia = get_user(demo_db, "nadia")
    assert nadia.display_name == "Nadia Haddad"
    app = _page("users", "admin")
    app.button(key=f"disable-{nadia.id}").click()
    app.run()
    assert get_user(demo_db, "nadia").disabled


def test_users_page_refuses_a_non_admin(demo_db: Database) -> None:
    app = _page("users", "editor")
    app.text_input(key="new-username").input("nadia")
    app.text_input(key="new-password").input("a long secret")
    app.button[-1].click()
    app.run()
    assert any("needs the admin role" in seen(e.value) for e in app.error)


def test_editions_page_changes_settings(demo_db: Database) -> None:
    app = _page("editions", "admin")
    app.number_input(key="tlease-fa").set_value(48)
    app.button(key="save-edition-fa").click()
    app.run()
    from workflow.editions import list_editions

    assert {e.code: e.translation_lease_hours for e in list_editions(demo_db)}["fa"] == 48


def test_admins_set_a_check_s_severity_per_edition(demo_db: Database) -> None:
    from workflow.editions import list_editions

    app = _page("editions", "admin")
    table = app.dataframe[0].value
    assert table.loc[table["Check"] == "numbers", "fa"].iloc[0] == "error"
    app.selectbox(key="severity-edition").set_value("sq")
    app.selectbox(key="severity-check").set_value("english-left")
    app.selectbox(key="severity-value").set_value("error")
    app.button(key="severity-save").click()
    app.run()
    app.run()  # the page reruns after the change
    assert {e.code: e.check_severities for e in list_editions(demo_db)}["sq"] == {"english-left": "error"}
    table = app.dataframe[0].value
    assert table.loc[table["Check"] == "english-left", "sq"].iloc[0] == "error"


def test_reports_and_history(demo_db: Database) -> None:
    app = _page("reports", "editor")
    assert len(app.dataframe) == 1
    app = _page("history", "editor")
    app.text_input(key="history-person").input("mina")
    app.run()
    frame = app.table[0].value
    assert len(frame) > 0 and set(frame["Who"]) == {"mina"}
    assert "review started" not in set(frame["Action"]) and "claimed" in set(frame["Action"])  # words, not ids
    assert set(frame["To status"]) <= {"", "In translation", "Submitted", "In review", "Approved", "Published"} | {
        "Changes requested",
        "Open",
    }
    persian = _page("history", "editor", "fa").table[0].value
    assert not [a for a in persian.iloc[:, 2] if "_" in str(a) or str(a).isascii()]  # every action in Persian


def test_review_marks_changes_since_the_last_approval(demo_db: Database, tmp_path: Path) -> None:
    from workflow.importers import import_paths
    from workflow.permissions import CONSOLE

    source = ROOT / "data" / "articles" / "library-reading-room-opens.md"
    changed = tmp_path / source.name
    changed.write_text(source.read_text(encoding="utf-8").replace("forty seats", "fifty seats"), encoding="utf-8")
    import_paths(demo_db, CONSOLE, [changed])
    mina = get_user(demo_db, "mina")
    [row] = [r for r in queries.my_work(demo_db, mina) if r.slug == "library-reading-room-opens"]
    outdated = next(s for s in queries.piece_segments(demo_db, row.piece_id) if s.outdated)
    actions.save_segment(demo_db, mina, outdated.segment_id, outdated.target.replace("چهل", "پنجاه"), outdated.version)
    actions.submit(demo_db, mina, row.piece_id)
    actions.start_review(demo_db, get_user(demo_db, "reza"), row.piece_id)
    app = _page("review", "reza")
    (changed,) = [r for r in _grid(app)["rows"] if r["changed_html"]]
    assert "<del>چهل</del>" in changed["changed_html"] and "<ins>پنجاه</ins>" in changed["changed_html"]
    assert changed["id"] == outdated.segment_id and _grid(app)["mode"] == "review"


def test_single_sign_on_maps_to_an_account_by_email(demo_db: Database) -> None:
    from types import SimpleNamespace
    from unittest import mock

    from workflow.people import set_disabled
    from workflow.permissions import CONSOLE

    with demo_db.write() as session:
        reza = session.get(type(get_user(demo_db, "reza")), get_user(demo_db, "reza").id)
        assert reza is not None
        reza.email = "reza@example.org"
    known = SimpleNamespace(is_logged_in=True, email="reza@example.org")
    with mock.patch("ui.views.sign_in.sso_configured", return_value=True), mock.patch("streamlit.user", known):
        app = AppTest.from_file(APP, default_timeout=30)
        app.run()
        app.run()  # back from the server with the session cookie
    assert not app.exception
    assert app.header[0].value == "Review"
    stranger = SimpleNamespace(is_logged_in=True, email="nobody@example.org")
    with mock.patch("ui.views.sign_in.sso_configured", return_value=True), mock.patch("streamlit.user", stranger):
        app = AppTest.from_file(APP, default_timeout=30)
        app.run()
    assert "matches no Dragoman account" in seen(app.error[0].value)
    assert app.button(key="sso").label == "Sign in with single sign-on"
    set_disabled(demo_db, CONSOLE, "reza")
    with mock.patch("ui.views.sign_in.sso_configured", return_value=True), mock.patch("streamlit.user", known):
        app = AppTest.from_file(APP, default_timeout=30)
        app.run()
    assert "matches no Dragoman account" in seen(app.error[0].value)


def test_reviewers_comment_on_a_segment(demo_db: Database) -> None:
    from workflow.comments import comments

    reza = get_user(demo_db, "reza")
    piece_id = queries.review_queue(demo_db, reza)[0].piece_id
    actions.start_review(demo_db, reza, piece_id)
    segment = queries.piece_segments(demo_db, piece_id)[2]
    app = _page("review", "reza")
    app.selectbox(key=f"review-comment-segment-{piece_id}").select(segment.segment_id)
    app.text_input(key=f"review-comment-{piece_id}").input("نام را مطابق واژه‌نامه بنویسید.")
    app.button(key=f"review-send-{piece_id}").click()
    app.run()
    [comment] = comments(demo_db, piece_id)
    assert (comment.segment_id, comment.author, comment.text) == (
        segment.segment_id,
        "Reza Sadeghi",
        "نام را مطابق واژه‌نامه بنویسید.",
    )


def test_the_account_remembers_the_interface_language(demo_db: Database) -> None:
    from workflow.people import set_interface_language

    set_interface_language(demo_db, get_user(demo_db, "mina"), "sq")
    app = _signed_in("mina")
    assert app.header[0].value == "Punë të lira"


@pytest.mark.parametrize("language", ["en", "sq"])
def test_a_run_looks_the_interface_catalog_up_once(
    demo_db: Database, monkeypatch: pytest.MonkeyPatch, language: str
) -> None:
    from ui import session
    from workflow.people import set_interface_language

    set_interface_language(demo_db, get_user(demo_db, "mina"), language)
    app = _signed_in("mina")
    looked_up: list[str] = []
    real = session.translations

    def counting(code: str):  # type: ignore[no-untyped-def]
        looked_up.append(code)
        return real(code)

    monkeypatch.setattr(session, "translations", counting)
    app.run()
    assert not app.exception
    assert app.header[0].value == {"en": "Available work", "sq": "Punë të lira"}[language]
    assert looked_up == [language]  # once for the whole run, not once per string


def test_history_pages(demo_db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("ui.views.history.PAGE_SIZE", 20)
    app = _page("history", "editor")
    first = app.table[0].value
    assert len(first) == 20
    app.button(key="history-next").click()
    app.run()
    app.run()
    second = app.table[0].value
    assert len(second) > 0 and min(second["When"]) <= max(first["When"])
    app.button(key="history-prev").click()
    app.run()
    app.run()
    assert list(app.table[0].value["When"]) == list(first["When"])


def test_the_editor_opens_the_piece_in_its_address(demo_db: Database) -> None:
    layla = get_user(demo_db, "layla")
    actions.claim(demo_db, layla, queries.available_for(demo_db, layla)[0].piece_id)
    held = [r.piece_id for r in queries.my_work(demo_db, layla)]
    assert len(held) == 2
    for piece_id in held:
        app = AppTest.from_file(HARNESS, default_timeout=30)
        app.session_state["harness_page"] = "editor"
        app.session_state["harness_user"] = "layla"
        app.query_params["piece"] = str(piece_id)
        app.run()
        assert app.selectbox(key="editor-piece").value == piece_id


def _claimed_fa_piece(demo_db: Database) -> tuple[int, list[queries.SegmentRow]]:
    mina = get_user(demo_db, "mina")
    piece_id = queries.available_for(demo_db, mina, edition="fa")[0].piece_id
    actions.claim(demo_db, mina, piece_id)
    for segment in queries.piece_segments(demo_db, piece_id):
        actions.save_segment(demo_db, mina, segment.segment_id, fake_translation(segment.source, 1), segment.version)
    return piece_id, queries.piece_segments(demo_db, piece_id)


def test_the_editor_shows_findings_and_their_safe_fix(demo_db: Database) -> None:
    mina = get_user(demo_db, "mina")
    _piece_id, rows = _claimed_fa_piece(demo_db)
    first = rows[0]
    arabic_letters = fake_translation(first.source, 0, "يك كتابخانه")  # Arabic ي and ك in Persian
    actions.save_segment(demo_db, mina, first.segment_id, arabic_letters, first.version)
    app = _page("editor", "mina")
    found = [f for f in _grid(app)["rows"][0]["findings"] if f["check"] == "persian-letters"]
    finding = next(f for f in found if f["message"] == "Arabic ي in Persian text; Persian writes ی")
    assert finding["severity"] == "error" and len(found) == 3  # one ي and two ك
    assert finding["fix"] == arabic_letters.replace("ي", "ی").replace("ك", "ک")  # the grid's "Apply the fix"
    assert any("1 error" in seen(w.value) or "errors" in seen(w.value) for w in app.warning)


def test_the_translator_mutes_a_warning_with_a_reason(demo_db: Database) -> None:
    mina = get_user(demo_db, "mina")
    piece_id, rows = _claimed_fa_piece(demo_db)
    actions.save_segment(demo_db, mina, rows[0].segment_id, rows[0].target + "  ", rows[0].version)
    app = _page("editor", "mina")
    choice = app.selectbox(key=f"waive-choice-{piece_id}")
    assert any("whitespace" in option for option in choice.options)
    choice.set_value((rows[0].segment_id, "whitespace"))
    app.text_input(key=f"waive-reason-{piece_id}").input("the headline is set this way")
    app.button(key=f"waive-{piece_id}").click()
    app.run()
    event = queries.history(demo_db, piece_id=piece_id)[-1]
    assert (event.action, event.comment) == ("check_muted", "the headline is set this way")


def test_a_reviewer_overrides_an_error_then_approves(demo_db: Database) -> None:
    mina, reza = get_user(demo_db, "mina"), get_user(demo_db, "reza")
    piece_id, rows = _claimed_fa_piece(demo_db)
    numbered = next(r for r in rows if any(ch.isdigit() for ch in r.source))
    actions.save_segment(demo_db, mina, numbered.segment_id, "متنی بی‌عدد", numbered.version)
    app = _page("editor", "mina")
    app.button(key="submit").click()
    app.run()
    assert any("quality errors" in seen(e.value) for e in app.error)
    from workflow.quality import override

    override(demo_db, reza, numbered.segment_id, "numbers", "the year is spelled out")
    actions.submit(demo_db, mina, piece_id)
    actions.start_review(demo_db, reza, piece_id)
    app = _page("review", "reza")
    set_aside = [w for r in _grid(app)["rows"] for w in r["set_aside"]]
    assert set_aside == [{"check": "numbers", "kind": "overridden", "reason": "the year is spelled out"}]
    app.button(key=f"approve-{piece_id}").click()
    app.run()
    assert queries.history(demo_db, piece_id=piece_id)[-1].action == "approve"


def test_editors_keep_the_glossary_on_its_page(demo_db: Database) -> None:
    from workflow import glossary

    app = _page("glossary", "editor")
    assert list(app.dataframe[0].value["Term"]) == ["Clara Hoxha", "library", "reading room"]  # the demo's
    app.selectbox(key="glossary-pair").set_value("fa→en")
    app.run()
    assert any("No terms" in seen(i.value) for i in app.info)
    app.selectbox(key="glossary-pair").set_value("en→fa")
    app.run()
    app.text_input(key="term-text").input("reading room")
    app.text_input(key="term-translations").input("سالن مطالعه | اتاق مطالعه")
    app.text_input(key="term-forbidden").input("قرائت‌خانه")
    app.button(key="term-save").click()
    app.run()
    app.run()
    row = next(r for r in glossary.terms(demo_db, "en", "fa") if r.term == "reading room")
    assert (row.term, row.translations, row.forbidden) == (
        "reading room",
        ["سالن مطالعه", "اتاق مطالعه"],
        ["قرائت‌خانه"],
    )
    table = app.dataframe[0].value
    assert "اتاق مطالعه" in " ".join(table["Translations"])
    app.text_input(key="term-text").input("")
    app.button(key="term-save").click()
    app.run()
    assert any("The term is empty" in seen(e.value) for e in app.error)


def test_a_translator_cannot_open_the_glossary_page_but_sees_terms_in_the_editor(demo_db: Database) -> None:
    from ui.app import allowed_pages
    from workflow import glossary
    from workflow.checks import Term
    from workflow.people import roles_of
    from workflow.permissions import CONSOLE

    assert "glossary" not in allowed_pages(roles_of(demo_db, get_user(demo_db, "mina")))
    _piece_id, rows = _claimed_fa_piece(demo_db)
    word = next(w for w in rows[0].source.split() if len(w) > 4).strip(".,:;")
    glossary.save_term(demo_db, CONSOLE, "en", "fa", Term(word, ("واژهٔ مصوب",), note="house style"))
    app = _page("editor", "mina")
    first = _grid(app)["rows"][0]
    assert f'<mark title="واژهٔ مصوب — house style">{word}</mark>' in first["source_html"]
    assert {"text": word, "translations": ["واژهٔ مصوب"], "note": "house style"} in first["terms"]


def test_claiming_on_the_page_prefills_exact_matches_and_the_editor_marks_them(demo_db: Database) -> None:
    mina = get_user(demo_db, "mina")
    row = next(r for r in queries.available_for(demo_db, mina, edition="fa") if r.slug.startswith("conference"))
    app = _page("available", "mina")
    assert app.checkbox(key="prefill").value is True
    app.button(key=f"claim-{row.piece_id}").click()
    app.run()
    prefilled = [s for s in queries.piece_segments(demo_db, row.piece_id) if s.prefilled]
    assert prefilled and {s.state for s in prefilled} == {"draft"}  # the shared byline, from the published piece
    app = _page("editor", "mina")
    app.selectbox[0].select(row.piece_id)
    app.run()
    marked = {r["id"] for r in _grid(app)["rows"] if r["prefilled"]}
    assert marked == {s.segment_id for s in prefilled}
    assert _grid(app)["labels"]["prefilled"].startswith("Pre-filled from the translation memory")


def test_the_editor_suggests_from_the_memory(demo_db: Database) -> None:
    from workflow.memory import add_entries

    mina = get_user(demo_db, "mina")
    piece_id = queries.available_for(demo_db, mina, edition="fa")[0].piece_id
    actions.claim(demo_db, mina, piece_id)
    segment = next(s for s in queries.piece_segments(demo_db, piece_id) if s.kind == "paragraph")
    add_entries(demo_db, "en", "fa", [(segment.source, "ترجمه‌ای از حافظه")], origin="archive.tmx", reviewed=False)
    app = _page("editor", "mina")  # the memory is not open yet: the editor says so and does not wait
    assert "Opening the translation memory: its suggestions appear here in a moment." in _texts(app)
    row = next(r for r in _grid(app)["rows"] if r["id"] == segment.segment_id)
    assert row["matches"] == []
    _until(lambda: MEMORY.ready(demo_db, "en", "fa"), "the memory opened in the background")
    app.run()
    assert "Opening the translation memory" not in _texts(app)
    row = next(r for r in _grid(app)["rows"] if r["id"] == segment.segment_id)
    assert row["matches"][0] == {
        "score": 100,
        "source": segment.source,
        "target": "ترجمه‌ای از حافظه",
        "origin": "archive.tmx",
        "reviewed": False,
        "same_context": False,
    }
    app.text_input(key="concordance").input("حافظه")
    app.run()
    assert any("ترجمه‌ای از حافظه" in e.proto.body for e in app.get("html"))


def test_editors_build_bundles_see_what_changed_and_publish(
    demo_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DRAGOMAN_BUNDLE_DIR", str(tmp_path / "bundles"))
    app = _page("exports", "editor")
    app.multiselect(key="export-editions").set_value(["ar", "fa"])
    app.button(key="export-build").click()
    app.run()
    assert [s.value for s in app.subheader] == ["ar", "fa"]
    assert (tmp_path / "bundles" / "fa" / "manifest.json").exists() and (tmp_path / "bundles" / "fa.zip").exists()
    assert any("articles/library-reading-room-opens.html" in seen(m.value) for m in app.markdown)  # new the first time
    app.button(key="export-build").click()
    app.run()
    assert sum("Nothing changed since the last build." in seen(i.value) for i in app.info) == 2
    app.button(key="export-publish").click()
    app.run()
    assert any("1 piece published" in s.value for s in app.success)  # the approved Arabic piece
    ar_piece = queries.articles(demo_db, search="reading room")[0].pieces["ar"]
    assert ar_piece[1] == "published"


def test_the_exports_page_refuses_a_folder_it_does_not_own(
    demo_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "bundles"
    (folder / "fa").mkdir(parents=True)
    (folder / "fa" / "index.php").write_text("<?php // the live site\n", encoding="utf-8")
    monkeypatch.setenv("DRAGOMAN_BUNDLE_DIR", str(folder))
    app = _page("exports", "editor")
    app.multiselect(key="export-editions").set_value(["fa"])
    app.button(key="export-build").click()
    app.run()
    assert any("holds no Dragoman bundle (index.php)" in seen(e.value) for e in app.error), [e.value for e in app.error]
    assert sorted(p.name for p in (folder / "fa").iterdir()) == ["index.php"]
    assert not (folder / "fa.zip").exists()


def test_a_failing_page_says_one_sentence_and_keeps_the_page(
    demo_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    from unittest import mock

    from sqlalchemy.exc import OperationalError

    signed = sign_in(demo_db, "mina", DEMO_PASSWORD)
    assert signed is not None
    full = OperationalError(
        "INSERT INTO segment_edit VALUES (?)", ("secret text",), Exception("database or disk is full")
    )
    with (
        mock.patch("ui.session._cookie", return_value=signed.token),
        mock.patch("ui.views.available.render", side_effect=full),
    ):
        app = AppTest.from_file(APP, default_timeout=30)
        app.run()
    assert not app.exception  # no traceback on the page
    shown = " ".join(seen(e.value) for e in app.error)
    assert "is full (database or disk is full); free some space" in shown and "INSERT" not in shown
    assert app.sidebar.button(key="sign-out")  # the rest of the page still works


def test_a_persian_reason_is_isolated_inside_an_english_sentence(demo_db: Database) -> None:
    app = _page("my-work", "arben")  # changes requested on his piece, with the reviewer's reason
    (warning,) = [w for w in app.warning if "Changes requested" in w.value]
    assert "Changes requested: \u2068" in warning.value and warning.value.endswith("\u2069")


def test_the_segment_history_shows_word_diffs_and_restores_an_earlier_text(demo_db: Database) -> None:
    mina = get_user(demo_db, "mina")
    piece_id, rows = _claimed_fa_piece(demo_db)
    first = rows[0]
    earlier = fake_translation(first.source, 0, "نسخهٔ نخست")
    actions.save_segment(demo_db, mina, first.segment_id, earlier, first.version)
    later = fake_translation(first.source, 0, "نسخهٔ دوم")
    actions.save_segment(demo_db, mina, first.segment_id, later, first.version + 1)
    app = _page("editor", "mina", "fa")
    captions = " ".join(c.value for c in app.caption)
    assert "ذخیره شد" in captions and " save " not in captions  # the kind of each entry, in Persian
    diffs = [h.proto.body for h in app.get("html") if "<del>" in h.proto.body]
    assert any("<del>نخست</del>" in body and "<ins>دوم</ins>" in body for body in diffs)
    restore = next(b for b in app.button if (b.key or "").startswith(f"restore-{first.segment_id}-"))
    restore.click()
    app.run()
    now = queries.piece_segments(demo_db, piece_id)[0]
    assert (now.target, now.state) == (earlier, "draft")


def test_the_table_libraries_load_in_the_background_when_the_dashboard_starts(tmp_path: Path) -> None:
    """Streamlit imports pandas at a page's first table or grid (0.4 s): the dashboard's start loads it before
    anyone asks, in a thread of its own, so the first page with a table does not wait for it."""
    import os
    import subprocess
    import sys

    script = (
        "import sys, threading\n"
        "import ui.app\n"
        "assert 'pandas' not in sys.modules, 'already imported: this test would prove nothing'\n"
        "ui.app.database()\n"
        "loader = next(t for t in threading.enumerate() if t.name == 'load-table-libraries')\n"
        "loader.join()\n"
        "print('pandas' in sys.modules, 'pyarrow' in sys.modules)\n"
    )
    env = {**os.environ, "DRAGOMAN_DATABASE_URL": f"sqlite:///{tmp_path / 'd.db'}"}
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["True", "True"]
