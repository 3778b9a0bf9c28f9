"""The interface catalogs: every string of the dashboard extracted, translated, with the right plurals."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

from ui.i18n import translations
from workflow.languages import language

ROOT = Path(__file__).resolve().parents[2]
CATALOGS = sorted((ROOT / "locales").glob("*/LC_MESSAGES/dragoman.po"))


def test_there_is_a_catalog_for_every_interface_language_but_english() -> None:
    assert [p.parts[-3] for p in CATALOGS] == ["ar", "fa", "sq"]


def test_the_template_holds_every_string_of_the_dashboard(tmp_path: Path) -> None:
    fresh = tmp_path / "fresh.pot"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "extract",
            "-F",
            "pyproject.toml",
            "-o",
            str(fresh),
            "--no-wrap",
            "--sort-output",
            "--omit-header",
            "ui",
            "workflow",
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    extracted = {e.msgid for e in polib.pofile(str(fresh))}
    assert extracted == {e.msgid for e in polib.pofile(str(ROOT / "locales" / "dragoman.pot"))}, (
        "interface strings changed: run `make catalogs` and translate the new ones"
    )
    for path in CATALOGS:
        assert {e.msgid for e in polib.pofile(str(path)) if not e.obsolete} == extracted, path


PLACEHOLDER = re.compile(r"\{(\w+)\}")


@pytest.mark.parametrize("path", CATALOGS, ids=lambda p: p.parts[-3])
def test_catalog_is_complete_without_fuzzy_entries(path: Path) -> None:
    catalog = polib.pofile(str(path))
    code = path.parts[-3]
    assert catalog.percent_translated() == 100
    assert catalog.fuzzy_entries() == []
    assert f"nplurals={language(code).nplurals};" in catalog.metadata["Plural-Forms"]
    for entry in catalog:
        if entry.msgid_plural:
            assert len(entry.msgstr_plural) == language(code).nplurals
            assert all(entry.msgstr_plural.values())
        wanted = set(PLACEHOLDER.findall(entry.msgid))
        if entry.msgid_plural:
            for form in entry.msgstr_plural.values():  # a form for one may say "one" instead of {n}
                assert set(PLACEHOLDER.findall(form)) | {"n"} == wanted | {"n"}, (entry.msgid, form)
        else:
            assert set(PLACEHOLDER.findall(entry.msgstr)) == wanted, (entry.msgid, entry.msgstr)


@pytest.mark.parametrize("path", CATALOGS, ids=lambda p: p.parts[-3])
def test_msgfmt_check_passes(path: Path) -> None:
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        pytest.skip("msgfmt (Debian's gettext) is not installed; .ci/run installs it")
    result = subprocess.run([msgfmt, "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("path", CATALOGS, ids=lambda p: p.parts[-3])
def test_babel_compiles_the_catalog_without_errors(path: Path, tmp_path: Path) -> None:
    """What `make locales` runs: a catalog Babel refuses leaves the dashboard with a stale .mo."""
    code = path.parts[-3]
    folder = tmp_path / code / "LC_MESSAGES"
    folder.mkdir(parents=True)
    shutil.copy(path, folder / "dragoman.po")
    result = subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "compile", "-D", "dragoman", "-d", str(tmp_path), "-l", code],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0 and "error" not in result.stderr.lower(), result.stderr
    assert (folder / "dragoman.mo").exists()


@pytest.mark.parametrize(
    ("code", "n", "expected"),
    [
        ("ar", 0, "لم يبقَ أي مقطع"),
        ("ar", 1, "يبقى مقطع واحد"),
        ("ar", 2, "يبقى مقطعان"),
        ("ar", 5, "تبقى 5 مقاطع"),
        ("ar", 11, "يبقى 11 مقطعًا"),
        ("ar", 100, "يبقى 100 مقطع"),
        ("fa", 1, "1 بخش مانده"),
        ("sq", 1, "1 segment mbetur"),
        ("sq", 3, "3 segmente mbetur"),
        ("en", 1, "1 segment left"),
        ("en", 4, "4 segments left"),
    ],
)
def test_plural_forms(code: str, n: int, expected: str) -> None:
    assert translations(code).ngettext("{n} segment left", "{n} segments left", n).format(n=n) == expected
