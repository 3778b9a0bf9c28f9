"""Writing a bundle atomically, zipping it reproducibly, and verifying one against its manifest."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

ZIP_TIME = (2000, 1, 1, 0, 0, 0)  # every entry gets the same time, so that the zip's bytes depend on content only


def write_bundle(files: dict[str, bytes], out: Path) -> None:
    """Build the bundle in a folder beside ``out`` and swap it in; a failure leaves ``out`` as it was."""
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.building-", dir=out.parent))
    try:
        for relative, data in sorted(files.items()):
            path = (staging / relative).resolve()
            if not path.is_relative_to(staging):
                raise ValueError(f"{relative!r} would be written outside the bundle")
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        old = out.with_name(f".{out.name}.previous")
        if old.exists():
            shutil.rmtree(old)
        if out.exists():
            os.replace(out, old)
        os.replace(staging, out)
        if old.exists():
            shutil.rmtree(old)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def zip_bundle(files: dict[str, bytes], path: Path) -> None:
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
