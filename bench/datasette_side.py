"""Datasette on the same rows, side by side with the site (bench/benchmark.py --datasette).

Datasette (the optional ``bench`` dependency: ``pip install -e '.[bench]'``) is the tool
journalists know for browsing a table. The rows are the site's own CSV of every listed
sentence (so the same rows, through the same publishing gate), loaded into a SQLite file
with numbers typed and an index on each column sorted or filtered here (Datasette's best
case: a journalist's csvs-to-sqlite would add none). Datasette then serves it on a free port
checked to be held by its own process, with ``--immutable`` (it may cache counts) and
without its facet suggestions (each page would try several more GROUP BYs).

The tasks, each timed on both, in turn (the site's cache emptied before each request, so
the site's figure is uncached; Datasette keeps whatever it caches itself):

- first page: the case list / the table sorted by ruling date, newest first, 50 rows;
- deep page (2,500): ``?page=2500`` / the same order with OFFSET 124,950 (Datasette's own
  ``_next`` keyset tokens are reached only by following 2,499 pages; its SQL view does an
  offset in one request);
- a sort: longest term first / ``_sort_desc=term_days``;
- a filter: country China / ``country__exact=China``;
- a facet: the case list's first page (its facet counts) / ``_facet=country&_facet=sentence_kind``;
- the CSV of every row: ``/cases.csv`` / ``.csv?_stream=on``, first 64 KB and total, each
  download read to its end (one closed early leaves Datasette streaming the rest, and the
  next request waits for it: 476 ms to its first 64 KB instead of 21), as many times as
  each page (three downloads were too few for a figure near 20 ms: their median was 39.7 ms
  where fifteen gave 18.2).

The ratio is the site's median over Datasette's: below 1 the site is faster. The site is timed
twice: uncached (its cache emptied before the request: what the first reader after a publish
waits) and as it serves what it has kept (the same request again, as Datasette serves with
whatever it keeps; an export above CASETRACKER_KEPT_EXPORT_ROWS is never kept). The
site's CSV, uncached or not, reads the lines its download for the SQLite file stored
(events.ExportLine): stored lines are not a cache the bench empties, but rows the database
keeps until something they read is written.
"""

from __future__ import annotations

import contextlib
import csv
import io
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

from serving import answers, free_port, holds_port

NUMBERS = {"sentence_id", "term_days", "fine_kzt", "fine_kzt_max", "term_quantity", "fine_amount"}
INDEXED = ("ruling_date", "term_days", "fine_kzt", "country", "sentence_kind")
PAGE = 50
DEEP_PAGE = 2500


def load_sqlite(base: str, path: Path) -> int:
    """The site's CSV of every listed row, into table ``cases`` of a new SQLite file."""
    with urllib.request.urlopen(base + "/cases.csv", timeout=3600) as response:
        reader = csv.reader(io.TextIOWrapper(response, encoding="utf-8-sig", newline=""))
        headers = next(reader)
        database = sqlite3.connect(path)
        columns = ", ".join(
            f'"{h}" {"INTEGER" if h == "sentence_id" else "NUMERIC" if h in NUMBERS else "TEXT"}'
            for h in headers
        )
        database.execute(f"CREATE TABLE cases ({columns})")
        marks = ", ".join("?" * len(headers))
        rows = 0
        batch = []
        for row in reader:
            batch.append([cell if cell != "" else None for cell in row])
            if len(batch) == 5000:
                database.executemany(f"INSERT INTO cases VALUES ({marks})", batch)
                rows, batch = rows + len(batch), []
        database.executemany(f"INSERT INTO cases VALUES ({marks})", batch)
        rows += len(batch)
    for column in INDEXED:
        database.execute(f'CREATE INDEX cases_{column} ON cases ("{column}")')
    database.execute("ANALYZE")
    database.commit()
    database.close()
    return rows


@contextlib.contextmanager
def datasette(path: Path):
    """Yield the base URL of Datasette serving ``path`` on a free port of its own."""
    binary = shutil.which("datasette") or str(Path(sys.prefix) / "bin" / "datasette")
    if not Path(binary).exists():
        raise SystemExit("--datasette needs Datasette: pip install -e '.[bench]'")
    port = free_port()
    if answers(port):
        raise SystemExit(f"Something already listens on port {port}.")
    command = [binary, "serve", "--immutable", str(path), "-h", "127.0.0.1", "-p", str(port)]
    settings = {"sql_time_limit_ms": "60000", "facet_time_limit_ms": "10000",
                "allow_csv_stream": "on", "suggest_facets": "off"}  # fmt: skip
    for name, value in settings.items():
        command += ["--setting", name, value]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while not answers(port):
            if server.poll() is not None or time.monotonic() > deadline:
                raise SystemExit("Datasette did not start.")
            time.sleep(0.2)
        if not holds_port(server.pid, port):
            raise SystemExit(f"Port {port} answers, but not from the Datasette started here.")
        yield base
    finally:
        server.terminate()
        server.wait()


def tasks(database: str, targets: dict) -> list[tuple[str, str, str]]:
    """(task, the site's path, Datasette's path)."""
    table = f"/{database}/cases"
    deep = (
        f"select * from cases order by ruling_date desc, rowid "
        f"limit {PAGE} offset {(min(DEEP_PAGE, targets['last_page']) - 1) * PAGE}"
    )
    return [
        ("first page", "/", f"{table}?_sort_desc=ruling_date&_size={PAGE}"),
        (
            f"page {min(DEEP_PAGE, targets['last_page']):,}",
            f"/?page={DEEP_PAGE}",
            f"/{database}?{urllib.parse.urlencode({'sql': deep})}",
        ),
        ("longest term first", "/?ordering=-days", f"{table}?_sort_desc=term_days&_size={PAGE}"),
        ("country China", "/?country=china", f"{table}?country__exact=China&_size={PAGE}"),
        ("facets (country, kind)", "/",
         f"{table}?_facet=country&_facet=sentence_kind&_size={PAGE}"),
    ]  # fmt: skip


def _get_ms(url: str) -> float:
    return _get(url)[1]


def _get(url: str) -> tuple[float, float]:
    """(ms to the first 64 KB or the end, ms in all) of one GET read in full."""
    started, received, first = time.perf_counter(), 0, None
    with urllib.request.urlopen(url, timeout=3600) as response:
        assert response.status == 200, (url, response.status)
        while chunk := response.read(1 << 14):
            received += len(chunk)
            if first is None and received >= 64 * 1024:
                first = time.perf_counter() - started
    total = time.perf_counter() - started
    return (first or total) * 1000, total * 1000


def side_by_side(base: str, targets: dict, runs: int, cache) -> dict:
    """Each task on the site and on Datasette, in turn: medians and ratios.

    ``cache`` (benchmark.Cache) is emptied before each of the site's requests.
    """
    workdir = Path(tempfile.mkdtemp(prefix="casetracker-datasette-"))
    path = workdir / "cases.db"
    try:
        started = time.perf_counter()
        rows = load_sqlite(base, path)
        load_s = time.perf_counter() - started
        found = []
        with datasette(path) as other:
            for task, ours, theirs in tasks(path.stem, targets):
                for _ in range(3):  # warm-up: each side's caches and pages read once
                    _get_ms(base + ours)
                    _get_ms(other + theirs)
                site, them, served = [], [], []
                for _ in range(runs):
                    cache.clear()
                    site.append(_get_ms(base + ours))
                    them.append(_get_ms(other + theirs))
                    served.append(_get_ms(base + ours))  # as the site serves it: from its cache
                found.append(_row(task, ours, theirs, site, them, served))
            site_csv, their_csv, served_csv = [], [], []
            for _ in range(runs):
                cache.clear()
                site_csv.append(_get(base + "/cases.csv"))
                their_csv.append(_get(other + f"/{path.stem}/cases.csv?_stream=on&_size=max"))
                served_csv.append(_get(base + "/cases.csv"))
            found.append(_row("CSV, first 64 KB", "/cases.csv", "cases.csv?_stream=on",
                              [s[0] for s in site_csv], [t[0] for t in their_csv],
                              [s[0] for s in served_csv]))  # fmt: skip
            found.append(_row("CSV, every row", "/cases.csv", "cases.csv?_stream=on",
                              [s[1] for s in site_csv], [t[1] for t in their_csv],
                              [s[1] for s in served_csv]))  # fmt: skip
        return {"rows": rows, "load_s": round(load_s, 1), "tasks": found}
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def _row(task, ours, theirs, site, them, served) -> dict:
    """Medians and ratios of one task: the site uncached (its cache emptied first) and as
    it serves a page it has kept (the same request again), against Datasette."""
    site_median, their_median = statistics.median(site), statistics.median(them)
    served_median = statistics.median(served)
    return {
        "task": task,
        "site_path": ours,
        "datasette_path": theirs,
        "site_median_ms": round(site_median, 1),
        "site_served_median_ms": round(served_median, 1),
        "datasette_median_ms": round(their_median, 1),
        "ratio": round(site_median / their_median, 2) if their_median else None,
        "served_ratio": round(served_median / their_median, 2) if their_median else None,
    }


def print_side_by_side(result: dict) -> None:
    print(f"\nDatasette on the same {result['rows']:,} rows (SQLite file built from the CSV in "
          f"{result['load_s']} s):")  # fmt: skip
    print("| task | site median (ms, uncached) | site median (ms, kept) | Datasette median (ms) "
          "| uncached / Datasette | kept / Datasette |")  # fmt: skip
    print("|---|---|---|---|---|---|")
    for row in result["tasks"]:
        cells = (
            row["task"],
            row["site_median_ms"],
            row["site_served_median_ms"],
            row["datasette_median_ms"],
            f"{row['ratio']}×",
            f"{row['served_ratio']}×",
        )
        print("| " + " | ".join(str(cell) for cell in cells) + " |")
