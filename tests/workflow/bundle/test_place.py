"""A bundle build replaces only an earlier bundle of its edition, leaves folders readable, and stays
consistent (folder, zip, worker processes) whenever it is stopped.
"""

from __future__ import annotations

import json
import os
import select
import signal
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.workflow.flows import Cast, make_cast, piece_in
from workflow.bundle import build, verify_bundle
from workflow.bundle.place import PlaceRefused
from workflow.cli import app
from workflow.db import Database
from workflow.status import Status

ROOT = Path(__file__).resolve().parents[3]


def _approved(db: Database, *slugs: str) -> None:
    from workflow.people import InvalidInput, get_user

    try:
        cast = make_cast(db)
    except InvalidInput:  # the people of an earlier call
        cast = Cast(*(get_user(db, name) for name in ("tina", "omid", "rana", "roya", "ed")))
    for slug in slugs or ("story",):
        piece_in(db, cast, Status.APPROVED, slug=slug, paragraphs=1)


def _tree(folder: Path) -> dict[str, bytes | None]:
    """Everything under ``folder`` (a folder's value is None), to compare before and after."""
    return {
        path.relative_to(folder).as_posix(): (None if path.is_dir() else path.read_bytes())
        for path in sorted(folder.rglob("*"))
    }


def _someones_folder(root: Path) -> Path:
    folder = root / "work"
    (folder / "notes").mkdir(parents=True)
    (folder / "thesis.txt").write_text("two years of work\n", encoding="utf-8")
    (folder / "notes" / "a.md").write_text("# notes\n", encoding="utf-8")
    return folder


def _a_bundle_plus(extra: str) -> Callable[[Database, Path], Path]:
    def make(db: Database, root: Path) -> Path:
        folder = root / "fa"
        build(db, "fa", folder)
        (folder / extra).parent.mkdir(parents=True, exist_ok=True)
        (folder / extra).write_text("mine\n", encoding="utf-8")
        return folder

    return make


def _other_edition(db: Database, root: Path) -> Path:
    folder = root / "fa"
    build(db, "ar", folder)
    return folder


def _regular_file(_db: Database, root: Path) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "fa").write_text("a file, not a folder\n", encoding="utf-8")
    return root / "fa"


def _a_manifest_that_is_not_ours(_db: Database, root: Path) -> Path:
    folder = root / "fa"
    folder.mkdir(parents=True)
    (folder / "manifest.json").write_text('{"name": "my-web-app", "version": "1.0"}\n', encoding="utf-8")
    return folder


def _an_empty_subfolder(db: Database, root: Path) -> Path:
    folder = root / "fa"
    build(db, "fa", folder)
    (folder / "drafts").mkdir()
    return folder


def _a_link(db: Database, root: Path) -> Path:
    folder = root / "fa"
    build(db, "fa", folder)
    (folder / "elsewhere").symlink_to(root.parent)
    return folder


REFUSED = {
    "someone's files": lambda _db, root: _someones_folder(root),
    "a regular file": _regular_file,
    "a bundle and a file it does not list": _a_bundle_plus("README.txt"),
    "a bundle and a file in its articles folder": _a_bundle_plus("articles/mine.html"),
    "a bundle of another edition": _other_edition,
    "a manifest of something else": _a_manifest_that_is_not_ours,
    "a bundle and a folder it does not list": _an_empty_subfolder,
    "a bundle and a symbolic link": _a_link,
}


@pytest.mark.parametrize("make", REFUSED.values(), ids=REFUSED.keys())
def test_a_build_refuses_a_place_it_does_not_own_and_touches_nothing(
    db: Database, tmp_path: Path, make: Callable[[Database, Path], Path]
) -> None:
    _approved(db)
    root = tmp_path / "site"
    out = make(db, root)
    before = _tree(root)
    with pytest.raises(PlaceRefused, match="nothing was written") as refused:
        build(db, "fa", out, as_zip=True)
    assert str(out) in str(refused.value)
    assert _tree(root) == before  # no lock, no cache, no staging folder, no zip beside it either


@pytest.mark.parametrize("place", ["missing", "empty", "earlier bundle", "stopped build"])
def test_a_build_writes_where_it_may(db: Database, tmp_path: Path, place: str) -> None:
    _approved(db)
    out = tmp_path / "site" / "fa"
    if place == "empty":
        out.mkdir(parents=True)
    elif place == "earlier bundle":
        build(db, "fa", out, as_zip=True)
        _approved(db, "later")
    elif place == "stopped build":
        build(db, "fa", out)
        _approved(db, "later")
        pending = out.with_name(".fa.building-stopped")
        (pending / "articles").mkdir(parents=True)
        (pending / ".commit.json").write_text(json.dumps({"move": ["articles/later.md"], "remove": []}))
        (out / "articles" / "later.md").write_text("moved in before the stop\n", encoding="utf-8")
    build(db, "fa", out, as_zip=True)
    assert verify_bundle(out).ok
    with zipfile.ZipFile(out.with_name("fa.zip")) as archive:
        assert json.loads(archive.read("manifest.json")) == json.loads((out / "manifest.json").read_bytes())


def test_a_foreign_file_where_the_zip_goes_is_refused(db: Database, tmp_path: Path) -> None:
    _approved(db)
    (tmp_path / "site").mkdir()
    mine = tmp_path / "site" / "fa.zip"
    mine.write_bytes(b"PK\x05\x06" + bytes(18))  # an empty zip of someone else's
    with pytest.raises(PlaceRefused, match="not a zip of a Dragoman fa bundle"):
        build(db, "fa", tmp_path / "site" / "fa", as_zip=True)
    assert mine.read_bytes() == b"PK\x05\x06" + bytes(18) and not (tmp_path / "site" / "fa").exists()
    build(db, "fa", tmp_path / "site" / "fa")  # without --zip the zip's place is not needed


def test_export_into_the_current_folder_full_of_files_is_refused(
    db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _approved(db)
    folder = _someones_folder(tmp_path)
    before = _tree(folder)
    monkeypatch.chdir(folder)
    monkeypatch.setenv("DRAGOMAN_DATABASE_URL", db.url)
    result = CliRunner().invoke(app, ["export", "--edition", "fa", "--out", "."])
    assert result.exit_code == 1
    assert "holds no Dragoman bundle" in result.output and "thesis.txt" in result.output
    assert _tree(folder) == before and not any(p.name.startswith(".work") for p in tmp_path.iterdir())


def test_bundle_folders_and_files_get_the_umasks_permissions(db: Database, tmp_path: Path) -> None:
    _approved(db)
    old = os.umask(0o022)
    try:
        build(db, "fa", tmp_path / "fa", as_zip=True)
    finally:
        os.umask(old)
    for path in [tmp_path / "fa", tmp_path / "fa" / "articles"]:
        assert path.stat().st_mode & 0o777 == 0o755, path
    for path in [tmp_path / "fa" / "manifest.json", tmp_path / "fa" / "articles" / "story.html", tmp_path / "fa.zip"]:
        assert path.stat().st_mode & 0o777 == 0o644, path


def test_a_zip_that_fails_leaves_no_zip_of_an_earlier_build(
    db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import workflow.bundle as bundle

    _approved(db)
    out = tmp_path / "fa"
    build(db, "fa", out, as_zip=True)
    _approved(db, "later")

    def broken(*_args: object) -> None:
        raise OSError("no space left on device")

    monkeypatch.setattr(bundle, "zip_bundle", broken)
    with pytest.raises(OSError, match="no space"):
        build(db, "fa", out, as_zip=True)
    assert "articles/later.json" in json.loads((out / "manifest.json").read_bytes())["files"]
    assert not out.with_name("fa.zip").exists()  # no zip rather than the previous build's


STOPPER = """
import os, sys, threading
from pathlib import Path
import workflow.bundle as bundle
from workflow.db import Database

where, out = sys.argv[1], Path(sys.argv[2])

def stop_here(*_args, **_kwargs):
    print("stopped here", flush=True)
    threading.Event().wait()

if where == "zip":
    bundle.zip_bundle = stop_here
else:
    bundle.PARALLEL_FROM, bundle.BATCH = 1, 1
    bundle.RenderCache.put = stop_here
bundle.build(Database(os.environ["DRAGOMAN_DATABASE_URL"]), "fa", out, as_zip=True)
"""


def _children(pid: int) -> set[int]:
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.add(int(stat.parent.name))
    return found


def _running(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def _all_ended(pids: set[int], limit: float = 60) -> bool:
    """Wait until every one of ``pids`` has exited (pidfds become readable then); False if one is still running."""
    handles = []
    for pid in pids:
        try:
            handles.append(os.pidfd_open(pid))
        except ProcessLookupError:  # already gone
            continue
    try:
        deadline = time.monotonic() + limit
        pending = list(handles)
        while pending:
            ready, _w, _x = select.select(pending, [], [], max(0.0, deadline - time.monotonic()))
            if not ready:
                return False
            pending = [handle for handle in pending if handle not in ready]
        return True
    finally:
        for handle in handles:
            os.close(handle)


def _stopped_build(db: Database, out: Path, where: str) -> tuple[subprocess.Popen[str], set[int]]:
    env = {**os.environ, "DRAGOMAN_DATABASE_URL": db.url}
    command = [sys.executable, "-c", STOPPER, where, str(out)]
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None
    assert process.stdout.readline().strip() == "stopped here", "the build ended before it was stopped"
    workers = _children(process.pid) if where == "render" else set()
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    process.stdout.close()
    return process, workers


def test_workers_end_with_a_build_that_is_killed(db: Database, tmp_path: Path) -> None:
    _approved(db, "story", "second", "third")
    _process, workers = _stopped_build(db, tmp_path / "fa", "render")
    assert workers, "the build rendered in worker processes"
    assert _all_ended(workers), [pid for pid in workers if _running(pid)]  # they end with their parent


def test_a_build_killed_at_the_zip_leaves_no_zip_of_another_build(db: Database, tmp_path: Path) -> None:
    _approved(db)
    out = tmp_path / "fa"
    build(db, "fa", out, as_zip=True)
    _approved(db, "later")
    _stopped_build(db, out, "zip")
    assert verify_bundle(out).ok and "articles/later.json" in json.loads((out / "manifest.json").read_bytes())["files"]
    assert not out.with_name("fa.zip").exists()
    build(db, "fa", out, as_zip=True)  # the next build makes both again
    with zipfile.ZipFile(out.with_name("fa.zip")) as archive:
        assert archive.read("manifest.json") == (out / "manifest.json").read_bytes()


@pytest.mark.postgresql
def test_a_build_waits_for_another_hosts_build_of_the_edition(
    db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    from sqlalchemy import text

    import workflow.bundle as bundle
    from workflow.bundle import advisory_key

    if db.is_sqlite:
        pytest.skip("one host per SQLite file: the lock beside the folder is enough there")
    asking = threading.Event()

    def key_asked_for(edition: str) -> int:
        asking.set()
        return advisory_key(edition)

    monkeypatch.setattr(bundle, "advisory_key", key_asked_for)
    _approved(db)
    done: list[bool] = []
    with db.engine.connect() as other_host:
        other_host.execute(text("SELECT pg_advisory_lock(:key)"), {"key": advisory_key("fa")})
        other_host.commit()
        builder = threading.Thread(target=lambda: done.append(bool(build(db, "fa", tmp_path / "here" / "fa"))))
        builder.start()
        assert asking.wait(timeout=60)  # the build asks PostgreSQL for the edition's lock the other host holds
        assert done == [] and not (tmp_path / "here" / "fa").exists()
        other_host.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": advisory_key("fa")})
        other_host.commit()
    builder.join(timeout=60)
    assert done == [True] and verify_bundle(tmp_path / "here" / "fa").ok
