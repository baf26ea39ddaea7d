"""Load test: 50 concurrent clients for 60 s against `make serve`, from wrk (Debian's).

    .venv/bin/python bench/loadtest.py                       # starts `make serve` itself
    .venv/bin/python bench/loadtest.py --instances 2         # two servers, wrk on each port
    .venv/bin/python bench/loadtest.py --restart-postgres    # restarts PostgreSQL mid-run
    .venv/bin/python bench/loadtest.py --url http://127.0.0.1:8000   # an already running server

Needs wrk (`apt-get install -y wrk`) and a database filled by `make bench-data`
(default: postgres://postgres@127.0.0.1:5432/casetracker_bench, or --database-url).

The mix is the benchmark's own figures (bench/benchmark.py), read from the database once:
the case list in every sort at page 1, page 2,500 and the last page, every filter, the
person pages (the most sentenced and --people others), court, protest, place, organization
and proceeding pages, the search, and two bounded (filtered) CSV exports. Each wrk
connection walks the list in turn from a random start, so every URL is requested about as
often as the others.

The server starts with an empty cache, so the first requests build every page of the mix at
once. The same clients first run ``--warm-up`` seconds (15 by default) of the mix, reported
apart as "warm_up" (its errors fail the run too); the figures measured are the ``--duration``
after it, the site's usual state: most pages served from the cache, which a publish empties.

Each server is started on a free port it checked, with the site's cache in the bench's own
Redis database (emptied at the start); only its own process tree is measured. With
``--instances 2`` two servers share the database and Redis, and the clients are split over
the two ports (one wrk each); their latency quantiles are merged by request count. The
report says how much CPU wrk itself took (so that one can tell it did not saturate the
machine it measures) and how much the servers took.

With --restart-postgres, PostgreSQL is restarted (pg_ctlcluster) after a third of the run.
Requests during the restart may fail; the script reports the errors per second and checks
that none happen after the database is back, without any restart of the site.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import benchmark
from serving import MemorySampler, own_processes, served

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/casetracker_bench"
LUA = (Path(__file__).parent / "wrk_mix.lua").read_text()
TICKS = os.sysconf("SC_CLK_TCK")


def pick_paths(people: int) -> list[str]:
    """The benchmark's figures (not the API's, nor the whole CSV) and ``people`` more persons."""
    from people.models import Person

    targets = benchmark.pick_targets()
    paths = [figure.path for figure in benchmark.figures(targets)]
    paths += [f.path for f in benchmark.csv_figures(targets) if "?" in f.path]  # bounded only
    people_ids = list(
        Person.objects.public()
        .filter(is_protected=False, proceedings__isnull=False)
        .distinct()
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    others = random.Random(1).sample(people_ids, min(people, len(people_ids)))
    paths += [f"/people/{pk}/" for pk in others]
    return paths


def restart_postgres_later(delay: float) -> subprocess.Popen:
    cluster = sorted(os.listdir("/etc/postgresql"))[-1]
    script = (
        f"sleep {delay}; date +%s > /tmp/pg_restart_started; "
        f"pg_ctlcluster --skip-systemctl-redirect {cluster} main restart; "
        "date +%s > /tmp/pg_restart_done"
    )
    return subprocess.Popen(["bash", "-c", script])


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU seconds the processes ``pids`` have used so far."""
    total = 0
    for pid in pids:
        with contextlib.suppress(OSError):
            stat = Path(f"/proc/{pid}/stat").read_text()
            fields = stat[stat.rindex(")") + 2 :].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / TICKS


def run_wrk(urls: list[str], lua: str, args, duration: int) -> tuple[list[dict], float, float]:
    """One wrk per URL, concurrently, the connections split among them.

    Returns the results, the CPU seconds wrk used until a second before the end, and in all.
    """
    running = []
    for index, url in enumerate(urls):
        connections = args.connections // len(urls) + (index < args.connections % len(urls))
        threads = max(1, args.threads // len(urls))
        command = ["wrk", "-t", str(threads), "-c", str(connections), "-d", f"{duration}s"]
        command += ["--timeout", "30s", "-s", lua, url]
        running.append(subprocess.Popen(command, stdout=subprocess.PIPE, text=True))
    # wrk's CPU while it loads the servers (its done() then walks its histograms).
    time.sleep(max(0, duration - 1))
    cpu_during = cpu_seconds([process.pid for process in running])
    results, cpu = [], 0.0
    for process in running:
        output = process.stdout.read()
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        cpu += usage.ru_utime + usage.ru_stime
        if process.returncode:
            raise SystemExit(f"wrk failed ({process.returncode}): {output}")
        results.append(json.loads(re.search(r"JSON-RESULT (\{.*\})", output).group(1)))
    return results, cpu_during, cpu


def merged(results: list[dict]) -> dict:
    """Sums and latency quantiles of several wrk runs.

    Each run's quantile at p % stands for the requests between the quantile before it and
    p: the runs' quantiles, weighted by those requests, are one distribution again.
    """
    weighted = []
    for result in results:
        before = 0.0
        for p, value in result["quantiles_ms"]:
            weighted.append((value, result["requests"] * (p - before) / 100))
            before = p
    weighted.sort()
    total = sum(weight for _, weight in weighted)

    def percentile(p):
        reached = 0.0
        for value, weight in weighted:
            reached += weight
            if reached >= total * p / 100 - 1e-9:
                return round(value, 1)
        return round(weighted[-1][0], 1)

    statuses, per_second = {}, {}
    for result in results:
        for status, n in result["statuses"].items():
            statuses[status] = statuses.get(status, 0) + n
        for second, n in result["errors_per_second"].items():
            per_second[second] = per_second.get(second, 0) + n
    socket_errors = {}
    for result in results:
        for kind, n in result["socket_errors_by_kind"].items():
            socket_errors[kind] = socket_errors.get(kind, 0) + n
    return {
        "requests": sum(r["requests"] for r in results),
        "seconds": max(r["duration_us"] for r in results) / 1e6,
        "p50_ms": percentile(50),
        "p90_ms": percentile(90),
        "p99_ms": percentile(99),
        "max_ms": round(max(r["max_ms"] for r in results), 1),
        "statuses": statuses,
        "http_errors": sum(r["non_2xx_3xx"] for r in results),
        "socket_errors": sum(r["socket_errors"] for r in results),
        "socket_errors_by_kind": socket_errors,
        "errors_per_second": per_second,
    }


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--url", help="an already running server (default: start `make serve`)")
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DB))
    parser.add_argument("--instances", type=int, default=1, help="servers started, one port each")
    parser.add_argument("--workers", type=int, help="WEB_CONCURRENCY of each server")
    parser.add_argument("--cache-url", default=benchmark.DEFAULT_CACHE)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--duration", type=int, default=60)
    parser.add_argument(
        "--warm-up", type=int, default=15, help="seconds of the mix before the measured run"
    )
    parser.add_argument("--threads", type=int, default=2, help="wrk threads in all")
    parser.add_argument("--people", type=int, default=20, help="person pages besides the top")
    parser.add_argument("--restart-postgres", action="store_true")
    parser.add_argument("--json-out", type=Path, default=ROOT / "bench/results/loadtest.json")
    args = parser.parse_args()

    benchmark.setup_django(args.database_url)
    env = {"DJANGO_REDIS_URL": args.cache_url, "CACHE_URL": args.cache_url}
    if args.workers:
        env["WEB_CONCURRENCY"] = str(args.workers)
    benchmark.Cache(args.cache_url).clear()
    with contextlib.ExitStack() as stack:
        if args.url:
            urls = [stack.enter_context(served(args.database_url, args.url))]
        else:
            urls = [
                stack.enter_context(served(args.database_url, env=env))
                for _ in range(args.instances)
            ]
        paths = pick_paths(args.people)
        lua_paths = ", ".join(json.dumps(p, ensure_ascii=True) for p in paths)
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as lua:
            lua.write(LUA.replace("{PATHS}", "{" + lua_paths + "}"))
        for flag in ("/tmp/pg_restart_started", "/tmp/pg_restart_done"):
            Path(flag).unlink(missing_ok=True)

        def server_pids():
            return [pid for url in urls for pid in own_processes(url)]

        warm_up = None
        if args.warm_up:
            warm_up = merged(run_wrk(urls, lua.name, args, args.warm_up)[0])
        restarter = restart_postgres_later(args.duration / 3) if args.restart_postgres else None

        server_cpu = cpu_seconds(server_pids())
        started = time.time()
        with MemorySampler(server_pids, interval=0.5) as memory:
            results, wrk_cpu, wrk_cpu_total = run_wrk(urls, lua.name, args, args.duration)
        server_cpu = cpu_seconds(server_pids()) - server_cpu
        Path(lua.name).unlink()
        if restarter:
            restarter.wait()
        data = merged(results)
        seconds = data["seconds"]
        report = {
            "servers": urls,
            "warm_up": warm_up
            and {
                "duration_s": round(warm_up["seconds"], 1),
                "requests_per_s": round(warm_up["requests"] / warm_up["seconds"], 1),
                **{
                    key: warm_up[key]
                    for key in ("p50_ms", "p90_ms", "p99_ms", "max_ms", "statuses")
                    + ("http_errors", "socket_errors")
                },
            },
            "paths": len(paths),
            "connections": args.connections,
            "duration_s": round(seconds, 1),
            "requests": data["requests"],
            "requests_per_s": round(data["requests"] / seconds, 1),
            "p50_ms": data["p50_ms"],
            "p90_ms": data["p90_ms"],
            "p99_ms": data["p99_ms"],
            "max_ms": data["max_ms"],
            "statuses": data["statuses"],
            "socket_errors": data["socket_errors"],
            "socket_errors_by_kind": data["socket_errors_by_kind"],
            "http_errors": data["http_errors"],
            "wrk_cpu_s": round(wrk_cpu, 2),
            "wrk_cores": round(wrk_cpu / max(1, seconds - 1), 3),
            "wrk_cpu_s_with_report": round(wrk_cpu_total, 2),
            "server_cpu_s": round(server_cpu, 1) if not args.url else None,
            "server_cores": round(server_cpu / seconds, 2) if not args.url else None,
            "server_tree_pss_peak_mb": memory.peak_mb if not args.url else None,
            "machine_cores": os.cpu_count(),
            "load_1min_after": os.getloadavg()[0],
        }
        if args.restart_postgres:
            restart_done = int(Path("/tmp/pg_restart_done").read_text())
            restart_started = int(Path("/tmp/pg_restart_started").read_text())
            per_second = {int(k): v for k, v in data["errors_per_second"].items()}
            after = {s - int(started): n for s, n in per_second.items() if s > restart_done + 1}
            report["restart_window_s"] = [
                restart_started - int(started),
                restart_done - int(started),
            ]
            report["errors_by_second_from_start"] = {
                s - int(started): n for s, n in sorted(per_second.items())
            }
            report["errors_after_restart"] = sum(after.values())
            ok = report["errors_after_restart"] == 0
        else:
            ok = report["http_errors"] == 0 and report["socket_errors"] == 0
        if warm_up:
            ok = ok and warm_up["http_errors"] == 0 and warm_up["socket_errors"] == 0
    args.json_out.parent.mkdir(exist_ok=True)
    args.json_out.write_text(json.dumps({**report, "mix": paths}, indent=2) + "\n")
    print(json.dumps(report, indent=2, ensure_ascii=False))
    print(
        f"{report['requests_per_s']} requests/s, p50 {report['p50_ms']} ms, p99 "
        f"{report['p99_ms']} ms, {report['http_errors']} HTTP + {report['socket_errors']} "
        f"socket errors over {len(urls)} server(s); wrk used {report['wrk_cores']} of "
        f"{report['machine_cores']} cores, the servers {report['server_cores']}"
        + (
            f"; after {args.warm_up} s of warm-up from an empty cache: p99 "
            f"{warm_up['p99_ms']} ms, {warm_up['http_errors']} HTTP + "
            f"{warm_up['socket_errors']} socket errors"
            if warm_up
            else ""
        ),
        file=sys.stderr,
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
