"""SQLite under concurrent writes: the second writer waits its turn instead of failing.

The test database is in memory, where journal modes and locks do not apply, so the writers
run in a child process on a database file, with the settings a server would use.
"""

import json
import os
import subprocess
import sys
import threading
import time

import pytest
from django.conf import settings
from django.db import connection

pytestmark = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="SQLite's locking; PostgreSQL has row locks"
)


def test_two_threads_writing_at_once_both_succeed_on_a_database_file(tmp_path):
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'concurrent.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "casetracker.settings.test",
    }
    child = subprocess.run(
        [sys.executable, "-c", f"from {__name__} import write_at_once; write_at_once()"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert child.returncode == 0, child.stderr
    result = json.loads(child.stdout)

    assert result["journal_mode"] == "wal"
    assert result["errors"] == []
    # Each writer read the counter and wrote it back plus one: no write was lost.
    assert result["value"] == 2


def write_at_once() -> None:
    """In the child process: two threads read a counter and write it back plus one, at once.

    Each thread holds its own connection, as two requests on two gunicorn threads do. The
    pause between the read and the write makes the two transactions overlap every time.
    """
    import django

    django.setup()
    from django.db import connection, connections, transaction

    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE counter (id INTEGER PRIMARY KEY, value INTEGER NOT NULL)")
        cursor.execute("INSERT INTO counter (id, value) VALUES (1, 0)")
        cursor.execute("PRAGMA journal_mode")
        (journal_mode,) = cursor.fetchone()

    start = threading.Barrier(2)
    errors = []

    def add_one():
        try:
            start.wait()
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute("SELECT value FROM counter WHERE id = 1")
                (value,) = cursor.fetchone()
                time.sleep(0.3)
                cursor.execute("UPDATE counter SET value = %s WHERE id = 1", [value + 1])
        except Exception as error:  # reported to the test, which shows it
            errors.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=add_one) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    with connection.cursor() as cursor:
        cursor.execute("SELECT value FROM counter WHERE id = 1")
        (value,) = cursor.fetchone()
    print(json.dumps({"journal_mode": journal_mode, "errors": errors, "value": value}))
