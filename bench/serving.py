"""`make serve` for the bench scripts: start it on a database, wait for /health/, stop it.

The machine is shared: another server may listen on a port, and other gunicorns run. A
fresh server gets a free port, which is checked to be free before the start and to be held
by the server's own processes once it answers. Its own processes are the tree of process ids
under the `make serve` started here (make, its shell, the checked gunicorn master and its
workers), read from /proc: ``own_processes`` names them and ``tree_memory`` sums their
memory, so that nothing else on the machine is measured.

Run as a script, it is what `make serve` execs (``guard``): it refuses a port something
already answers on, starts gunicorn, and says it serves only once its own process tree
holds the listening socket that answered /health/.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


# The root pid (that of `make serve`) of each server started here, by base URL.
_roots: dict[str, int] = {}


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


def parents() -> dict[int, int]:
    """Parent pid of every process, from /proc/<pid>/stat."""
    found = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError):
                stat = (entry / "stat").read_text()
                # "pid (comm) state ppid ...": comm may hold spaces and parentheses.
                found[int(entry.name)] = int(stat[stat.rindex(")") + 2 :].split()[1])
    return found


def process_tree(root: int) -> list[int]:
    """``root`` and every process below it (children, their children, ...)."""
    children: dict[int, list[int]] = {}
    for pid, parent in parents().items():
        children.setdefault(parent, []).append(pid)
    tree, pending = [], [root]
    while pending:
        pid = pending.pop()
        if Path(f"/proc/{pid}").exists():
            tree.append(pid)
        pending.extend(children.get(pid, ()))
    return sorted(tree)


def holds_port(root: int, port: int) -> bool:
    """Whether a process of the tree under ``root`` holds the socket listening on ``port``."""
    wanted = {f"socket:[{inode}]" for inode in listening_inodes(port)}
    for pid in process_tree(root):
        with contextlib.suppress(OSError):
            for fd in Path(f"/proc/{pid}/fd").iterdir():
                with contextlib.suppress(OSError):
                    if os.readlink(fd) in wanted:
                        return True
    return False


def own_processes(url: str) -> list[int]:
    """The process tree of the server started at ``url`` here (none for --url)."""
    root = _roots.get(url)
    return process_tree(root) if root is not None else []


def _status_kb(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def _pss_kb(pid: int) -> int:
    """Proportional set size: shared pages (the forked master's) counted once in a sum."""
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    return _status_kb(pid, "VmRSS")


def tree_memory(pids: list[int]) -> dict[str, float]:
    """Memory of ``pids`` in MB: summed PSS now, and the largest single peak (VmHWM)."""
    pss, peak = 0, 0
    for pid in pids:
        with contextlib.suppress(OSError):
            pss += _pss_kb(pid)
            peak = max(peak, _status_kb(pid, "VmHWM"))
    return {"pss_sum_mb": round(pss / 1024, 1), "process_peak_mb": round(peak / 1024, 1)}


class MemorySampler:
    """Samples the summed PSS of a process tree in a thread; ``peak_mb`` is its largest.

    with MemorySampler(lambda: own_processes(base)) as memory: ...; memory.peak_mb
    """

    def __init__(self, pids, interval: float = 0.1):
        self.pids, self.interval, self.peak_mb = pids, interval, 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        while not self._stop.is_set():
            self.peak_mb = max(self.peak_mb, tree_memory(self.pids())["pss_sum_mb"])
            self._stop.wait(self.interval)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()


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
            _roots[base] = server.pid
        yield base
    finally:
        _roots.pop(base, None)
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


def guard(bind: str, command: list[str], timeout: float = 180) -> int:
    """Run ``command`` (gunicorn) on ``bind`` and say so once its own tree answers there.

    Refuses a port something already answers on; stops the server, and fails, if /health/
    answers from a process outside its tree. Passes SIGTERM, SIGINT and SIGHUP on.
    """
    host, _, port_text = bind.rpartition(":")
    port = int(port_text)
    if answers(port):
        print(f"Something already listens on port {port}: choose another with "
              "SERVE_BIND=127.0.0.1:<port>.", file=sys.stderr)  # fmt: skip
        return 1
    server = subprocess.Popen(command)
    for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(signum, lambda number, _frame: server.send_signal(number))
    url = f"http://{host or '127.0.0.1'}:{port}"
    try:
        wait_healthy(url, timeout, server=server)
    except SystemExit as failure:
        server.terminate()
        server.wait()
        print(failure, file=sys.stderr)
        return 1
    if not holds_port(server.pid, port):
        print(f"{url} answered, but not from the server started here.", file=sys.stderr)
        server.terminate()
        server.wait()
        return 1
    print(f"Serving {url} (gunicorn {server.pid}; its own processes hold the port).",
          file=sys.stderr, flush=True)  # fmt: skip
    return server.wait()


def main() -> int:
    parser = argparse.ArgumentParser(description="Start gunicorn and check it answers itself.")
    parser.add_argument("action", choices=["guard"])
    parser.add_argument("bind", help="host:port the command listens on")
    parser.add_argument("command", nargs=argparse.REMAINDER, help="-- command ...")
    args = parser.parse_args()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    return guard(args.bind, command)


if __name__ == "__main__":
    sys.exit(main())
