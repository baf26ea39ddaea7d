"""Benchmark: time and peak memory of the CSV export (events:case_csv) as rows grow.

    .venv/bin/python bench/export_memory.py --rows 10000 --rows 100000
    .venv/bin/python bench/export_memory.py --rows 10000 \\
        --database-url postgres://postgres@127.0.0.1:5432/casetracker_bench_{rows}

For each --rows, a dedicated database is filled once by ``manage.py generate_synthetic``
(sized so that about that many sentences are public; SQLite files
/tmp/casetracker-bench-<rows>.sqlite3 by default, or --database-url, where ``{rows}`` is
replaced and the PostgreSQL database must exist; it is migrated and filled if it holds no
sentence). Then a fresh child process sets Django up (production-like: DEBUG off), requests
the whole unfiltered CSV through Django's test client and reads the streamed response to the
end, parsing it as CSV without keeping it. The report gives, per run: the data rows in the
file, seconds, rows per second, the child's resident memory before the request and its peak
(VmHWM, and ru_maxrss from os.wait4 on that child alone), and the peak growth. A streamed
export keeps the peak flat as rows grow; one that builds the file in memory grows with it.

--repeat N runs each export N times (fresh process each time) and keeps the fastest.
"""

from __future__ import annotations

import argparse
import codecs
import csv
import json
import os
import subprocess
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
# generate_synthetic leaves about 5% of each record unpublished; a sentence is listed only
# when it, its proceeding and its defendant are public, so ~85% of sentences are exported.
PUBLIC_SHARE = 0.85
FULL_SCALE_SENTENCES = 300_000


def child_env(database_url: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url,
        DJANGO_SETTINGS_MODULE="casetracker.settings.dev",
        DJANGO_DEBUG="0",  # no query log growing in memory
        DJANGO_ALLOWED_HOSTS="testserver,localhost",
        PYTHONPATH=str(ROOT),
    )
    return env


def manage(database_url: str, *args: str) -> str:
    result = subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=child_env(database_url),
        check=True,
        capture_output=True,
        text=True,
    )
    return result.stdout


def prepare(rows: int, database_url: str, seed: int) -> None:
    manage(database_url, "migrate", "--noinput", "-v0")
    count = manage(
        database_url,
        "shell",
        "-c",
        "from events.models import Sentence; print(Sentence.objects.count())",
    )
    if int(count.strip().splitlines()[-1]) > 0:
        print(f"  using the data already in {database_url}", flush=True)
        return
    scale = rows / PUBLIC_SHARE / FULL_SCALE_SENTENCES
    print(f"  generating synthetic data (--scale {scale:.4f}) into {database_url}", flush=True)
    started = time.perf_counter()
    manage(database_url, "generate_synthetic", f"--scale={scale:.6f}", f"--seed={seed}")
    print(f"  generated in {time.perf_counter() - started:.0f} s", flush=True)


def run_export(database_url: str, path: str) -> dict:
    """Export in a fresh child; its peak RSS is read by the child and by os.wait4."""
    process = subprocess.Popen(
        [PYTHON, str(Path(__file__).resolve()), "--child", path],
        cwd=ROOT,
        env=child_env(database_url),
        stdout=subprocess.PIPE,
    )
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"The export child failed (exit {process.returncode}).")
    result = json.loads(output.decode().strip().splitlines()[-1])
    result["ru_maxrss_kb"] = usage.ru_maxrss  # kilobytes on Linux
    return result


def proc_status_kb(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def csv_lines(chunks):
    """Decode streamed bytes into lines for csv.reader, holding one line at a time."""
    decoder = codecs.getincrementaldecoder("utf-8-sig")()
    pending = ""
    for chunk in chunks:
        pending += decoder.decode(chunk)
        *complete, pending = pending.split("\n")
        for line in complete:
            yield line + "\n"
    pending += decoder.decode(b"", final=True)
    if pending:
        yield pending


def child(path: str) -> None:
    # WhiteNoise warns that collectstatic has not run; irrelevant to the export.
    warnings.filterwarnings("ignore", message="No directory at")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.test import Client
    from django.urls import resolve

    resolve(path.split("?")[0])  # import the views before measuring the baseline
    client = Client()
    baseline = proc_status_kb("VmRSS")
    started = time.perf_counter()
    response = client.get(path)
    if response.status_code != 200 or not response.streaming:
        raise SystemExit(f"{path} answered {response.status_code}, streaming={response.streaming}")
    size = 0

    def counted(chunks):
        nonlocal size
        for chunk in chunks:
            size += len(chunk)
            yield chunk

    records = sum(1 for _ in csv.reader(csv_lines(counted(response.streaming_content))))
    response.close()
    seconds = time.perf_counter() - started
    print(
        json.dumps(
            {
                "rows": max(records - 1, 0),  # less the header line
                "seconds": seconds,
                "bytes": size,
                "baseline_kb": baseline,
                "vmhwm_kb": proc_status_kb("VmHWM"),
            }
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, action="append", help="Target rows (repeatable).")
    parser.add_argument(
        "--database-url",
        default="sqlite:////tmp/casetracker-bench-{rows}.sqlite3",
        help="Database per size; {rows} is replaced by the target rows.",
    )
    parser.add_argument("--path", default="/cases.csv", help="URL of the export, with filters.")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--child", metavar="PATH", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return

    results = []
    for rows in args.rows or [10_000, 100_000]:
        database_url = args.database_url.format(rows=rows)
        print(f"{rows:,} rows:", flush=True)
        prepare(rows, database_url, args.seed)
        runs = [run_export(database_url, args.path) for _ in range(args.repeat)]
        results.append(min(runs, key=lambda run: run["seconds"]))

    header = (
        f"{'rows':>9} {'seconds':>8} {'rows/s':>8} {'CSV MB':>7} "
        f"{'RSS before MB':>13} {'peak RSS MB':>11} {'ru_maxrss MB':>12} {'growth MB':>9}"
    )
    print("\n" + header)
    for run in results:
        print(
            f"{run['rows']:>9,} {run['seconds']:>8.1f} {run['rows'] / run['seconds']:>8,.0f} "
            f"{run['bytes'] / 2**20:>7.1f} {run['baseline_kb'] / 1024:>13.1f} "
            f"{run['vmhwm_kb'] / 1024:>11.1f} {run['ru_maxrss_kb'] / 1024:>12.1f} "
            f"{(run['vmhwm_kb'] - run['baseline_kb']) / 1024:>9.1f}"
        )


if __name__ == "__main__":
    main()
