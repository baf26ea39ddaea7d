"""Whole-database backups that restore: one file per backup, restored into an empty database.

PostgreSQL: pg_dump's custom format, every table read in one snapshot while the site keeps
writing; pg_restore loads it in one transaction, so a restore that fails leaves nothing
half-loaded. SQLite: the sqlite3 backup API, which copies a consistent image of the file
even while it is being written (and the write-ahead log with it).

A backup is written beside its final name and renamed when complete, so a file with that
name is always a whole backup; an existing file is never overwritten.
"""

import os
import sqlite3
import subprocess
from pathlib import Path

from django.core.management.base import CommandError

# What each kind of backup file starts with.
PG_DUMP_MAGIC = b"PGDMP"
SQLITE_MAGIC = b"SQLite format 3\x00"

# Tables whose rows a PostgreSQL backup leaves out (their tables are kept): rows the site
# makes again when they are missing, from rows that are backed up. The CSV export's stored
# lines (events.ExportLine) take a few hundred MB per language and address at full size.
PG_REMADE_TABLES = ("events_exportline",)

# Connection settings handed to pg_dump and pg_restore as libpq's environment variables.
PG_ENVIRONMENT = {"HOST": "PGHOST", "PORT": "PGPORT", "USER": "PGUSER", "PASSWORD": "PGPASSWORD"}
PG_OPTIONS_ENVIRONMENT = {
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
}


def back_up(connection, path: Path) -> None:
    if path.exists():
        raise CommandError(f"{path} exists; a backup never overwrites a file.")
    partial = path.with_name(path.name + ".partial")
    partial.unlink(missing_ok=True)
    if connection.vendor == "postgresql":
        left_out = [f"--exclude-table-data={table}" for table in PG_REMADE_TABLES]
        _run(connection, ["pg_dump", "--format=custom", *left_out, f"--file={partial}"])
    elif connection.vendor == "sqlite":
        connection.ensure_connection()
        target = sqlite3.connect(partial)
        try:
            connection.connection.backup(target)
            # The copy would keep the site's WAL mode, and reading it would then leave
            # -wal and -shm files beside it: a backup is one self-contained file.
            target.execute("PRAGMA journal_mode=DELETE")
        finally:
            target.close()
    else:
        raise CommandError(f"No backup for {connection.vendor} databases.")
    os.replace(partial, path)


def restore(connection, path: Path) -> None:
    with path.open("rb") as backup:
        start = backup.read(len(SQLITE_MAGIC))
    expected = {"postgresql": PG_DUMP_MAGIC, "sqlite": SQLITE_MAGIC}.get(connection.vendor)
    if expected is None:
        raise CommandError(f"No restore for {connection.vendor} databases.")
    if not start.startswith(expected):
        raise CommandError(f"{path} is not a {connection.vendor} backup made by backup_database.")
    tables = connection.introspection.table_names()
    if tables:
        raise CommandError(
            f"The database {connection.settings_dict['NAME']} is not empty ({len(tables)} "
            "tables). Restore into a new, empty database."
        )
    if connection.vendor == "postgresql":
        _run(
            connection,
            ["pg_restore", "--exit-on-error", "--single-transaction", "--no-owner"]
            + ["--no-privileges", f"--dbname={connection.settings_dict['NAME']}", str(path)],
        )
    else:
        connection.ensure_connection()
        source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            source.backup(connection.connection)
        finally:
            source.close()
    # The connection knew the empty database; the next query opens one that sees the restore.
    connection.close()


def _run(connection, command: list[str]) -> None:
    settings = connection.settings_dict
    env = dict(os.environ)
    for key, variable in PG_ENVIRONMENT.items():
        if settings.get(key):
            env[variable] = str(settings[key])
    for option, variable in PG_OPTIONS_ENVIRONMENT.items():
        if settings.get("OPTIONS", {}).get(option):
            env[variable] = str(settings["OPTIONS"][option])
    if command[0] == "pg_dump":
        command = [*command, settings["NAME"]]
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise CommandError(f"{command[0]} failed: {result.stderr.strip()}")
