"""The sample translations are the clean corpus: not one finding on any of their segments."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from workflow.checks import Pair, Settings, Term, run_checks
from workflow.glossary import parse_csv
from workflow.importers import parse_paths
from workflow.segments import split_article

DATA = Path(__file__).resolve().parents[3] / "data"
DIGIT_STYLES = {"en": "latin", "ar": "arabic_indic", "fa": "persian", "sq": "latin"}  # the editions' defaults
TRANSLATIONS = sorted((DATA / "translations").glob("*.json"))


def _pairs(path: Path) -> list[Pair]:
    data = json.loads(path.read_text(encoding="utf-8"))
    sources, problems, _warnings = parse_paths([DATA / "articles" / f"{data['slug']}.md"])
    assert not problems
    source = sources[0]
    segments = split_article(source.content)
    assert len(segments) == len(data["segments"]), path.name
    return [Pair(s.text, t, source.language, data["edition"]) for s, t in zip(segments, data["segments"], strict=True)]


def _glossary(source: str, target: str) -> tuple[Term, ...]:
    """The demo's glossary of the pair (data/glossary/en-fa.csv and the like), as the checks read it."""
    path = DATA / "glossary" / f"{source}-{target}.csv"
    if not path.exists():
        return ()
    rows = parse_csv(path.read_text(encoding="utf-8"), path.name)
    return tuple(Term(r.term, r.translations, r.forbidden, r.note, r.case_sensitive, r.is_name) for r in rows)


@pytest.mark.parametrize("path", TRANSLATIONS, ids=lambda p: p.name)
def test_no_check_finds_anything_in_an_approved_sample_translation(path: Path) -> None:
    for pair in _pairs(path):
        glossary = _glossary(pair.source_lang, pair.target_lang)
        findings = run_checks(pair, Settings(digit_style=DIGIT_STYLES[pair.target_lang], glossary=glossary))
        assert findings == [], (pair.source, pair.target, [(f.check, str(f.message)) for f in findings])


def test_the_demo_glossary_is_exercised_by_the_corpus() -> None:
    terms = {lang: _glossary("en", lang) for lang in ("fa", "ar", "sq")}
    assert all(terms.values())
    sources = " ".join(p.source for path in TRANSLATIONS for p in _pairs(path))
    assert "library" in sources and "Clara Hoxha" in sources  # so the glossary checks above had work to do


def test_the_corpus_covers_every_edition() -> None:
    editions = {json.loads(p.read_text(encoding="utf-8"))["edition"] for p in TRANSLATIONS}
    assert editions == {"en", "ar", "fa", "sq"}
