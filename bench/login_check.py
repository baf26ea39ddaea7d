"""Login protection under `make serve`: six wrong passwords from one address, then the right one.

    make login-check                                    # or:
    .venv/bin/python bench/login_check.py --database-url postgres://…/casetracker_login_check

Starts `make serve` (production settings, gunicorn with --workers processes) on a free port
against a PostgreSQL database of its own (created if missing, migrated), and sets up one
staff user with a known password. It then plays a proxy (DJANGO_TRUSTED_PROXY_COUNT=1) in
front of two clients: a guesser who tries six wrong passwords and then the right one, and
then the account's owner, at another address, with the right password. Each attempt opens a
new connection with a fresh session, as a guesser would, so gunicorn gives it to whichever
worker is free; the access log names that worker. With AXES_FAILURE_LIMIT = 5, expected:
four wrong passwords answered with the form, the fifth checked and locked, everything after
that from the guesser's address refused (429), and the owner logged in.
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import subprocess
import sys
import tempfile
import urllib.parse
from pathlib import Path

from serving import ROOT, free_port, served

DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/casetracker_login_check"
USERNAME = "login-check"
PASSWORD = "login-check-right-password-7"
GUESSER = "198.51.100.9"
OWNER = "203.0.113.7"


def manage(database_url: str, *args: str) -> str:
    env = {**os.environ, "DATABASE_URL": database_url, "DJANGO_DEBUG": "0"}
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return result.stdout


def prepare_user(database_url: str) -> None:
    """The user with the known password, and no failures counted from an earlier run."""
    manage(database_url, "axes_reset")
    manage(
        database_url,
        "shell",
        "--no-imports",
        "-c",
        "from django.contrib.auth import get_user_model\n"
        f"user, _ = get_user_model().objects.get_or_create(username={USERNAME!r})\n"
        f"user.is_staff = True\nuser.set_password({PASSWORD!r})\nuser.save()\n",
    )


def request(base: str, method: str, path: str, *, address: str, headers=None, body=None):
    parts = urllib.parse.urlsplit(base)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        connection.request(
            method, path, body=body, headers={"X-Forwarded-For": address, **(headers or {})}
        )
        response = connection.getresponse()
        return response, response.read().decode()
    finally:
        connection.close()


def attempt(base: str, password: str, address: str) -> tuple[int, str]:
    """One login with a fresh session; (status, X-Request-ID)."""
    response, page = request(base, "GET", "/admin/login/", address=address)
    # The cookie is marked Secure (production settings); a client over local HTTP sends it on.
    cookie = response.getheader("Set-Cookie").split(";", 1)[0]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    form = {
        "csrfmiddlewaretoken": token,
        "username": USERNAME,
        "password": password,
        "next": "/admin/",
    }
    response, _ = request(
        base,
        "POST",
        "/admin/login/",
        address=address,
        headers={"Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"},
        body=urllib.parse.urlencode(form),
    )
    return response.status, response.getheader("X-Request-ID")


OUTCOME = {200: "form again: password checked, wrong", 302: "logged in", 429: "refused: locked"}


def workers_by_request(access_log: Path) -> dict[str, str]:
    """X-Request-ID -> pid of the gunicorn worker that answered it."""
    workers = {}
    for line in access_log.read_text().splitlines():
        pid, request_id = line.split()[:2]
        workers[request_id] = pid.strip("<>")
    return workers


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database-url", default=os.environ.get("LOGIN_DATABASE_URL", DEFAULT_DB))
    parser.add_argument("--workers", type=int, default=4)
    args = parser.parse_args()

    port = free_port()
    access_log = Path(tempfile.gettempdir()) / f"casetracker-login-check-{port}.log"
    env = {
        "WEB_CONCURRENCY": str(args.workers),
        "DJANGO_TRUSTED_PROXY_COUNT": "1",
        "GUNICORN_CMD_ARGS": f"--access-logfile={access_log} "
        "--access-logformat='%(p)s %({x-request-id}o)s %(s)s'",
    }
    with served(args.database_url, port=port, env=env) as base:
        prepare_user(args.database_url)
        print(f"make serve on {base}: {args.workers} gunicorn workers, {args.database_url}")
        results = []
        passwords = [f"wrong-{n}" for n in range(1, 7)] + [PASSWORD]
        for number, password in enumerate(passwords, start=1):
            kind = "right" if password == PASSWORD else "wrong"
            status, request_id = attempt(base, password, GUESSER)
            results.append((f"{number}. {kind} password from {GUESSER}", status, request_id))
        status, request_id = attempt(base, PASSWORD, OWNER)
        results.append((f"then the right password from {OWNER}", status, request_id))
        failures = manage(
            args.database_url,
            "shell",
            "--no-imports",
            "-c",
            "from axes.models import AccessAttempt\n"
            f"print(sum(a.failures_since_start for a in AccessAttempt.objects.filter("
            f"username={USERNAME!r})))",
        ).strip()

    workers = workers_by_request(access_log)
    for label, status, request_id in results:
        worker = workers.get(request_id, "?")
        print(f"  {label:<42} {status} {OUTCOME.get(status, '?'):<38} worker {worker}")
    guesses = results[:6]
    checked = sum(status == 200 for _, status, _ in guesses)
    print(
        f"wrong passwords answered with the form: {checked} of 6; "
        f"refused: {sum(status == 429 for _, status, _ in guesses)} of 6; "
        f"right password from the guesser's address: {results[6][1]}; "
        f"from the owner's: {results[7][1]}; "
        f"failed logins recorded in the database: {failures}; "
        f"workers that answered: {len({workers.get(r) for _, _, r in results})}"
    )


if __name__ == "__main__":
    main()
