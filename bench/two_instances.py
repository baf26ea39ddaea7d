"""Two app servers, one PostgreSQL database and one Redis: what one publishes or retracts,
the other serves at once (issue 18, item 5: nothing a request needs lives in one process).

Starts two `make serve` instances (bench/serving.py: each on a free port checked to be
its own) on one database with the demo data and one Redis database under a key prefix of
this run's own, then through HTTP:

1. reads a public person's page on B twice (the second from the cache: the same ETag) and
   on A (the same ETag: one cache, one generation);
2. logs in to the admin on A, and shows that the session is valid on B too;
3. retracts the person on A: B answers 410 at once; publishes again on A: B shows the
   person at once, under a new ETag.

Prints each step; exits non-zero if B ever serves what A has changed. Stops only the
servers it started and removes only its own Redis keys.

    .venv/bin/python bench/two_instances.py [--database-url ...] [--redis-url ...]
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

import redis

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.serving import served  # noqa: E402

USERNAME = "two-instances-editor"
PASSWORD = "two instances, one cache"


def manage(database_url: str, *args: str) -> str:
    env = {**os.environ, "DATABASE_URL": database_url, "DJANGO_DEBUG": "0"}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout


DEMO = ROOT / "fixtures" / "demo.json"


def demo_people() -> int:
    """How many people the demo data holds."""
    return sum(1 for row in json.loads(DEMO.read_text()) if row["model"] == "people.person")


def refuse_other_data(database_url: str, people: int) -> None:
    """Stop before writing to a database that holds more than the demo (``people``: how
    many it holds): the script loads the demo into it and refreshes every record's flags,
    which rewrote every row of a bench database given by mistake (its figures were no
    longer those of the data ``make bench-data`` made)."""
    demo = demo_people()
    if people > demo:
        raise SystemExit(
            f"{database_url} holds {people:,} people, the demo {demo}: give this script a "
            "database of its own (the default, casetracker_two), not one with other data."
        )


def prepare(database_url: str) -> tuple[int, str]:
    """The database (created if missing) with the demo data and an editor; returns a public
    person's id and name."""
    parts = urllib.parse.urlsplit(database_url)
    name = parts.path.lstrip("/")
    server = database_url.rsplit("/", 1)[0] + "/postgres"
    exists = subprocess.run(
        ["psql", server, "-qtAc", f"SELECT 1 FROM pg_database WHERE datname = '{name}'"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    if not exists:
        subprocess.run(
            ["psql", server, "-qc", f"CREATE DATABASE {name} ENCODING 'UTF8' TEMPLATE template0"],
            check=True,
        )
    manage(database_url, "migrate", "--noinput", "-v0")
    people = subprocess.run(
        ["psql", database_url, "-qtAc", "SELECT count(*) FROM people_person"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    refuse_other_data(database_url, int(people))
    manage(database_url, "loaddata", str(DEMO), "-v0")
    manage(database_url, "axes_reset")
    out = manage(
        database_url,
        "shell",
        "--no-imports",
        "-c",
        "from django.contrib.auth import get_user_model\n"
        f"user, _ = get_user_model().objects.get_or_create(username={USERNAME!r})\n"
        "user.is_staff = user.is_superuser = True\n"
        f"user.set_password({PASSWORD!r})\nuser.save()\n"
        "from events.models import Sentence\n"
        "from people.models import Person\n"
        "from publishing import upkeep\n"
        "upkeep.refresh_all()\n"
        "s = Sentence.objects.public().filter(defendant__is_protected=False)"
        ".select_related('defendant').order_by('pk').first()\n"
        "print(s.defendant_id, s.defendant.preferred_name, sep='\\t')\n",
    )
    pk, person = out.strip().splitlines()[-1].split("\t")
    return int(pk), person


class Client:
    """A browser of one site: keeps its cookies (the production cookies are Secure; a
    client over local HTTP sends them on)."""

    def __init__(self, base: str, cookies: dict | None = None):
        self.base = base
        self.cookies = dict(cookies or {})

    def request(self, method: str, path: str, form: dict | None = None, headers=None):
        parts = urllib.parse.urlsplit(self.base)
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = self.base + path
        try:
            started = time.perf_counter()
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            page = response.read().decode()
            elapsed = (time.perf_counter() - started) * 1000
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            key, _, value = header.split(";", 1)[0].partition("=")
            self.cookies[key] = value
        return response, page, elapsed

    def token(self, path: str) -> str:
        _, page, _ = self.request("GET", path)
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)

    def login(self) -> None:
        form = {"username": USERNAME, "password": PASSWORD, "next": "/admin/"}
        form["csrfmiddlewaretoken"] = self.token("/admin/login/")
        response, _, _ = self.request("POST", "/admin/login/", form)
        if response.status != 302:
            raise SystemExit(f"Login on {self.base} failed: {response.status}")

    def action(self, action: str, pk: int) -> None:
        changelist = "/admin/people/person/"
        form = {"action": action, "_selected_action": [str(pk)], "index": "0"}
        form["csrfmiddlewaretoken"] = self.token(changelist)
        response, _, _ = self.request("POST", changelist, form)
        if response.status != 302:
            raise SystemExit(f"{action} on {self.base} failed: {response.status}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url", default="postgres://postgres@127.0.0.1:5432/casetracker_two"
    )
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/0")
    args = parser.parse_args()

    prefix = f"two-instances-{os.getpid()}-{int(time.time())}-"
    env = {
        "CACHE_URL": args.redis_url,
        "CACHE_KEY_PREFIX": prefix,
        "WEB_CONCURRENCY": "1",
        "GUNICORN_THREADS": "2",
    }
    pk, name = prepare(args.database_url)
    page = f"/people/{pk}/"
    failures = []

    def expect(label: str, ok: bool) -> None:
        print(f"  {'ok ' if ok else 'FAIL'} {label}")
        if not ok:
            failures.append(label)

    try:
        with served(args.database_url, env=env) as a, served(args.database_url, env=env) as b:
            print(f"A: {a}  B: {b}  database: {args.database_url}  cache: {args.redis_url}")
            reader = Client(b)
            first, text, ms1 = reader.request("GET", page)
            second, _, ms2 = reader.request("GET", page)
            on_a, _, _ = Client(a).request("GET", page)
            print(
                f"1. {name} on B: {first.status} ({ms1:.1f} ms), again {second.status} "
                f"({ms2:.1f} ms); ETag B {second.getheader('ETag')}, A {on_a.getheader('ETag')}"
            )
            expect("B shows the person", first.status == 200 and name in text)
            expect("one ETag on both instances", second.getheader("ETag") == on_a.getheader("ETag"))

            editor = Client(a)
            editor.login()
            admin_on_b, _, _ = Client(b, editor.cookies).request("GET", "/admin/")
            print(f"2. logged in on A; the same session on B's /admin/: {admin_on_b.status}")
            expect("the session is valid on B", admin_on_b.status == 200)

            editor.action("retract", pk)
            after, text, ms = reader.request("GET", page)
            listed = reader.request("GET", "/people/")[1]
            print(f"3. retracted on A; B at once: {after.status} ({ms:.1f} ms)")
            expect("B answers 410 for the retracted person", after.status == 410)
            expect("B's people list no longer links to them", f'href="{page}"' not in listed)

            editor.action("publish", pk)
            again, text, ms = reader.request("GET", page)
            print(
                f"4. published on A; B at once: {again.status} ({ms:.1f} ms), "
                f"ETag {again.getheader('ETag')}"
            )
            expect("B shows the person again", again.status == 200 and name in text)
            expect("under a new ETag", again.getheader("ETag") != second.getheader("ETag"))
    finally:
        client = redis.Redis.from_url(args.redis_url)
        keys = list(client.scan_iter(match=f"{prefix}*"))
        if keys:
            client.delete(*keys)
    print("two instances: " + ("FAILED: " + "; ".join(failures) if failures else "all shared"))
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
