"""The life of a piece in a real browser (Debian's Chromium driven by Playwright), in English and in Persian.

With DRAGOMAN_SCREENSHOTS=1 (``make screenshots``) it saves screenshots of the key screens to
docs/screenshots/; ``make test`` leaves those tracked files alone.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.factories import fake_translation, get_piece
from tests.serving import free_port, start_dashboard, stop
from tests.ui.conftest import CHROMIUM
from workflow.cli import dashboard_command
from workflow.db import Database
from workflow.demo import DEMO_PASSWORD

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "docs" / "screenshots"

if not Path(CHROMIUM).exists() and os.environ.get("DRAGOMAN_REQUIRE_BROWSER"):
    raise RuntimeError(f"{CHROMIUM} is missing but DRAGOMAN_REQUIRE_BROWSER is set: apt-get install -y chromium")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed (.ci/run installs it)"),
]

LABELS = {
    "en": {
        "user": "User name",
        "password": "Password",
        "sign_in": "Sign in",
        "claim": "Claim",
        "editor": "Editor",
        "save": "Save",
        "submit": "Submit for review",
        "sign_out": "Sign out",
        "review": "Review",
        "start": "Start review",
        "reason": "Reason for sending back",
        "changes": "Request changes",
        "approve": "Approve",
        "my_work": "My work",
    },
    "fa": {
        "user": "نام کاربری",
        "password": "گذرواژه",
        "sign_in": "ورود",
        "claim": "برداشتن",
        "editor": "ویرایشگر",
        "save": "ذخیره",
        "submit": "فرستادن برای بازبینی",
        "sign_out": "خروج",
        "review": "بازبینی",
        "start": "آغاز بازبینی",
        "reason": "دلیل بازگرداندن",
        "changes": "درخواست اصلاح",
        "approve": "تأیید",
        "my_work": "کارهای من",
    },
}


@pytest.fixture
def server(demo_db: Database) -> Iterator[str]:
    port = free_port()
    env = {**os.environ, "DRAGOMAN_DATABASE_URL": demo_db.url}
    process = start_dashboard(dashboard_command(port), env, port)
    yield f"http://127.0.0.1:{port}"
    stop(process)


def _run_number(page) -> int:  # type: ignore[no-untyped-def]
    """The number of the last completed script run of this page's session (0 before the first)."""
    marker = page.locator("#dragoman-run")
    return int(marker.get_attribute("data-run") or 0) if marker.count() else 0


def _settled(page, after: int = 0) -> None:  # type: ignore[no-untyped-def]
    """Wait until a run later than ``after`` has completed and nothing is running or stale: a state, not a time."""
    from playwright.sync_api import expect

    page.wait_for_function(
        "n => { const m = document.getElementById('dragoman-run'); return m !== null && Number(m.dataset.run) > n; }",
        arg=after,
        timeout=60_000,
    )
    expect(page.get_by_test_id("stStatusWidget")).to_have_count(0, timeout=60_000)
    expect(page.locator("[data-stale='true']")).to_have_count(0, timeout=60_000)  # the rerun replaced everything


def _do(page, action) -> None:  # type: ignore[no-untyped-def]
    """Act on the page (a click, a key), then wait until the run it started has completed."""
    before = _run_number(page)
    action()
    _settled(page, before)


def _box(page, segment_id: int):  # type: ignore[no-untyped-def]
    """The text box of one segment in the editor's grid."""
    return page.locator(f"#dg-segment-{segment_id} textarea")


def _saved(page, segment_id: int) -> None:  # type: ignore[no-untyped-def]
    """Wait until the grid shows the segment's text saved on the server (the answer to its save arrived)."""
    from playwright.sync_api import expect

    expect(page.locator(f"#dg-segment-{segment_id}")).to_have_attribute("data-saved", "yes", timeout=30_000)


def _open(page, url: str) -> None:  # type: ignore[no-untyped-def]
    """Go to ``url`` and wait until its page is complete; the editor also until the translation memory is open
    (the page then runs once more by itself to show the suggestions: an action must not meet that run)."""
    from playwright.sync_api import expect

    page.goto(url)
    _settled(page)
    if "/editor" in url:
        expect(page.get_by_text("Opening the translation memory")).to_have_count(0, timeout=60_000)
        _settled(page, _run_number(page) - 1)


def _session_cookie(page) -> dict[str, object] | None:  # type: ignore[no-untyped-def]
    return next((c for c in page.context.cookies() if c["name"] == "dragoman_session"), None)  # type: ignore[misc]


def _sign_in(page, base: str, username: str, lang: str, url: str | None = None) -> None:  # type: ignore[no-untyped-def]
    """Sign in on ``url`` (the home page unless given) and wait until the browser holds its session cookie and
    shows the person signed in.
    """
    from playwright.sync_api import expect

    t = LABELS[lang]
    _open(page, url or base)
    name = {"en": "English", "fa": "فارسی"}[lang]
    picker = page.get_by_test_id("stSidebar").get_by_test_id("stSelectbox")
    if picker.locator("input").input_value() != name:  # the browser keeps the language it was last given
        picker.click()
        _do(page, lambda: page.get_by_role("option", name=name).click())
    page.get_by_label(t["user"], exact=True).fill(username)
    page.get_by_label(t["password"], exact=True).fill(DEMO_PASSWORD)
    page.get_by_role("button", name=t["sign_in"]).click()
    expect(page.locator(".st-key-sign-out button")).to_be_visible(timeout=60_000)  # in the account's language
    assert _session_cookie(page) is not None
    _settled(page)


def _sign_out(page, lang: str) -> None:  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect

    page.get_by_role("button", name=LABELS[lang]["sign_out"]).click()
    expect(page.get_by_label(LABELS[lang]["password"], exact=True)).to_be_visible(timeout=60_000)
    _settled(page)


def _shot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    if not os.environ.get("DRAGOMAN_SCREENSHOTS"):
        return
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


@pytest.mark.parametrize("lang", ["en", "fa"])
def test_the_life_of_a_piece(server: str, browser, demo_db: Database, lang: str) -> None:  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect

    from workflow import queries
    from workflow.people import get_user

    t = LABELS[lang]
    mina = get_user(demo_db, "mina")
    piece_id = queries.available_for(demo_db, mina, edition="fa")[0].piece_id
    translator = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = translator.new_page()
    _sign_in(page, server, "mina", lang)
    _shot(page, f"{lang}-available-work")
    _do(page, lambda: page.locator(f".st-key-claim-{piece_id} button").click())
    opening = {"en": "Open in editor", "fa": "باز کردن در ویرایشگر"}[lang]
    _do(page, lambda: page.get_by_role("link", name=opening).click())  # straight on from the claim
    assert f"piece={piece_id}" in page.url
    boxes = page.locator(".dg-row textarea")
    count = len(queries.piece_segments(demo_db, piece_id))
    expect(boxes).to_have_count(count, timeout=20_000)
    assert (
        boxes.first.evaluate("e => getComputedStyle(e).direction") == "rtl"
    )  # a Persian target, whatever the interface language
    if lang == "fa":
        assert (
            page.locator("[data-testid='stAppViewContainer']").evaluate("e => getComputedStyle(e).direction") == "rtl"
        )
    for i, segment in enumerate(queries.piece_segments(demo_db, piece_id)):
        box = _box(page, segment.segment_id)
        box.fill(fake_translation(segment.source, i, "ترجمهٔ بخش"))
        box.press("Control+Enter")
        _saved(page, segment.segment_id)
        if i == 0:
            _open(page, page.url)  # a reload keeps the session and the saved text
            saved = fake_translation(segment.source, i, "ترجمهٔ بخش")
            expect(_box(page, segment.segment_id)).to_have_value(saved)
    _shot(page, f"{lang}-editor")
    _do(page, lambda: page.get_by_role("button", name=t["submit"]).click())
    assert queries.history(demo_db, piece_id=piece_id)[-1].action == "submit"
    _sign_out(page, lang)

    review = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    _sign_in(review, server, "reza", lang)
    _do(review, lambda: review.locator(f".st-key-start-{piece_id} button").click())
    review.locator(f".st-key-reason-{piece_id} textarea").fill("بند دوم را کامل‌تر کنید.")
    _shot(review, f"{lang}-review")
    _do(review, lambda: review.locator(f".st-key-changes-{piece_id} button").click())
    assert queries.history(demo_db, piece_id=piece_id)[-1].action == "request_changes"

    _sign_in(page, server, "mina", lang)  # she signed out above
    _open(page, f"{server}/editor")
    expect(page.get_by_text("بند دوم را کامل‌تر کنید.").first).to_be_visible()
    second = queries.piece_segments(demo_db, piece_id)[1]
    fuller = fake_translation(second.source, 1, "ترجمهٔ کامل‌تر بخش")
    _box(page, second.segment_id).fill(fuller)
    _box(page, second.segment_id).press("Control+Enter")
    _saved(page, second.segment_id)
    _do(page, lambda: page.get_by_role("button", name=t["submit"]).click())

    _open(review, review.url)
    _do(review, lambda: review.locator(f".st-key-start-{piece_id} button").click())
    _do(review, lambda: review.locator(f".st-key-approve-{piece_id} button").click())
    assert queries.history(demo_db, piece_id=piece_id)[-1].action == "approve"
    assert queries.piece_segments(demo_db, piece_id)[1].target == fuller


def test_two_people_editing_the_same_segment_see_a_conflict(server: str, browser, demo_db: Database) -> None:  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect

    from workflow import actions, queries
    from workflow.people import get_user

    mina = get_user(demo_db, "mina")
    piece_id = queries.available_for(demo_db, mina, edition="fa")[0].piece_id
    actions.claim(demo_db, mina, piece_id)
    segment = queries.piece_segments(demo_db, piece_id)[0]
    tabs = []
    for _ in range(2):
        tab = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
        _sign_in(tab, server, "mina", "en")
        _open(tab, f"{server}/editor")
        tabs.append(tab)
    for tab, text in zip(tabs, ["متن زبانهٔ اول", "متن زبانهٔ دوم"], strict=True):
        _box(tab, segment.segment_id).fill(text)
    _box(tabs[0], segment.segment_id).press("Control+Enter")
    _saved(tabs[0], segment.segment_id)
    _box(tabs[1], segment.segment_id).press("Control+Enter")
    conflict = tabs[1].locator(f"#dg-segment-{segment.segment_id} .dg-conflict")
    expect(conflict).to_contain_text("Mina Tehrani (mina) saved this segment at")
    expect(conflict.get_by_text("متن زبانهٔ اول")).to_be_visible()
    expect(_box(tabs[1], segment.segment_id)).to_have_value("متن زبانهٔ دوم")  # what this tab typed stays
    _shot(tabs[1], "en-conflict")
    assert queries.piece_segments(demo_db, piece_id)[0].target == "متن زبانهٔ اول"
    conflict.get_by_role("button", name="Save mine over theirs").click()
    _saved(tabs[1], segment.segment_id)
    assert queries.piece_segments(demo_db, piece_id)[0].target == "متن زبانهٔ دوم"


def test_keyboard_only_save_and_next(server: str, browser, demo_db: Database) -> None:  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect

    from workflow import actions, queries
    from workflow.people import get_user

    mina = get_user(demo_db, "mina")
    piece_id = queries.available_for(demo_db, mina, edition="fa")[0].piece_id
    actions.claim(demo_db, mina, piece_id)
    first, second = queries.piece_segments(demo_db, piece_id)[:2]
    page = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    _sign_in(page, server, "mina", "en")
    _open(page, f"{server}/editor")
    box = _box(page, first.segment_id)
    box.click()
    page.keyboard.type("ترجمه با صفحه‌کلید")
    page.keyboard.press("Control+Enter")
    expect(_box(page, second.segment_id)).to_be_focused()
    _saved(page, first.segment_id)
    page.keyboard.type("بخش دوم")  # typing on in the next box while the first one's answer may still travel
    page.keyboard.press("Control+Enter")
    _saved(page, second.segment_id)
    saved = queries.piece_segments(demo_db, piece_id)[:2]
    assert [(s.target, s.state) for s in saved] == [("ترجمه با صفحه‌کلید", "done"), ("بخش دوم", "done")]
    kinds = [h.kind for h in queries.segment_history(demo_db, first.segment_id)]
    assert kinds.count("save") == 1 and "refused" not in kinds  # one save: leaving the box sent nothing more
    assert queries.piece_segments(demo_db, piece_id)[0].target == "ترجمه با صفحه‌کلید"


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_editor_and_admin_pages_in_a_real_browser(server: str, browser, demo_db: Database, lang: str) -> None:  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect

    from ui.app import PAGES
    from ui.i18n import translations
    from workflow.people import get_user, set_interface_language

    titles = {path: title for path, title, _render, _roles in PAGES}
    for username, paths in (
        ("editor", ["progress", "articles", "reports", "history", "notifications"]),
        ("admin", ["users", "editions"]),
    ):
        set_interface_language(demo_db, get_user(demo_db, username), lang)  # the account keeps its language
        page = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
        _sign_in(page, server, username, "en")
        for path in paths:
            _open(page, f"{server}/{path}")
            heading = translations(lang).gettext(titles[path])
            expect(page.get_by_role("heading", name=heading).first).to_be_visible()
            expect(page.get_by_test_id("stException")).to_have_count(0)
            direction = page.locator("[data-testid='stAppViewContainer']").evaluate(
                "e => getComputedStyle(e).direction"
            )
            assert direction == ("rtl" if lang == "ar" else "ltr")
            for chart in page.get_by_test_id("stVegaLiteChart").all():  # canvas labels are drawn left to right
                assert chart.evaluate("e => getComputedStyle(e).direction") == "ltr"
            expect(page.get_by_text("Page not found")).to_have_count(0)  # a direct link to any page opens it
            assert page.evaluate("document.documentElement.lang") == lang
            if path == "articles":  # Streamlit's uploader, in the reader's language and with Dragoman's limit
                words = page.locator("[data-testid='stFileUploaderDropzone'] button p").first.evaluate(
                    "e => getComputedStyle(e, '::after').content"
                )
                assert words == '"' + translations(lang).gettext("Upload") + '"'
                hint = page.locator("[data-testid='stFileUploaderDropzoneInstructions'] span").first.evaluate(
                    "e => getComputedStyle(e, '::after').content"
                )
                assert hint == '"' + translations(lang).gettext("Up to {mb} MB per file").format(mb=10) + '"'
            page.wait_for_load_state("networkidle")
            _shot(page, f"{lang}-{path}")
        if username == "editor":  # a page of another role says whose it is, in the reader's language
            _open(page, f"{server}/users")
            expect(page.get_by_text("Page not found")).to_have_count(0)
            said = translations(lang).gettext(
                "This page is for: {roles}. Your account has: {yours}. An admin can give you the role."
            )
            expect(page.get_by_text(said.split("{")[0].strip()).first).to_be_visible()
            expect(page.get_by_test_id("stTextInput")).to_have_count(0)  # none of the page's own content
        page.context.close()


def _read(page) -> str:  # type: ignore[no-untyped-def]
    """The page's text as a person reads it (the invisible word joiners that keep addresses unlinked left out)."""
    return str(page.evaluate("document.body.innerText")).replace("\u2060", "")


@pytest.fixture
def listener() -> Iterator[tuple[str, list[str]]]:
    """An attacker's server on 127.0.0.1 that records every request a browser makes to it."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    seen: list[str] = []

    class Record(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            seen.append(self.path)
            self.send_response(204)
            self.end_headers()

        def log_message(self, *_args: object) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Record)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", seen
    server.shutdown()
    server.server_close()


def test_nothing_a_person_typed_makes_a_browser_fetch_anything(  # type: ignore[no-untyped-def]
    server: str, browser, demo_db: Database, listener: tuple[str, list[str]]
) -> None:

    from tests.factories import make_source
    from tests.workflow.flows import translate_all
    from workflow import actions, queries
    from workflow.checks.model import Term
    from workflow.comments import add_comment
    from workflow.glossary import save_term
    from workflow.importers import import_sources
    from workflow.people import create_user, get_user
    from workflow.permissions import CONSOLE

    evil, seen = listener

    def no_links(page) -> None:  # type: ignore[no-untyped-def]
        found = page.locator(f"a[href*='127.0.0.1:{evil.rsplit(':', 1)[1]}'], img[src*='{evil.rsplit(':', 1)[1]}']")
        assert found.count() == 0, [page.url] + [
            found.nth(n).evaluate("e => e.parentElement.outerHTML") for n in range(found.count())
        ]

    bait = f"![pixel]({evil}/image.png) [sign in again]({evil}/phish) {evil}/bare :red[x] $x$"
    title = "Library " + bait
    import_sources(demo_db, CONSOLE, [make_source("bait", title=title, paragraphs=1)])
    mina, reza = get_user(demo_db, "mina"), get_user(demo_db, "reza")
    piece_id = queries.available_for(demo_db, mina, edition="fa", search="bait")[0].piece_id
    actions.claim(demo_db, mina, piece_id)
    translate_all(demo_db, mina, piece_id)
    actions.submit(demo_db, mina, piece_id)
    actions.start_review(demo_db, reza, piece_id)
    actions.request_changes(demo_db, reza, piece_id, "Fix it: " + bait)
    save_term(demo_db, CONSOLE, "en", "fa", Term("Library", ("کتابخانه",), note="note " + bait))
    eve = create_user(demo_db, CONSOLE, "eve", "a long enough phrase", display_name="Eve " + bait, roles=["editor"])
    add_comment(demo_db, eve, piece_id, "comment " + bait)

    page = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    _sign_in(page, server, "mina", "en")
    for path in ("my-work", "editor", "notifications"):
        _open(page, f"{server}/{path}")
        page.wait_for_load_state("networkidle")
        no_links(page)
    assert f"Fix it: {bait}" in _read(page)  # shown as typed
    desk = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    _sign_in(desk, server, "editor", "en")
    _open(desk, f"{server}/articles")
    assert title in _read(desk)  # the title as typed
    no_links(desk)
    for path in ("history", "glossary"):
        _open(desk, f"{server}/{path}")
        desk.wait_for_load_state("networkidle")
        no_links(desk)
    admin = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    _sign_in(admin, server, "admin", "en")
    _open(admin, f"{server}/users")
    admin.wait_for_load_state("networkidle")
    no_links(admin)
    assert seen == []  # and no request ever reached the attacker


def test_a_signed_out_visitor_sees_only_the_sign_in_form_then_the_page_asked_for(  # type: ignore[no-untyped-def]
    server: str, browser, demo_db: Database
) -> None:
    from playwright.sync_api import expect

    page = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    _open(page, f"{server}/editor")
    expect(page.get_by_label("Password", exact=True)).to_be_visible()
    expect(page.get_by_test_id("stSidebarNav")).to_have_count(0)  # no list of the dashboard's pages
    expect(page.get_by_test_id("stAppDeployButton")).to_have_count(0)
    expect(page.get_by_text("account", exact=True)).to_have_count(0)
    _sign_in(page, server, "mina", "en", url=page.url)
    assert page.url.endswith("/editor")
    expect(page.get_by_role("heading", name="Editor")).to_be_visible()


def test_the_session_cookie_is_out_of_reach_of_scripts_and_set_before_the_page(  # type: ignore[no-untyped-def]
    server: str, browser, demo_db: Database
) -> None:
    from playwright.sync_api import expect

    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    _sign_in(page, server, "mina", "en")
    cookie = _session_cookie(page)
    assert cookie is not None and cookie["httpOnly"] is True and cookie["sameSite"] == "Strict"
    assert "dragoman_session" not in page.evaluate("document.cookie")
    direct = context.new_page()  # a direct link opened at once, in another tab
    _open(direct, f"{server}/my-work")
    expect(direct.get_by_role("heading", name="My work")).to_be_visible()
    expect(direct.get_by_label("Password", exact=True)).to_have_count(0)


@pytest.mark.parametrize("how", ["sign-out in another tab", "account disabled", "password changed"])
def test_an_ended_session_ends_every_open_tab_at_its_next_click(  # type: ignore[no-untyped-def]
    server: str, browser, demo_db: Database, how: str
) -> None:
    from playwright.sync_api import expect

    from workflow import queries
    from workflow.people import get_user, set_disabled, set_password
    from workflow.permissions import CONSOLE

    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    first = context.new_page()
    _sign_in(first, server, "mina", "en")
    second = context.new_page()
    _open(second, f"{server}/available")
    piece_id = queries.available_for(demo_db, get_user(demo_db, "mina"), edition="fa")[0].piece_id
    claim = second.locator(f".st-key-claim-{piece_id} button")
    expect(claim).to_be_visible()
    if how == "sign-out in another tab":
        _sign_out(first, "en")
    elif how == "account disabled":
        set_disabled(demo_db, CONSOLE, "mina")
    else:
        set_password(demo_db, CONSOLE, "mina", "a brand new secret phrase")
    claim.click()
    expect(second.get_by_label("Password", exact=True)).to_be_visible(timeout=60_000)
    assert get_piece(demo_db, piece_id).status == "open"  # the click after the session ended claimed nothing


def test_a_wordpress_post_is_translated_around_its_tags(server: str, browser, demo_db: Database) -> None:  # type: ignore[no-untyped-def]
    """The editor lists the tags of a post's paragraph, adds the missing ones, and a translation placed around
    them is saved and rebuilt with the post's own link.
    """
    from dataclasses import replace

    from playwright.sync_api import expect

    from tests.factories import make_source, pieces_of
    from workflow import actions, queries
    from workflow.importers import import_sources
    from workflow.people import get_user
    from workflow.permissions import CONSOLE

    post = '<p>Read <a href="https://example.org/report">the <strong>whole</strong> report</a> online.</p>'
    source = make_source("wordpress-post", paragraphs=1, changed={0: post})
    import_sources(demo_db, CONSOLE, [replace(source, content=replace(source.content, body_format="html"))])
    mina = get_user(demo_db, "mina")
    piece_id = pieces_of(demo_db, "wordpress-post")["fa"].id or 0
    actions.claim(demo_db, mina, piece_id)
    paragraph = queries.piece_segments(demo_db, piece_id)[1]
    assert paragraph.source == "Read <1>the <2>whole</2> report</1> online."
    page = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    _sign_in(page, server, "mina", "en")
    _open(page, f"{server}/editor?piece={piece_id}")
    row = page.locator(f"#dg-segment-{paragraph.segment_id}")
    expect(row.get_by_text("<1>…</1> — link").first).to_be_visible()
    expect(row.locator(".dg-chip")).to_have_text(["<1>…</1>", "<2>…</2>"])
    box = _box(page, paragraph.segment_id)
    box.click()
    page.keyboard.type("گزارش ")
    page.keyboard.press("Alt+KeyP")  # the next placeable, with the cursor between its tags
    page.keyboard.press("Alt+KeyP")
    page.keyboard.type("کامل")
    expect(box).to_have_value("گزارش <1><2>کامل</2></1>")  # in the order and nesting of the source
    box.fill("گزارش <1><2>کامل</2> را</1> آنلاین بخوانید.")
    box.press("Control+Enter")
    _saved(page, paragraph.segment_id)
    assert queries.piece_segments(demo_db, piece_id)[1].target == "گزارش <1><2>کامل</2> را</1> آنلاین بخوانید."


def test_an_urgent_correction_reaches_the_translator(server: str, browser, demo_db: Database, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The editor marks a corrected, published article an urgent correction on the Articles page; Mina hears of
    it and sees the note above the segments of the Persian piece, with the note itself to translate.
    """
    from playwright.sync_api import expect

    from tests.factories import pieces_of
    from workflow import queries
    from workflow.demo import DATA
    from workflow.importers import import_paths
    from workflow.people import get_user

    slug = "library-reading-room-opens"
    text = (DATA / "articles" / f"{slug}.md").read_text(encoding="utf-8")
    corrected = tmp_path / f"{slug}.md"
    corrected.write_text(text.replace("forty seats", "forty-two seats"), encoding="utf-8")
    import_paths(demo_db, get_user(demo_db, "editor"), [corrected])
    article_id = queries.articles(demo_db, search="reading room")[0].article_id
    note = "An earlier version said the room had forty seats."

    page = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    _sign_in(page, server, "editor", "en")
    _open(page, f"{server}/articles")
    page.get_by_label("Search articles").fill("reading room")
    _do(page, lambda: page.get_by_label("Search articles").press("Enter"))
    page.locator(f".st-key-correction-note-{article_id} textarea").fill(note)
    page.locator(f".st-key-correction-urgent-{article_id} label").click()
    _do(page, lambda: page.get_by_role("button", name="Mark as a correction").click())
    expect(page.get_by_text("Done.")).to_be_visible()
    assert queries.articles(demo_db, search="reading room")[0].revision == 3
    page.context.close()

    fa = pieces_of(demo_db, slug)["fa"].id
    page = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    _sign_in(page, server, "mina", "en")
    _open(page, f"{server}/notifications")
    expect(
        page.get_by_text("Urgent correction of \u2068The community library opens a new reading room\u2069 → fa")
    ).to_be_visible()
    _open(page, f"{server}/editor?piece={fa}")
    expect(page.get_by_text(f"Correction ({demo_db.now().date().isoformat()}): \u2068{note}\u2069")).to_be_visible()
    expect(page.get_by_text("correction note", exact=False).first).to_be_visible()
    page.context.close()


def test_a_wrong_error_is_overridden_on_request(server: str, browser, demo_db: Database) -> None:  # type: ignore[no-untyped-def]
    """Mina thinks a finding wrong and asks for an override from the editor; Reza sees the request on his
    review page and overrides it there; Mina's piece can then be submitted.
    """
    from playwright.sync_api import expect

    from tests.factories import make_source, pieces_of
    from workflow import actions, queries
    from workflow.importers import import_sources
    from workflow.people import get_user
    from workflow.permissions import CONSOLE
    from workflow.quality import override_requests

    import_sources(demo_db, CONSOLE, [make_source("override-story", paragraphs=1)])
    mina, reza = get_user(demo_db, "mina"), get_user(demo_db, "reza")
    piece_id = pieces_of(demo_db, "override-story")["fa"].id or 0
    actions.claim(demo_db, mina, piece_id)
    for row in queries.piece_segments(demo_db, piece_id):
        text = "بند یکم درباره‌ی روز یکم." if row.kind == "paragraph" else "بازگشایی کتابخانه"
        actions.save_segment(demo_db, mina, row.segment_id, text, row.version)

    page = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    _sign_in(page, server, "mina", "en")
    _open(page, f"{server}/editor?piece={piece_id}")
    page.get_by_test_id("stExpander").filter(has_text="Ask a reviewer to override an error").locator("summary").click()
    page.locator(f".st-key-ask-reason-{piece_id} input").fill("The number is written out as a word.")
    _do(page, lambda: page.locator(f".st-key-ask-{piece_id} button").click())
    expect(page.get_by_text("Asked: the reviewers of this language pair and the editors will see it.")).to_be_visible()
    page.context.close()
    (request,) = override_requests(demo_db, reza)

    page = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    _sign_in(page, server, "reza", "en")
    _open(page, f"{server}/review")
    expect(page.get_by_text("mina asks: The number is written out as a word.")).to_be_visible()
    key = f"{request.segment_id}-{request.check}"
    page.locator(f".st-key-decide-reason-{key} input").fill("Right: words for numbers are fine here.")
    _do(page, lambda: page.locator(f".st-key-decide-{key} button").click())
    expect(page.get_by_text("mina asks:")).to_have_count(0)
    page.context.close()
    assert override_requests(demo_db, reza) == []
    assert actions.submit(demo_db, mina, piece_id).status == "submitted"


def test_the_grid_keyboard_shortcuts_in_a_right_to_left_box(server: str, browser, demo_db: Database) -> None:  # type: ignore[no-untyped-def]
    """Every shortcut the help lists, typed in a Persian box with the Persian interface."""
    from playwright.sync_api import expect

    from tests.factories import make_source, pieces_of
    from workflow import actions, queries
    from workflow.importers import import_sources
    from workflow.memory import add_entries
    from workflow.people import get_user
    from workflow.permissions import CONSOLE

    import_sources(demo_db, CONSOLE, [make_source("shortcut-story", paragraphs=3)])
    match = "بند ۱ از این داستان می‌گوید روز یکم چه شد."
    add_entries(
        demo_db,
        "en",
        "fa",
        [("Paragraph 1 of shortcut-story tells what happened on day one.", match)],
        origin="desk.tmx",
        reviewed=True,
    )
    mina = get_user(demo_db, "mina")
    piece_id = pieces_of(demo_db, "shortcut-story")["fa"].id or 0
    actions.claim(demo_db, mina, piece_id)
    rows = queries.piece_segments(demo_db, piece_id)
    first = rows[1]  # the first paragraph, segment #2
    page = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    _sign_in(page, server, "mina", "fa")
    _open(page, f"{server}/editor?piece={piece_id}")
    row = page.locator(f"#dg-segment-{first.segment_id}")
    expect(row.locator(".dg-match-source .dg-diff")).to_have_text("one.")  # how the match's source differs
    box = _box(page, first.segment_id)
    assert box.evaluate("e => getComputedStyle(e).direction") == "rtl"
    box.click()
    page.keyboard.press("Alt+Digit1")
    expect(box).to_have_value(match)
    page.keyboard.press("Alt+KeyC")
    expect(box).to_have_value(first.source)
    page.keyboard.press("Control+KeyA")
    page.keyboard.type("بند یکم روز ")
    page.keyboard.press("Alt+KeyP")  # the source's number
    expect(box).to_have_value("بند یکم روز 1")
    page.keyboard.press("Alt+KeyD")  # done, and saved
    expect(row).to_have_attribute("data-state", "done")
    _saved(page, first.segment_id)
    assert queries.piece_segments(demo_db, piece_id)[1].state == "done"
    page.keyboard.press("Alt+KeyD")  # back to draft
    expect(row).to_have_attribute("data-state", "draft")
    page.keyboard.press("Alt+ArrowDown")
    expect(_box(page, rows[2].segment_id)).to_be_focused()
    page.keyboard.press("Alt+ArrowUp")
    expect(box).to_be_focused()
    page.keyboard.press("Alt+KeyG")
    expect(page.locator(".dg-go-input")).to_be_focused()
    page.keyboard.type("4")
    page.keyboard.press("Enter")
    expect(_box(page, rows[3].segment_id)).to_be_focused()
    page.keyboard.press("Alt+KeyH")
    expect(page.locator(".dg-help")).to_contain_text("Ctrl+Enter")
    page.locator('.dg-filter[data-filter="draft"]').click()
    expect(page.locator(".dg-row:visible")).to_have_count(1)
    expect(page.locator('.dg-filter[data-filter="draft"]')).to_have_text("پیش‌نویس (1)")
    assert queries.piece_segments(demo_db, piece_id)[1].target == "بند یکم روز 1"
    page.context.close()


def test_typed_text_survives_a_lost_server_and_a_reload(browser, demo_db: Database) -> None:  # type: ignore[no-untyped-def]
    """Mina types while the server is down: the text waits in her browser, leaving asks first, and after the
    server is back a reload restores it (with a notice) and saves it. A copy typed on a version somebody has
    since replaced is shown beside theirs, not put over it.
    """
    from playwright.sync_api import expect

    from workflow import actions, queries
    from workflow.people import get_user

    mina = get_user(demo_db, "mina")
    piece_id = queries.available_for(demo_db, mina, edition="fa")[0].piece_id
    actions.claim(demo_db, mina, piece_id)
    first, second = queries.piece_segments(demo_db, piece_id)[:2]
    port = free_port()
    env = {**os.environ, "DRAGOMAN_DATABASE_URL": demo_db.url}
    process = start_dashboard(dashboard_command(port), env, port)
    base = f"http://127.0.0.1:{port}"
    page = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    asked: list[str] = []

    def leave(dialog) -> None:  # type: ignore[no-untyped-def]
        asked.append(dialog.type)
        dialog.accept()

    page.on("dialog", leave)
    try:
        _sign_in(page, base, "mina", "en")
        _open(page, f"{base}/editor?piece={piece_id}")
        expect(_box(page, first.segment_id)).to_be_visible()
        stop(process)
        _box(page, first.segment_id).fill("متنی که هنوز به سرور نرسیده")
        _box(page, second.segment_id).fill("متن بخش دوم")
        key = f"dragoman:mina:{piece_id}:{first.segment_id}"
        page.wait_for_function(f"() => (localStorage.getItem({key!r}) || '').includes('سرور')")
        process = start_dashboard(dashboard_command(port), env, port)
        actions.save_segment(demo_db, mina, second.segment_id, "نسخهٔ تازه‌تر از جای دیگر", second.version)
        page.reload()
        assert asked == ["beforeunload"]  # leaving with unsaved text asked first
        _settled(page)
        expect(page.locator(".dg-notice")).to_contain_text("restored from this browser")
        expect(_box(page, first.segment_id)).to_have_value("متنی که هنوز به سرور نرسیده")
        _saved(page, first.segment_id)
        assert queries.piece_segments(demo_db, piece_id)[0].target == "متنی که هنوز به سرور نرسیده"
        # the second box keeps the newer server text and shows the browser's copy beside it
        expect(_box(page, second.segment_id)).to_have_value("نسخهٔ تازه‌تر از جای دیگر")
        kept = page.locator(f"#dg-segment-{second.segment_id} .dg-conflict")
        expect(kept).to_contain_text("متن بخش دوم")
        kept.get_by_role("button", name="Use mine").click()
        _saved(page, second.segment_id)
        assert queries.piece_segments(demo_db, piece_id)[1].target == "متن بخش دوم"
    finally:
        page.context.close()
        if process.poll() is None:
            stop(process)


def test_review_per_segment_edit_accept_flag_and_the_next_round(server: str, browser, demo_db: Database) -> None:  # type: ignore[no-untyped-def]
    """Reza fixes a typo himself, accepts one segment and flags another with a comment, then sends the piece back;
    Mina sees his mark and his words, fixes the flagged segment and resubmits; Reza sees what changed since.
    """
    from playwright.sync_api import expect

    from tests.factories import make_source, pieces_of
    from tests.workflow.flows import translate_all
    from workflow import actions, queries
    from workflow.importers import import_sources
    from workflow.notifications import notifications
    from workflow.people import get_user
    from workflow.permissions import CONSOLE

    import_sources(demo_db, CONSOLE, [make_source("review-story", paragraphs=2)])
    mina, reza = get_user(demo_db, "mina"), get_user(demo_db, "reza")
    piece_id = pieces_of(demo_db, "review-story")["fa"].id or 0
    actions.claim(demo_db, mina, piece_id)
    translate_all(demo_db, mina, piece_id)
    actions.submit(demo_db, mina, piece_id)
    assert "submitted" in [n.kind for n in notifications(demo_db, reza)]
    actions.start_review(demo_db, reza, piece_id)
    title, first, second = queries.piece_segments(demo_db, piece_id)

    page = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    _sign_in(page, server, "reza", "en")
    _open(page, f"{server}/review")
    expect(page.locator(f"#dg-segment-{title.segment_id} .dg-n")).to_have_text("#1")
    fixed = title.target + " (ویراسته)"
    _box(page, title.segment_id).fill(fixed)  # the reviewer's own edit
    _box(page, title.segment_id).press("Control+Enter")
    _saved(page, title.segment_id)
    _box(page, first.segment_id).click()
    page.keyboard.press("Alt+KeyA")
    expect(page.locator(f"#dg-segment-{first.segment_id}")).to_have_attribute("data-mark", "accepted")
    page.keyboard.press("Alt+ArrowDown")
    page.keyboard.press("Alt+KeyF")
    flag = page.locator(f"#dg-segment-{second.segment_id} .dg-flag-input")
    expect(flag).to_be_focused()
    flag.fill("روز را درست بنویسید.")
    flag.press("Enter")
    expect(page.locator(f"#dg-segment-{second.segment_id}")).to_have_attribute("data-mark", "flagged")
    page.locator('.dg-filter[data-filter="flagged"]').click()
    expect(page.locator(".dg-row:visible")).to_have_count(1)
    page.locator(f".st-key-reason-{piece_id} textarea").fill("بند دوم را ببینید.")
    _do(page, lambda: page.locator(f".st-key-changes-{piece_id} button").click())
    page.context.close()
    assert queries.piece_segments(demo_db, piece_id)[0].target == fixed
    assert ("comment", "#3: روز را درست بنویسید.") in [(n.kind, n.detail) for n in notifications(demo_db, mina)]

    page = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    _sign_in(page, server, "mina", "en")
    _open(page, f"{server}/editor?piece={piece_id}")
    expect(page.locator(f"#dg-segment-{second.segment_id} .dg-mark")).to_contain_text(
        "Flagged by Reza Sadeghi: روز را درست بنویسید."
    )
    expect(page.locator(f"#dg-segment-{title.segment_id} .dg-edited")).to_contain_text("Changed in review by Reza")
    now = queries.piece_segments(demo_db, piece_id)[2]
    _box(page, second.segment_id).fill(now.target + " روز دوم")
    _box(page, second.segment_id).press("Control+Enter")
    _saved(page, second.segment_id)
    expect(page.locator(f"#dg-segment-{second.segment_id} .dg-mark")).to_have_count(0)  # a new text: the flag lapsed
    page.context.close()
    actions.submit(demo_db, mina, piece_id)
    actions.start_review(demo_db, reza, piece_id)

    page = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    _sign_in(page, server, "reza", "en")
    _open(page, f"{server}/review")
    expect(page.get_by_text("Changes since the round you sent back are marked.")).to_be_visible()
    changed = page.locator(f"#dg-segment-{second.segment_id} .dg-changed")
    expect(changed.locator("ins")).to_contain_text("روز دوم")
    expect(page.locator(f"#dg-segment-{first.segment_id}")).to_have_attribute("data-mark", "accepted")  # unchanged
    expect(page.locator(".dg-changed")).to_have_count(1)
    page.context.close()
