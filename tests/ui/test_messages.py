"""Workflow messages shown in the interface language: refusals and import problems, through the catalogs."""

from __future__ import annotations

from pathlib import Path

import pytest

from ui.i18n import translations
from workflow.errors import ImportFailed, TransitionNotAllowed
from workflow.importers import parse_paths
from workflow.messages import Message, translate
from workflow.status import Event, Status, advance


def _in(code: str, text: str) -> str:
    return translate(text, translations(code).gettext)


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("en", "cannot claim a piece that is approved"),
        ("fa", "برداشتن متنی که در وضعیت «تأییدشده» است ممکن نیست"),
        ("ar", "لا يمكن استلام قطعة حالتها «معتمدة»"),
        ("sq", "marrja: nuk lejohet për një pjesë në gjendjen „e miratuar“"),
    ],
)
def test_a_refused_transition_reads_whole_in_each_language(code: str, expected: str) -> None:
    with pytest.raises(TransitionNotAllowed) as refused:
        advance(Status.APPROVED, Event.CLAIM)
    assert _in(code, refused.value.message) == expected


@pytest.mark.parametrize("code", ["fa", "ar", "sq"])
def test_every_refused_transition_is_translated_to_the_last_word(code: str) -> None:
    english_words = {"cannot", "piece", "that", "is"}
    for status in Status:
        for event in Event:
            try:
                advance(status, event)
            except TransitionNotAllowed as refused:
                text = _in(code, refused.message)
                assert not english_words & set(text.split()), text


def test_a_message_without_a_catalog_entry_stays_english() -> None:
    text = Message("{user} did {what}", {"user": "mina", "what": Message("something new")})
    assert _in("fa", text) == "mina did something new"


def test_a_broken_translation_falls_back_to_english() -> None:
    text = Message("{user} saved", {"user": "mina"})
    assert translate(text, {"{user} saved": "{who} ذخیره کرد"}.get) == "mina saved"


@pytest.mark.parametrize(
    ("code", "location", "reasons"),
    [
        ("en", "line 3, field 'language'", ["unknown language 'xx'; use one of en, ar, fa, sq"]),
        ("fa", "سطر 3، فیلد 'language'", ["زبان 'xx' ناشناخته است؛ یکی از این‌ها را به کار ببرید: en, ar, fa, sq"]),
        ("ar", "السطر 3، الحقل 'language'", ["لغة غير معروفة 'xx'؛ استخدم واحدة من en, ar, fa, sq"]),
        ("sq", "rreshti 3, fusha 'language'", ["gjuhë e panjohur 'xx'; përdorni një nga en, ar, fa, sq"]),
    ],
)
def test_import_problems_are_told_in_each_language(
    tmp_path: Path, code: str, location: str, reasons: list[str]
) -> None:
    bad = tmp_path / "bad.md"
    bad.write_text("---\ntitle: A title\nlanguage: xx\n---\nBody text.\n", encoding="utf-8")
    _sources, problems, _warnings = parse_paths([bad])
    assert [_in(code, p.location) for p in problems] == [location]
    assert [_in(code, p.reason) for p in problems] == reasons
    failed = ImportFailed(problems)
    assert "unknown language 'xx'" in str(failed)  # the CLI and logs keep the English listing
