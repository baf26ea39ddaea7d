"""GIN trigram indexes for the header search over sources, on PostgreSQL only.

The search matches headlines and outlets case-insensitively (``icontains``, which Django
writes as ``UPPER(col::text) LIKE UPPER('%…%')``); these expression indexes answer that
without reading 50,000 sources. SQLite has no pg_trgm: nothing happens there.
"""

from django.db import migrations

from casetracker.migration_operations import postgresql_indexes


class Migration(migrations.Migration):
    dependencies = [("sources", "0003_stored_visibility"), ("people", "0002_pg_trgm")]

    operations = [
        postgresql_indexes(
            {
                "source_headline_upper_trgm": 'ON sources_source USING gin ((UPPER("headline"::text)) gin_trgm_ops)',
                "source_outlet_upper_trgm": 'ON sources_source USING gin ((UPPER("outlet"::text)) gin_trgm_ops)',
            }
        )
    ]
