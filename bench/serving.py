"""`make serve` for the bench scripts: start it on a database, wait for /health/, stop it.

The machine is shared: another server may listen on a port, and other gunicorns run. A
fresh server gets a free port, which is checked to be free before the start and to be held
by the server's own processes once it answers; ``own_processes`` names those processes
(the server's session), so that nothing else is measured.
"""

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


# The session id (the pid of `make serve`) of each server started here, by base URL.
_sessions: dict[str, int] = {}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def answers(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
    except OSError:
        return False
    return True


def listening_inodes(port: int) -> set[str]:
    """Socket inodes listening on TCP ``port`` (IPv4 and IPv6), from /proc/net."""
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with contextlib.suppress(FileNotFoundError):
            for line in Path(table).read_text().splitlines()[1:]:
                fields = line.split()
                local, state, inode = fields[1], fields[3], fields[9]
                if state == "0A" and int(local.rsplit(":", 1)[1], 16) == port:  # LISTEN
                    inodes.add(inode)
    return inodes


def session_pids(session: int) -> list[int]:
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError):
                if os.getsid(int(entry.name)) == session:
                    pids.append(int(entry.name))
    return pids


def holds_port(session: int, port: int) -> bool:
    """Whether a process of ``session`` holds the socket listening on ``port``."""
    wanted = {f"socket:[{inode}]" for inode in listening_inodes(port)}
    for pid in session_pids(session):
        with contextlib.suppress(OSError):
            for fd in Path(f"/proc/{pid}/fd").iterdir():
                with contextlib.suppress(OSError):
                    if os.readlink(fd) in wanted:
                        return True
    return False


def own_processes(url: str) -> list[int]:
    """The gunicorn processes of the server started at ``url`` here (none for --url)."""
    session = _sessions.get(url)
    if session is None:
        return []
    pids = []
    for pid in session_pids(session):
        with contextlib.suppress(OSError):
            if b"gunicorn" in Path(f"/proc/{pid}/cmdline").read_bytes():
                pids.append(pid)
    return pids


def wait_healthy(url: str, timeout: float = 180, server=None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server is not None and server.poll() is not None:
            raise SystemExit(f"The server for {url} exited ({server.returncode}); see its log.")
        try:
            with urllib.request.urlopen(url + "/health/", timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(1)
    raise SystemExit(f"{url}/health/ did not answer within {timeout:.0f} s")


@contextlib.contextmanager
def served(
    database_url: str, url: str | None = None, *, port: int | None = None, env: dict | None = None
):
    """Yield the base URL of a healthy server: ``url`` if given, else a fresh `make serve`.

    The fresh one listens on ``port`` (default: a free one) with ``env`` added to its
    environment (WEB_CONCURRENCY and the like). It runs in the environment of the Python
    running this script, which the make target that started the script has installed
    already, so make does not again. It refuses a port that something already answers on,
    and checks, once the server answers, that its own processes hold the port.
    """
    server = None
    if not url:
        port = port or free_port()
        if answers(port):
            raise SystemExit(f"Something already listens on port {port}: not ours to time.")
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
        wait_healthy(base, server=server)
        if server:
            if not holds_port(server.pid, port):
                raise SystemExit(f"Port {port} answers, but not from the server started here.")
            _sessions[base] = server.pid
        yield base
    finally:
        _sessions.pop(base, None)
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
