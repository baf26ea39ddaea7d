"""Benchmark: the public site over real HTTP, uncached and cached, against PostgreSQL's floor.

    make bench                      # = .venv/bin/python bench/benchmark.py
    .venv/bin/python bench/benchmark.py --runs 9 --database-url postgres://…/casetracker_bench
    .venv/bin/python bench/benchmark.py --small-database-url postgres://…/casetracker_bench_small
    .venv/bin/python bench/benchmark.py --datasette     # Datasette on the same rows, side by side

Needs a PostgreSQL database filled by ``make bench-data`` (default size: 100,000 people,
300,000 sentences; BENCH_SCALE=0.1 for a tenth). The script starts ``make serve``
(production settings, gunicorn, WhiteNoise) on a free port it checked, and measures only
that server's own process tree (bench/serving.py), unless ``--url`` names a running server.

Figures (bench/results/latest.json, and a table on stdout):

- **pages**: the case list in every sort at page 1, page 2,500 and the last page; with
  each filter of its FilterSet (one figure at least per filter); the person, court,
  protest and proceeding pages; the people and sources lists at their first and last
  page; the search; the API's case list at page 1 and 2,500.
  Each run empties the served site's cache (the bench's own Redis database, --cache-url),
  then requests the page twice: **uncached** is the first request, **cached** the second
  (served from the cache where the site caches the page; otherwise the same work again);
  then moves the site's generation on, as every publish does, and requests it a third time:
  **after a publish** (the page and what is kept per generation built again; what is kept
  by its content, the case list's menus, still kept).
  Before the first figure, every path is requested uncached, as many at once as the server
  has threads, so that each thread has its database connection (``warm_server``).
- **floor**: the same SQL run here, plainly: the page's statements are captured in this
  process through Django's test client (same code, a dummy cache), then executed one by one
  with their rows read, timed by the wall clock (EXPLAIN ANALYZE's instrumentation
  overstated plain execution by 25–35%). **ratio** = uncached median / floor. Requests and
  floors are taken in turn, one of each per run, so that both see the machine alike.
- **CSV**: every listed row and two filtered exports, each uncached: time to the first
  64 KB and in all, rows/s, and the peak of the server's process tree's summed PSS while
  it streams; each twice: with no stored lines (every row made afresh) and again, reading
  the lines the first download stored (events.csv_export.StoredLines); the floor is
  PostgreSQL's COPY of the export's own statement.
- **growth** (--small-database-url): the whole run first on the small data (a child
  process), then on the full: each figure's median full / small.

Speed is measured here, never asserted by timed tests.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import runpy
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import NamedTuple

from serving import MemorySampler, own_processes, served, tree_memory

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/casetracker_bench"
DEFAULT_CACHE = "redis://127.0.0.1:6379/5"
sys.path.insert(0, str(ROOT))


def setup_django(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "casetracker.settings.dev")
    os.environ["DJANGO_DEBUG"] = "0"
    os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
    import django

    django.setup()


def _top(queryset, field: str):
    """The value of ``field`` that most rows of ``queryset`` share (ties: the smallest)."""
    from django.db.models import Count

    return (
        queryset.exclude(**{f"{field}__isnull": True})
        .values(field)
        .annotate(n=Count("pk"))
        .order_by("-n", field)
        .values_list(field, flat=True)
        .first()
    )


def _most(queryset, related: str):
    """The id of the row of ``queryset`` with the most ``related`` rows."""
    from django.db.models import Count

    ranked = queryset.annotate(n=Count(related)).order_by("-n", "pk")
    return ranked.values_list("pk", flat=True).first()


def pick_targets() -> dict:
    """Ids and words the figures ask for, read from the database: each the most common one,
    so that a filter returns many rows (the slow case), never an empty page."""
    from events.browse_views import PersonListView
    from events.filters import CaseFilter
    from events.models import (
        DEFENCE_ROLES,
        Charge,
        CourtRole,
        CourtRoleKind,
        Occasion,
        Protest,
        Ruling,
        Sentence,
    )
    from events.selectors import public_proceedings
    from people.models import Affiliation, Organization, Person
    from places.selectors import public_place_tree
    from sources.models import Source

    listed = Sentence.objects.filter(listed=True, proceeding__person__is_protected=False)
    person_id = _top(listed, "proceeding__person_id")
    court_id = _top(Ruling.objects.public().filter(proceeding__court__isnull=False),
                    "proceeding__court_id")  # fmt: skip
    court = Organization.objects.get(pk=court_id)
    menu = {pk for pk, _ in public_place_tree().menu()}
    place = court.location.parent_id if court.location and court.location.parent_id else None
    place = place if place in menu else (court.location_id if court.location_id in menu else None)

    def surname(person_id):
        return Person.objects.get(pk=person_id).preferred_name.split()[-1]

    judge = _top(CourtRole.objects.public().filter(role=CourtRoleKind.JUDGE), "person_id")
    lawyer = _top(CourtRole.objects.public().filter(role__in=DEFENCE_ROLES), "person_id")
    typical = (
        Person.objects.public()
        .filter(is_protected=False, proceedings__isnull=False)
        .order_by("pk")
        .values_list("pk", flat=True)
        .first()
    )
    charge = "inciting discord"
    if not Charge.objects.public().filter(as_reported__icontains="discord").exists():
        charge = _top(Charge.objects.public(), "article")
    rows = CaseFilter({}).qs.count()
    # The letter of the people list's index that sorts last (Ә after every Latin letter).
    people_list = PersonListView()
    people_list.role = None
    letters = [letter for letter in people_list._letters() if letter.isalpha()]
    targets = {
        "person": person_id,
        "typical_person": typical,
        "surname": surname(person_id),
        "court": court_id,
        "place": place or next(iter(sorted(menu)), None),
        "judge": surname(judge) if judge else "",
        "lawyer": surname(lawyer) if lawyer else "",
        "organization": _top(Affiliation.objects.public(), "organization_id"),
        "protest": _most(Protest.objects.public(), "proceedings"),
        "occasion": _most(Occasion.objects.public(), "protests"),
        "proceeding": public_proceedings().order_by("pk").values_list("pk", flat=True).first(),
        "charge": charge,
        "outlet": _top(Source.objects.public(), "outlet") or "",
        "rows": rows,
        "late_letter": letters[-1] if letters else "",
        "last_page": max(1, -(-rows // LIST_PAGE_SIZE)),
    }
    missing = sorted(name for name, value in targets.items() if value is None or value == "")
    if missing:
        # A figure would time a filter's error page, or an empty one, under its name.
        raise SystemExit(
            f"The bench data holds no {', '.join(missing)} to time: make it again "
            "(make bench-data) with generate_synthetic's defaults."
        )
    return targets


class Figure(NamedTuple):
    key: str  # the same on every database: growth compares figures by it
    label: str
    path: str
    target_ms: float


LIST_PAGE_SIZE = 50  # events.views.CaseListView.page_size
DEEP_PAGE = 2500


def list_path(query: dict) -> str:
    return "/" + (f"?{urllib.parse.urlencode(query)}" if query else "")


def filter_queries(targets: dict) -> list[tuple[str, dict]]:
    """(label, query) of one figure per filter of the case list, some per value kind."""
    return [
        ("name (the most-sentenced person's surname)", {"name": targets["surname"]}),
        ("kind: fine", {"kind": "fine"}),
        ("kind: administrative detention", {"kind": "administrative_detention"}),
        ("status: imposed", {"status": "imposed"}),
        ("at least 10 days", {"days_min": 10}),
        ("at most 15 days", {"days_max": 15}),
        ("10–30 days", {"days_min": 10, "days_max": 30}),
        ("fine at least 100,000 KZT", {"kzt_min": 100000}),
        ("fine at most 50,000 KZT", {"kzt_max": 50000}),
        ("fine 100,000–500,000 KZT", {"kzt_min": 100000, "kzt_max": 500000}),
        ("year 2023 (date from + to)", {"date_from": "2023", "date_to": "2023"}),
        ("from 2025-03", {"date_from": "2025-03"}),
        ("to 2019", {"date_to": "2019"}),
        ("court (most rulings)", {"court": targets["court"]}),
        ("country kazakhstan", {"country": "kazakhstan"}),
        ("country china", {"country": "china"}),
        ("criminal cases", {"proceeding_kind": "criminal"}),
        ("charge “inciting discord” (else the commonest article)", {"charge": targets["charge"]}),
        ("judge (most cases)", {"judge": targets["judge"]}),
        ("defence lawyer (most cases)", {"lawyer": targets["lawyer"]}),
        ("affiliated with (most members)", {"organization": targets["organization"]}),
        ("place (the top court's region)", {"place": targets["place"]}),
        ("protest (most cases)", {"protest": targets["protest"]}),
        ("detention without a case", {"without_case": "on"}),
        ("protest status dispersed", {"protest_status": "dispersed"}),
        ("occasion (most protests)", {"occasion": targets["occasion"]}),
        ("pre-trial detention", {"measure": "detention"}),
        ("plea contested", {"plea": "contested"}),
        ("plea guilty", {"plea": "guilty"}),
        ("country kazakhstan, longest term first, page 2,500",
         {"country": "kazakhstan", "ordering": "-days", "page": DEEP_PAGE}),
        ("fine, largest first, last page", {"kind": "fine", "ordering": "-kzt", "page": "last"}),
    ]  # fmt: skip


def figures(targets: dict) -> list[Figure]:
    """Every figure of the HTML site: each sort at page 1, 2,500 and the last, each filter,
    the person, court, protest and proceeding pages and the search."""
    from casetracker.keyset import END, Cursor
    from events.filters import ORDERING_CHOICES

    q = urllib.parse.quote
    last = f"cursor={Cursor(END).token()}"  # the last page of a list read by cursor
    found = []
    for order, order_label in ORDERING_CHOICES:
        for depth, depth_label in ((1, "page 1"), (DEEP_PAGE, "page 2,500"), ("last", "last")):
            query = {"ordering": order} if order != "-date" else {}
            if depth == "last":
                depth = targets["last_page"]
                depth_label = f"last page ({depth:,})"
            elif depth == DEEP_PAGE and depth > targets["last_page"]:
                depth_label = f"page 2,500 (= last, {targets['last_page']:,})"
            if depth != 1:
                query = html_depth(query, "last" if depth_label.startswith("last") else depth)
            key = f"list {order} {'last' if depth_label.startswith('last') else depth}"
            found.append(Figure(key, f"case list, {order_label.lower()}, {depth_label}",
                                list_path(query), 100))  # fmt: skip
    for label, query in filter_queries(targets):
        if "page" in query:
            depth = query.pop("page")
            query = html_depth(query, depth)
        key = "filter " + label  # labels name no value read from the data
        found.append(Figure(key, f"case list, {label}", list_path(query), 100))
    found += [
        # Every filter on a page of their own: the menus read from the records are drawn here.
        Figure("filters", "page of filters", "/filters/", 100),
        Figure("filters court", "page of filters, the top court chosen",
               f"/filters/?court={targets['court']}", 100),
        Figure("person top", "person page (most sentences)", f"/people/{targets['person']}/", 100),
        Figure("person typical", "person page (first by id)",
               f"/people/{targets['typical_person']}/", 100),
        Figure("court", "court page (most rulings)", f"/organizations/{targets['court']}/", 100),
        Figure("protest", "protest page (most cases)", f"/protests/{targets['protest']}/", 100),
        # Pages that list what lies under them: a region's newest protests and cases, a
        # movement's members (a page of them).
        Figure("place", "place page (the top court's region)", f"/places/{targets['place']}/", 100),
        Figure("organization", "organization page (most members)",
               f"/organizations/{targets['organization']}/", 100),
        Figure("proceeding", "proceeding page", f"/proceedings/{targets['proceeding']}/", 100),
        Figure("people", "people list", "/people/", 100),
        Figure("people letter", "people list, the letter that sorts last",
               f"/people/?letter={q(targets['late_letter'])}", 100),
        Figure("people last", "people list, last page", f"/people/?{last}", 100),
        Figure("sources", "sources list", "/sources/", 100),
        Figure("sources last", "sources list, last page", f"/sources/?{last}", 100),
        Figure("feed", "feed of the case list (newest changes)", "/cases.atom", 100),
        Figure("person feed", "person's feed (most sentences)",
               f"/people/{targets['person']}/feed.atom", 100),
        Figure("court feed", "court's feed (most rulings)",
               f"/organizations/{targets['court']}/feed.atom", 100),
        Figure("search latin", "search “azhibai”", "/search/?q=azhibai", 50),
        Figure("search cyrillic", "search “Ажибай”", f"/search/?q={q('Ажибай')}", 50),
        Figure("search surname", "search (the most-sentenced surname)",
               f"/search/?q={q(targets['surname'])}", 50),
        # Kinds the search knows by name, each shared by thousands of cases.
        Figure("search penalty", "search “house arrest” (a kind of penalty and measure)",
               "/search/?q=house+arrest", 50),
        Figure("search plea", "search “not guilty” (a plea)", "/search/?q=not+guilty", 50),
        # The commonest penalty: by kind, and in the words of half the amounts as reported.
        Figure("search fine", "search “fine” (the commonest penalty)", "/search/?q=fine", 50),
        Figure("search outlet", "search (the commonest outlet: its sources)",
               f"/search/?q={q(targets['outlet'])}", 50),
        # A word most protests hold: past 1,000 of them, walked newest first.
        Figure("search protests", "search “picket” (the word of most protests)",
               "/search/?q=picket", 50),
    ]  # fmt: skip
    return found


def csv_figures(targets: dict) -> list[Figure]:
    """The CSV export: every listed row, and two filtered (bounded) ones."""
    return [
        Figure("csv all", "CSV, every listed row", "/cases.csv", 500),
        Figure("csv court", "CSV, court (most rulings), at least 30 days",
               f"/cases.csv?court={targets['court']}&days_min=30", 500),
        Figure("csv china", "CSV, country china", "/cases.csv?country=china", 500),
    ]  # fmt: skip


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


def html_depth(query: dict, page) -> dict:
    """``query`` at ``page`` of the HTML case list (``"last"``: its last page), which pages
    by cursor (events.paging) as the API does: the cursor following ``next`` from page 1
    arrives at, or the last page's own."""
    from events.filters import DEFAULT_ORDERING
    from events.paging import END, Cursor

    if page == "last":
        return {**query, "cursor": Cursor(query.get("ordering", DEFAULT_ORDERING), END).token()}
    cursor = depth_cursor(query, page, LIST_PAGE_SIZE)
    return {**query, "cursor": cursor} if cursor else query


def depth_cursor(query: dict, page: int, page_size: int | None = None) -> str | None:
    """The cursor of the API's case list at ``page`` (1 is the first), or None if shorter.

    Built directly as api.pagination.CaseCursorPagination builds ``next``: from the last
    row of the page before, ``cursor_token(ordering, that row's ordering value, its id)``,
    reading that row with the case list's own FilterSet and order (an OFFSET, here, once).
    Following ``next`` page - 1 times from page 1 arrives at the same cursor
    (``--verify-depth`` checks it over HTTP) without 2,500 requests per run.
    """
    from api.pagination import PAGE_SIZE
    from events.filters import DEFAULT_ORDERING, CaseFilter
    from events.paging import column_of, cursor_token

    if page == 1:
        return None
    size = page_size or PAGE_SIZE
    order_key = query.get("ordering", DEFAULT_ORDERING)
    column = column_of(order_key)
    rows = CaseFilter(query).qs.prefetch_related(None).values_list(column, "pk")
    found = rows[(page - 1) * size - 1 : (page - 1) * size]
    if not found:
        return None
    value, pk = found[0]
    return cursor_token(order_key, value, pk)


def api_path(query: dict, cursor: str | None) -> str:
    params = {**query, "cursor": cursor} if cursor else query
    return API_PATH + (f"?{urllib.parse.urlencode(params)}" if params else "")


def api_figures(depth: int) -> list[Figure]:
    """The API's case list at page 1 and page ``depth``."""
    found = []
    for label, query in API_QUERIES:
        key = "api " + urllib.parse.urlencode(query)
        found.append(Figure(key + " 1", f"API cases, {label}, page 1", api_path(query, None), 100))
        cursor = depth_cursor(query, depth)
        if cursor is None:
            print(f"API cases, {label}: fewer than {depth:,} pages", file=sys.stderr)
            continue
        found.append(Figure(key + " deep", f"API cases, {label}, page {depth:,}",
                            api_path(query, cursor), 100))  # fmt: skip
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
FIRST_BYTES = 64 * 1024


def http_time(url: str) -> float:
    """Wall-clock ms of one GET of ``url``, response read in full."""
    started = time.perf_counter()
    with urllib.request.urlopen(url, timeout=120) as response:
        response.read()
        assert response.status == 200, (url, response.status)
    return (time.perf_counter() - started) * 1000


class Cache:
    """The served site's cache in Redis, emptied before each uncached ("cold") request.

    Only a database of the bench's own (redis://host:port/N, N not 0, the shared default)
    is emptied, key by key (SCAN, never FLUSHALL); with ``prefix``, only keys under it.
    """

    def __init__(self, url: str | None, prefix: str = ""):
        self.url, self.prefix, self.client = url, prefix, None
        if url:
            import redis

            self.client = redis.Redis.from_url(url)
            db = self.client.connection_pool.connection_kwargs.get("db", 0)
            if not db and not prefix:
                raise SystemExit(f"{url} is Redis database 0, shared: give the bench its own.")

    def clear(self) -> None:
        if self.client is None:
            return
        keys = list(self.client.scan_iter(match=self.prefix + "*", count=1000))
        for start in range(0, len(keys), 1000):
            self.client.unlink(*keys[start : start + 1000])

    def move_generation(self) -> bool:
        """Move the served site's generation on, as a publish does (publishing.generation:
        every kept page and per-generation value is stale; what is kept by its content, the
        menus, stays). Through this process's Django, whose cache is the served site's
        (``use_served_cache``). False when there is no cache of the bench's to move."""
        if self.client is None or self.prefix:
            return False
        from publishing import generation

        generation.advance()
        return True


def use_served_cache(cache_url: str | None) -> None:
    """This process's Django cache: the served site's (the same Redis database, no key
    prefix), so that ``Cache.move_generation`` moves the generation the server reads.
    Before ``setup_django``."""
    if cache_url:
        os.environ["CACHE_URL"] = cache_url
        os.environ["CACHE_KEY_PREFIX"] = ""


def warm_server(base: str, paths: list[str], cache: Cache, rounds: int = 3) -> int:
    """Give every thread of the server a database connection before the figures: ``rounds``
    of every path, uncached (the cache emptied first), as many at once as the server has
    threads (gunicorn's pools start a thread only when the others are busy). Returns the
    number of threads warmed.

    A thread's first statements on a new connection cost PostgreSQL 15–20 ms more (the
    backend reads the catalogue of each table it meets); the per-figure warm-up requests
    are served from the cache after the first, so the first figures of a run were measured
    on the threads' new connections (the first page 110 ms, 53 ms on a warm connection).
    The figures are of a server that has been running, as a site's server has. Every
    figure's path, whichever --only times: a round needs more distinct pages than the
    server has threads, each built uncached (a page served from the cache opens no
    connection).
    """
    conf = runpy.run_path(str(ROOT / "casetracker" / "gunicorn.conf.py"))
    clients = conf["workers"] * conf["threads"]
    with ThreadPoolExecutor(clients) as pool:
        for _ in range(rounds):
            cache.clear()
            list(pool.map(lambda path: http_time(base + path), paths))
    return clients


def page_statements(path: str) -> list[str]:
    """The SQL the page runs uncached, captured in this process through Django's test client
    (same code and settings, but a dummy cache, so that every statement runs)."""
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext

    dummy = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    with override_settings(CACHES=dummy):
        client = Client()
        client.get(path, HTTP_HOST="localhost")
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path, HTTP_HOST="localhost")
            if hasattr(response, "streaming_content"):
                for _ in response.streaming_content:
                    pass
    return [q["sql"] for q in captured.captured_queries]


def floor_once(statements: list[str]) -> float:
    """Wall-clock ms of running ``statements`` as they are, rows read into Python.

    Plain execution, as the site runs them: EXPLAIN ANALYZE's per-row timing overstated it
    by 25–35% on some pages. This includes each round trip on loopback and reading the rows.
    """
    from django.db import connection

    with connection.cursor() as cursor:
        started = time.perf_counter()
        for sql in statements:
            cursor.execute(sql)
            if cursor.description is not None:
                cursor.fetchall()
        return (time.perf_counter() - started) * 1000


def measure_page(url: str, path: str, runs: int, cache: Cache, warm_up: int) -> dict:
    """Uncached and cached times and floors of one page, taken in turn.

    Each run: empty the cache, one request (uncached: "cold"), the same again (served from
    the cache if the site caches it: "warm"), the generation moved on as a publish moves it
    and the same again ("moved": uncached, but what is kept by content, the menus, kept),
    then the floor, so that all four see the machine in the same state even when a shared
    machine slows down for a while.
    """
    statements = page_statements(path)
    for _ in range(warm_up):
        http_time(url)
    floor_once(statements)
    cold, warm, moved, floors = [], [], [], []
    for _ in range(runs):
        cache.clear()
        cold.append(http_time(url))
        warm.append(http_time(url))
        if cache.move_generation():
            moved.append(http_time(url))
        floors.append(floor_once(statements))
    return {"cold": cold, "warm": warm, "moved": moved, "floors": floors,
            "queries": len(statements)}  # fmt: skip


def export_over_http(url: str) -> dict:
    """One CSV download: rows, seconds to the first 64 KB and in all."""
    started = time.perf_counter()
    rows, received, first = -1, 0, None  # -1: the header line
    with urllib.request.urlopen(url, timeout=3600) as response:
        assert response.status == 200, (url, response.status)
        last = b"\n"
        while chunk := response.read(1 << 14):
            received += len(chunk)
            rows += chunk.count(b"\n")
            last = chunk[-1:]
            if first is None and received >= FIRST_BYTES:
                first = time.perf_counter() - started
        if last != b"\n":
            rows += 1
    total = time.perf_counter() - started
    return {"rows": rows, "bytes": received, "first_s": first or total, "total_s": total}


def forget_export_lines() -> None:
    """Empty the bench database's stored CSV lines (events.ExportLine), so that the next
    export makes every row afresh."""
    from django.db import connection

    from events.models import ExportLine

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"TRUNCATE {ExportLine._meta.db_table}")


def measure_csv(base: str, figure: Figure, runs: int, cache: Cache) -> dict:
    """``runs`` pairs of downloads, each uncached (the cache emptied first), while the
    server's process tree is sampled: the first with no stored lines (every row made
    afresh, and stored), the second reading the lines the first stored."""
    downloads, peaks, stored, stored_peaks = [], [], [], []
    for _ in range(runs):
        for made, memories in ((downloads, peaks), (stored, stored_peaks)):
            cache.clear()
            if made is downloads:
                forget_export_lines()
            with MemorySampler(lambda: own_processes(base)) as memory:
                made.append(export_over_http(base + figure.path))
            memories.append(memory.peak_mb)
    pids = own_processes(base)

    def summary(runs: list[dict], prefix: str = "") -> dict:
        first = [d["first_s"] * 1000 for d in runs]
        total = [d["total_s"] for d in runs]
        return {
            f"{prefix}first_64kb_ms_median": round(statistics.median(first), 1),
            f"{prefix}first_64kb_ms_max": round(max(first), 1),
            f"{prefix}total_s_median": round(statistics.median(total), 3),
            f"{prefix}rows_per_s_median": round(runs[0]["rows"] / statistics.median(total)),
        }

    return {
        "figure": figure.label,
        "key": figure.key,
        "path": figure.path,
        "rows": downloads[0]["rows"],
        "mb": round(downloads[0]["bytes"] / 1e6, 1),
        **summary(downloads),
        **summary(stored, "stored_"),
        "server_tree_pss_peak_mb": round(max(peaks + stored_peaks), 1) if pids else None,
        "server_tree_processes": len(pids),
        "server_process_peak_mb": tree_memory(pids)["process_peak_mb"] if pids else None,
        "target_first_ms": figure.target_ms,
    }


def copy_rate(statements, settings: dict[str, str], runs: int) -> tuple[int, float]:
    """PostgreSQL's own ``COPY (sql) TO STDOUT WITH CSV`` of each statement ``statements()``
    gives, read here, all in one transaction (the export's batches read their ids through a
    server-side cursor, which lives only as long as it): (rows, median s)."""
    from django.db import connection, transaction

    seconds, rows = [], 0
    for _ in range(runs):
        with transaction.atomic(), connection.cursor() as cursor:
            for name, value in settings.items():
                cursor.execute("SELECT set_config(%s, %s, true)", [name, value])
            rows = 0
            started = time.perf_counter()
            for sql, params in statements():
                statement = f"COPY ({sql}) TO STDOUT WITH (FORMAT csv)"
                with cursor.cursor.copy(statement, params) as copy:
                    for _ in copy:  # one message per row
                        rows += 1
            seconds.append(time.perf_counter() - started)
    return rows, statistics.median(seconds)


def copy_floor(base: str, runs: int) -> dict:
    """The whole export's floor: its own statements (one per batch of rows, as the export
    runs them), COPY by PostgreSQL itself, and for reference the COPY of the same rows'
    scalar columns alone (no lists), in one statement."""
    from events import csv_export
    from events.filters import CaseFilter

    settings = getattr(csv_export, "COPY_SETTINGS", {})
    sentences = CaseFilter({}).qs

    def export():
        return csv_export.statements(sentences, lambda path: base + path, csv_export.BATCH_ROWS)

    scalars = sentences.prefetch_related(None).values_list(
        "pk", "proceeding__person__preferred_name", "proceeding__kind", "proceeding__country",
        "proceeding__court__name", "proceeding__court_as_reported", "proceeding__opened",
        "ruling__date", "ruling__court_instance", "ruling__plea", "ruling__outcome", "kind",
        "status", "amount_as_reported", "term_quantity", "term_unit", "term_days",
        "fine_amount", "fine_currency", "fine_kzt", "fine_usd_as_reported",
    )  # fmt: skip
    scalar = scalars.query.sql_with_params()
    rows, seconds = copy_rate(export, settings, runs)
    scalar_rows, scalar_seconds = copy_rate(lambda: [scalar], settings, runs)
    return {
        "rows": rows,
        "scalar_rows": scalar_rows,
        "copy_rows_per_s": round(rows / seconds),
        "scalar_copy_rows_per_s": round(scalar_rows / scalar_seconds),
    }


# A fixed task for Django's template engine, the pages' largest cost after the database:
# 2,000 rows of lookups, filters, conditions and translated words.
CALIBRATION_TEMPLATE = (
    "{% load i18n %}{% for row in rows %}<tr><td>{{ row.name|upper }}</td>"
    "<td>{% if row.days %}{{ row.days }} {% translate 'days' %}{% else %}-{% endif %}</td>"
    '<td><a href="{{ row.url }}">{{ row.source.outlet }}, {{ row.source.headline }}</a>'
    "</td></tr>{% endfor %}"
)


def template_speed_ms() -> float:
    """Milliseconds this machine takes to draw CALIBRATION_TEMPLATE (the best of five, in
    the bench's own process, the server idle). The pages' time is mostly Python, and
    machines of one kind have differed by more than twice in it: this says how far
    figures taken on two machines can be compared."""
    from django.template import Context, Engine

    template = Engine(libraries={"i18n": "django.templatetags.i18n"}).from_string(
        CALIBRATION_TEMPLATE
    )
    rows = [
        {
            "name": f"person {n}",
            "days": n % 30,
            "url": f"/people/{n}/",
            "source": {"outlet": "Azattyq", "headline": f"Report {n}"},
        }
        for n in range(2000)
    ]
    best = float("inf")
    for _ in range(5):
        started = time.perf_counter()
        template.render(Context({"rows": rows}))
        best = min(best, time.perf_counter() - started)
    return round(best * 1000, 1)


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
        "load_1min": os.getloadavg()[0],
        "template_ms": template_speed_ms(),
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
    }


def counts() -> dict:
    from events.models import Proceeding, Ruling, Sentence
    from people.models import Person

    return {
        "people": Person.objects.count(),
        "proceedings": Proceeding.objects.count(),
        "rulings": Ruling.objects.count(),
        "sentences": Sentence.objects.count(),
        "listed sentences": Sentence.objects.filter(listed=True).count(),
    }


def summarise(figure: Figure, measured: dict) -> dict:
    cold, warm = measured["cold"], measured["warm"]
    floor = statistics.median(measured["floors"])
    median = statistics.median(cold)
    return {
        "figure": figure.label,
        "key": figure.key,
        "path": figure.path,
        "min_ms": round(min(cold), 1),
        "median_ms": round(median, 1),
        "max_ms": round(max(cold), 1),
        "cached_median_ms": round(statistics.median(warm), 1),
        "moved_median_ms": (
            round(statistics.median(measured["moved"]), 1) if measured.get("moved") else None
        ),
        "queries": measured["queries"],
        "floor_ms": round(floor, 1),
        "ratio": round(median / floor, 2) if floor else None,
        "target_ms": figure.target_ms,
    }


def run(args, database_url: str) -> dict:
    """Every figure against a server of ``database_url`` (started here unless --url)."""
    cache_url = args.cache_url if not args.url or args.cache_url_given else None
    env = {"DJANGO_API_RATE_LIMIT": API_RATE_LIMIT}
    if cache_url:  # the served site's cache (and the API's rate limit) in the bench's own DB
        env |= {"DJANGO_REDIS_URL": cache_url, "CACHE_URL": cache_url}
    cache = Cache(cache_url, args.cache_prefix)
    with served(database_url, args.url, env=env) as base:
        report = {
            "machine": machine(),
            "database": urllib.parse.urlsplit(database_url).path.lstrip("/"),
            "data": counts(),
            "cache": cache_url or "(not cleared: --url without --cache-url)",
            "pages": [],
            "csv": [],
        }
        if args.verify_depth:
            verify_depth(base, API_QUERIES[0][1], args.api_depth)
        targets = pick_targets()
        report["targets"] = targets
        chosen = figures(targets) + api_figures(args.api_depth)
        threads = warm_server(base, [figure.path for figure in chosen], cache)
        report["threads_warmed"] = threads
        for figure in chosen:
            if args.only and args.only not in figure.label:
                continue
            measured = measure_page(base + figure.path, figure.path, args.runs, cache,
                                    args.warm_up)  # fmt: skip
            page = summarise(figure, measured)
            report["pages"].append(page)
            print(f"{figure.label:60} {page['median_ms']:8.1f} ms after a publish "
                  f"{page['moved_median_ms'] or 0:6.1f} cached {page['cached_median_ms']:5.1f} "
                  f"(floor {page['floor_ms']:6.1f})", file=sys.stderr)  # fmt: skip
        if args.export_runs:
            for figure in csv_figures(targets):
                if args.only and args.only not in figure.label:
                    continue
                export = measure_csv(base, figure, args.export_runs, cache)
                report["csv"].append(export)
                stored = (f"{export['stored_first_64kb_ms_median']} ms, "
                          f"{export['stored_rows_per_s_median']:,} rows/s")  # fmt: skip
                print(f"{figure.label:60} first 64 KB {export['first_64kb_ms_median']} ms, "
                      f"{export['rows_per_s_median']:,} rows/s; lines stored: {stored}",
                      file=sys.stderr)  # fmt: skip
            if report["csv"] and (not args.only or "every" in args.only):
                report["copy"] = copy_floor(base, args.export_runs)
        if args.datasette:
            from datasette_side import side_by_side

            report["datasette"] = side_by_side(base, targets, args.runs, cache)
    return report


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DB))
    parser.add_argument(
        "--small-database-url",
        help="the same data at 1/10 (make bench-data BENCH_SCALE=0.1): run there first and "
        "print each figure's growth (full / small)",
    )
    parser.add_argument("--url", help="a running server (default: start `make serve`)")
    parser.add_argument(
        "--cache-url",
        default=os.environ.get("CACHE_URL") or os.environ.get("DJANGO_REDIS_URL") or DEFAULT_CACHE,
        help="the Redis database the served site caches in, emptied before each uncached "
        f"request (default {DEFAULT_CACHE}: the bench's own)",
    )
    parser.add_argument("--cache-prefix", default="", help="empty only keys under this prefix")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--warm-up", type=int, default=WARM_UP_REQUESTS)
    parser.add_argument("--export-runs", type=int, default=3, help="0 skips the CSV")
    parser.add_argument("--api-depth", type=int, default=2500, help="the API page timed deep")
    parser.add_argument(
        "--verify-depth", action="store_true", help="follow next to --api-depth once, first"
    )
    parser.add_argument("--only", help="time only the figures whose label contains this")
    parser.add_argument(
        "--datasette", action="store_true", help="time Datasette on the same rows, side by side"
    )
    parser.add_argument("--json-out", type=Path, default=ROOT / "bench" / "results" / "latest.json")
    args = parser.parse_args()
    args.cache_url_given = any(a.startswith("--cache-url") for a in sys.argv)

    os.environ["DJANGO_API_RATE_LIMIT"] = API_RATE_LIMIT
    small = None
    if args.small_database_url:
        small_json = args.json_out.with_name("small.json")
        command = [sys.executable, __file__, *without_option(sys.argv[1:], "--small-database-url")]
        command = without_option(without_option(command, "--database-url"), "--json-out")
        command += ["--database-url", args.small_database_url, "--json-out", str(small_json)]
        subprocess.run(command, check=True)
        small = json.loads(small_json.read_text())
    use_served_cache(args.cache_url if not args.url or args.cache_url_given else None)
    setup_django(args.database_url)
    report = run(args, args.database_url)
    if small:
        add_growth(report, small)
    args.json_out.parent.mkdir(exist_ok=True)
    args.json_out.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    print_table(report)
    return 0


def without_option(argv: list[str], name: str) -> list[str]:
    """``argv`` without ``name VALUE`` or ``name=VALUE``."""
    kept, skip = [], False
    for arg in argv:
        if skip:
            skip = False
        elif arg == name:
            skip = True
        elif not arg.startswith(name + "="):
            kept.append(arg)
    return kept


def add_growth(report: dict, small: dict) -> None:
    """Each figure's median over the same figure's median on the small data."""
    report["small"] = {"database": small["database"], "data": small["data"]}
    for kind, value in (("pages", "median_ms"), ("csv", "total_s_median")):
        before = {row["key"]: row[value] for row in small.get(kind, [])}
        for row in report.get(kind, []):
            if before.get(row["key"]):
                row["small_" + value] = before[row["key"]]
                row["growth"] = round(row[value] / before[row["key"]], 2)


def print_table(report: dict) -> None:
    print("machine:", ", ".join(f"{k} {v}" for k, v in report["machine"].items()))
    print(
        f"data ({report['database']}):", ", ".join(f"{v:,} {k}" for k, v in report["data"].items())
    )
    if "small" in report:
        print(f"small data ({report['small']['database']}):",
              ", ".join(f"{v:,} {k}" for k, v in report["small"]["data"].items()))  # fmt: skip
    print(f"cache emptied before each uncached request: {report['cache']}")
    if "threads_warmed" in report:
        print(f"server threads given a connection before the figures: {report['threads_warmed']}")
    print()
    print("| figure | uncached min / median / max (ms) | after a publish median (ms) "
          "| cached median (ms) | floor (ms) | ratio | queries | growth (small → full) "
          "| target |")  # fmt: skip
    print("|---|---|---|---|---|---|---|---|---|")
    for page in report["pages"]:
        growth = (f"{page['small_median_ms']} → {page['median_ms']} ms: {page['growth']}×"
                  if "growth" in page else "")  # fmt: skip
        print(
            f"| {page['figure']} | {page['min_ms']} / **{page['median_ms']}** / {page['max_ms']} "
            f"| {page.get('moved_median_ms') or ''} "
            f"| {page['cached_median_ms']} | {page['floor_ms']} | {page['ratio']}× "
            f"| {page['queries']} | {growth} | < {page['target_ms']:g} ms |"
        )
    if report["csv"]:
        print()
        print("| CSV | rows | MB | first 64 KB median / max (ms) | total median (s) | rows/s "
              "| lines stored: first 64 KB (ms) / total (s) / rows/s "
              "| server tree PSS peak (MB) | growth |")  # fmt: skip
        print("|---|---|---|---|---|---|---|---|---|")
        for export in report["csv"]:
            growth = f"{export['growth']}×" if "growth" in export else ""
            print(
                f"| {export['figure']} | {export['rows']:,} | {export['mb']} "
                f"| **{export['first_64kb_ms_median']}** / {export['first_64kb_ms_max']} "
                f"| {export['total_s_median']} | {export['rows_per_s_median']:,} "
                f"| {export.get('stored_first_64kb_ms_median')} / "
                f"{export.get('stored_total_s_median')} / "
                f"**{export.get('stored_rows_per_s_median', 0):,}** "
                f"| {export['server_tree_pss_peak_mb']} ({export['server_tree_processes']} "
                f"processes) | {growth} |"
            )
    if report.get("copy"):
        copy = report["copy"]
        print(f"\nFloor of the whole CSV: COPY of its own statements {copy['copy_rows_per_s']:,} "
              f"rows/s; COPY of the same rows' scalar columns only "
              f"{copy['scalar_copy_rows_per_s']:,} rows/s.")  # fmt: skip
    if report.get("datasette"):
        from datasette_side import print_side_by_side

        print_side_by_side(report["datasette"])


if __name__ == "__main__":
    sys.exit(main())
