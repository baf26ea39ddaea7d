"""The researchers' side at scale: the admin's lists, their searches and the pickers a case
is entered with, timed on the bench data.

    .venv/bin/python bench/admin_lists.py --database-url postgres://…/casetracker_bench

Needs a database filled by ``make bench-data``. Runs in this process alone, with the
production settings (the static files collected as ``make serve`` collects them) and
Django's test client, logged in as a superuser it adds to that database if missing
(``bench-admin``, no usable password). Each page is requested ``--runs`` times after one
request to warm up; it prints the median, the queries and the size of each, and with
``--json-out`` writes them. Admin pages are never cached, so every request does the whole
work.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/casetracker_bench"


def pages(term: str) -> list[tuple[str, str]]:
    """(figure, path): every list a researcher opens first, each searched for a defendant's
    name, and the pickers of a sentence's case and of a case's defendant."""
    lists = [
        ("cases", "events/proceeding"),
        ("sentences", "events/sentence"),
        ("people", "people/person"),
        ("protests", "events/protest"),
        ("organizations", "people/organization"),
        ("sources", "sources/source"),
        ("citations", "sources/citation"),
        ("charges", "events/charge"),
    ]
    found = [(f"{name} list", f"/admin/{path}/") for name, path in lists]
    found += [(f"{name} list, searched", f"/admin/{path}/?q={term}") for name, path in lists]
    from django.contrib import admin

    from events.models import Proceeding

    # The column's number counts the actions' checkbox before list_display.
    column = 1 + list(admin.site.get_model_admin(Proceeding).list_display).index("sentence_count")
    picker = "/admin/autocomplete/?app_label=events&term=" + term[:3]
    found += [
        ("cases list, sorted by their sentences", f"/admin/events/proceeding/?o=-{column}"),
        ("picker: a sentence's case", f"{picker}&model_name=sentence&field_name=proceeding"),
        ("picker: a case's defendant", f"{picker}&model_name=proceeding&field_name=person"),
        ("case screen (a new case)", "/admin/events/proceeding/case/"),
    ]
    return found


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DB))
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--term", default="azhibay", help="what each list is searched for")
    parser.add_argument("--json-out", type=Path)
    args = parser.parse_args()

    os.environ.update(
        DJANGO_SETTINGS_MODULE="casetracker.settings.prod", DATABASE_URL=args.database_url
    )
    os.environ.setdefault("DJANGO_SECRET_KEY", secrets.token_urlsafe(48))
    os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    call_command("collectstatic", interactive=False, verbosity=0)
    users = get_user_model().objects
    user = users.filter(username="bench-admin").first()
    if user is None:
        user = users.create_superuser("bench-admin", "bench-admin@example.org", None)
    client = Client()
    client.force_login(user)

    results = []
    for figure, path in pages(args.term):
        client.get(path, secure=True)
        times = []
        for _ in range(args.runs):
            started = time.perf_counter()
            response = client.get(path, secure=True)
            times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (path, response.status_code)
        with CaptureQueriesContext(connection) as queries:
            client.get(path, secure=True)
        result = {
            "figure": figure,
            "path": path,
            "median_ms": round(statistics.median(times), 1),
            "min_ms": round(min(times), 1),
            "queries": len(queries),
            "bytes": len(response.content),
        }
        results.append(result)
        print(
            f"{figure:48} {result['median_ms']:8.1f} ms (min {result['min_ms']:.1f})"
            f"  {result['queries']:3d} queries  {result['bytes']:7d} bytes"
        )
    if args.json_out:
        args.json_out.write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
