"""Every edition's sitemap passes the Sitemaps protocol's schema (with its hreflang alternates) and every
feed the Atom grammar of RFC 4287 (tests/data/schemas), on the demo content and with an update pending.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from workflow.bundle import build
from workflow.db import Database
from workflow.demo import DATA, load_demo
from workflow.importers import import_paths
from workflow.people import get_user

SCHEMAS = Path(__file__).resolve().parents[2] / "data" / "schemas"
ATOM = {"a": "http://www.w3.org/2005/Atom"}
MAP = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


@pytest.fixture(scope="module")
def sitemap_schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMAS / "sitemap-with-alternates.xsd")))


@pytest.fixture(scope="module")
def atom_grammar() -> etree.RelaxNG:
    return etree.RelaxNG(etree.parse(str(SCHEMAS / "atom.rng")))


def _valid(schema: etree.XMLSchema | etree.RelaxNG, data: bytes) -> etree._Element:
    document = etree.fromstring(data)
    assert schema.validate(document), str(schema.error_log)
    return document


def _bundles(db: Database, tmp_path: Path) -> dict[str, dict[str, bytes]]:
    return {code: dict(build(db, code, tmp_path / code)) for code in ("en", "ar", "fa", "sq")}


def test_the_schemas_refuse_what_they_should(sitemap_schema: etree.XMLSchema, atom_grammar: etree.RelaxNG) -> None:
    """The checks can fail: a sitemap alternate without hreflang, a feed without an id."""
    bad_map = (
        b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">'
        b'<url><loc>https://example.org/a.html</loc><xhtml:link rel="alternate" href="https://example.org/b"/></url>'
        b"</urlset>"
    )
    assert not sitemap_schema.validate(etree.fromstring(bad_map))
    bad_feed = (
        b'<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title><updated>2026-01-01T00:00:00Z</updated></feed>'
    )
    assert not atom_grammar.validate(etree.fromstring(bad_feed))


def test_every_editions_sitemap_and_feed_validate(
    db: Database, tmp_path: Path, sitemap_schema: etree.XMLSchema, atom_grammar: etree.RelaxNG
) -> None:
    load_demo(db)
    text = (DATA / "articles" / "library-reading-room-opens.md").read_text(encoding="utf-8")
    corrected = tmp_path / "import" / "library-reading-room-opens.md"
    corrected.parent.mkdir()
    corrected.write_text(text.replace("forty seats", "forty-two seats"), encoding="utf-8")
    import_paths(db, get_user(db, "editor"), [corrected])  # fa and ar: update pending, still published

    bundles = _bundles(db, tmp_path)
    assert "sitemap.xml" not in bundles["sq"]  # no articles in Albanian yet: no sitemap
    checked = 0
    for code, files in bundles.items():
        feed = _valid(atom_grammar, files["feed.atom"])
        entries = feed.findall("a:entry", ATOM)
        for entry in entries:  # the grammar's Schematron rules, which lxml does not run
            assert entry.find("a:author/a:name", ATOM) is not None or feed.find("a:author", ATOM) is not None
            assert entry.xpath("a:link[@rel='alternate' or not(@rel)] or a:content", namespaces=ATOM)
        if "sitemap.xml" not in files:
            assert entries == []
            continue
        sitemap = _valid(sitemap_schema, files["sitemap.xml"])
        urls = sitemap.findall("s:url", MAP)
        assert len(urls) == len(entries) > 0
        for url in urls:
            alternates = {link.get("hreflang"): link.get("href") for link in url.findall("x:link", MAP)}
            if alternates:  # a cluster names every edition, itself too, and the source as x-default
                assert alternates[code] == url.findtext("s:loc", namespaces=MAP)
                assert "x-default" in alternates
        checked += len(urls)
    assert checked >= 10
