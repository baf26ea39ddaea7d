"""`make serve` for the bench scripts: start it on a database, wait for /health/, stop it."""

from __future__ import annotations

import contextlib
import os
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCAL_URL = "http://127.0.0.1:8000"


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
def served(database_url: str, url: str | None = None):
    """Yield the base URL of a healthy server: ``url`` if given, else a fresh `make serve`."""
    server = None
    if not url:
        log = Path(tempfile.gettempdir()) / "casetracker-serve.log"
        with log.open("w") as stderr:
            server = subprocess.Popen(
                ["make", "-s", "serve", f"SERVE_DATABASE_URL={database_url}"],
                cwd=ROOT,
                stdout=subprocess.DEVNULL,
                stderr=stderr,
                start_new_session=True,
            )
    base = url or LOCAL_URL
    try:
        wait_healthy(base)
        yield base
    finally:
        if server:
            os.killpg(server.pid, 15)
            server.wait()
