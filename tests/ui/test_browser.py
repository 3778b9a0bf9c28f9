"""The life of a piece in a real browser (Debian's Chromium driven by Playwright), in English and in Persian.

With DRAGOMAN_SCREENSHOTS=1 (``make screenshots``) it saves screenshots of the key screens to
docs/screenshots/; ``make test`` leaves those tracked files alone.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.factories import fake_translation
from workflow.db import Database
from workflow.demo import DEMO_PASSWORD

CHROMIUM = "/usr/bin/chromium"
ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "docs" / "screenshots"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]

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


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def server(demo_db: Database) -> Iterator[str]:
    port = _free_port()
    env = {**os.environ, "DRAGOMAN_DATABASE_URL": demo_db.url}
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(ROOT / "ui" / "app.py"),
            "--server.headless",
            "true",
            "--server.address",
            "127.0.0.1",
            "--server.port",
            str(port),
            "--browser.gatherUsageStats",
            "false",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2):
                break
        except OSError:
            time.sleep(0.3)
    yield base
    os.killpg(process.pid, signal.SIGTERM)
    process.wait(timeout=30)


@pytest.fixture
def browser() -> Iterator[object]:
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=20_000)  # a loaded CI machine reruns pages slower than a desk

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


def _idle(page) -> None:  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect

    page.wait_for_timeout(400)
    expect(page.get_by_test_id("stStatusWidget")).to_have_count(0, timeout=20_000)
    expect(page.locator("[data-stale='true']")).to_have_count(0, timeout=20_000)  # the rerun replaced everything


def _sign_in(page, base: str, username: str, lang: str) -> None:  # type: ignore[no-untyped-def]
    t = LABELS[lang]
    page.goto(base)
    _idle(page)
    if lang != "en":
        page.get_by_test_id("stSidebar").get_by_test_id("stSelectbox").click()
        page.get_by_role("option", name="فارسی").click()
        _idle(page)
    page.get_by_label(t["user"], exact=True).fill(username)
    page.get_by_label(t["password"], exact=True).fill(DEMO_PASSWORD)
    page.get_by_role("button", name=t["sign_in"]).click()
    _idle(page)


def _sign_out(page, lang: str) -> None:  # type: ignore[no-untyped-def]
    page.get_by_role("button", name=LABELS[lang]["sign_out"]).click()
    _idle(page)


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
    page.locator(f".st-key-claim-{piece_id} button").click()
    _idle(page)
    page.goto(f"{server}/editor")
    _idle(page)
    boxes = page.locator("[class*='st-key-target-'] textarea")
    count = len(queries.piece_segments(demo_db, piece_id))
    expect(boxes).to_have_count(count, timeout=20_000)
    assert (
        boxes.first.evaluate("e => getComputedStyle(e).direction") == "rtl"
    )  # a Persian target, whatever the interface language
    if lang == "fa":
        assert (
            page.locator("[data-testid='stAppViewContainer']").evaluate("e => getComputedStyle(e).direction") == "rtl"
        )
    for i in range(count):
        segment = queries.piece_segments(demo_db, piece_id)[i]
        box = page.locator(f".st-key-target-{segment.segment_id} textarea")
        box.fill(fake_translation(segment.source, i, "ترجمهٔ بخش"))
        page.locator(f".st-key-save-{segment.segment_id} button").click()
        _idle(page)
        if i == 0:
            page.reload()  # a reload keeps the session and the saved text
            _idle(page)
            saved = fake_translation(segment.source, i, "ترجمهٔ بخش")
            expect(page.locator(f".st-key-target-{segment.segment_id} textarea")).to_have_value(saved)
    _shot(page, f"{lang}-editor")
    page.get_by_role("button", name=t["submit"]).click()
    _idle(page)
    assert queries.history(demo_db, piece_id=piece_id)[-1].action == "submit"
    _sign_out(page, lang)

    review = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    _sign_in(review, server, "reza", lang)
    review.locator(f".st-key-start-{piece_id} button").click()
    _idle(review)
    review.locator(f".st-key-reason-{piece_id} textarea").fill("بند دوم را کامل‌تر کنید.")
    _shot(review, f"{lang}-review")
    review.locator(f".st-key-changes-{piece_id} button").click()
    _idle(review)
    assert queries.history(demo_db, piece_id=piece_id)[-1].action == "request_changes"

    _sign_in(page, server, "mina", lang)  # she signed out above
    page.goto(f"{server}/editor")
    _idle(page)
    expect(page.get_by_text("بند دوم را کامل‌تر کنید.").first).to_be_visible()
    second = queries.piece_segments(demo_db, piece_id)[1]
    fuller = fake_translation(second.source, 1, "ترجمهٔ کامل‌تر بخش")
    page.locator(f".st-key-target-{second.segment_id} textarea").fill(fuller)
    page.locator(f".st-key-save-{second.segment_id} button").click()
    _idle(page)
    page.get_by_role("button", name=t["submit"]).click()
    _idle(page)

    review.reload()
    _idle(review)
    review.locator(f".st-key-start-{piece_id} button").click()
    _idle(review)
    review.locator(f".st-key-approve-{piece_id} button").click()
    _idle(review)
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
        tab.goto(f"{server}/editor")
        _idle(tab)
        tabs.append(tab)
    for tab, text in zip(tabs, ["متن زبانهٔ اول", "متن زبانهٔ دوم"], strict=True):
        tab.locator(f".st-key-target-{segment.segment_id} textarea").fill(text)
    for tab in tabs:
        tab.locator(f".st-key-save-{segment.segment_id} button").click()
        _idle(tab)
    expect(tabs[1].get_by_text("Somebody else saved this segment meanwhile")).to_be_visible()
    expect(tabs[1].get_by_text("متن زبانهٔ اول").first).to_be_visible()
    expect(tabs[1].locator(f".st-key-target-{segment.segment_id} textarea")).to_have_value("متن زبانهٔ دوم")
    _shot(tabs[1], "en-conflict")
    assert queries.piece_segments(demo_db, piece_id)[0].target == "متن زبانهٔ اول"


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
    page.goto(f"{server}/editor")
    _idle(page)
    box = page.locator(f".st-key-target-{first.segment_id} textarea")
    box.click()
    page.keyboard.type("ترجمه با صفحه‌کلید")
    page.keyboard.press("Control+Enter")
    _idle(page)
    page.wait_for_timeout(500)
    assert queries.piece_segments(demo_db, piece_id)[0].target == "ترجمه با صفحه‌کلید"
    expect(page.locator(f".st-key-target-{second.segment_id} textarea")).to_be_focused()


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
            page.goto(f"{server}/{path}")
            _idle(page)
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
            page.wait_for_load_state("networkidle")
            _shot(page, f"{lang}-{path}")
        page.context.close()
