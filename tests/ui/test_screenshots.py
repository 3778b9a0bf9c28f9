"""``make test`` never rewrites the tracked screenshots; only ``make screenshots`` (DRAGOMAN_SCREENSHOTS=1) does."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.ui import test_browser


class FakePage:
    def __init__(self) -> None:
        self.paths: list[str] = []

    def screenshot(self, *, path: str, full_page: bool) -> None:
        self.paths.append(path)


@pytest.mark.parametrize(("value", "written"), [(None, False), ("1", True)])
def test_screenshots_are_written_only_when_asked_for(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, value: str | None, written: bool
) -> None:
    monkeypatch.setattr(test_browser, "SHOTS", tmp_path)
    if value is None:
        monkeypatch.delenv("DRAGOMAN_SCREENSHOTS", raising=False)
    else:
        monkeypatch.setenv("DRAGOMAN_SCREENSHOTS", value)
    page = FakePage()
    test_browser._shot(page, "en-editor")
    assert page.paths == ([str(tmp_path / "en-editor.png")] if written else [])


def test_make_test_does_not_set_the_screenshot_switch() -> None:
    makefile = (Path(__file__).resolve().parents[2] / "Makefile").read_text(encoding="utf-8")
    test_recipe = makefile.split("\ntest:", 1)[1].split("\n\n", 1)[0]
    assert "DRAGOMAN_SCREENSHOTS" not in test_recipe
    assert "DRAGOMAN_SCREENSHOTS=1" in makefile.split("\nscreenshots:", 1)[1].split("\n\n", 1)[0]
