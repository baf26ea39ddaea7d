"""The cases' and protests' trigram indexes put each write's trigrams in place: no pending
list for searches to read through (casetracker.migration_operations.gin_without_pending_list)."""

from django.db import migrations

from casetracker.migration_operations import gin_without_pending_list


class Migration(migrations.Migration):
    dependencies = [("events", "0043_listed_cases_index_under_the_public_condition")]

    operations = [
        gin_without_pending_list(
            [
                "charge_article_upper_trgm",
                "charge_as_reported_upper_trgm",
                "pretrialmeasure_as_reported_upper_trgm",
                "proceeding_case_number_upper_trgm",
                "proceeding_court_as_reported_upper_trgm",
                "proceeding_summary_upper_trgm",
                "protest_demands_upper_trgm",
                "protest_description_upper_trgm",
                "protest_locality_upper_trgm",
                "protest_place_upper_trgm",
                "protest_region_upper_trgm",
                "protest_target_upper_trgm",
                "protest_title_upper_trgm",
                "ruling_summary_upper_trgm",
                "sentence_amount_as_reported_upper_trgm",
                "slogan_text_upper_trgm",
                "slogan_translation_upper_trgm",
            ]
        )
    ]
