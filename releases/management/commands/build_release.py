"""Build a dated data release of the whole public data set (releases.build)."""

import datetime

from django.conf import settings
from django.core.management.base import BaseCommand

from releases.build import build_release


class Command(BaseCommand):
    help = (
        "Write casetracker-data-<date>.zip (a CSV per kind of record, the case list CSV, a "
        "Popolo-style JSON file, README, LICENSE, CITATION) into CASETRACKER_RELEASES_DIR."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--base-url",
            default=settings.CASETRACKER_SITE_URL,
            help="The public site's address, for the pages the files link to.",
        )
        parser.add_argument(
            "--date",
            type=datetime.date.fromisoformat,
            default=None,
            help="The release date (YYYY-MM-DD); today by default.",
        )
        parser.add_argument(
            "--output-dir", default=None, help="Where to write it (CASETRACKER_RELEASES_DIR)."
        )

    def handle(self, *args, base_url, date, output_dir, **options):
        path = build_release(day=date, base_url=base_url, directory=output_dir)
        self.stdout.write(f"Wrote {path}")
