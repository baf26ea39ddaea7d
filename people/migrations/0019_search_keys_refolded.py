"""The people's and organizations' search keys computed again: casetracker.search now
joins the letters around Ь, Ъ and apostrophes, merges gh/g and doubled letters, reads Ң as
"n", "ye" at the start of a word as "e" and "e" after a, o or u as "ie" ("Yerzhan Kaliyev"
and "Ержан Калиев", "Galym" and "Ғалым", "Gulbaran" and "Гульбаран" have one key each)."""

from django.db import migrations

from casetracker.migration_operations import recompute_search_keys


class Migration(migrations.Migration):
    dependencies = [("people", "0018_name_trigram_indexes")]

    operations = [
        recompute_search_keys(
            {
                "people.Person": "search_key",
                "people.PersonName": "search_key",
                "people.Organization": "search_key",
                "people.OrganizationName": "search_key",
            }
        )
    ]
