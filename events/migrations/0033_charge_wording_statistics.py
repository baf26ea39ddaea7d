"""Statistics of a charge's article and wording together: the charge filter matches both,
and they go together (an article has one or two wordings). Counted as independent, the
planner expected 186 of the 5,016 charges of "Art. 174: inciting social or national
discord" at the benchmark's size, and sorted every matching sentence for a page instead of
reading the list's order."""

from django.db import migrations

from casetracker.migration_operations import postgresql_only


class Migration(migrations.Migration):

    dependencies = [
        ('events', '0032_case_places'),
    ]

    operations = [
        postgresql_only(
            [
                "CREATE STATISTICS IF NOT EXISTS charge_article_wording_stats (dependencies, mcv) "
                "ON article, as_reported FROM events_charge",
                "ANALYZE events_charge",
            ],
            ["DROP STATISTICS IF EXISTS charge_article_wording_stats"],
        ),
    ]
