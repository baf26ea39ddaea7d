"""Load test: 50 concurrent clients for 60 s against `make serve`, from a second process (wrk).

    .venv/bin/python bench/loadtest.py                       # starts `make serve` itself
    .venv/bin/python bench/loadtest.py --restart-postgres    # restarts PostgreSQL mid-run
    .venv/bin/python bench/loadtest.py --url http://127.0.0.1:8000   # an already running server

Needs Debian's wrk (`apt-get install -y wrk`) and a database filled by
`manage.py generate_synthetic` (default: postgres://postgres@127.0.0.1:5432/casetracker_bench,
override with --database-url). The request mix: the case list (plain, filtered by duration,
by fine, by name, sorted), the name search in Latin and Cyrillic, person, court, protest and
proceeding pages, and a filtered CSV export. URLs are picked from the database once.

With --restart-postgres, PostgreSQL is restarted (pg_ctlcluster) after a third of the run.
Requests during the restart may fail; the script reports the errors per second and checks
that none happen after the database is back, without any restart of the site.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

from serving import served

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/casetracker_bench"

LUA = (Path(__file__).parent / "wrk_mix.lua").read_text()


def pick_paths(database_url: str) -> list[str]:
    """Representative public URLs, read from the database through Django."""
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "casetracker.settings.dev",
    }
    code = r"""
import json
from django.db.models import Count
from events.models import Protest
from events.selectors import public_proceedings
from people.models import Organization, Person
person = (Person.objects.public().filter(is_protected=False, proceedings__isnull=False)
          .order_by("pk").first())
court = (Organization.objects.public().filter(kind="court")
         .annotate(n=Count("proceedings")).order_by("-n").first())
protest = Protest.objects.public().order_by("pk").first()
proceeding = public_proceedings().order_by("pk").first()
print(json.dumps({"person": person.pk, "court": court.pk, "protest": protest.pk,
                  "proceeding": proceeding.pk, "surname": person.preferred_name.split()[-1]}))
"""
    out = subprocess.run(
        [str(ROOT / ".venv/bin/python"), "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    ids = json.loads(out.strip().splitlines()[-1])
    q = urllib.parse.quote
    return [
        "/",
        "/?days_min=10",
        "/?kzt_min=100000&kzt_max=500000",
        f"/?name={q(ids['surname'])}",
        "/?ordering=-date",
        "/search/?q=azhibai",
        f"/search/?q={q('Ажибай')}",
        f"/people/{ids['person']}/",
        f"/organizations/{ids['court']}/",
        f"/protests/{ids['protest']}/",
        f"/proceedings/{ids['proceeding']}/",
        f"/cases.csv?court={ids['court']}&days_min=30",
    ]


def restart_postgres_later(delay: float) -> subprocess.Popen:
    cluster = sorted(os.listdir("/etc/postgresql"))[-1]
    script = (
        f"sleep {delay}; date +%s > /tmp/pg_restart_started; "
        f"pg_ctlcluster --skip-systemctl-redirect {cluster} main restart; "
        "date +%s > /tmp/pg_restart_done"
    )
    return subprocess.Popen(["bash", "-c", script])


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--url", help="an already running server (default: start `make serve`)")
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", DEFAULT_DB))
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--duration", type=int, default=60)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--restart-postgres", action="store_true")
    args = parser.parse_args()

    with served(args.database_url, args.url) as url:
        paths = pick_paths(args.database_url)
        lua_paths = ", ".join(json.dumps(p, ensure_ascii=True) for p in paths)
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as lua:
            lua.write(LUA.replace("{PATHS}", "{" + lua_paths + "}"))
        for flag in ("/tmp/pg_restart_started", "/tmp/pg_restart_done"):
            Path(flag).unlink(missing_ok=True)
        restarter = restart_postgres_later(args.duration / 3) if args.restart_postgres else None
        started = time.time()
        result = subprocess.run(
            [
                "wrk",
                "-t",
                str(args.threads),
                "-c",
                str(args.connections),
                "-d",
                f"{args.duration}s",
                "--timeout",
                "30s",
                "-s",
                lua.name,
                url,
            ],
            capture_output=True,
            text=True,
            check=True,
        )
        if restarter:
            restarter.wait()
        match = re.search(r"JSON-RESULT (\{.*\})", result.stdout)
        data = json.loads(match.group(1))
        seconds = data["duration_us"] / 1e6
        report = {
            "paths": paths,
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
            "http_errors": data["non_2xx_3xx"],
        }
        ok = True
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
        print(json.dumps(report, indent=2, ensure_ascii=False))
        return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
