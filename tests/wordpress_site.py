"""A real WordPress for tests: Debian's ``wordpress`` package on PHP's own web server, its database on the
MariaDB of the machine, installed without a browser, with an Application Password for its editor. Each site
has its own database and configuration, removed again when it stops.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.serving import free_port

WORDPRESS = Path("/usr/share/wordpress")
CONFIGS = Path("/etc/wordpress")
USER, PASSWORD = "editor", "a long editor password 2026"


@dataclass
class WordPress:
    """A running site: its address, the editor's login and Application Password."""

    url: str
    user: str
    app_password: str
    name: str
    process: subprocess.Popen[bytes]
    folder: Path


def _mysql(statement: str) -> None:
    subprocess.run(["mysql", "-uroot", "-h127.0.0.1", "-e", statement], check=True, capture_output=True)


def available() -> str | None:
    """Why no WordPress can run here, or None."""
    if not (WORDPRESS / "wp-load.php").exists():
        return "Debian's wordpress package is not installed (.ci/run installs it)"
    for tool in ("php", "mysql"):
        if shutil.which(tool) is None:
            return f"{tool} is not installed (.ci/run installs it)"
    try:
        _mysql("SELECT 1")
    except subprocess.CalledProcessError as error:
        return f"MariaDB does not answer on 127.0.0.1: {error.stderr.decode().strip()}"
    return None


def start_wordpress(folder: Path) -> WordPress:
    """Create the database, configure, serve and install a new site; skip (or fail, when CI requires it)
    where WordPress cannot run."""
    missing = available()
    if missing:
        if os.environ.get("DRAGOMAN_REQUIRE_WORDPRESS"):
            raise RuntimeError(missing)
        pytest.skip(missing)
    name = f"dragoman-{uuid.uuid4().hex[:10]}"
    database = name.replace("-", "_")
    _mysql(
        f"CREATE DATABASE {database} CHARACTER SET utf8mb4; "
        f"CREATE USER '{database}'@'127.0.0.1' IDENTIFIED BY 'wp'; "
        f"GRANT ALL ON {database}.* TO '{database}'@'127.0.0.1'"
    )
    content = folder / "wp-content"
    shutil.copytree(WORDPRESS / "wp-content", content, symlinks=False)
    (content / "uploads").mkdir(exist_ok=True)
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    CONFIGS.mkdir(parents=True, exist_ok=True)
    (CONFIGS / f"config-{name}.php").write_text(
        "<?php\n"
        f"define('DB_NAME', '{database}');\ndefine('DB_USER', '{database}');\ndefine('DB_PASSWORD', 'wp');\n"
        "define('DB_HOST', '127.0.0.1:3306');\n"
        f"define('WP_CONTENT_DIR', '{content}');\ndefine('WP_HOME', '{url}');\ndefine('WP_SITEURL', '{url}');\n"
        "define('WP_ENVIRONMENT_TYPE', 'local');\n$table_prefix = 'wp_';\n"
    )
    prepend = folder / "prepend.php"
    prepend.write_text(f"<?php $_SERVER['WORDPRESS_CONFIG'] = '{name}';\n")
    process = subprocess.Popen(
        ["php", "-d", f"auto_prepend_file={prepend}", "-S", f"127.0.0.1:{port}", "-t", str(WORDPRESS)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    site = WordPress(url, USER, "", name, process, folder)
    try:
        deadline = time.monotonic() + 60
        while True:  # until the server answers: a state, not a time
            try:
                urllib.request.urlopen(f"{url}/wp-admin/install.php", timeout=10).read()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        form = {
            "weblog_title": "Dragoman test site",
            "user_name": USER,
            "admin_password": PASSWORD,
            "admin_password2": PASSWORD,
            "pw_weak": "on",
            "admin_email": "editor@example.org",
            "blog_public": "0",
        }
        data = urllib.parse.urlencode(form).encode()
        urllib.request.urlopen(f"{url}/wp-admin/install.php?step=2", data=data, timeout=120).read()
        script = folder / "app-password.php"
        script.write_text(
            "<?php\n$_SERVER['HTTP_HOST'] = '127.0.0.1';\n"
            f"$_SERVER['WORDPRESS_CONFIG'] = '{name}';\ndefine('WP_USE_THEMES', false);\n"
            f"require '{WORDPRESS}/wp-load.php';\n"
            f"$user = get_user_by('login', '{USER}');\n"
            "list($password, $item) = WP_Application_Passwords::create_new_application_password("
            "$user->ID, array('name' => 'dragoman'));\necho $password;\n"
        )
        made = subprocess.run(["php", str(script)], check=True, capture_output=True, text=True)
        site.app_password = made.stdout.strip().splitlines()[-1]
    except BaseException:
        stop_wordpress(site)
        raise
    return site


def stop_wordpress(site: WordPress) -> None:
    """Stop the server; drop its database and user; remove its configuration."""
    site.process.terminate()
    site.process.wait(timeout=30)
    database = site.name.replace("-", "_")
    _mysql(f"DROP DATABASE IF EXISTS {database}; DROP USER IF EXISTS '{database}'@'127.0.0.1'")
    (CONFIGS / f"config-{site.name}.php").unlink(missing_ok=True)
