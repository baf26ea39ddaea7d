"""A backup restores the whole database: every table's rows and the same public CSV (the
export's stored lines are left out of a PostgreSQL backup and made again).

The test empties its own database after the backup (no tables left, as in a new database)
and restores into it; the rows must be committed for pg_dump to see them.
"""

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.models import Max
from django.urls import reverse

from casetracker import backups
from sources.models import Source
from tests.factories import SourceFactory

pytestmark = pytest.mark.django_db(transaction=True)


def row_counts() -> dict[str, int]:
    counts = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            (counts[table],) = cursor.fetchone()
    return counts


def public_csv(client) -> bytes:
    response = client.get(reverse("events:case_csv"))
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def drop_every_table() -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("DROP SCHEMA public CASCADE")
            cursor.execute("CREATE SCHEMA public")
        else:
            cursor.execute("PRAGMA foreign_keys = OFF")
            for table in connection.introspection.table_names():
                cursor.execute(f"DROP TABLE {connection.ops.quote_name(table)}")
            cursor.execute("PRAGMA foreign_keys = ON")


def test_a_backup_restores_every_row_and_the_same_public_csv(client, tmp_path):
    call_command("loaddata", settings.BASE_DIR / "fixtures" / "demo.json", verbosity=0)
    csv = public_csv(client)
    counts = row_counts()  # after the export, which stores its lines on PostgreSQL
    if connection.vendor == "postgresql":
        assert counts["events_exportline"] > 0
    assert counts["events_sentence"] >= 10
    assert csv.count(b"\n") > counts["events_sentence"] // 2
    backup = tmp_path / "casetracker.backup"

    call_command("backup_database", backup)
    drop_every_table()
    assert connection.introspection.table_names() == []
    call_command("restore_database", backup)

    # Every row, but the export's stored lines: left out, and made again by the next export.
    assert row_counts() == {**counts, **dict.fromkeys(backups.PG_REMADE_TABLES, 0)}
    assert public_csv(client) == csv
    assert row_counts() == counts
    # Sequences came back too: a new row gets a new id.
    highest = Source.objects.aggregate(highest=Max("pk"))["highest"]
    assert SourceFactory().pk > highest


def test_restore_refuses_a_database_that_is_not_empty(tmp_path):
    SourceFactory()
    backup = tmp_path / "casetracker.backup"
    call_command("backup_database", backup)

    with pytest.raises(CommandError, match="is not empty"):
        call_command("restore_database", backup)
    assert Source.objects.count() == 1


def test_a_backup_never_overwrites_a_file(tmp_path):
    backup = tmp_path / "casetracker.backup"
    backup.write_bytes(b"an earlier backup")

    with pytest.raises(CommandError, match="exists"):
        call_command("backup_database", backup)
    assert backup.read_bytes() == b"an earlier backup"
