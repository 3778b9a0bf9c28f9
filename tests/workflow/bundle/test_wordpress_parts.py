"""wordpress.xml in parts under the importer's upload limit, each part a whole WXR file, membership stable: a change
rewrites the part of the article changed, and a rebuild equals a build from nothing."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.factories import make_source
from tests.workflow.flows import Cast, make_cast, piece_in
from workflow.bundle import build, parts, verify_bundle
from workflow.bundle.parts import is_part, wxr_parts
from workflow.bundle.render import ArticleRecord
from workflow.bundle.write import Staging
from workflow.db import Database
from workflow.importers import import_sources, parse_paths
from workflow.permissions import CONSOLE
from workflow.status import Status

WP = "{http://wordpress.org/export/1.2/}"
SLUGS = ["budget", "harbour", "library", "market", "museum", "park", "school", "station"]


def _record(slug: str, size: int) -> ArticleRecord:
    return ArticleRecord(slug, slug, None, None, None, None, (), {}, wxr_item="x" * size)


@pytest.mark.parametrize(
    ("sizes", "limit", "expected"),
    [
        ({"a": 10, "b": 10}, 1_000, 1),  # it fits: one wordpress.xml
        ({s: 100 for s in "abcdefgh"}, 400, None),  # split until each part fits
        ({"a": 5_000, "b": 10}, 1_000, 2),  # a post larger than the limit stands alone
        ({}, 1_000, 1),  # an edition with no posts still has its (empty) wordpress.xml
    ],
)
def test_parts_fit_the_limit_and_hold_every_post_once(sizes: dict[str, int], limit: int, expected: int | None) -> None:
    records = [_record(slug, size) for slug, size in sorted(sizes.items())]
    made = wxr_parts(records, lambda r: len(r.wxr_item), lambda posts: "<head>", limit)
    placed = [r.slug for posts in made.values() for r in posts]
    assert sorted(placed) == sorted(sizes)
    assert all(is_part(name) for name in made)
    for posts in made.values():
        whole = len("<head>") + len(parts.WXR_TAIL) + sum(len(r.wxr_item) for r in posts)
        assert whole <= limit or len(posts) == 1
        assert [r.slug for r in posts] == sorted(r.slug for r in posts)  # by slug inside a part
    if expected is not None:
        assert len(made) == expected
    if len(made) == 1:
        assert list(made) == ["wordpress.xml"]
    else:
        assert "wordpress.xml" not in made


def _prefix(name: str) -> str:
    return name.removeprefix("wordpress").removeprefix("-").removesuffix(".xml")


def test_a_post_keeps_its_part_unless_the_part_it_is_in_splits() -> None:
    records = [_record(f"post-{i:02d}", 100) for i in range(16)]
    before = wxr_parts(records, lambda r: len(r.wxr_item), lambda posts: "", 900)
    after = wxr_parts([*records, _record("post-99", 100)], lambda r: len(r.wxr_item), lambda posts: "", 900)
    was = {r.slug: _prefix(name) for name, posts in before.items() for r in posts}
    now = {r.slug: _prefix(name) for name, posts in after.items() for r in posts}
    joined = next(prefix for prefix in set(was.values()) if now["post-99"].startswith(prefix))
    assert len(before) > 1
    for slug, prefix in was.items():
        if prefix == joined:  # the part the new post joined may split: its posts go into its halves
            assert now[slug].startswith(prefix)
        else:
            assert now[slug] == prefix


def _approved(db: Database, cast: Cast, slugs: list[str]) -> None:
    for slug in slugs:
        piece_in(db, cast, Status.APPROVED, slug=slug, paragraphs=2)


def _posts(path: Path) -> list[str]:
    channel = ET.parse(path).getroot().find("channel")
    assert channel is not None
    return [item.findtext(f"{WP}post_name") or "" for item in channel.iter("item")]


def _split_limit(db: Database, tmp_path: Path) -> int:
    whole = build(db, "fa", tmp_path / "whole")["wordpress.xml"]
    return len(whole) // 3


def test_a_large_edition_is_written_in_parts_the_manifest_lists(
    db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _approved(db, make_cast(db), SLUGS)
    limit = _split_limit(db, tmp_path)
    single = _posts(tmp_path / "whole" / "wordpress.xml")
    monkeypatch.setattr(parts, "PART_LIMIT", limit)
    out = tmp_path / "fa"
    files = build(db, "fa", out)
    names = sorted(name for name in files if is_part(name))
    assert len(names) >= 3 and "wordpress.xml" not in names
    manifest = json.loads(files["manifest.json"])
    assert [p["file"] for p in manifest["wordpress"]] == names
    assert sum(p["posts"] for p in manifest["wordpress"]) == len(SLUGS)
    posts: list[str] = []
    for name in names:
        assert len(files[name]) <= limit or len(_posts(out / name)) == 1
        found = _posts(out / name)  # each part is a whole WXR file
        assert found and found == sorted(found)
        assert manifest["wordpress"][names.index(name)]["posts"] == len(found)
        posts += found
    assert sorted(posts) == sorted(single)
    assert verify_bundle(out).ok
    sources, problems, _warnings = parse_paths([out / name for name in names])  # our own importer reads them back
    assert not problems and sorted(s.slug for s in sources) == sorted(SLUGS)


def test_a_change_rewrites_only_its_part_and_equals_a_fresh_build(
    db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cast = make_cast(db)
    _approved(db, cast, SLUGS)
    monkeypatch.setattr(parts, "PART_LIMIT", _split_limit(db, tmp_path))
    out = tmp_path / "fa"
    build(db, "fa", out)
    before = {p.name: p.read_bytes() for p in out.iterdir() if is_part(p.name)}
    streamed: list[str] = []
    real = Staging.stream

    def recording(self: Staging, relative: str, chunks):  # type: ignore[no-untyped-def]
        streamed.append(relative)
        return real(self, relative, chunks)

    monkeypatch.setattr(Staging, "stream", recording)
    build(db, "fa", out)
    assert streamed == []  # nothing changed: no part written
    import_sources(db, CONSOLE, [make_source("museum", paragraphs=2, changed={0: "A corrected paragraph."})])
    build(db, "fa", out)
    home = next(name for name in before if "museum" in _posts(out / name))
    assert streamed == [home]
    after = {p.name: p.read_bytes() for p in out.iterdir() if is_part(p.name)}
    assert {name for name in after if after[name] != before.get(name)} <= {home}
    monkeypatch.setattr(Staging, "stream", real)
    fresh = tmp_path / "fresh"
    build(db, "fa", fresh)
    assert {p.name: p.read_bytes() for p in fresh.iterdir() if p.is_file()} == {
        p.name: p.read_bytes() for p in out.iterdir() if p.is_file()
    }
