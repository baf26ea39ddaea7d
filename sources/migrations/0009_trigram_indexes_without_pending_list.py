"""The sources' trigram indexes put each write's trigrams in place: no pending
list for searches to read through (casetracker.migration_operations.gin_without_pending_list)."""

from django.db import migrations

from casetracker.migration_operations import gin_without_pending_list


class Migration(migrations.Migration):
    dependencies = [("sources", "0008_source_public_newest_idx")]

    operations = [
        gin_without_pending_list(
            [
                "source_headline_upper_trgm",
                "source_outlet_upper_trgm",
            ]
        )
    ]
