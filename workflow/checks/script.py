"""Checks for Persian and Arabic text: the right letters for each language, ZWNJ, digits, quotation
marks, invisible direction controls, kashida, and Latin text left untranslated.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from workflow.checks.model import Check, Issue, Pair, Settings, Severity
from workflow.checks.text import (
    ARABIC_INDIC_DIGITS,
    DIGITS_OF,
    PERSIAN_DIGITS,
    ZWNJ,
    convert_digits,
    digit_styles,
    prose,
)
from workflow.messages import N_, msg

RTL = frozenset({"ar", "fa"})

_ARABIC_LETTERS_IN_PERSIAN: dict[str, str | int | None] = {"ي": "ی", "ك": "ک", "ى": "ی"}
_PERSIAN_LETTERS_IN_ARABIC: dict[str, str | int | None] = {"ی": None, "ک": "ك"}  # ی: ي or ى? no automatic fix


def persian_letters(pair: Pair, settings: Settings) -> Iterator[Issue]:
    """Arabic ي, ى or ك in Persian text, where Persian writes ی and ک."""
    fixed = pair.target.translate(str.maketrans(_ARABIC_LETTERS_IN_PERSIAN))
    for index, ch in enumerate(pair.target):
        if ch in _ARABIC_LETTERS_IN_PERSIAN:
            yield Issue(
                msg(
                    "Arabic {letter} in Persian text; Persian writes {persian}",
                    letter=ch,
                    persian=_ARABIC_LETTERS_IN_PERSIAN[ch],
                ),
                index,
                index + 1,
                fixed,
            )


def arabic_letters(pair: Pair, settings: Settings) -> Iterator[Issue]:
    """Persian ی or ک in Arabic text."""
    safe: dict[str, str | int | None] = {k: v for k, v in _PERSIAN_LETTERS_IN_ARABIC.items() if v}
    fixed = pair.target.translate(str.maketrans(safe)) if "ی" not in pair.target else None
    for index, ch in enumerate(pair.target):
        if ch in _PERSIAN_LETTERS_IN_ARABIC:
            yield Issue(msg("Persian {letter} in Arabic text", letter=ch), index, index + 1, fixed)


_ZWNJ_MISUSE = re.compile(rf"{ZWNJ}{{2,}}|[ \u00a0]{ZWNJ}+|{ZWNJ}+[ \u00a0]|^{ZWNJ}+|{ZWNJ}+$", re.MULTILINE)


def _zwnj_fixed(text: str) -> str:
    text = re.sub(rf"{ZWNJ}{{2,}}", ZWNJ, text)
    text = re.sub(rf"[ \u00a0]?{ZWNJ}+(?=[ \u00a0])|(?<=[ \u00a0]){ZWNJ}+", "", text)
    return re.sub(rf"^{ZWNJ}+|{ZWNJ}+$", "", text, flags=re.MULTILINE)


def zwnj(pair: Pair, settings: Settings) -> Iterator[Issue]:
    """ZWNJ doubled, next to a space, or at the start or end: it only ever joins two parts of a word."""
    fixed = _zwnj_fixed(pair.target)
    for match in _ZWNJ_MISUSE.finditer(pair.target):
        what = N_("ZWNJ doubled") if match.group().count(ZWNJ) > 1 and ZWNJ * 2 in match.group() else None
        yield Issue(what or N_("ZWNJ next to a space or at an end"), match.start(), match.end(), fixed)


def mixed_digits(pair: Pair, settings: Settings) -> Iterator[Issue]:
    """Arabic-Indic (٤٥٦) and Persian (۴۵۶) digits in one text: they look alike and are not the same."""
    styles = digit_styles(pair.target) & {"arabic_indic", "persian"}
    if len(styles) < 2:
        return
    wanted = "persian" if pair.target_lang == "fa" else "arabic_indic"
    other = ARABIC_INDIC_DIGITS if wanted == "persian" else PERSIAN_DIGITS
    fixed = "".join(convert_digits(ch, wanted) if ch in other else ch for ch in pair.target)
    for run in re.finditer(f"[{other}]+", pair.target):
        yield Issue(N_("Arabic-Indic and Persian digits mixed"), run.start(), run.end(), fixed)


def digit_style(pair: Pair, settings: Settings) -> Iterator[Issue]:
    """Digits other than the edition's style (Latin, ٠-٩ or ۰-۹)."""
    style = settings.digit_style
    if style is None:
        return
    allowed = DIGITS_OF[style]
    text = prose(pair.target)
    others = "".join(digits for name, digits in DIGITS_OF.items() if name != style)
    runs = list(re.finditer(f"[{others}]+", text))
    if not runs:
        return
    fixed = _convert_prose_digits(pair.target, text, style)
    for run in runs:
        yield Issue(msg("the edition writes digits as {digits}", digits=allowed), run.start(), run.end(), fixed)


def _convert_prose_digits(target: str, masked: str, style: str) -> str:
    """Convert only digits outside addresses, markers and placeholders."""
    return "".join(convert_digits(ch, style) if masked[i] == ch and ch.isdigit() else ch for i, ch in enumerate(target))


_STRAIGHT_OR_CURLY_QUOTES = re.compile(r"[\"“”„]")


def guillemets(pair: Pair, settings: Settings) -> Iterator[Issue]:
    """Persian quotes with «», not "" or “”."""
    for match in _STRAIGHT_OR_CURLY_QUOTES.finditer(prose(pair.target)):
        yield Issue(N_("Persian quotes with «»"), match.start(), match.end())


_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def bidi_controls(pair: Pair, settings: Settings) -> Iterator[Issue]:
    """Invisible embedding, override or isolate controls: they can reorder what readers see."""
    fixed = _BIDI_CONTROLS.sub("", pair.target)
    for match in _BIDI_CONTROLS.finditer(pair.target):
        yield Issue(
            msg("invisible direction control U+{code}", code=f"{ord(match.group()):04X}"),
            match.start(),
            match.end(),
            fixed,
        )


def kashida(pair: Pair, settings: Settings) -> Iterator[Issue]:
    """Kashida (ـ) stretches words for display; it does not belong in stored text."""
    fixed = pair.target.replace("\u0640", "")
    for index, ch in enumerate(pair.target):
        if ch == "\u0640":
            yield Issue(N_("kashida (ـ) in the text"), index, index + 1, fixed)


LATIN_RUN_WORDS = 5
_LATIN_WORD = r"[A-Za-z][A-Za-z'’.-]*"
_LATIN_RUN = re.compile(rf"{_LATIN_WORD}(?:[ ,]+{_LATIN_WORD}){{{LATIN_RUN_WORDS - 1},}}")


def latin_run(pair: Pair, settings: Settings) -> Iterator[Issue]:
    """Five or more Latin words in a row that also stand in the source: likely left untranslated."""
    source = pair.source.casefold()
    for match in _LATIN_RUN.finditer(prose(pair.target)):
        if match.group().casefold() in source:
            yield Issue(msg("“{text}” looks untranslated", text=match.group()), match.start(), match.end())


CHECKS = [
    Check(
        "persian-letters",
        N_("Arabic ي, ى or ك in Persian text instead of ی and ک."),
        Severity.ERROR,
        frozenset({"fa"}),
        persian_letters,
    ),
    Check("arabic-letters", N_("Persian ی or ک in Arabic text."), Severity.ERROR, frozenset({"ar"}), arabic_letters),
    Check("zwnj", N_("ZWNJ doubled, next to a space, or at the start or end."), Severity.WARNING, RTL, zwnj),
    Check("mixed-digits", N_("Arabic-Indic and Persian digits mixed."), Severity.ERROR, RTL, mixed_digits),
    Check("digit-style", N_("Digits other than the edition's digit style."), Severity.WARNING, None, digit_style),
    Check("guillemets", N_('Persian quotes with «» rather than "".'), Severity.WARNING, frozenset({"fa"}), guillemets),
    Check(
        "bidi-controls",
        N_("Invisible bidi embedding, override or isolate controls (U+202A–202E, U+2066–2069)."),
        Severity.ERROR,
        None,
        bidi_controls,
    ),
    Check("kashida", N_("Kashida (U+0640) used to stretch words."), Severity.WARNING, RTL, kashida),
    Check(
        "untranslated-latin",
        N_("A run of Latin words copied from the source."),
        Severity.WARNING,
        RTL,
        latin_run,
    ),
]
