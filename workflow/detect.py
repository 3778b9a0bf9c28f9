"""Which of Dragoman's four languages a text is in: langdetect restricted to en/ar/fa/sq, made
deterministic, with script evidence to tell Persian from Arabic.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory
from langdetect.lang_detect_exception import LangDetectException

from workflow.languages import CODES

MIN_WORDS = 4
SAMPLE = 2000  # characters of a text that script evidence looks at
_PERSIAN_ONLY = set("پچژگیک")
_ARABIC_ONLY = set("ةىيك")
_MARKUP = re.compile(r"\[[^\]]*\]\([^)]*\)|https?://\S+|[#>*_`\[\]()|-]")
_lock = threading.Lock()


@dataclass(frozen=True)
class Detection:
    """A detected language and how sure the detector is (0 to 1)."""

    language: str
    probability: float


@cache
def _factory() -> DetectorFactory:
    factory = DetectorFactory()
    factory.seed = 0
    profiles = [(Path(PROFILES_DIRECTORY) / code).read_text(encoding="utf-8") for code in CODES]
    factory.load_json_profile(profiles)
    return factory


def _script_vote(text: str) -> str | None:
    """``fa`` or ``ar`` when the letters settle it (پ چ ژ گ ی ک against ة ى ي ك), else None."""
    persian = sum(1 for ch in text if ch in _PERSIAN_ONLY)
    arabic = sum(1 for ch in text if ch in _ARABIC_ONLY)
    if persian == arabic == 0:
        return None
    return "fa" if persian > arabic else "ar"


ARABIC_SCRIPT = re.compile(r"[\u0600-\u06FF\u0750-\u077F\uFB50-\uFDFF\uFE70-\uFEFF]")
LATIN_LETTER = re.compile(r"[A-Za-z\u00C0-\u024F]")
_ALBANIAN_MARKS = re.compile(r"[ëËçÇ]")


def script_agrees(text: str, declared: str) -> bool | None:
    """What the letters alone say about a declared language: True when they settle it, False when they
    contradict it, None when only a statistical detector can tell (say, English against Albanian without ë).

    >>> script_agrees("Kjo është një bibliotekë e re.", "sq"), script_agrees("A new library.", "fa")
    (True, False)
    """
    text = text[:SAMPLE]
    arabic = len(ARABIC_SCRIPT.findall(text))
    latin = len(LATIN_LETTER.findall(text))
    if arabic == latin == 0:
        return None
    if declared in ("ar", "fa"):
        if latin > arabic:
            return False
        vote = _script_vote(text)
        return None if vote is None else vote == declared
    if arabic > latin:
        return False
    marks = len(_ALBANIAN_MARKS.findall(text))
    words = max(1, len(text.split()))
    if declared == "sq":
        return True if marks * 15 >= words else None
    return True if marks == 0 else None


def detect_language(text: str) -> Detection | None:
    """The most likely language, or None for texts too short or without letters to tell.

    >>> detect_language("The committee met on Tuesday to discuss the new library budget.").language
    'en'
    >>> detect_language("کمیته روز سه‌شنبه برای بررسی بودجهٔ کتابخانه تشکیل جلسه داد.").language
    'fa'
    """
    plain = _MARKUP.sub(" ", text)
    if len(plain.split()) < MIN_WORDS:
        return None
    with _lock:  # a detector is cheap, but the shared factory's random state is not thread-safe
        detector = _factory().create()
        detector.append(plain)
        try:
            ranked = detector.get_probabilities()
        except LangDetectException:
            return None
    if not ranked:
        return None
    best = ranked[0]
    language, probability = best.lang, best.prob
    if language in ("ar", "fa"):
        vote = _script_vote(plain)
        if vote is not None and vote != language:
            language = vote
    return Detection(language, probability)
