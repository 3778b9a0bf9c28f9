"""Spacing, end punctuation in each script, paired marks, repeated words, length."""

from __future__ import annotations

import pytest

from tests.workflow.checks.cases import Case, verify

ASK = "Who will read in the new room?"
LONG = "The room has forty seats and stays open until nine in the evening on weekdays."

GOOD = [
    Case("whitespace", "en", "fa", "A new room.", "سالنی تازه."),
    Case("whitespace", "en", "ar", "A new room.", "قاعة جديدة."),
    Case("whitespace", "en", "sq", "A new room.", "Një sallë e re."),
    Case("whitespace", "fa", "en", "سالنی تازه.", "A new room."),
    Case("whitespace", "en", "fa", "Books  and papers", "کتاب‌ها  و روزنامه‌ها"),  # the source has two spaces too
    Case("end-punctuation", "en", "fa", ASK, "چه کسانی در سالن تازه مطالعه خواهند کرد؟"),
    Case("end-punctuation", "en", "ar", ASK, "من سيقرأ في القاعة الجديدة؟"),
    Case("end-punctuation", "en", "sq", ASK, "Kush do të lexojë në sallën e re?"),
    Case("end-punctuation", "fa", "en", "چه کسی می‌خواند؟", "Who reads?"),
    Case("end-punctuation", "en", "fa", "Culture", "فرهنگ"),
    Case("end-punctuation", "en", "sq", 'She said: "Welcome."', "Ajo tha: „Mirë se erdhët.“"),
    Case("end-punctuation", "en", "ar", "Books, papers;", "كتب، صحف؛"),
    Case("paired-marks", "en", "fa", 'The "Reading Room" (new)', "«سالن مطالعه» (تازه)"),
    Case("paired-marks", "en", "ar", 'The "Reading Room" (new)', "«قاعة المطالعة» (جديدة)"),
    Case("paired-marks", "en", "sq", 'The "Reading Room" (new)', "„Salla e leximit“ (e re)"),
    Case("paired-marks", "fa", "en", "«سالن مطالعه» (تازه)", "“The Reading Room” (new)"),
    Case("paired-marks", "en", "fa", "Points 1) and 2)", "بندهای ۱) و ۲)"),  # the source is unbalanced the same way
    Case("repeated-word", "en", "fa", "Slowly, the room filled.", "کم کم سالن پر شد."),
    Case("repeated-word", "en", "fa", "Quietly they read.", "آرام آرام خواندند."),
    Case("repeated-word", "en", "ar", "The room filled.", "امتلأت القاعة شيئا فشيئا."),
    Case("repeated-word", "en", "sq", "Day by day.", "Ditë pas dite."),
    Case("repeated-word", "fa", "en", "هر روز", "Every day"),
    Case("length", "en", "fa", LONG, "این سالن چهل صندلی دارد و در روزهای کاری تا ساعت نه شب باز است."),
    Case("length", "en", "ar", LONG, "تضم القاعة أربعين مقعدًا وتبقى مفتوحة حتى التاسعة مساءً في أيام العمل."),
    Case(
        "length",
        "en",
        "sq",
        LONG,
        "Salla ka dyzet vende dhe qëndron e hapur deri në nëntë të mbrëmjes gjatë ditëve të punës.",
    ),
    Case("length", "fa", "en", "این سالن چهل صندلی دارد و در روزهای کاری تا ساعت نه شب باز است.", LONG),
    Case("length", "en", "sq", "Culture", "Kulturë"),  # too short to judge
]

BAD = [
    Case("whitespace", "en", "fa", "A new room.", " سالنی تازه.", 1, ((0, 1),), "سالنی تازه."),
    Case("whitespace", "en", "ar", "A new room.", "قاعة جديدة. ", 1, ((11, 12),), "قاعة جديدة."),
    Case("whitespace", "en", "sq", "A new room.", "Një  sallë e re.", 1, ((3, 5),), "Një sallë e re."),
    Case("whitespace", "fa", "en", "سالنی تازه.", "A  new  room.", 2, fix="A new room."),
    Case("end-punctuation", "en", "fa", ASK, "چه کسانی در سالن تازه مطالعه خواهند کرد.", 1),
    Case("end-punctuation", "en", "ar", ASK, "من سيقرأ في القاعة الجديدة", 1),
    Case("end-punctuation", "en", "sq", "Culture", "Kulturë.", 1, ((7, 8),)),
    Case("end-punctuation", "fa", "en", "چه کسی می‌خواند؟", "Who reads.", 1),
    Case("paired-marks", "en", "fa", 'The "Reading Room"', "«سالن مطالعه", 1, ((0, 1),)),
    Case("paired-marks", "en", "ar", "The room (new)", "القاعة (الجديدة", 1),
    Case("paired-marks", "en", "sq", 'The "Reading Room"', "„Salla e leximit", 1),
    Case("paired-marks", "fa", "en", "«سالن مطالعه»", '"The Reading Room', 1),
    Case("repeated-word", "en", "fa", "The book was read.", "کتاب کتاب خوانده شد.", 1, ((5, 9),), "کتاب خوانده شد."),
    Case("repeated-word", "en", "ar", "In the room.", "في في القاعة.", 1, ((3, 5),), "في القاعة."),
    Case("repeated-word", "en", "sq", "In the room.", "Në në sallë.", 1, ((3, 5),), "Në sallë."),
    Case("repeated-word", "fa", "en", "در سالن", "In the the room", 1),
    Case("length", "en", "fa", LONG, "سالن.", 1),
    Case("length", "en", "ar", LONG, "قاعة.", 1),
    Case("length", "en", "sq", LONG, "Salla. " * 40, 1),
    Case("length", "fa", "en", "این سالن چهل صندلی دارد و در روزهای کاری تا ساعت نه شب باز است.", "Room.", 1),
]


@pytest.mark.parametrize("case", GOOD + BAD, ids=lambda c: c.id)
def test_punctuation_checks(case: Case) -> None:
    verify(case)
