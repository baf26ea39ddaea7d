"""GIN trigram indexes for the descriptions the header search matches (people found by
what they are, organizations by what they do), on PostgreSQL only: ``icontains`` is
``UPPER(col::text) LIKE UPPER('%…%')``, which read all 100,000 people of the benchmark's
data (37 ms) without one. SQLite has no pg_trgm: nothing happens there.
"""

from django.db import migrations

from casetracker.migration_operations import postgresql_indexes


class Migration(migrations.Migration):
    dependencies = [("people", "0014_translatable_verbose_names")]

    operations = [
        postgresql_indexes(
            {
                f"{table.removeprefix('people_')}_description_upper_trgm": (
                    f'ON {table} USING gin ((UPPER("description"::text)) gin_trgm_ops)'
                )
                for table in ("people_person", "people_organization")
            }
        )
    ]
