"""Writing a bundle atomically, zipping it reproducibly, and verifying one against its manifest."""

from __future__ import annotations

import hashlib
import itertools
import json
import os
import shutil
import threading
import uuid
import zipfile
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

ZIP_TIME = (2000, 1, 1, 0, 0, 0)  # every entry gets the same time, so that the zip's bytes depend on content only


JOURNAL = ".commit.json"
REPLACED = ".replaced"


def staged_path(folder: Path, relative: str, made: set[Path]) -> Path:
    """Where a bundle file goes in a staging folder (its folder made once); nothing may leave the bundle."""
    parts = relative.split("/")
    if relative.startswith("/") or any(part in ("", ".", "..") for part in parts) or parts[0] in (JOURNAL, REPLACED):
        raise ValueError(f"{relative!r} would be written outside the bundle")
    path = folder.joinpath(*parts)
    if path.parent not in made:
        path.parent.mkdir(parents=True, exist_ok=True)
        made.add(path.parent)
    return path


class Staging:
    """A bundle written aside, then committed: a full build's folder is swapped in whole; an incremental
    build's changed files are moved in by a journal (written once everything is staged), so a build that
    stops before the journal leaves the previous bundle as it was, and one that stops after it is
    completed by the next build.
    """

    def __init__(self, out: Path, *, incremental: bool = False) -> None:
        self.out = out.resolve()
        self.out.parent.mkdir(parents=True, exist_ok=True)
        recover(self.out)
        self.incremental = incremental and self.out.is_dir()
        self.folder = self.out.with_name(f".{self.out.name}.building-{uuid.uuid4().hex}")
        self.folder.mkdir()  # the umask's permissions (not mkdtemp's 0700): a web server may read the bundle
        self.written: list[str] = []
        self.folders: set[Path] = {self.folder}

    def _path(self, relative: str) -> Path:
        return staged_path(self.folder, relative, self.folders)

    def write(self, relative: str, data: bytes) -> str:
        """Stage one file; its SHA-256."""
        self._path(relative).write_bytes(data)
        self.written.append(relative)
        return hashlib.sha256(data).hexdigest()

    def stream(self, relative: str, parts: Iterable[str | bytes]) -> str:
        """Stage one file written part by part (text as UTF-8; never whole in memory); its SHA-256."""
        digest = hashlib.sha256()
        with self._path(relative).open("wb") as file:
            for part in parts:
                data = part if isinstance(part, bytes) else part.encode("utf-8")
                digest.update(data)
                file.write(data)
        self.written.append(relative)
        return digest.hexdigest()

    def commit(self, removed: Iterable[str] = ()) -> None:
        """Put the staged files in place (the manifest last) and take away ``removed``."""
        if not self.incremental:
            old = self.out.with_name(f".{self.out.name}.previous")
            if old.exists():
                _discard(old, self.out)
            if self.out.exists():
                os.replace(self.out, old)
            os.replace(self.folder, self.out)
            if old.exists():
                _discard(old, self.out)
            return
        moves = sorted(self.written, key=lambda p: p == "manifest.json")
        journal = {"move": moves, "remove": sorted(set(removed) - set(moves))}
        (self.folder / JOURNAL).write_text(json.dumps(journal), encoding="utf-8")
        _roll_forward(self.folder, self.out)

    def abort(self) -> None:
        """Drop a build that failed before its commit; one stopped inside it is finished by :func:`recover`."""
        if not (self.folder / JOURNAL).exists():
            shutil.rmtree(self.folder, ignore_errors=True)


_CLEANUPS: list[threading.Thread] = []


def _discard(folder: Path, out: Path) -> None:
    """Take a folder out of the way at once (a rename) and delete it in the background: freeing the blocks
    of a large bundle's replaced files takes longer than the build itself.
    """
    doomed = folder.with_name(f".{out.name}.discard-{uuid.uuid4().hex}")
    os.replace(folder, doomed)
    cleanup = threading.Thread(target=shutil.rmtree, args=(doomed,), kwargs={"ignore_errors": True})
    cleanup.start()  # not a daemon: a command finishes the deletion before it exits
    _CLEANUPS.append(cleanup)


def wait_for_cleanup() -> None:
    """Wait until folders taken out of the way are deleted."""
    while _CLEANUPS:
        _CLEANUPS.pop().join()


def _roll_forward(staging: Path, out: Path) -> None:
    journal = json.loads((staging / JOURNAL).read_text(encoding="utf-8"))
    aside = staging / REPLACED  # the files the commit replaces or removes, deleted with the staging folder
    aside.mkdir(exist_ok=True)
    numbers = itertools.count(sum(1 for _ in aside.iterdir()))

    def put_aside(target: Path) -> None:
        if target.exists():
            os.replace(target, aside / str(next(numbers)))

    for relative in journal["remove"]:
        put_aside(out / relative)
    for relative in journal["move"]:
        source = staging / relative
        if source.exists():  # already moved when an earlier run stopped halfway
            (out / relative).parent.mkdir(parents=True, exist_ok=True)
            put_aside(out / relative)
            os.replace(source, out / relative)
    _discard(staging, out)


def recover(out: Path) -> None:
    """Finish a journaled commit that stopped halfway; drop builds that never reached their journal, and
    what a stopped process left to delete.
    """
    for staging in out.parent.glob(f".{out.name}.building-*"):
        if (staging / JOURNAL).exists() and out.is_dir():
            _roll_forward(staging, out)
        else:
            shutil.rmtree(staging, ignore_errors=True)
    out.with_name(f".{out.name}.zip.building").unlink(missing_ok=True)  # a zip whose build stopped
    deleting = {thread for thread in _CLEANUPS if thread.is_alive()}
    if not deleting:
        for leftover in out.parent.glob(f".{out.name}.discard-*"):
            _discard(leftover, out)


def write_bundle(files: dict[str, bytes], out: Path) -> None:
    """Build the bundle in a folder beside ``out`` and swap it in; a failure leaves ``out`` as it was."""
    staging = Staging(out)
    try:
        for relative, data in sorted(files.items()):
            staging.write(relative, data)
        staging.commit()
    except BaseException:
        staging.abort()
        raise


def zip_bundle(files: Mapping[str, bytes], path: Path) -> None:
    """The bundle as one zip, byte-identical for the same files (fixed entry times and order)."""
    staging = path.with_name(f".{path.name}.building")
    with zipfile.ZipFile(staging, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for relative, data in sorted(files.items()):
            info = zipfile.ZipInfo(relative, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    os.replace(staging, path)


@dataclass(frozen=True)
class Verification:
    """What a bundle's manifest says against what is on disk."""

    missing: tuple[str, ...]
    changed: tuple[str, ...]
    extra: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not (self.missing or self.changed or self.extra)


def verify_bundle(folder: Path) -> Verification:
    """Every file named in manifest.json must be there with its SHA-256, and nothing else."""
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    expected: dict[str, str] = manifest["files"]
    present = {
        path.relative_to(folder).as_posix()
        for path in folder.rglob("*")
        if path.is_file() and path.name != "manifest.json"
    }
    missing = sorted(p for p in expected if p not in present)
    changed = sorted(
        p for p in expected if p in present and hashlib.sha256((folder / p).read_bytes()).hexdigest() != expected[p]
    )
    extra = sorted(present - set(expected))
    return Verification(tuple(missing), tuple(changed), tuple(extra))


class BundleFiles(Mapping[str, bytes]):
    """A written bundle's files by path, read from disk when asked for (a bundle can be large)."""

    def __init__(self, folder: Path, paths: Iterable[str]) -> None:
        self.folder = folder
        self.paths = sorted(paths)
        self.known = set(self.paths)

    def __getitem__(self, relative: str) -> bytes:
        if relative not in self.known:
            raise KeyError(relative)
        return (self.folder / relative).read_bytes()

    def __iter__(self) -> Iterator[str]:
        return iter(self.paths)

    def __len__(self) -> int:
        return len(self.paths)
