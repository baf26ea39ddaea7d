"""Case-list indexes on PostgreSQL for the two orders that had none: longest term first and
largest fine first.

- (term_days DESC NULLS LAST, id) WHERE listed: ``ordering=-days``;
- (fine_kzt DESC NULLS LAST, id) WHERE listed: ``ordering=-kzt``.

The ascending indexes of events/0005 (``term_days, id`` and ``fine_kzt, id``) cannot serve
them: read backwards they give nulls first and ids descending, so PostgreSQL joined and
sorted every listed row for a page of 50 (10 s on the benchmark data, for the page, the
CSV's first rows and the API alike).
"""

from django.db import migrations

from casetracker.migration_operations import postgresql_indexes


class Migration(migrations.Migration):
    dependencies = [("events", "0020_court_structure")]

    operations = [
        postgresql_indexes(
            {
                "sentence_listed_days_desc_idx": (
                    "ON events_sentence (term_days DESC NULLS LAST, id) WHERE listed"
                ),
                "sentence_listed_kzt_desc_idx": (
                    "ON events_sentence (fine_kzt DESC NULLS LAST, id) WHERE listed"
                ),
            }
        )
    ]
