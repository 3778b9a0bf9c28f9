"""Markdown sites as they are (tests/data/sites): their own front matter kept, a page's translations in language
folders or file names imported into its pieces, waiting for review.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml

from tests.factories import make_user, pieces_of
from tests.validator import JAVA, nu_errors
from tests.workflow.flows import make_cast
from workflow import actions, queries
from workflow.bundle import build
from workflow.db import Database
from workflow.errors import ImportFailed
from workflow.importers import import_paths, parse_paths
from workflow.permissions import CONSOLE
from workflow.quality import override, piece_findings
from workflow.status import Status

SITES = Path(__file__).resolve().parents[1] / "data" / "sites"
GUIDE = SITES / "opensource.guide"
COVENANT = SITES / "contributor-covenant"


def test_a_jekyll_site_with_language_folders(db: Database) -> None:
    report = import_paths(db, CONSOLE, [GUIDE])
    assert sorted(report.created) == ["code-of-conduct", "finding-users"]
    assert [str(w).split(": ", 1)[1] for w in report.warnings] == ["left out: no edition is in de"]
    outcomes = {(a.slug, a.edition): (a.submitted, str(a.outcome)) for a in report.translations}
    assert outcomes[("code-of-conduct", "fa")] == (True, "submitted for review (segments: 48)")
    assert outcomes[("code-of-conduct", "ar")] == (True, "submitted for review (segments: 48)")
    assert outcomes[("finding-users", "ar")] == (True, "submitted for review (segments: 44)")
    # the Persian translation splits and merges paragraphs: what matches one to one is kept, the rest is left open
    assert outcomes[("finding-users", "fa")] == (
        False,
        "segments kept as drafts: 41 of 44; the piece stays open for the rest",
    )
    pieces = pieces_of(db, "code-of-conduct")
    assert (pieces["fa"].status, pieces["ar"].status, pieces["sq"].status) == (
        Status.SUBMITTED,
        Status.SUBMITTED,
        Status.OPEN,
    )
    rows = queries.piece_segments(db, pieces["fa"].id or 0)
    assert (rows[0].source, rows[0].target) == ("Your Code of Conduct", "منشور اخلاقی")
    assert rows[2].kind == "heading" and rows[2].target == "چرا به منشور اخلاقی نیاز داریم؟"
    assert all(row.state == "done" for row in rows)
    fa_users = queries.piece_segments(db, pieces_of(db, "finding-users")["fa"].id or 0)
    assert [r.state for r in fa_users].count("draft") == 41 and pieces_of(db, "finding-users")["fa"].status == "open"


def test_the_site_front_matter_goes_through_to_the_bundle(db: Database, tmp_path: Path) -> None:
    import_paths(db, CONSOLE, [GUIDE])
    cast = make_cast(db)
    fa_reviewer = make_user(db, "farah", ["reviewer"], [("en", "fa")])
    piece_id = pieces_of(db, "code-of-conduct")["fa"].id or 0
    actions.start_review(db, fa_reviewer, piece_id)  # an imported translation: anybody of the pair reviews it
    # the site's Persian page predates changes to the English one (new addresses): the reviewer sees the
    # findings and, this time, lets them stand
    errors = [(s.segment_id, f.check) for s in piece_findings(db, piece_id) for f in s.open() if f.severity == "error"]
    assert {check for _segment, check in errors} >= {"addresses", "markdown"}
    for segment_id, check in errors:
        override(db, fa_reviewer, segment_id, check, "the site's published translation, reviewed there")
    actions.approve(db, fa_reviewer, piece_id)
    files = build(db, "fa", tmp_path / "fa")
    article = json.loads(files["articles/code-of-conduct.json"])
    assert article["meta"] == {
        "class": "coc",
        "image": "/assets/images/cards/coc.png",
        "order": 8,
        "related": ["building", "leadership"],
    }
    assert article["lede"].startswith("با تصویب و اجرای منشور اخلاقی") and article["direction"] == "rtl"
    page = files["articles/code-of-conduct.md"].decode()
    front = yaml.safe_load(page.split("---")[1])
    assert front["class"] == "coc" and front["related"] == ["building", "leadership"] and front["language"] == "fa"
    assert cast.translator.username  # the cast exists only so the reviewer is not the one who imported


def test_a_hugo_site_with_toml_front_matter_and_languages_in_file_names(db: Database, tmp_path: Path) -> None:
    sources, problems, _warnings = parse_paths([COVENANT])
    assert problems == []
    main = next(s for s in sources if not s.translation)
    assert (main.slug, main.language, main.content.title) == (
        "code-of-conduct",
        "en",
        "Contributor Covenant Code of Conduct",  # the first heading, as the site shows it
    )
    assert main.meta == {"version": "1.4", "aliases": ["/version/1/4"], "title_heading": True}
    assert sorted((s.language, s.slug) for s in sources if s.translation) == [
        ("ar", "code-of-conduct"),
        ("fa", "code-of-conduct"),  # from code-of-conduct.fa-ir.md
    ]
    import_paths(db, CONSOLE, [COVENANT])
    en = build(db, "en", tmp_path / "en")["articles/code-of-conduct.md"].decode()
    front, body = en.split("---\n", 2)[1:]
    assert yaml.safe_load(front)["version"] == "1.4" and "title" not in yaml.safe_load(front)
    assert body.startswith("# Contributor Covenant Code of Conduct\n\n## Our Pledge\n")  # the heading goes back


def test_translations_imported_after_their_page(db: Database, tmp_path: Path) -> None:
    shutil.copytree(GUIDE, tmp_path / "site")
    articles = tmp_path / "site" / "_articles"
    shutil.rmtree(articles / "de")
    fa = tmp_path / "fa"
    shutil.move(articles / "fa", fa)
    import_paths(db, CONSOLE, [articles])
    report = import_paths(db, CONSOLE, [fa])
    assert report.created == [] and {(a.slug, a.edition) for a in report.translations} == {
        ("code-of-conduct", "fa"),
        ("finding-users", "fa"),
    }
    again = import_paths(db, CONSOLE, [fa])  # the piece is now waiting for review: nothing is overwritten
    assert [str(a.outcome) for a in again.translations if a.slug == "code-of-conduct"] == [
        "the fa piece is submitted: the file's translation was not applied"
    ]


@pytest.mark.parametrize(
    ("front", "check"),
    [
        ('date: "2019-12-02T08:15:41-03:00"', lambda s: str(s.published_on) == "2019-12-02"),
        ("date: 2019-12-02T08:15:41Z", lambda s: str(s.published_on) == "2019-12-02"),
        ("slug: About.Us", lambda s: (s.slug, s.meta) == ("about-us", {"slug": "About.Us"})),
        (
            "layout: post\nauthor: Mina Rahimi",
            lambda s: (s.meta, s.content.byline) == ({"layout": "post"}, "Mina Rahimi"),
        ),
        (
            "categories: [news, local]",
            lambda s: (s.content.category, s.meta) == ("news", {"categories": ["news", "local"]}),
        ),
        ("lang: fa-IR", lambda s: s.language == "fa"),
        (
            "weight: 3\ndraft: false\naliases: [/old]",
            lambda s: s.meta == {"weight": 3, "draft": False, "aliases": ["/old"]},
        ),
    ],
)
def test_front_matter_as_sites_write_it(tmp_path: Path, front: str, check: object) -> None:
    page = tmp_path / "page.md"
    language = "" if front.startswith("lang:") else "language: en\n"
    page.write_text(f"---\ntitle: A page\n{language}{front}\n---\nThe text of the page is here.\n", encoding="utf-8")
    sources, problems, _warnings = parse_paths([page])
    assert problems == [] and check(sources[0])  # type: ignore[operator]


def test_a_typo_of_a_field_is_named(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text("---\ntitle: A page\nlanguage: en\ncatgory: News\n---\nText.\n", encoding="utf-8")
    _sources, problems, _warnings = parse_paths([page])
    assert [(p.location, p.reason) for p in problems] == [
        ("line 4, field 'catgory'", "unknown field; did you mean 'category'?")
    ]


@pytest.mark.parametrize("named", ["file", "folder"])
def test_mdx_is_refused_with_the_reason(db: Database, tmp_path: Path, named: str) -> None:
    (tmp_path / "intro.md").write_text("---\ntitle: Intro\nlanguage: en\n---\nWelcome to the docs.\n")
    (tmp_path / "tabs.mdx").write_text("---\ntitle: Tabs\n---\nimport Tabs from '@theme/Tabs';\n\n<Tabs />\n")
    with pytest.raises(ImportFailed, match="MDX mixes Markdown with JSX components") as caught:
        import_paths(db, CONSOLE, [tmp_path / "tabs.mdx" if named == "file" else tmp_path])
    assert [p.file for p in caught.value.problems] == [str(tmp_path / "tabs.mdx")]


def test_two_files_of_one_page_in_the_same_language_are_refused(tmp_path: Path) -> None:
    (tmp_path / "fa").mkdir()
    (tmp_path / "page.md").write_text("---\ntitle: Page\nlanguage: fa\n---\nمتن صفحه اینجاست.\n", encoding="utf-8")
    (tmp_path / "fa" / "page.md").write_text("---\ntitle: صفحه\n---\nمتن صفحه اینجاست.\n", encoding="utf-8")
    _sources, problems, _warnings = parse_paths([tmp_path])
    assert [p.reason.split(";")[1].strip() for p in problems] == ["keep one of them"]


@pytest.mark.skipif(JAVA is None, reason="the Nu HTML validator needs Java")
def test_the_persian_and_arabic_pages_pass_the_nu_validator(db: Database, tmp_path: Path) -> None:
    import_paths(db, CONSOLE, [GUIDE])
    reviewer = make_user(db, "reviewer", ["reviewer"], [("en", "fa"), ("en", "ar")])
    pages = tmp_path / "pages"
    pages.mkdir()
    for code in ("fa", "ar"):
        piece_id = pieces_of(db, "code-of-conduct")[code].id or 0
        actions.start_review(db, reviewer, piece_id)
        for segment_id, check in [
            (s.segment_id, f.check) for s in piece_findings(db, piece_id) for f in s.open() if f.severity == "error"
        ]:
            override(db, reviewer, segment_id, check, "the site's published translation")
        actions.approve(db, reviewer, piece_id)
        page = build(db, code, tmp_path / code)["articles/code-of-conduct.html"]
        assert f'<html lang="{code}" dir="rtl">'.encode() in page
        (pages / f"{code}.html").write_bytes(page)
    assert nu_errors(pages) == {"ar.html": set(), "fa.html": set()}
