"""Case-list indexes on PostgreSQL: exact counts of the term and fine ranges, index-only.

The listed-only indexes of events/0005 find the rows of a term or fine range, but the count
must still read each row's is_public and publication_status from the table (one heap visit
per row: 80 ms for "at least 10 days"). These carry exactly public_sentences()'s predicate,
like sentence_public_count_idx (events/0008), so a filtered count is an index-only scan.
"""

from django.db import migrations

from casetracker.migration_operations import postgresql_indexes

PUBLIC_LISTED = "WHERE listed AND is_public AND publication_status = 'published'"


class Migration(migrations.Migration):
    dependencies = [("events", "0008_sentence_listed_date_asc_index")]

    operations = [
        postgresql_indexes(
            {
                "sentence_public_days_idx": f"ON events_sentence (term_days, id) {PUBLIC_LISTED}",
                "sentence_public_kzt_idx": f"ON events_sentence (fine_kzt, id) {PUBLIC_LISTED}",
            }
        )
    ]
