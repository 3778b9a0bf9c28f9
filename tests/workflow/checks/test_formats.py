"""Format strings of interface strings, against what GNU msgfmt --check says of the same entry."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.workflow.checks.cases import Case, verify

PY = frozenset({"python-format"})
BRACE = frozenset({"python-brace-format"})
C = frozenset({"c-format"})

GOOD = [
    Case("format", "en", "fa", "%(count)s pieces for %(name)s", "%(name)s: %(count)s متن", flags=PY),
    Case("format", "en", "sq", "{} of {}", "{} nga", flags=BRACE),  # automatic fields: msgfmt leaves them be
    Case("format", "en", "ar", "%d seats left", "بقي %d مقعدًا", flags=C),
    Case("format", "en", "ar", "100%% of %s", "%s ١٠٠٪", flags=PY),
    Case("format", "en", "sq", "{count} files in {folder}", "{folder}: {count} skedarë", flags=BRACE),
    Case("format", "en", "sq", "Value {0!r} is {1:>10}", "Vlera {0!r} është {1:>10}", flags=BRACE),
    Case("format", "fa", "en", "%s ساعت", "%s hours", flags=PY),
    Case("format", "en", "fa", "50% of {name}", "۵۰٪ از {نام}", flags=frozenset()),  # no flag: not a format
]

BAD = [
    Case("format", "en", "fa", "%(count)s pieces", "%(counts)s متن", 2, flags=PY),
    Case("format", "en", "fa", "%(count)d pieces", "%(count)s متن", 1, flags=PY),
    Case("format", "en", "ar", "%d seats of %s", "%s مقاعد", 1, flags=C),
    Case("format", "en", "ar", "%s and %d", "%d و %s", 1, flags=PY),
    Case("format", "en", "sq", "{count} files in {folder}", "{count} skedarë", 1, flags=BRACE),
    Case("format", "en", "fa", "Ensure this value is %(limit_value)s.", "مطمئن شوید این مقدار درست است.", 1, flags=PY),
    Case(
        "format",
        "en",
        "fa",
        "The config value `{name}' has type `{current.__name__}', defaults to `{default.__name__}'.",
        "مقدار پیکربندی '{name}' دارای نوع '{current.__name__}' است، حالت پیش‌فرض {permitted} است.",
        2,
        flags=BRACE,
    ),
    Case("format", "fa", "en", "%s ساعت", "%d hours", 1, flags=PY),
]


@pytest.mark.parametrize("case", GOOD + BAD, ids=lambda c: c.id)
def test_format_check(case: Case) -> None:
    verify(case)


def _po(case: Case) -> str:
    def quoted(text: str) -> str:
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'

    flags = f"#, {', '.join(sorted(case.flags))}\n" if case.flags else ""
    return (
        'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        f"{flags}msgid {quoted(case.source)}\nmsgstr {quoted(case.target)}\n"
    )


@pytest.mark.parametrize("case", GOOD + BAD, ids=lambda c: c.id)
def test_the_check_agrees_with_msgfmt(case: Case, tmp_path: Path) -> None:
    """An entry the check flags is one GNU msgfmt --check refuses, and the other way round."""
    path = tmp_path / "case.po"
    path.write_text(_po(case), encoding="utf-8")
    checked = subprocess.run(["msgfmt", "--check-format", "-o", "/dev/null", str(path)], capture_output=True, text=True)
    assert (checked.returncode != 0) == (case.found > 0), checked.stderr
