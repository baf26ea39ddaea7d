"""A trigram index on the pseudonyms of protected people, on PostgreSQL only.

A protected person is found by the pseudonym only (people.selectors), matched
case-insensitively as Django writes ``icontains``: ``UPPER(pseudonym) LIKE UPPER('%…%')``.
Without an index every search read the whole person table for that one branch; the index
is partial, so it holds only the protected people and costs nothing for the others.
"""

from django.db import migrations

from casetracker.migration_operations import postgresql_indexes


class Migration(migrations.Migration):
    dependencies = [("people", "0006_stored_visibility")]

    operations = [
        postgresql_indexes(
            {
                "person_protected_pseudonym_trgm": (
                    'ON "people_person" USING gin ((UPPER("pseudonym"::text)) gin_trgm_ops) '
                    'WHERE "is_protected"'
                )
            }
        )
    ]
