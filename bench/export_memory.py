"""Benchmark: the CSV export (events:case_csv) over HTTP, with the memory it costs.

    .venv/bin/python bench/export_memory.py \\
        --database-url postgres://postgres@127.0.0.1:5432/casetracker_bench

The database must be filled already (``make bench-data``). The script starts its own server
under production settings (gunicorn, one sync worker per concurrent export and one more, so that
each concurrent export has a worker of its own) on a port it found free and checks is held
by that server's processes once it answers. It then:

1. downloads the whole unfiltered CSV once (``--path`` for a filtered one), then
2. ``--concurrent`` downloads at once, and while they run one more, which the export limit
   should refuse (503 with Retry-After);

and reports, per download: the rows (the file is parsed after the clock stops and must hold
as many rows as the case list's FilterSet selects), seconds, rows per second, seconds to the
first 64 KB, and the peak memory of the gunicorn worker that served it (resident set) and of
the PostgreSQL backend that ran its statements (private memory, Private_Clean +
Private_Dirty of /proc/<pid>/smaps_rollup; shared buffers are not counted). Memory is
sampled every ``--sample`` seconds. Only this script's own processes are measured: the
workers are found by the server's session id, and a backend is counted only when its
client's socket belongs to one of those workers.

``--root`` serves another checkout of the project (to measure an older commit with this
script); the cache is Redis at ``--redis-url`` (the export limit counts slots there).
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import http.client
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIRST_BYTES = 1 << 16


# The server -------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def port_is_free(port: int) -> bool:
    with socket.socket() as probe:
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def session_pids(session: int) -> list[int]:
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError, ValueError):
                if os.getsid(int(entry.name)) == session:
                    pids.append(int(entry.name))
    return pids


def socket_inodes(pid: int) -> set[str]:
    inodes = set()
    with contextlib.suppress(OSError):
        for fd in Path(f"/proc/{pid}/fd").iterdir():
            with contextlib.suppress(OSError):
                target = os.readlink(fd)
                if target.startswith("socket:["):
                    inodes.add(target[8:-1])
    return inodes


def tcp_sockets() -> list[tuple[int, int, str, str]]:
    """(local port, remote port, state, inode) of every TCP socket, from /proc/net."""
    found = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with contextlib.suppress(FileNotFoundError):
            for line in Path(table).read_text().splitlines()[1:]:
                fields = line.split()
                local = int(fields[1].rsplit(":", 1)[1], 16)
                remote = int(fields[2].rsplit(":", 1)[1], 16)
                found.append((local, remote, fields[3], fields[9]))
    return found


class Server:
    """gunicorn under production settings, in a session of its own."""

    def __init__(self, root: Path, database_url: str, redis_url: str, workers: int):
        self.root = root
        self.port = free_port()
        if not port_is_free(self.port):
            raise SystemExit(f"Port {self.port} is taken.")
        python = Path(sys.executable)
        self.env = dict(
            os.environ,
            DJANGO_SETTINGS_MODULE="casetracker.settings.prod",
            DATABASE_URL=database_url,
            DJANGO_REDIS_URL=redis_url,
            DJANGO_SECRET_KEY=secrets.token_urlsafe(48),
            DJANGO_SECURE_SSL_REDIRECT="false",
            DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
            CASETRACKER_BIND=f"127.0.0.1:{self.port}",
            WEB_CONCURRENCY=str(workers),
            GUNICORN_THREADS="1",
            PYTHONPATH=str(root),
        )
        self.python = python
        subprocess.run(
            [python, "manage.py", "collectstatic", "--noinput", "-v0"],
            cwd=root,
            env=self.env,
            check=True,
        )
        self.process = subprocess.Popen(
            # Sync workers take one connection at a time: each concurrent export has a
            # worker, and one more finds a free worker to refuse it.
            [python.parent / "gunicorn", "-c", "casetracker/gunicorn.conf.py", "-k", "sync"],
            cwd=root,
            env=self.env,
            start_new_session=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.wait_healthy()

    def wait_healthy(self, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit("The server exited before it answered.")
            with contextlib.suppress(OSError):
                status, _ = request(self.port, "/health/")
                if status == 200 and self.holds_port():
                    return
            time.sleep(0.5)
        raise SystemExit("The server did not answer.")

    def pids(self) -> list[int]:
        return session_pids(self.process.pid)

    def holds_port(self) -> bool:
        ours = set().union(*(socket_inodes(pid) for pid in self.pids()))
        listening = {
            inode
            for local, _, state, inode in tcp_sockets()
            if local == self.port and state == "0A"
        }
        return bool(listening) and listening <= ours

    def workers(self) -> list[int]:
        return [pid for pid in self.pids() if pid != self.process.pid]

    def stop(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()


def request(port: int, path: str) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


# Memory -----------------------------------------------------------------------------------


def kb(path: str, fields: tuple[str, ...]) -> int:
    total = 0
    with contextlib.suppress(OSError):
        for line in Path(path).read_text().splitlines():
            name, _, value = line.partition(":")
            if name in fields:
                total += int(value.split()[0])
    return total


class Sampler(threading.Thread):
    """Peak resident memory of each worker and private memory of each of its backends."""

    def __init__(self, server: Server, database_url: str, interval: float):
        super().__init__(daemon=True)
        self.server = server
        self.interval = interval
        self.database_url = database_url
        self.worker_peak: dict[int, int] = {}
        self.backend_peak: dict[int, int] = {}  # backend pid → peak private kB
        self.backend_worker: dict[int, int] = {}  # backend pid → worker pid
        self.stopping = threading.Event()

    def run(self) -> None:
        import psycopg

        with psycopg.connect(self.database_url, autocommit=True) as database:
            while not self.stopping.is_set():
                self.sample(database)
                time.sleep(self.interval)

    def sample(self, database) -> None:
        workers = self.server.workers()
        port_worker = {}
        inodes = {pid: socket_inodes(pid) for pid in workers}
        for local, _remote, _, inode in tcp_sockets():
            for pid, owned in inodes.items():
                if inode in owned:
                    port_worker[local] = pid
        for pid in workers:
            rss = kb(f"/proc/{pid}/status", ("VmRSS",))
            self.worker_peak[pid] = max(self.worker_peak.get(pid, 0), rss)
        rows = database.execute(
            "SELECT pid, client_port FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        ).fetchall()
        for backend, client_port in rows:
            worker = port_worker.get(client_port)
            if worker is None:
                continue  # not a connection of this server's workers
            private = kb(f"/proc/{backend}/smaps_rollup", ("Private_Clean", "Private_Dirty"))
            self.backend_worker[backend] = worker
            self.backend_peak[backend] = max(self.backend_peak.get(backend, 0), private)

    def reset(self) -> None:
        self.worker_peak.clear()
        self.backend_peak.clear()
        self.backend_worker.clear()

    def by_worker(self) -> dict[int, tuple[int, int]]:
        """worker pid → (peak RSS kB, peak private kB of its backends)."""
        backends: dict[int, int] = {}
        for backend, peak in self.backend_peak.items():
            worker = self.backend_worker[backend]
            backends[worker] = max(backends.get(worker, 0), peak)
        return {pid: (rss, backends.get(pid, 0)) for pid, rss in self.worker_peak.items()}


# Downloads --------------------------------------------------------------------------------


def download(port: int, path: str, into: Path, start: threading.Barrier | None = None) -> dict:
    """Read the response as fast as it comes, into a file; parse it after the clock stops."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    if start is not None:
        start.wait()
    started = time.perf_counter()
    connection.request("GET", path)
    response = connection.getresponse()
    result = {"status": response.status, "retry_after": response.getheader("Retry-After")}
    if response.status != 200:
        result["body"] = response.read()[:200].decode(errors="replace")
        connection.close()
        return result
    size, first = 0, None
    with into.open("wb") as file:
        while chunk := response.read(1 << 16):
            file.write(chunk)
            size += len(chunk)
            if first is None and size >= FIRST_BYTES:
                first = time.perf_counter() - started
    result["seconds"] = time.perf_counter() - started
    connection.close()
    with into.open(newline="", encoding="utf-8-sig") as file:
        result["rows"] = sum(1 for _ in csv.reader(file)) - 1
    result.update(bytes=size, first_64k=first if first is not None else result["seconds"])
    into.unlink()
    return result


def expected_rows(root: Path, env: dict, path: str) -> int:
    """The rows the case list's FilterSet selects for ``path``'s filters."""
    code = (
        "import json, sys, urllib.parse; from django.http import QueryDict;"
        "from events.filters import CaseFilter; from events.selectors import public_sentences;"
        f"q = QueryDict(urllib.parse.urlsplit({path!r}).query);"
        "print(CaseFilter(q or None, queryset=public_sentences()).qs.count())"
    )
    out = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=root,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return int(out.strip().splitlines()[-1])


def run(args) -> dict:
    server = Server(Path(args.root), args.database_url, args.redis_url, args.concurrent + 1)
    sampler = Sampler(server, args.database_url, args.sample)
    report: dict = {"port": server.port, "workers": server.workers()}
    try:
        report["expected_rows"] = expected_rows(Path(args.root), server.env, args.path)
        for _ in range(2 * (args.concurrent + 1)):  # every worker imports the views
            request(server.port, "/cases.csv?name=qwxyzzy-nobody")
        baseline = {pid: kb(f"/proc/{pid}/status", ("VmRSS",)) for pid in server.workers()}
        report["worker_baseline_mb"] = max(baseline.values()) / 1024
        sampler.start()
        with tempfile.TemporaryDirectory(prefix="export-memory-") as folder:
            single = download(server.port, args.path, Path(folder, "single.csv"))
            single["memory"] = sampler.by_worker()
            report["single"] = single
            sampler.reset()
            start = threading.Barrier(args.concurrent)
            results: list[dict] = [{} for _ in range(args.concurrent)]

            def one(n: int) -> None:
                results[n] = download(server.port, args.path, Path(folder, f"{n}.csv"), start)

            threads = [threading.Thread(target=one, args=(n,)) for n in range(args.concurrent)]
            for thread in threads:
                thread.start()
            time.sleep(1.0)  # the downloads are under way
            status, body = request(server.port, args.path)
            report["one_more"] = {"status": status, "body": body[:300].decode(errors="replace")}
            for thread in threads:
                thread.join()
            report["concurrent"] = results
            report["concurrent_memory"] = sampler.by_worker()
    finally:
        sampler.stopping.set()
        server.stop()
    return report


def print_report(report: dict) -> None:
    expected = report["expected_rows"]

    def line(label: str, result: dict) -> str:
        if result.get("status") != 200:
            return f"{label:<14} status {result.get('status')} {result.get('body', '')[:60]!r}"
        ok = "" if result["rows"] == expected else f"  (expected {expected:,} rows!)"
        return (
            f"{label:<14} {result['rows']:>9,} {result['seconds']:>7.2f} "
            f"{result['rows'] / result['seconds']:>9,.0f} {result['first_64k']:>8.2f}{ok}"
        )

    def memory(label: str, worker_kb: int, backend_kb: int) -> str:
        worker, backend = worker_kb / 1024, backend_kb / 1024
        return f"{label:<14} {worker:>9.1f} {backend:>10.1f} {worker + backend:>9.1f}"

    print(f"server on port {report['port']}, workers {report['workers']}")
    print(f"worker RSS before the exports: {report['worker_baseline_mb']:.1f} MB (largest)")
    print(f"{'export':<14} {'rows':>9} {'seconds':>7} {'rows/s':>9} {'64 KB s':>8}")
    print(line("single", report["single"]))
    for n, result in enumerate(report["concurrent"]):
        print(line(f"concurrent {n + 1}", result))
    one_more = report["one_more"]
    print(f"one more while they ran: {one_more['status']} {one_more['body'][:80]!r}")
    # Peaks: the serving worker's resident set and its backend's private memory. Each
    # concurrent export had a worker (and so a backend) of its own.
    print(f"\n{'peak memory':<14} {'worker MB':>9} {'backend MB':>10} {'sum MB':>9}")
    single = max(report["single"]["memory"].values(), key=lambda m: m[1])
    print(memory("single", *single))
    busy = sorted((m for m in report["concurrent_memory"].values() if m[1]), key=lambda m: -m[1])
    for n, (worker_kb, backend_kb) in enumerate(busy[: len(report["concurrent"])]):
        print(memory(f"concurrent {n + 1}", worker_kb, backend_kb))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/0")
    parser.add_argument("--path", default="/cases.csv", help="URL of the export, with filters.")
    parser.add_argument("--concurrent", type=int, default=4)
    parser.add_argument("--sample", type=float, default=0.05, help="Seconds between samples.")
    parser.add_argument("--root", default=str(ROOT), help="The checkout to serve.")
    parser.add_argument("--json", help="Also write the figures to this file.")
    args = parser.parse_args()
    report = run(args)
    print_report(report)
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=2, default=str))


if __name__ == "__main__":
    main()
