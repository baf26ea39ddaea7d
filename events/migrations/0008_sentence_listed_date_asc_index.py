"""Case-list indexes on PostgreSQL: oldest-first order, and the unfiltered count.

- (case_date_start ASC NULLS LAST, id) WHERE listed: the list sorted oldest first;
- (id) WHERE listed AND is_public AND published: the exact count of the unfiltered list
  as an index-only scan (the predicate is exactly public_sentences()'s).
"""

from django.db import migrations

from casetracker.migration_operations import postgresql_indexes


class Migration(migrations.Migration):
    dependencies = [("events", "0007_protest_search_trigram_indexes")]

    operations = [
        postgresql_indexes(
            {
                "sentence_listed_date_asc_idx": (
                    "ON events_sentence (case_date_start ASC NULLS LAST, id) WHERE listed"
                ),
                "sentence_public_count_idx": (
                    "ON events_sentence (id) "
                    "WHERE listed AND is_public AND publication_status = 'published'"
                ),
            }
        )
    ]
