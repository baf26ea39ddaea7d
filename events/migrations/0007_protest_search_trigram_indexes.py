"""GIN trigram indexes for the header search over protests, on PostgreSQL only.

The search matches protest titles, places and localities case-insensitively (``icontains``, which Django
writes as ``UPPER(col::text) LIKE UPPER('%…%')``); these expression indexes answer that
without reading every protest. SQLite has no pg_trgm: nothing happens there.
"""

from django.db import migrations

from casetracker.migration_operations import postgresql_indexes


class Migration(migrations.Migration):
    dependencies = [("events", "0006_sentence_history_listing"), ("people", "0002_pg_trgm")]

    operations = [
        postgresql_indexes(
            {
                "protest_title_upper_trgm": 'ON events_protest USING gin ((UPPER("title"::text)) gin_trgm_ops)',
                "protest_place_upper_trgm": 'ON events_protest USING gin ((UPPER("place"::text)) gin_trgm_ops)',
                "protest_locality_upper_trgm": 'ON events_protest USING gin ((UPPER("locality"::text)) gin_trgm_ops)',
            }
        )
    ]
