"""Restore a backup_database file into an empty database (see casetracker/backups.py)."""

from pathlib import Path

from django.core.management.base import BaseCommand
from django.db import DEFAULT_DB_ALIAS, connections

from casetracker import backups


class Command(BaseCommand):
    help = (
        "Restore a file written by backup_database into an empty database of the same kind "
        "(no tables: a new PostgreSQL database, a new SQLite file)."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="a file written by backup_database")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, path, database, **options):
        backups.restore(connections[database], path)
        self.stdout.write(f"Restored {path}.")
