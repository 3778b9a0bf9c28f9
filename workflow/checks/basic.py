"""Is there a translation at all, and is it in the target language?"""

from __future__ import annotations

from collections.abc import Iterator

from workflow.checks.model import Check, Issue, Pair, Settings, Severity
from workflow.checks.text import prose, words
from workflow.detect import ARABIC_SCRIPT, LATIN_LETTER, detect_language, script_agrees
from workflow.languages import language
from workflow.messages import N_, Message, msg

LANGUAGE_NAMES = {"en": N_("English"), "ar": N_("Arabic"), "fa": N_("Persian"), "sq": N_("Albanian")}

#: Fewer words than this and the language of a text is not guessed (names, categories, bylines).
MIN_WORDS_TO_DETECT = 5


def empty(pair: Pair, settings: Settings) -> Iterator[Issue]:
    if pair.source.strip() and not pair.target.strip():
        yield Issue(N_("the translation is empty"))


def identical(pair: Pair, settings: Settings) -> Iterator[Issue]:
    source = pair.source.strip()
    if source == pair.target.strip() and len(words(prose(source))) >= 2 and LATIN_LETTER.search(source):
        yield Issue(N_("the translation is the same as the source"), 0, len(pair.target))


def _script(lang: str) -> str:
    return "arabic" if language(lang).direction == "rtl" else "latin"


def wrong_language(pair: Pair, settings: Settings) -> Iterator[Issue]:
    text = prose(pair.target)
    if len(words(text)) < MIN_WORDS_TO_DETECT:
        return
    arabic, latin = len(ARABIC_SCRIPT.findall(text)), len(LATIN_LETTER.findall(text))
    in_arabic_script = arabic > latin
    if in_arabic_script != (_script(pair.target_lang) == "arabic"):
        yield _wrong(pair, N_("Arabic script") if in_arabic_script else N_("Latin script"))
        return
    agrees = script_agrees(text, pair.target_lang)
    if agrees is True:
        return
    if agrees is False:
        yield _wrong(pair, LANGUAGE_NAMES["fa" if pair.target_lang == "ar" else "ar"])
        return
    detected = detect_language(text)
    if detected is not None and detected.language != pair.target_lang and detected.probability >= 0.9:
        yield _wrong(pair, LANGUAGE_NAMES.get(detected.language, N_("another language")))


def _wrong(pair: Pair, found: Message) -> Issue:
    return Issue(
        msg(
            "the translation does not read as {expected} but as {found}",
            expected=LANGUAGE_NAMES[pair.target_lang],
            found=found,
        ),
        0,
        len(pair.target),
    )


CHECKS = [
    Check("empty", N_("The translation is empty."), Severity.ERROR, None, empty),
    Check("identical", N_("The translation is the same as the source."), Severity.WARNING, None, identical),
    Check(
        "language",
        N_("The translation is not in the target language (long enough segments only)."),
        Severity.WARNING,
        None,
        wrong_language,
    ),
]
