"""The benchmark's helpers: they measure only their own server, and cover the whole case list.

bench/serving.py finds a server's processes by its process tree and checks that a port is
its own; bench/benchmark.py builds a figure for every sort, depth and filter; bench/loadtest.py
merges the latencies of two wrk runs.
"""

import io
import socket
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))

import admin_lists  # noqa: E402
import benchmark  # noqa: E402
import loadtest  # noqa: E402
import serving  # noqa: E402
import two_instances  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from events.filters import ORDERINGS, CaseFilter  # noqa: E402
from events.models import Sentence  # noqa: E402
from events.paging import END, decode_cursor  # noqa: E402
from people.models import Affiliation  # noqa: E402
from publishing.models import PublicationStatus  # noqa: E402


def _command(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except FileNotFoundError:
        return b""


@pytest.fixture
def child_tree():
    """A shell with two sleeping children, stopped after the test. Ready once both children
    run ``sleep``: a child just forked still runs the shell's command line for a moment."""
    shell = subprocess.Popen(["sh", "-c", "sleep 30 & sleep 30 & wait"])
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        children = serving.process_tree(shell.pid)[1:]
        if len(children) == 2 and all(_command(pid).startswith(b"sleep") for pid in children):
            break
        time.sleep(0.05)
    yield shell
    for pid in reversed(serving.process_tree(shell.pid)):
        subprocess.run(["kill", str(pid)], check=False)
    shell.wait()


def test_process_tree_holds_the_children_and_nothing_else(child_tree):
    tree = serving.process_tree(child_tree.pid)
    assert tree[0] == child_tree.pid
    assert len(tree) == 3
    assert all(_command(pid).startswith(b"sleep") for pid in tree[1:])
    import os

    assert os.getpid() not in tree and os.getppid() not in tree


def test_tree_memory_sums_the_processes_given(child_tree):
    tree = serving.process_tree(child_tree.pid)
    one = serving.tree_memory(tree[:1])
    every = serving.tree_memory(tree)
    assert 0 < one["pss_sum_mb"] < every["pss_sum_mb"]
    assert every["process_peak_mb"] > 0


def test_a_port_is_held_only_by_the_tree_that_listens_on_it():
    listener = subprocess.Popen(
        [sys.executable, "-c", "import socket, sys, time\n"
         "s = socket.socket(); s.bind(('127.0.0.1', 0)); s.listen()\n"
         "print(s.getsockname()[1], flush=True); time.sleep(30)"],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        port = int(listener.stdout.readline())
        with socket.socket() as ours:
            ours.bind(("127.0.0.1", 0))
            ours.listen()
            our_port = ours.getsockname()[1]
            assert serving.holds_port(listener.pid, port)
            assert not serving.holds_port(listener.pid, our_port)
    finally:
        listener.kill()
        listener.wait()


def test_serve_refuses_a_port_something_else_answers_on(capsys):
    with socket.socket() as other:
        other.bind(("127.0.0.1", 0))
        other.listen()
        port = other.getsockname()[1]
        assert (
            serving.guard(f"127.0.0.1:{port}", [sys.executable, "-c", "raise SystemExit(7)"]) == 1
        )
    assert "already listens" in capsys.readouterr().err


TARGETS = {
    "surname": "Smagulov", "court": 3, "charge": "inciting discord", "judge": "Abenov",
    "lawyer": "Serikova", "organization": 5, "place": 7, "protest": 11, "occasion": 13,
    "person": 17, "typical_person": 19, "proceeding": 23, "rows": 247_703, "last_page": 4955,
    "late_letter": "Ә", "outlet": "Dala Radio",
}  # fmt: skip


def queries(figures):
    return [dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(f.path).query)) for f in figures]


@pytest.fixture(autouse=True)
def deep_cursors(monkeypatch):
    """The cursor at a page deep in the list is read from the bench's data; here, a token
    that names the page, so that the figures' depths can be read back."""
    monkeypatch.setattr(
        benchmark, "depth_cursor", lambda query, page, page_size=None: f"page-{page}"
    )


def depth_of(query: dict) -> str:
    cursor = query.get("cursor")
    if cursor is None:
        return "1"
    if cursor.startswith("page-"):
        return cursor.removeprefix("page-")
    return (
        "last"
        if decode_cursor(cursor, query.get("ordering", "-date"), Sentence).direction == END
        else cursor
    )


def test_the_bench_times_every_filter_of_the_case_list():
    listed = [f for f in benchmark.figures(TARGETS) if f.path.startswith("/?") or f.path == "/"]
    used = {name for query in queries(listed) for name in query}
    assert set(CaseFilter.base_filters) - {"ordering"} <= used


def test_the_bench_times_every_sort_at_page_one_2500_and_the_last():
    listed = [f for f in benchmark.figures(TARGETS) if f.key.startswith("list ")]
    depths = {}
    for query in queries(listed):
        depths.setdefault(query.get("ordering", "-date"), set()).add(depth_of(query))
    assert depths == {order: {"1", "2500", "last"} for order in ORDERINGS}


def test_figure_keys_are_unique_and_do_not_depend_on_the_data():
    keys = [f.key for f in benchmark.figures(TARGETS)]
    assert len(keys) == len(set(keys))
    other = {**TARGETS, "surname": "Other", "court": 99, "last_page": 496, "late_letter": "Ұ"}
    assert [f.key for f in benchmark.figures(other)] == keys


def test_two_wrk_runs_merge_into_one_latency_distribution():
    def run(requests, milliseconds):
        quantiles = [[p, milliseconds] for p in range(1, 101)]
        return {
            "requests": requests, "duration_us": 60e6, "quantiles_ms": quantiles,
            "max_ms": milliseconds, "statuses": {"200": requests}, "errors_per_second": {},
            "socket_errors_by_kind": {"read": 0}, "non_2xx_3xx": 0, "socket_errors": 0,
        }  # fmt: skip

    merged = loadtest.merged([run(100, 10.0), run(300, 30.0)])
    assert merged["requests"] == 400
    assert merged["p50_ms"] == 30.0
    assert merged["statuses"] == {"200": 400}
    assert loadtest.merged([run(300, 10.0), run(100, 30.0)])["p50_ms"] == 10.0
    assert loadtest.merged([run(300, 10.0), run(100, 30.0)])["p90_ms"] == 30.0


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY is PostgreSQL's")
def test_the_csv_floor_copies_every_listed_row_by_the_exports_own_batches(monkeypatch):
    from events import csv_export
    from tests.events.test_case_list import detention, fine
    from tests.factories import in_bulk

    with in_bulk():
        for n in range(7):
            detention(15, name=f"Defendant {n}")
        fine(100000, name="Fined")
    monkeypatch.setattr(csv_export, "BATCH_ROWS", 3)  # three batches, as a long export's

    report = benchmark.copy_floor("http://testserver", runs=1)

    listed = CaseFilter({}).qs.count()
    assert listed == 8
    assert report["rows"] == report["scalar_rows"] == listed
    assert report["copy_rows_per_s"] > 0 and report["scalar_copy_rows_per_s"] > 0


@pytest.mark.django_db
def test_the_admin_bench_asks_for_pages_that_answer(admin_client):
    """bench/admin_lists.py's pages exist, and its sorted list is sorted by the sentences."""
    figures = dict(admin_lists.pages("azhibay"))
    for figure, path in figures.items():
        assert admin_client.get(path).status_code == 200, figure
    sorted_list = admin_client.get(figures["cases list, sorted by their sentences"])
    changelist = sorted_list.context["cl"]
    [(column, direction)] = changelist.get_ordering_field_columns().items()
    assert (changelist.list_display[column], direction) == ("sentence_count", "desc")


@pytest.mark.django_db
def test_the_bench_refuses_data_that_gives_a_filter_no_value_to_time():
    """A figure named for a filter must time that filter: on data with no public
    affiliation, "affiliated with" asked for ``?organization=None`` and timed an error page."""
    call_command("generate_synthetic", scale=0.001, protests=200, seed=2, stdout=io.StringIO())
    organization = benchmark.pick_targets()["organization"]
    assert CaseFilter({"organization": organization}).is_valid()

    Affiliation.objects.update(publication_status=PublicationStatus.DRAFT)
    with pytest.raises(SystemExit, match="holds no organization to time"):
        benchmark.pick_targets()


def test_the_two_instances_script_refuses_a_database_with_other_data():
    """It loads the demo and refreshes every record where it is pointed: a bench database
    given to it by mistake would be rewritten (it was, once). The demo's own database, run
    again, is accepted."""
    demo = two_instances.demo_people()
    two_instances.refuse_other_data("postgres://…/casetracker_two", 0)
    two_instances.refuse_other_data("postgres://…/casetracker_two", demo)
    with pytest.raises(SystemExit, match="holds 100,000 people"):
        two_instances.refuse_other_data("postgres://…/casetracker_bench", 100_000)
