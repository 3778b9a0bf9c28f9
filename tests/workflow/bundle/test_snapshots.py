"""Snapshots of the sample content's bundles, per edition (an RTL one included): the manifest (the SHA-256
of every file), one article's pages and the site strings' PO in full. Rendering changes show up here file by file; after
checking them, refresh with ``DRAGOMAN_UPDATE_SNAPSHOTS=1 make test``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.validator import JAVA, nu_errors
from workflow.bundle import build
from workflow.db import Database
from workflow.demo import load_demo

SNAPSHOTS = Path(__file__).resolve().parent / "snapshots"
SHOWN = {"fa": "library-reading-room-opens", "en": "book-club-evening", "ar": "library-reading-room-opens"}


@pytest.fixture(scope="module")
def demo_bundles(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, bytes]]:
    from argon2 import PasswordHasher

    import workflow.people

    original = workflow.people._HASHER
    workflow.people._HASHER = PasswordHasher(time_cost=1, memory_cost=64, parallelism=1)
    folder = tmp_path_factory.mktemp("bundles")
    db = Database(f"sqlite:///{folder / 'demo.db'}")
    db.migrate()
    try:
        load_demo(db)
        return {code: build(db, code, folder / code) for code in ("en", "ar", "fa", "sq")}
    finally:
        workflow.people._HASHER = original
        db.dispose()


@pytest.mark.parametrize("code", ["en", "ar", "fa", "sq"])
def test_the_sample_bundle_matches_its_snapshot(demo_bundles: dict[str, dict[str, bytes]], code: str) -> None:
    files = demo_bundles[code]
    slug = SHOWN.get(code)
    names = [f"articles/{slug}.html", f"articles/{slug}.json"] if slug else []
    names += [name for name in files if name.endswith(".po")]  # the site's interface strings
    shown = {name: files[name].decode("utf-8") for name in names}
    snapshot = {"manifest": json.loads(files["manifest.json"]), "files": shown}
    path = SNAPSHOTS / f"{code}.json"
    if os.environ.get("DRAGOMAN_UPDATE_SNAPSHOTS"):
        SNAPSHOTS.mkdir(exist_ok=True)
        path.write_text(json.dumps(snapshot, ensure_ascii=False, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    expected = json.loads(path.read_text(encoding="utf-8"))
    assert snapshot["files"] == expected["files"]
    assert snapshot["manifest"] == expected["manifest"]


@pytest.mark.skipif(JAVA is None, reason="the Nu HTML validator needs Java")
def test_every_sample_page_passes_the_nu_validator(demo_bundles: dict[str, dict[str, bytes]], tmp_path: Path) -> None:
    for code, files in demo_bundles.items():
        for path, data in files.items():
            if path.endswith(".html"):
                (tmp_path / f"{code}-{Path(path).name}").write_bytes(data)
    found = nu_errors(tmp_path)
    assert len(found) > 10 and {name: errors for name, errors in found.items() if errors} == {}
