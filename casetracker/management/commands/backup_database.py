"""Write a consistent backup of the whole database to one file (see casetracker/backups.py)."""

from pathlib import Path

from django.core.management.base import BaseCommand
from django.db import DEFAULT_DB_ALIAS, connections

from casetracker import backups


class Command(BaseCommand):
    help = (
        "Write a consistent backup of the whole database to PATH: pg_dump on PostgreSQL, "
        "the sqlite3 backup API on SQLite. Restore it with restore_database."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="the backup file to write (must not exist)")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, path, database, **options):
        backups.back_up(connections[database], path)
        self.stdout.write(f"Backed up to {path} ({path.stat().st_size:,} bytes).")
