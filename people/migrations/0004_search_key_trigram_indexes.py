"""GIN trigram indexes on every name search key, on PostgreSQL only.

They serve both the folded match (``LIKE '%key%'``) and the trigram operators of
people.selectors. SQLite has no pg_trgm: there the operation does nothing, and the plain
B-tree indexes on search_key remain. Kept out of the models' Meta.indexes so that the
migration state is the same on both databases and makemigrations stays clean.
"""

from django.db import migrations

from casetracker.migration_operations import postgresql_indexes

TABLES = {
    "personname_search_key_trgm": "people_personname",
    "person_search_key_trgm": "people_person",
    "organization_search_key_trgm": "people_organization",
    "organizationname_search_key_trgm": "people_organizationname",
}


class Migration(migrations.Migration):
    dependencies = [("people", "0003_person_search_key")]

    operations = [
        postgresql_indexes(
            {
                name: f'ON "{table}" USING gin (search_key gin_trgm_ops)'
                for name, table in TABLES.items()
            }
        )
    ]
