"""`make serve` for the bench scripts: start it on a database, wait for /health/, stop it."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def wait_healthy(url: str, timeout: float = 180) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url + "/health/", timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(1)
    raise SystemExit(f"{url}/health/ did not answer within {timeout:.0f} s")


@contextlib.contextmanager
def served(database_url: str, url: str | None = None, *, port: int = 8000, env: dict | None = None):
    """Yield the base URL of a healthy server: ``url`` if given, else a fresh `make serve`.

    The fresh one listens on ``port`` with ``env`` added to its environment (WEB_CONCURRENCY
    and the like). It runs in the environment of the Python running this script, which the
    make target that started the script has installed already, so make does not again.
    """
    server = None
    if not url:
        log = Path(tempfile.gettempdir()) / f"casetracker-serve-{port}.log"
        venv = Path(sys.prefix)
        with log.open("w") as stderr:
            server = subprocess.Popen(
                ["make", "-s", "serve", f"SERVE_DATABASE_URL={database_url}", f"VENV={venv}"]
                + ["-o", str(venv / ".installed")],
                cwd=ROOT,
                env={**os.environ, "CASETRACKER_BIND": f"127.0.0.1:{port}", **(env or {})},
                stdout=subprocess.DEVNULL,
                stderr=stderr,
                start_new_session=True,
            )
    base = url or f"http://127.0.0.1:{port}"
    try:
        wait_healthy(base)
        yield base
    finally:
        if server:
            os.killpg(server.pid, 15)
            server.wait()
            wait_port_free(base)


def wait_port_free(url: str, timeout: float = 60) -> None:
    """Return once nothing listens at ``url`` any more.

    make exits at once on SIGTERM while gunicorn finishes its requests; a run started
    before gunicorn let go of the port would time the old server, or none.
    """
    host, port = urllib.parse.urlsplit(url).hostname, urllib.parse.urlsplit(url).port
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            socket.create_connection((host, port), timeout=1).close()
        except OSError:
            return
        time.sleep(0.5)
    raise SystemExit(f"{url} still answers {timeout:.0f} s after the server was stopped")
