"""GIN trigram indexes for the names as written, on PostgreSQL only: the admin searches a
case, a sentence, a charge or a hearing (and picks a case) by its defendant's name as
typed (``person__preferred_name``, ``person__names__name``: ``UPPER(col::text) LIKE
UPPER('%…%')``), which read all 100,000 people and their 52,000 other names of the
benchmark's data for each word without one. SQLite has no pg_trgm: nothing happens there.
"""

from django.db import migrations

from casetracker.migration_operations import postgresql_indexes


class Migration(migrations.Migration):
    dependencies = [("people", "0017_search_kind_indexes")]

    operations = [
        postgresql_indexes(
            {
                "person_preferred_name_upper_trgm": (
                    'ON people_person USING gin ((UPPER("preferred_name"::text)) gin_trgm_ops)'
                ),
                "personname_name_upper_trgm": (
                    'ON people_personname USING gin ((UPPER("name"::text)) gin_trgm_ops)'
                ),
            }
        )
    ]
