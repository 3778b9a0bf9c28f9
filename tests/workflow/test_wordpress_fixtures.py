"""WordPress's own test exports (tests/data/wordpress): each file read as WordPress's importer reads it, and the
theme unit test posts published with their images, tables, lists, captions and line breaks.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from pathlib import Path

import pytest

from tests.validator import JAVA, nu_errors
from workflow.bundle import build
from workflow.db import Database
from workflow.importers import import_sources, parse_paths
from workflow.importers.wordpress import post_html
from workflow.permissions import CONSOLE

DATA = Path(__file__).resolve().parents[1] / "data" / "wordpress"
READ_BY_WORDPRESS = json.loads((DATA / "read-by-wordpress.json").read_text(encoding="utf-8"))
THEME = DATA / "themeunittestdata.wordpress.xml"
#: not well-formed XML: WordPress's own XML parser refuses them too, then reads them with a lenient fallback;
#: Dragoman refuses them, naming the line and column, as its imports are all or nothing
NOT_WELL_FORMED = {"malformed-simple.xml": (14, 1), "crazy-cdata.xml": (18, 72), "malformed.xml": (90, 3)}
TAKEN = ("publish", "draft", "pending", "future")  # with --drafts; private and trashed posts stay out


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text.strip())


@pytest.mark.parametrize("name", sorted(READ_BY_WORDPRESS))
def test_each_export_is_read_as_wordpress_reads_it(name: str) -> None:
    expected = READ_BY_WORDPRESS[name]
    sources, problems, _warnings = parse_paths([DATA / name], drafts=True, language="en")
    if name in NOT_WELL_FORMED:
        line, column = NOT_WELL_FORMED[name]
        assert [(p.location, p.reason.split(":")[0]) for p in problems] == [
            (f"line {line}, column {column}", "not well-formed XML")
        ]
        return
    if "error" in expected:
        assert sources == [] and [p.reason for p in problems] == [
            "this XML file is not a WordPress export (WXR): it has no valid wp:wxr_version, such as 1.2"
        ]
        return
    assert problems == []
    posts = [p for p in expected["posts"] if p["status"] in TAKEN]
    assert [s.content.title for s in sources] == [_nfc(p["post_title"]) for p in posts]
    authors = expected["authors"] or {}
    assert [s.content.byline or "" for s in sources] == [authors.get(p["post_author"], p["post_author"]) for p in posts]


def test_published_posts_only_without_drafts() -> None:
    sources, problems, _warnings = parse_paths([THEME])
    published = [p for p in READ_BY_WORDPRESS[THEME.name]["posts"] if p["status"] == "publish"]
    assert problems == [] and len(sources) == len(published) == 56


def test_slugs_are_wordpress_post_names_decoded() -> None:
    sources, _problems, _warnings = parse_paths([DATA / "wxr-utf-8-challenges.xml"])
    assert [s.slug for s in sources] == ["hello-world-utf8-test"]  # direction overrides and emoji left out
    sources, _problems, _warnings = parse_paths([THEME])
    names = {p["post_title"]: p["post_name"] for p in READ_BY_WORDPRESS[THEME.name]["posts"]}
    for source in sources:
        assert source.slug == names[source.content.title].lower() or not names[source.content.title]


def _theme_posts() -> list[str]:
    """The content of every published post of the theme unit test data, as WordPress shows it."""
    import xml.etree.ElementTree as ET

    ns = {"wp": "https://wordpress.org/export/1.2/", "content": "http://purl.org/rss/1.0/modules/content/"}
    root = ET.parse(THEME).getroot()
    return [
        post_html(item.findtext("content:encoded", "", ns))
        for item in root.iter("item")
        if item.findtext("wp:post_type", "", ns) == "post" and item.findtext("wp:status", "", ns) == "publish"
    ]


def _count(pattern: str, texts: list[str]) -> int:
    return sum(len(re.findall(pattern, text)) for text in texts)


def _theme_bundle(db: Database, folder: Path) -> dict[str, bytes]:
    sources, problems, _warnings = parse_paths([THEME])
    assert problems == []
    import_sources(db, CONSOLE, sources)
    return build(db, "en", folder / "en")


def test_images_tables_lists_captions_and_line_breaks_reach_the_pages(db: Database, tmp_path: Path) -> None:
    bundle = _theme_bundle(db, tmp_path)
    pages = [data.decode() for path, data in bundle.items() if path.endswith(".html")]
    posts = _theme_posts()
    for what, pattern in {
        "images": r"<img\s[^>]*src=",
        "tables": r"<table\b",
        "cells": r"<t[dh]\b",
        "list items": r"<li\b",
        "line breaks": r"<br\b",
        "figures": r"<figure\b",
        "captions": r"<figcaption\b",
        "definitions": r"<dd\b",
        "quotes": r"<blockquote\b",
        "code": r"<pre\b",
    }.items():
        assert _count(pattern, pages) == _count(pattern, posts) > 0, what
    assert _count(r"<li\b[^>]*>(?:(?!</li>).)*<[ou]l\b", pages) > 0  # nested lists stay nested
    assert "[caption" not in "".join(pages)  # captions are figures, not literal shortcodes
    media = json.loads(bundle["manifest.json"])["media"]  # every image by address, with its alt text
    assert len([m for m in media if m["kind"] == "image"]) == _count(r"<img\s[^>]*src=", posts)
    assert {"kind", "url", "alt", "article"} == set(media[0]) and any(m["alt"] for m in media)
    segments: Counter[str] = Counter()
    for path, data in bundle.items():
        if path.startswith("articles/") and path.endswith(".json"):
            segments.update(s["kind"] for s in json.loads(data)["segments"])
    alts = {m for text in _theme_posts() for m in re.findall(r'<img\s[^>]*alt="([^"]+)"', text) if m.strip()}
    assert segments["alt"] >= len(alts) > 0 and segments["cell"] > 0 and segments["caption"] > 0


@pytest.mark.skipif(JAVA is None, reason="the Nu HTML validator needs Java")
def test_the_pages_add_no_html_errors_to_the_posts(db: Database, tmp_path: Path) -> None:
    """Every page passes the Nu validator but for errors the post's own HTML has (WordPress's test data uses
    obsolete elements and duplicate ids on purpose): Dragoman adds none.
    """
    bundle = _theme_bundle(db, tmp_path)
    ours = tmp_path / "ours"
    theirs = tmp_path / "theirs"
    ours.mkdir()
    theirs.mkdir()
    shown = dict(zip([s.slug for s in parse_paths([THEME])[0]], _theme_posts(), strict=True))
    for slug, post in shown.items():
        (ours / f"{slug}.html").write_bytes(bundle[f"articles/{slug}.html"])
        page = f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{slug}</title></head><body>{post}'
        (theirs / f"{slug}.html").write_text(page + "</body></html>", encoding="utf-8")
    ours_errors, their_errors = nu_errors(ours), nu_errors(theirs)
    added = {name: errors - their_errors[name] for name, errors in ours_errors.items() if errors - their_errors[name]}
    assert added == {}
    assert sum(map(len, their_errors.values())) > 0  # the validator ran and reads the posts' own faults


def _classic_posts() -> dict[str, str]:
    """Every classic-editor post of the fixtures, by "file post_id", as the file holds it."""
    import xml.etree.ElementTree as ET

    found = {}
    for name in READ_BY_WORDPRESS:
        if name in NOT_WELL_FORMED or "error" in READ_BY_WORDPRESS[name]:
            continue
        root = ET.parse(DATA / name).getroot()
        channel = root.find("channel")
        wp = next(c.tag[1:].split("}")[0] for c in channel if c.tag.endswith("}wxr_version"))  # type: ignore[union-attr]
        ns = {"wp": wp, "content": "http://purl.org/rss/1.0/modules/content/"}
        for item in root.iter("item"):
            content = item.findtext("content:encoded", "", ns)
            if item.findtext("wp:post_type", "", ns) == "post" and "<!-- wp:" not in content and content.strip():
                found[f"{name} {int(item.findtext('wp:post_id', '0', ns))}"] = content
    return found


def test_classic_editor_paragraphs_as_wordpress_makes_them() -> None:
    """Our wpautop gives what WordPress's own gives (as an HTML5 parser reads both) on every classic post."""
    import hashlib

    from workflow.htmlbody import parse_body
    from workflow.importers.autop import autop

    expected = json.loads((DATA / "wpautop-by-wordpress.json").read_text(encoding="utf-8"))
    expected = {key: digest for key, digest in expected.items() if key.split()[0] not in NOT_WELL_FORMED}
    posts = _classic_posts()
    assert set(posts) == set(expected) and len(posts) > 100
    for key, content in posts.items():
        shown = re.sub(r">\s+<", "><", parse_body(autop(content)).html or "")
        assert hashlib.sha256(shown.encode()).hexdigest() == expected[key], key


def test_featured_images_and_term_slugs_are_kept() -> None:
    sources, _problems, _warnings = parse_paths([THEME])
    featured = [s.meta["featured_image"] for s in sources if "featured_image" in s.meta]
    assert len(featured) >= 5 and all(f["url"].startswith("https://") for f in featured)
    assert any(f["alt"] for f in featured)  # the attachment's alt text comes with it
    slugs = [s.meta["term_slugs"] for s in sources if "term_slugs" in s.meta]
    assert any(value != name.lower() for terms in slugs for name, value in terms.items())  # WordPress's own


def test_the_featured_image_leads_the_media_of_the_page(db: Database, tmp_path: Path) -> None:
    bundle = _theme_bundle(db, tmp_path)
    articles = [json.loads(data) for path, data in bundle.items() if path.endswith(".json") and "/" in path]
    with_image = [a for a in articles if a["featured_image"]]
    assert with_image and all(a["media"][0]["kind"] == "featured" for a in with_image)
    manifest = json.loads(bundle["manifest.json"])
    assert len([m for m in manifest["media"] if m["kind"] == "featured"]) == len(with_image)


def test_block_comments_go_back_to_wordpress_and_stay_out_of_pages(db: Database, tmp_path: Path) -> None:
    """wordpress.xml keeps the block editor's comments (WordPress reads its blocks from them); pages do not."""
    sources, _problems, _warnings = parse_paths([DATA / "64-block-test-data.xml"])
    import_sources(db, CONSOLE, sources[:10])
    bundle = build(db, "en", tmp_path / "en")
    wxr = bundle["wordpress.xml"].decode()
    assert wxr.count("&lt;!-- wp:") > 10
    assert not any(b"<!-- wp:" in data for path, data in bundle.items() if path.endswith(".html"))
