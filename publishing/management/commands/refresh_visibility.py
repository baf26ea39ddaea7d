"""Recompute every stored visibility flag (is_public, Sentence.listed and case dates).

Writes through the ORM keep them current; run this after writing rows by other means
(raw SQL, a restored dump from before the flags existed).
"""

import time

from django.core.management.base import BaseCommand
from django.db import transaction

from publishing import upkeep


class Command(BaseCommand):
    help = "Recompute stored visibility flags for every record."

    def handle(self, *args, **options):
        started = time.monotonic()
        with transaction.atomic():
            upkeep.refresh_all()
        self.stdout.write(f"Visibility refreshed in {time.monotonic() - started:.1f} s.")
