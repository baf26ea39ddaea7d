"""The places' search keys computed again (casetracker.search: see people 0019)."""

from django.db import migrations

from casetracker.migration_operations import recompute_search_keys


class Migration(migrations.Migration):
    dependencies = [("places", "0002_translatable_verbose_names")]

    operations = [
        recompute_search_keys({"places.Place": "search_key", "places.PlaceName": "search_key"})
    ]
