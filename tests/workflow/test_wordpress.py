"""WordPress exports in: published posts become articles; our own wordpress.xml gives the same articles back."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.workflow.flows import make_cast, piece_in
from workflow.bundle import build
from workflow.bundle.collect import collect
from workflow.bundle.render import body_html
from workflow.bundle.wxr import person
from workflow.db import Database
from workflow.errors import ImportFailed
from workflow.htmlbody import parse_body
from workflow.importers import import_paths, parse_paths
from workflow.importers.wordpress import html_to_markdown
from workflow.permissions import CONSOLE
from workflow.status import Status

DATA = Path(__file__).resolve().parents[2] / "data" / "articles"


def test_our_wordpress_export_imports_as_the_same_articles(db: Database, tmp_path: Path) -> None:
    import_paths(db, CONSOLE, [DATA])
    files = build(db, "en", tmp_path / "en")
    wxr = tmp_path / "site.xml"
    wxr.write_bytes(files["wordpress.xml"])
    sources, problems, _warnings = parse_paths([wxr])
    assert problems == []
    imported = {s.slug: s for s in sources}
    originals = {a.slug: a for a in collect(db, "en")}
    assert set(imported) == set(originals)
    for slug, article in originals.items():
        source = imported[slug]
        content = source.content
        assert (content.title, content.lede, content.byline, content.category) == (
            article.title,
            article.lede,
            person(article.byline),  # WordPress keeps the author's name; its theme writes "By"
            article.category,
        ), slug
        assert (source.tags, source.published_on, source.language) == (article.tags, article.published_on, "en"), slug
        assert content.references == article.references and content.attribution == article.attribution, slug
        assert content.body_format == "html" and _shown(body_html(content.body, "html")) == _shown(
            body_html(article.body)
        ), slug


def _shown(html: str) -> str:
    """HTML as a browser's parser reads it, without the white space between blocks."""
    return re.sub(r">\s+<", "><", parse_body(html).html or "")


@pytest.mark.parametrize(
    ("drafts", "slugs"),
    [(False, ["published-post"]), (True, ["published-post", "a-draft", "pending-post", "scheduled-post"])],
)
def test_drafts_only_when_asked_and_never_pages_or_attachments(tmp_path: Path, drafts: bool, slugs: list[str]) -> None:
    xml = tmp_path / "mixed.xml"
    item = (
        "<item><title>{title}</title><wp:post_name>{slug}</wp:post_name><wp:post_type>{kind}</wp:post_type>"
        "<wp:status>{status}</wp:status><wp:post_date>{day} 10:00:00</wp:post_date>"
        "<content:encoded>&lt;p&gt;Body of {title} here.&lt;/p&gt;</content:encoded></item>"
    )
    items = "".join(
        item.format(title=t, slug=s, kind=k, status=st, day=d)
        for t, s, k, st, d in [
            ("Published post", "published-post", "post", "publish", "2026-01-02"),
            ("A draft", "a-draft", "post", "draft", "0000-00-00"),
            ("Pending post", "pending-post", "post", "pending", "2026-01-03"),
            ("Scheduled post", "scheduled-post", "post", "future", "2026-02-01"),
            ("A trashed post", "a-trashed-post", "post", "trash", "2026-01-02"),
            ("A page", "a-page", "page", "publish", "2026-01-02"),
            ("A photo", "a-photo", "attachment", "inherit", "2026-01-02"),
        ]
    )
    xml.write_text(
        '<rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><language>en-US</language>'
        f"<wp:wxr_version>1.2</wp:wxr_version>{items}</channel></rss>",
        encoding="utf-8",
    )
    sources, problems, _warnings = parse_paths([xml], drafts=drafts)
    assert problems == [] and [s.slug for s in sources] == slugs
    assert sources[0].published_on is not None and sources[0].language == "en"
    assert [s.published_on is None for s in sources if s.slug == "a-draft"] == ([True] if drafts else [])


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b'<!DOCTYPE rss [<!ENTITY a "x">]><rss>&a;</rss>', "declares entities"),
        (b"<rss><channel><item>", "not well-formed XML"),
        (b"<rss><channel/></rss>", "not a WordPress export"),
    ],
)
def test_bad_wordpress_files_import_nothing(db: Database, tmp_path: Path, data: bytes, message: str) -> None:
    bad = tmp_path / "bad.xml"
    bad.write_bytes(data)
    with pytest.raises(ImportFailed, match=message):
        import_paths(db, CONSOLE, [bad])


@pytest.mark.parametrize(
    ("html", "markdown"),
    [
        ("<p>One <em>two</em> <code>three</code></p>", "One *two* `three`\n"),
        ("<ul><li>a</li><li>b</li></ul>", "- a\n- b\n"),
        ("<ol><li>first</li><li>second</li></ol>", "1. first\n2. second\n"),
        ("<blockquote><p>Said so.</p></blockquote>", "> Said so.\n"),
        ("<p>x<script>alert(1)</script></p>", "xalert(1)\n"),  # tags go; text stays text
    ],
)
def test_html_becomes_our_markdown(html: str, markdown: str) -> None:
    assert html_to_markdown(html)[0] == markdown


def test_a_translated_edition_exports_too(db: Database, tmp_path: Path) -> None:
    piece_in(db, make_cast(db), Status.APPROVED, slug="story", paragraphs=2)
    files = build(db, "fa", tmp_path / "fa")
    wxr = tmp_path / "fa.xml"
    wxr.write_bytes(files["wordpress.xml"])
    sources, problems, _warnings = parse_paths([wxr])
    assert problems == [] and [(s.slug, s.language) for s in sources] == [("story", "fa")]


def _wxr(namespace: str, items: str) -> bytes:
    return (
        f'<rss version="2.0" xmlns:wp="{namespace}" xmlns:excerpt="{namespace}excerpt/" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        f"<channel><language>en-US</language><wp:wxr_version>{namespace[-4:-1]}</wp:wxr_version>{items}"
        "</channel></rss>"
    ).encode()


def _post(title: str, status: str = "publish", name: str = "", post_id: int = 7) -> str:
    return (
        f"<item><title>{title}</title><wp:post_id>{post_id}</wp:post_id><wp:post_name>{name}</wp:post_name>"
        f"<wp:status>{status}</wp:status><wp:post_type>post</wp:post_type>"
        "<wp:post_date>2026-11-02 09:00:00</wp:post_date><excerpt:encoded><![CDATA[A short lede.]]></excerpt:encoded>"
        "<content:encoded><![CDATA[<p>The council met on Tuesday and agreed on the plan for the park.</p>]]>"
        "</content:encoded></item>"
    )


@pytest.mark.parametrize(
    "namespace",
    [
        "http://wordpress.org/export/1.0/",
        "http://wordpress.org/export/1.1/",
        "http://wordpress.org/export/1.2/",
        "https://wordpress.org/export/1.2/",  # the theme unit test data
    ],
)
def test_every_wxr_version_is_read_by_the_namespace_the_document_declares(tmp_path: Path, namespace: str) -> None:
    path = tmp_path / "site.xml"
    path.write_bytes(_wxr(namespace, _post("Council approves the park", name="council-park")))
    sources, problems, _warnings = parse_paths([path])
    assert problems == [] and [(s.slug, s.content.lede) for s in sources] == [("council-park", "A short lede.")]


def test_drafts_without_a_slug_take_one_from_the_title_or_their_id(tmp_path: Path) -> None:
    items = _post("Winter hours of the reading room", "draft", post_id=11) + _post(
        "ساعت‌های زمستانی", "draft", post_id=12
    )
    path = tmp_path / "site.xml"
    path.write_bytes(_wxr("http://wordpress.org/export/1.2/", items))
    sources, problems, _warnings = parse_paths([path], drafts=True)
    assert problems == [] and [s.slug for s in sources] == ["winter-hours-of-the-reading-room", "ساعت‌های-زمستانی"]


def test_a_draft_whose_title_makes_no_slug_takes_its_id(tmp_path: Path) -> None:
    path = tmp_path / "site.xml"
    path.write_bytes(_wxr("http://wordpress.org/export/1.2/", _post("!?", "draft", post_id=12)))
    sources, problems, _warnings = parse_paths([path], drafts=True)
    assert problems == [] and [s.slug for s in sources] == ["post-12"]


def test_a_wxr_of_another_namespace_is_not_taken_for_wordpress(tmp_path: Path) -> None:
    path = tmp_path / "site.xml"
    path.write_bytes(_wxr("http://example.org/export/1.2/", _post("Title", name="title")))
    _sources, problems, _warnings = parse_paths([path])
    assert [p.reason for p in problems] == [
        "this XML file is not a WordPress export (WXR): it has no valid wp:wxr_version, such as 1.2"
    ]


def test_classic_editor_paragraphs_stay_paragraphs(tmp_path: Path) -> None:
    classic = (
        "<item><title>Notes from the council</title><wp:post_id>9</wp:post_id><wp:post_name>notes</wp:post_name>"
        "<wp:status>publish</wp:status><wp:post_type>post</wp:post_type>"
        "<wp:post_date>2026-11-02 09:00:00</wp:post_date>"
        "<content:encoded><![CDATA[The council met on Tuesday evening.\n\nIt agreed on the park.\n\n"
        "<h2>What comes next</h2>\n\nWork starts in spring.]]></content:encoded></item>"
    )
    path = tmp_path / "site.xml"
    path.write_bytes(_wxr("http://wordpress.org/export/1.1/", classic))
    sources, problems, _warnings = parse_paths([path])
    assert problems == []
    assert [(s.kind, s.text) for s in sources[0].segments()] == [
        ("title", "Notes from the council"),
        ("paragraph", "The council met on Tuesday evening."),
        ("paragraph", "It agreed on the park."),
        ("heading", "What comes next"),
        ("paragraph", "Work starts in spring."),
    ]
