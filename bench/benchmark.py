"""Benchmark: the public site over real HTTP against PostgreSQL's own floor, side by side.

    make bench                      # = .venv/bin/python bench/benchmark.py
    .venv/bin/python bench/benchmark.py --runs 9 --database-url postgres://…/casetracker_bench

Needs a PostgreSQL database filled by ``manage.py generate_synthetic`` (default size: 100,000
people, 300,000 sentences; default URL postgres://postgres@127.0.0.1:5432/casetracker_bench).
The script starts ``make serve`` (production settings, gunicorn, WhiteNoise) on that
database unless ``--url`` names a running server, then for each figure:

- **server**: wall-clock time of real HTTP requests on loopback (after warm-up requests
  that reach every worker), reported as min / median / max in milliseconds;
- **floor**: the same SQL run by PostgreSQL itself: the page's queries are captured in this
  process through Django's test client (same settings, same code), then each is run with
  ``EXPLAIN (ANALYZE)``; the floor is the median over --runs of their summed planning and
  execution time. The ratio server / floor says how much Django, Python and HTTP add.
  Requests and floors are taken in turn, one of each per run, so that a machine shared
  with others slows both alike;
- **API at depth**: ``/api/v1/cases/`` (plain, sorted, filtered) at page 1 and at page
  2,500 (--api-depth), whose cursor is built here as the API builds it (see
  ``depth_cursor``); ``--verify-depth`` also follows ``next`` from page 1 over HTTP, once,
  and checks that it arrives at the same cursor;
- **CSV export** of all published sentences: rows, rows/s over HTTP, and the peak resident
  memory (VmHWM) of the gunicorn worker that served it; its floor is PostgreSQL's
  ``COPY (<the export's own statement>) TO STDOUT WITH CSV`` run directly (the export is
  itself such a COPY, streamed through Django), and for reference the COPY of the same
  rows' scalar columns alone (no lists of names, charges, protests or sources).

It prints a table and writes the figures to bench/results/latest.json. Speed is measured
here, never asserted by timed tests.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

from serving import own_processes, served

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/casetracker_bench"
sys.path.insert(0, str(ROOT))


def setup_django(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "casetracker.settings.dev")
    os.environ["DJANGO_DEBUG"] = "0"
    os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
    import django

    django.setup()


def pick_targets() -> dict:
    from django.db.models import Count

    from events.models import Ruling, Sentence
    from people.models import Person

    person_id = (
        Sentence.objects.filter(listed=True, proceeding__person__is_protected=False)
        .values("proceeding__person_id")
        .annotate(n=Count("pk"))
        .order_by("-n", "proceeding__person_id")
        .values_list("proceeding__person_id", flat=True)
        .first()
    )
    court_id = (
        Ruling.objects.public()
        .filter(proceeding__court__isnull=False)
        .values("proceeding__court_id")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .values_list("proceeding__court_id", flat=True)
        .first()
    )
    surname = Person.objects.get(pk=person_id).preferred_name.split()[-1]
    return {"person": person_id, "court": court_id, "surname": surname}


def figures(targets: dict) -> list[tuple[str, str, float]]:
    """(label, path, target in ms) of every page figure."""
    q = urllib.parse.quote
    return [
        ("case list, first page", "/", 100),
        ("case list, at least 10 days", "/?days_min=10", 100),
        ("case list, fine 100,000–500,000 KZT", "/?kzt_min=100000&kzt_max=500000", 100),
        (f"case list, name “{targets['surname']}”", f"/?name={q(targets['surname'])}", 100),
        ("case list, sorted by date (oldest first)", "/?ordering=date", 100),
        ("person page", f"/people/{targets['person']}/", 100),
        ("court page (most rulings)", f"/organizations/{targets['court']}/", 100),
        ("name search “azhibai”", "/search/?q=azhibai", 50),
        ("name search “Ажибай”", f"/search/?q={q('Ажибай')}", 50),
    ]


# The API's case list: (label, query) of each figure timed at page 1 and at depth.
API_QUERIES = [
    ("newest first", {}),
    ("oldest first", {"ordering": "date"}),
    ("imposed only", {"status": "imposed"}),
    ("largest fine first", {"ordering": "-kzt"}),
    ("longest term first", {"ordering": "-days"}),
]
API_PATH = "/api/v1/cases/"
# Requests per minute the served site allows one client: above what the benchmark sends.
API_RATE_LIMIT = "1000000/minute"


def depth_cursor(query: dict, page: int) -> str | None:
    """The cursor of the API's case list at ``page`` (1 is the first), or None if shorter.

    Built directly as api.pagination.CaseCursorPagination builds ``next``: from the last
    row of the page before, ``cursor_token(ordering, that row's ordering value, its id)``,
    reading that row with the case list's own FilterSet and order (an OFFSET, here, once).
    Following ``next`` page - 1 times from page 1 arrives at the same cursor
    (``--verify-depth`` checks it over HTTP) without 2,500 requests per run.
    """
    from api.pagination import PAGE_SIZE
    from events.filters import DEFAULT_ORDERING, ORDERINGS, CaseFilter
    from events.paging import cursor_token

    if page == 1:
        return None
    order_key = query.get("ordering", DEFAULT_ORDERING)
    column = ORDERINGS[order_key][0].expression.name
    rows = CaseFilter(query).qs.prefetch_related(None).values_list(column, "pk")
    found = rows[(page - 1) * PAGE_SIZE - 1 : (page - 1) * PAGE_SIZE]
    if not found:
        return None
    value, pk = found[0]
    return cursor_token(order_key, value, pk)


def api_path(query: dict, cursor: str | None) -> str:
    params = {**query, "cursor": cursor} if cursor else query
    return API_PATH + (f"?{urllib.parse.urlencode(params)}" if params else "")


def api_figures(depth: int) -> list[tuple[str, str, float]]:
    """(label, path, target in ms) of the API's case list at page 1 and page ``depth``."""
    found = []
    for label, query in API_QUERIES:
        found.append((f"API cases, {label}, page 1", api_path(query, None), 100))
        cursor = depth_cursor(query, depth)
        if cursor is None:
            print(f"API cases, {label}: fewer than {depth:,} pages", file=sys.stderr)
            continue
        found.append((f"API cases, {label}, page {depth:,}", api_path(query, cursor), 100))
    return found


def verify_depth(base: str, query: dict, page: int) -> None:
    """Follow ``next`` from page 1 to ``page`` over HTTP; its cursor must be the built one."""
    url, started = base + api_path(query, None), time.perf_counter()
    for _ in range(page - 1):
        with urllib.request.urlopen(url, timeout=120) as response:
            url = json.load(response)["next"]
    followed = urllib.parse.parse_qs(urllib.parse.urlsplit(url).query)["cursor"][0]
    built = depth_cursor(query, page)
    assert followed == built, (query, followed, built)
    print(
        f"verified: {page - 1:,} × next from page 1 {query or ''} arrives at the built cursor "
        f"({time.perf_counter() - started:.0f} s)",
        file=sys.stderr,
    )


# Requests before timing a page: gunicorn hands connections to its workers (5 on 2 cores)
# in no set order, and each worker's first request of a page is slower (connection,
# ContentType and URL caches); enough that every worker has served the page once.
WARM_UP_REQUESTS = 15


def http_time(url: str) -> float:
    """Wall-clock ms of one GET of ``url``, response read in full."""
    started = time.perf_counter()
    with urllib.request.urlopen(url, timeout=120) as response:
        response.read()
        assert response.status == 200, (url, response.status)
    return (time.perf_counter() - started) * 1000


def page_statements(path: str) -> list[str]:
    """The SQL the page runs, captured in this process through Django's test client."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.get(path, HTTP_HOST="localhost")
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, HTTP_HOST="localhost")
        if hasattr(response, "streaming_content"):
            for _ in response.streaming_content:
                pass
    return [q["sql"] for q in captured.captured_queries]


def floor_once(statements: list[str]) -> float:
    """Summed EXPLAIN ANALYZE planning and execution time (ms) of ``statements``."""
    from django.db import connection

    total = 0.0
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql)
            plan = cursor.fetchone()[0]
            plan = plan[0] if isinstance(plan, list) else json.loads(plan)[0]
            total += plan["Planning Time"] + plan["Execution Time"]
    return total


def measure_page(url: str, path: str, runs: int) -> tuple[list[float], list[float], int]:
    """Server times and floors of one page, taken in turn: (server ms, floor ms, queries).

    One request, then one floor, ``runs`` times: both see the machine in the same state,
    so that the ratio between them holds even when a shared machine slows down for a while.
    """
    statements = page_statements(path)
    for _ in range(WARM_UP_REQUESTS):
        http_time(url)
    floor_once(statements)
    times, floors = [], []
    for _ in range(runs):
        times.append(http_time(url))
        floors.append(floor_once(statements))
    return times, floors, len(statements)


def worker_pids(base: str) -> list[int]:
    """The processes of the server this script started (never another's gunicorn)."""
    return [p for p in own_processes(base) if Path(f"/proc/{p}/status").exists()]


def vm_hwm_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def export_over_http(url: str) -> tuple[int, float]:
    started = time.perf_counter()
    rows = -1  # the header line
    with urllib.request.urlopen(url, timeout=3600) as response:
        pending = b""
        while chunk := response.read(1 << 16):
            rows += chunk.count(b"\n")
            pending = chunk[-1:]
        if pending and pending != b"\n":
            rows += 1
    return rows, time.perf_counter() - started


def copy_rate(sql: str, params, settings: dict[str, str], runs: int) -> tuple[int, float]:
    """PostgreSQL's own ``COPY (sql) TO STDOUT WITH CSV``, read here: (rows, median s)."""
    from django.db import connection, transaction

    seconds, rows = [], 0
    for _ in range(runs):
        with transaction.atomic(), connection.cursor() as cursor:
            for name, value in settings.items():
                cursor.execute("SELECT set_config(%s, %s, true)", [name, value])
            rows = 0
            started = time.perf_counter()
            with cursor.cursor.copy(f"COPY ({sql}) TO STDOUT WITH (FORMAT csv)", params) as copy:
                for _ in copy:  # one message per row
                    rows += 1
            seconds.append(time.perf_counter() - started)
    return rows, statistics.median(seconds)


def copy_floors(base: str, runs: int) -> dict[str, tuple[int, float]]:
    """The export's floor and a narrower reference, both COPY by PostgreSQL itself.

    - ``statement``: the export's own statement (every column, the lists aggregated) with
      its own settings: what the server streams, minus Django and HTTP;
    - ``scalars``: the same rows with only the columns of the sentence and the records it
      joins (no names, charges, protests or sources), in the same order.
    """
    from events.csv_export import COPY_SETTINGS, export_sql
    from events.filters import CaseFilter

    sentences = CaseFilter({}).qs
    sql, params = export_sql(sentences, lambda path: base + path)
    scalars = sentences.prefetch_related(None).values_list(
        "pk", "proceeding__person__preferred_name", "proceeding__kind", "proceeding__country",
        "proceeding__court__name", "proceeding__court_as_reported", "proceeding__opened",
        "ruling__date", "ruling__court_instance", "ruling__plea", "ruling__outcome", "kind",
        "status", "amount_as_reported", "term_quantity", "term_unit", "term_days",
        "fine_amount", "fine_currency", "fine_kzt", "fine_usd_as_reported",
    )  # fmt: skip
    scalar_sql, scalar_params = scalars.query.sql_with_params()
    return {
        "statement": copy_rate(sql, params, COPY_SETTINGS, runs),
        "scalars": copy_rate(scalar_sql, scalar_params, COPY_SETTINGS, runs),
    }


def machine() -> dict:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        server_version = cursor.fetchone()[0]
    memory = Path("/proc/meminfo").read_text().splitlines()[0].split()[1]
    return {
        "cpu": platform.processor() or platform.machine(),
        "cores": os.cpu_count(),
        "memory_gb": round(int(memory) / 1024 / 1024, 1),
        "python": platform.python_version(),
        "postgresql": server_version,
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
    }


def counts() -> dict:
    from events.models import Proceeding, Ruling, Sentence
    from people.models import Person
    from sources.models import Citation, Source

    return {
        "people": Person.objects.count(),
        "proceedings": Proceeding.objects.count(),
        "rulings": Ruling.objects.count(),
        "sentences": Sentence.objects.count(),
        "listed sentences": Sentence.objects.filter(listed=True).count(),
        "sources": Source.objects.count(),
        "citations": Citation.objects.count(),
    }


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DB))
    parser.add_argument("--url", help="a running server (default: start `make serve`)")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--export-runs", type=int, default=3, help="0 skips the export")
    parser.add_argument("--api-depth", type=int, default=2500, help="the API page timed deep")
    parser.add_argument(
        "--verify-depth", action="store_true", help="follow next to --api-depth once, first"
    )
    parser.add_argument("--only", help="time only the figures whose label contains this")
    args = parser.parse_args()

    os.environ["DJANGO_API_RATE_LIMIT"] = API_RATE_LIMIT
    setup_django(args.database_url)
    env = {"DJANGO_API_RATE_LIMIT": API_RATE_LIMIT}
    with served(args.database_url, args.url, env=env) as base:
        report = {"machine": machine(), "data": counts(), "pages": [], "export": {}}
        if args.verify_depth:
            for _label, query in API_QUERIES[:1]:  # the default order; tests walk the rest
                verify_depth(base, query, args.api_depth)
        targets = pick_targets()
        for label, path, target in figures(targets) + api_figures(args.api_depth):
            if args.only and args.only not in label:
                continue
            times, floors, queries = measure_page(base + path, path, args.runs)
            median = statistics.median(times)
            floor = statistics.median(floors)
            report["pages"].append(
                {
                    "figure": label,
                    "path": path,
                    "min_ms": round(min(times), 1),
                    "median_ms": round(median, 1),
                    "max_ms": round(max(times), 1),
                    "queries": queries,
                    "floor_ms": round(floor, 1),
                    "ratio": round(median / floor, 2) if floor else None,
                    "target_ms": target,
                }
            )
            print(f"{label:45} {median:8.1f} ms (floor {floor:6.1f} ms)", file=sys.stderr)

        if not args.export_runs:
            return finish(report)
        before = {pid: vm_hwm_mb(pid) for pid in worker_pids(base)}
        exports = [export_over_http(base + "/cases.csv") for _ in range(args.export_runs)]
        after = {pid: vm_hwm_mb(pid) for pid in worker_pids(base)}
        rows = exports[0][0]
        rates = [r / s for r, s in exports]
        floors = copy_floors(base, args.export_runs)
        copy_rows, copy_seconds = floors["statement"]
        scalar_rows, scalar_seconds = floors["scalars"]
        report["export"] = {
            "rows": rows,
            "rows_per_s_min": round(min(rates)),
            "rows_per_s_median": round(statistics.median(rates)),
            "rows_per_s_max": round(max(rates)),
            "seconds_median": round(statistics.median(s for _, s in exports), 2),
            "worker_peak_rss_mb": round(max(after.values()), 1) if after else None,
            "worker_rss_before_mb": round(max(before.values()), 1) if before else None,
            "copy_rows": copy_rows,
            "copy_rows_per_s": round(copy_rows / copy_seconds),
            "ratio_to_copy": round(statistics.median(rates) / (copy_rows / copy_seconds), 2),
            "scalar_copy_rows_per_s": round(scalar_rows / scalar_seconds),
            "ratio_to_scalar_copy": round(
                statistics.median(rates) / (scalar_rows / scalar_seconds), 2
            ),
        }

    return finish(report)


def finish(report: dict) -> int:
    results = ROOT / "bench" / "results"
    results.mkdir(exist_ok=True)
    (results / "latest.json").write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    print_table(report)
    return 0


def print_table(report: dict) -> None:
    print("machine:", ", ".join(f"{k} {v}" for k, v in report["machine"].items()))
    print("data:", ", ".join(f"{v:,} {k}" for k, v in report["data"].items()))
    print()
    print("| figure | server min / median / max (ms) | SQL floor (ms) | ratio | queries | target |")
    print("|---|---|---|---|---|---|")
    for page in report["pages"]:
        print(
            f"| {page['figure']} | {page['min_ms']} / **{page['median_ms']}** / {page['max_ms']} "
            f"| {page['floor_ms']} | {page['ratio']}× | {page['queries']} "
            f"| < {page['target_ms']} ms, ≤ 3× |"
        )
    export = report["export"]
    if not export:
        return
    print(
        f"| CSV export, {export['rows']:,} rows | {export['rows_per_s_min']:,} / "
        f"**{export['rows_per_s_median']:,}** / {export['rows_per_s_max']:,} rows/s "
        f"| COPY {export['copy_rows_per_s']:,} rows/s | {export['ratio_to_copy']}× of COPY "
        f"| peak worker RSS {export['worker_peak_rss_mb']} MB | ≥ 0.5× COPY, < 150 MB |"
    )
    print(
        f"\nReference: COPY of the same rows' scalar columns only (no lists): "
        f"{export['scalar_copy_rows_per_s']:,} rows/s; the export is "
        f"{export['ratio_to_scalar_copy']}× of it."
    )


if __name__ == "__main__":
    sys.exit(main())
