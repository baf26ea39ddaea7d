"""The people's and organizations' trigram indexes put each write's trigrams in place: no pending
list for searches to read through (casetracker.migration_operations.gin_without_pending_list)."""

from django.db import migrations

from casetracker.migration_operations import gin_without_pending_list


class Migration(migrations.Migration):
    dependencies = [("people", "0019_search_keys_refolded")]

    operations = [
        gin_without_pending_list(
            [
                "organization_description_upper_trgm",
                "organization_search_key_trgm",
                "organizationname_search_key_trgm",
                "person_description_upper_trgm",
                "person_preferred_name_upper_trgm",
                "person_protected_pseudonym_trgm",
                "person_search_key_trgm",
                "personname_name_upper_trgm",
                "personname_search_key_trgm",
            ]
        )
    ]
